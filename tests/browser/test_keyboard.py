"""End-to-end: every action from the keyboard, with the view keys working whatever has focus."""
import re

import pytest
from playwright.sync_api import expect

from page_helpers import empty_space, find_pickable_point

BACK = """([index, place]) => {
  const now = explorer.screenPosition(index);
  return now !== null && Math.abs(now.x - place.x) < 0.5 && Math.abs(now.y - place.y) < 0.5;
}"""
MOVED = """([index, place]) => {
  const now = explorer.screenPosition(index);
  return now === null || Math.abs(now.x - place.x) > 0.5 || Math.abs(now.y - place.y) > 0.5;
}"""
# Count the events of `type` that reach `target` (window, or a selector) after the page's own listeners.
COUNT_EVENTS = """([type, selector]) => {
  window.eventsSeen = 0;
  (selector ? document.querySelector(selector) : window).addEventListener(type, () => { eventsSeen += 1; });
}"""


def test_view_keys_keep_working_after_clicking_buttons(explorer):
    rim = find_pickable_point(explorer)["index"]  # far from the centre, so a turn moves it
    before = explorer.evaluate("index => explorer.screenPosition(index)", rim)
    explorer.get_by_test_id("legend-item").nth(2).click()
    explorer.keyboard.press("ArrowRight")
    explorer.wait_for_function(MOVED, arg=[rim, before])
    explorer.get_by_test_id("reset-view").click()
    explorer.wait_for_function(BACK, arg=[rim, before])
    explorer.keyboard.press("ArrowUp")
    explorer.wait_for_function(MOVED, arg=[rim, before])
    explorer.keyboard.press("r")
    explorer.wait_for_function(BACK, arg=[rim, before])


def test_the_keyboard_adds_points_plays_from_the_slider_and_walks_the_film_strip(explorer):
    cloud = explorer.get_by_test_id("cloud")
    cloud.focus()
    explorer.keyboard.press("Enter")  # adds the position at the centre of the view
    explorer.wait_for_function("explorer.state().controlPoints.length === 1")
    explorer.keyboard.press("Shift+ArrowLeft")  # pan: the centre moves to another position
    explorer.keyboard.press("Shift+ArrowLeft")
    explorer.keyboard.press("Enter")
    explorer.wait_for_function("explorer.state().traversal?.steps === 64")
    expect(explorer.get_by_test_id("hover-info")).not_to_contain_text("Point at the cloud")

    slider = explorer.get_by_test_id("traversal-slider")
    slider.focus()
    explorer.keyboard.press("ArrowRight")  # the slider keeps its own arrows
    explorer.wait_for_function("explorer.state().traversal.index === 1")
    expect(slider).to_have_attribute("aria-valuetext", "step 2 of 64")
    explorer.keyboard.press(" ")  # space plays while the slider has focus
    explorer.wait_for_function("explorer.state().traversal.index > 4")
    explorer.keyboard.press(" ")
    expect(explorer.get_by_test_id("play")).to_have_text(re.compile("Play"))

    explorer.get_by_test_id("export-columns").focus()  # the last control before the film strip
    explorer.keyboard.press("Tab")  # the film strip is one Tab stop, at the current frame
    index = explorer.evaluate("explorer.state().traversal.index")
    focused = explorer.evaluate("document.activeElement.dataset.index")
    assert focused == str(index)
    explorer.keyboard.press("ArrowRight")
    explorer.wait_for_function(f"explorer.state().traversal.index === {index + 1}")
    assert explorer.evaluate("document.activeElement.dataset.index") == str(index + 1)
    explorer.keyboard.press("End")
    explorer.wait_for_function("explorer.state().traversal.index === 63")


def test_undo_and_redo_of_control_points(explorer):
    for spot in empty_space(explorer, 2):
        explorer.mouse.click(spot["x"], spot["y"])
    explorer.wait_for_function("explorer.state().controlPoints.length === 2")
    explorer.keyboard.press("Control+z")
    explorer.wait_for_function("explorer.state().controlPoints.length === 1")
    explorer.keyboard.press("Control+Shift+z")
    explorer.wait_for_function("explorer.state().controlPoints.length === 2")
    explorer.get_by_test_id("undo").click()
    explorer.wait_for_function("explorer.state().controlPoints.length === 1")


def test_single_key_shortcuts_can_be_switched_off_outside_the_cloud(explorer):
    explorer.get_by_test_id("shortcuts").uncheck()
    rim = find_pickable_point(explorer)["index"]
    before = explorer.evaluate("index => explorer.screenPosition(index)", rim)
    camera = explorer.evaluate("explorer.state().camera")
    explorer.evaluate(COUNT_EVENTS, ["keydown", None])
    explorer.locator("body").press("ArrowRight")
    explorer.wait_for_function("eventsSeen === 1")  # the page's key handler has run: a turn would be in the state now
    assert explorer.evaluate("explorer.state().camera") == camera, "with shortcuts off, keys on the page do nothing"
    explorer.get_by_test_id("cloud").press("ArrowRight")  # on the focused cloud they still work
    explorer.wait_for_function(MOVED, arg=[rim, before])


def test_focus_is_kept_after_remove_clear_and_show_all(explorer):
    for spot in empty_space(explorer, 3):
        explorer.mouse.click(spot["x"], spot["y"])
    explorer.get_by_role("button", name="Remove control point 2").click()
    expect(explorer.get_by_role("button", name="Remove control point 2")).to_be_focused()
    explorer.get_by_test_id("clear-points").click()
    expect(explorer.get_by_test_id("cloud")).to_be_focused()
    explorer.get_by_test_id("legend-item").nth(1).click()
    explorer.get_by_role("button", name="Show all").click()
    expect(explorer.get_by_test_id("legend-item").first).to_be_focused()


def test_the_data_set_select_switches_on_enter_not_on_arrow_keys(explorer, explorer_server):
    if len(explorer_server.datasets) < 2:
        pytest.skip("needs a second data set to switch to; the server serves one")
    select = explorer.get_by_test_id("dataset-select")
    select.focus()
    explorer.evaluate(COUNT_EVENTS, ["change", "[data-testid=dataset-select]"])
    explorer.keyboard.press("ArrowDown")
    explorer.wait_for_function("eventsSeen === 1")  # the browsed value's change: the page's handler has run
    expect(select).to_have_value("fashion-mnist")
    assert explorer.evaluate("explorer.state().dataset") == "mnist"
    expect(explorer.locator("#loading")).to_be_hidden()  # no switch was started
    explorer.keyboard.press("Enter")
    explorer.wait_for_function("explorer.state().dataset === 'fashion-mnist'")
