"""End-to-end: control points you can drag, type, reorder, undo, and close into a loop."""
from playwright.sync_api import expect

from page_helpers import empty_space, require_datasets


def add_points(page, count):
    spots = empty_space(page, count)
    for spot in spots:
        page.mouse.click(spot["x"], spot["y"])
    page.wait_for_function(f"explorer.state().controlPoints.length === {count}")
    return spots


def test_dragging_a_marker_moves_its_point_and_the_path_follows_then_undo(explorer):
    add_points(explorer, 2)
    explorer.wait_for_function("explorer.state().traversal?.steps === 64")
    before = explorer.evaluate("explorer.state().controlPoints")
    marker = explorer.evaluate("explorer.markerPosition(1)")
    explorer.mouse.move(marker["x"], marker["y"])
    explorer.mouse.down()
    explorer.mouse.move(marker["x"] + 60, marker["y"] + 40, steps=5)
    explorer.mouse.up()
    after = explorer.evaluate("explorer.state().controlPoints")
    assert after[0] == before[0] and after[1] != before[1], "only the grabbed point moves"
    moved = explorer.evaluate("explorer.markerPosition(1)")
    assert abs(moved["x"] - marker["x"] - 60) < 1.5 and abs(moved["y"] - marker["y"] - 40) < 1.5
    assert len(after) == 2, "a drag adds no point"
    explorer.keyboard.press("Control+z")
    explorer.wait_for_function("before => JSON.stringify(explorer.state().controlPoints) === JSON.stringify(before)", arg=before)


def test_typed_coordinates_and_reordering(explorer):
    add_points(explorer, 3)
    x_field = explorer.get_by_label("Point 2 x")
    x_field.fill("0.5")
    x_field.press("Enter")
    explorer.wait_for_function("explorer.state().controlPoints[1][0] === 0.5")
    expect(x_field).to_be_focused()
    third = explorer.evaluate("explorer.state().controlPoints[2]")
    explorer.get_by_role("button", name="Move point 3 earlier").click()
    explorer.wait_for_function("third => JSON.stringify(explorer.state().controlPoints[1]) === JSON.stringify(third)", arg=third)
    first = explorer.evaluate("explorer.state().controlPoints[0]")
    # A point typed onto its neighbour is refused, in the page's own words, and the field shows the point again.
    for axis, value in zip("xyz", first):
        explorer.get_by_label(f"Point 2 {axis}").fill(repr(value))
        explorer.get_by_label(f"Point 2 {axis}").press("Enter")
    expect(explorer.get_by_test_id("notice")).to_contain_text("Points 1 and 2 would be at the same place")
    assert explorer.evaluate("explorer.state().controlPoints[1]") != first


def test_a_click_on_the_first_marker_closes_the_loop(explorer):
    add_points(explorer, 3)
    marker = explorer.evaluate("explorer.markerPosition(0)")
    explorer.mouse.click(marker["x"], marker["y"])
    explorer.wait_for_function("explorer.state().traversal?.steps === 64")
    expect(explorer.get_by_test_id("closed-loop")).to_be_checked()
    assert explorer.evaluate("explorer.state().controlPoints.length") == 3


def test_a_b_a_then_closed_makes_the_loop_a_b_without_an_error(explorer):
    add_points(explorer, 2)
    first = explorer.evaluate("explorer.state().controlPoints[0]")
    spot, = empty_space(explorer, 3)[2:]
    explorer.mouse.click(spot["x"], spot["y"])
    explorer.wait_for_function("explorer.state().controlPoints.length === 3")
    for axis, value in zip("xyz", first):  # point 3 typed onto point 1: A, B, A
        explorer.get_by_label(f"Point 3 {axis}").fill(repr(value))
        explorer.get_by_label(f"Point 3 {axis}").press("Enter")
    explorer.get_by_test_id("closed-loop").check()
    expect(explorer.get_by_test_id("notice")).to_contain_text("Point 3 was at the same place as point 1")
    explorer.wait_for_function("explorer.state().controlPoints.length === 2 && explorer.state().traversal?.steps === 64")
    expect(explorer.get_by_test_id("error")).to_be_hidden()


def test_changing_the_steps_keeps_the_place_along_the_path(explorer):
    add_points(explorer, 3)
    explorer.wait_for_function("explorer.state().traversal?.steps === 64")
    explorer.get_by_test_id("traversal-slider").fill("60")
    steps = explorer.get_by_test_id("steps")
    steps.fill("256")
    steps.press("Enter")
    explorer.wait_for_function("explorer.state().traversal?.steps === 256")
    assert explorer.evaluate("explorer.state().traversal.index") == round(60 / 63 * 255)


def test_a_repeated_click_says_so(explorer):
    spot, = empty_space(explorer)
    explorer.mouse.click(spot["x"], spot["y"])
    explorer.mouse.click(spot["x"], spot["y"])
    expect(explorer.get_by_test_id("notice")).to_contain_text("already point 1")
    assert explorer.evaluate("explorer.state().controlPoints.length") == 1


def test_a_data_set_switch_says_the_path_was_cleared_and_can_be_undone(explorer, explorer_server):
    require_datasets(explorer_server, "mnist", "fashion-mnist")
    add_points(explorer, 2)
    points = explorer.evaluate("explorer.state().controlPoints")
    explorer.get_by_test_id("dataset-select").select_option("fashion-mnist")
    notice = explorer.get_by_test_id("notice")
    expect(notice).to_contain_text("2 control points of MNIST were cleared")
    explorer.get_by_test_id("notice-action").click()
    explorer.wait_for_function("explorer.state().dataset === 'mnist' && explorer.state().controlPoints.length === 2")
    assert explorer.evaluate("explorer.state().controlPoints") == points
    explorer.wait_for_function("explorer.state().traversal?.steps === 64")
