"""End-to-end: box and lasso selection in the cloud, served and in the published site (the `answering` fixture):
exactly the points drawn inside the shape, added and removed with modifiers, the panel's count, classes and
gallery, "Show only the selection", the CSV and JSON downloads, the link's round trip (and its note for a
selection too large for it), and a finger's lasso."""
import csv
import io
import json

import numpy as np
import pytest
from playwright.sync_api import expect

from latent_explorer.tools.harness import explorer_points_dir, new_context, open_explorer
from page_helpers import canvas_summary, find_pickable_point

EDGE_PX = 0.75  # a point this close to the shape's outline may fall either side of it: float32 against doubles

ALL_POSITIONS = """() => {
  const { count } = explorer.state();
  const positions = new Array(count);
  for (let index = 0; index < count; index++) {
    const position = explorer.screenPosition(index);
    positions[index] = position ? [position.x, position.y] : null;
  }
  return positions;
}"""


def client_positions(page):
    """Every data point's client position as drawn, NaN where it is off the canvas: (N, 2)."""
    return np.array([position or [np.nan, np.nan] for position in page.evaluate(ALL_POSITIONS)], np.float64)


def segment_distance(points, a, b):
    """Each point's distance to the segment a-b."""
    ab = np.subtract(b, a, dtype=np.float64)
    t = np.clip(((points - a) @ ab) / max(ab @ ab, 1e-12), 0, 1)
    return np.linalg.norm(points - (a + t[:, None] * ab), axis=1)


def inside_polygon(points, polygon):
    """Even-odd rule, as the page's: (inside, near the outline) for each point of (N, 2)."""
    inside = np.zeros(len(points), bool)
    near = np.zeros(len(points), bool)
    x, y = points[:, 0], points[:, 1]
    for (xi, yi), (xj, yj) in zip(polygon, polygon[-1:] + polygon[:-1]):
        with np.errstate(divide="ignore", invalid="ignore"):
            crosses = ((yi > y) != (yj > y)) & (x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        inside ^= crosses
        near |= segment_distance(points, np.array([xi, yi]), np.array([xj, yj])) < EDGE_PX
    drawn = ~np.isnan(x)
    return inside & drawn, near & drawn


def assert_selection(page, wanted, near):
    """The page's selection is `wanted` (a boolean mask), but for points within EDGE_PX of the outline."""
    selected = np.zeros(len(wanted), bool)
    selected[page.evaluate("explorer.state().selection")] = True
    wrong = np.flatnonzero((selected != wanted) & ~near)
    assert wrong.size == 0, f"{wrong.size} points selected wrongly, e.g. {wrong[:5].tolist()}"
    return selected


def cloud_box(page):
    return page.get_by_test_id("cloud").bounding_box()


def around_centre(page, scale_x, scale_y, offset=(0, 0)):
    """A box's corners [[x, y], [x, y]] around the canvas's centre, in whole client pixels."""
    box = cloud_box(page)
    cx, cy = box["x"] + box["width"] / 2 + offset[0], box["y"] + box["height"] / 2 + offset[1]
    return [[round(cx - box["width"] * scale_x), round(cy - box["height"] * scale_y)],
            [round(cx + box["width"] * scale_x), round(cy + box["height"] * scale_y)]]


def pentagon(page, radius_share=0.18):
    box = cloud_box(page)
    cx, cy, radius = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, box["height"] * radius_share
    return [[round(cx + radius * np.cos(angle)), round(cy + radius * np.sin(angle))] for angle in np.linspace(-np.pi / 2, 1.5 * np.pi, 5, endpoint=False)]


def drag(page, vertices, modifier=None):
    """A mouse drag through `vertices` (closing back to none: the page joins the last to the first)."""
    if modifier:
        page.keyboard.down(modifier)
    page.mouse.move(*vertices[0])
    page.mouse.down()
    for vertex in vertices[1:]:
        page.mouse.move(*vertex, steps=6)
    page.mouse.up()
    if modifier:
        page.keyboard.up(modifier)


def box_polygon(corners):
    (x0, y0), (x1, y1) = corners
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


def test_a_lasso_and_boxes_select_exactly_the_points_drawn_inside_them(explorer):
    page = explorer
    toggle = page.get_by_test_id("select-mode")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    camera = page.evaluate("explorer.state().camera")
    positions = client_positions(page)

    lasso = pentagon(page)
    drag(page, lasso)
    wanted, near = inside_polygon(positions, lasso)
    selected = assert_selection(page, wanted, near)
    assert selected.sum() > 20
    assert page.evaluate("explorer.state().camera") == camera, "a drag in selection mode must not turn the view"
    count = int(selected.sum())
    expect(page.get_by_test_id("selection-count")).to_contain_text(f"{count:,} point")
    labels = np.load(explorer_points_dir() / "mnist" / "labels.npy")
    for label, number in zip(*np.unique(labels[selected], return_counts=True)):
        expect(page.get_by_test_id("selection-classes")).to_contain_text(f"{label}: {number:,}")
    expect(page.get_by_test_id("selection-thumb")).to_have_count(min(count, 48))
    page.wait_for_function("document.querySelectorAll('[data-testid=selection-gallery] img').length === Math.min(48, explorer.state().selection.length)")
    if count > 48:
        expect(page.get_by_test_id("selection-more")).to_have_text(f"and {count - 48:,} more")

    # Shift adds a box beside it; Alt takes a box out of the middle.
    page.get_by_test_id("select-shape-box").check()
    beside = around_centre(page, 0.06, 0.06, offset=(cloud_box(page)["height"] * 0.25, 0))
    drag(page, beside, "Shift")
    added, added_near = inside_polygon(positions, box_polygon(beside))
    selected = assert_selection(page, wanted | added, near | added_near)
    middle = around_centre(page, 0.04, 0.04)
    drag(page, middle, "Alt")
    removed, removed_near = inside_polygon(positions, box_polygon(middle))
    assert removed.any()
    assert_selection(page, (wanted | added) & ~removed, near | added_near | removed_near)

    # Escape leaves the mode, S (a documented key) enters it; outside it, Ctrl-drag selects and a plain drag turns.
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    page.get_by_test_id("cloud").focus()
    page.keyboard.press("s")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Escape")
    drag(page, middle, "Control")
    assert_selection(page, removed, removed_near)
    assert page.evaluate("explorer.state().camera") == camera


def test_show_only_the_selection_then_clear(explorer):
    page = explorer
    point = find_pickable_point(page)
    corners = around_centre(page, 0.08, 0.08)
    count = page.evaluate("corners => explorer.selectIn({ kind: 'box', points: corners })", corners)
    assert count > 0
    selection = set(page.evaluate("explorer.state().selection"))
    before = canvas_summary(page)["differing"]
    page.get_by_test_id("selection-only").check()
    page.wait_for_function("explorer.drawCount > 0")
    after = canvas_summary(page)["differing"]
    assert after < before / 2, (before, after)
    picked = page.evaluate("([x, y]) => explorer.pick(x, y)", [point["x"], point["y"]])
    assert picked is None or picked in selection
    # Adding while only the selection is drawn adds nothing: the rest are not drawn, so not selectable.
    assert page.evaluate("corners => explorer.selectIn({ kind: 'box', points: corners }, 'add')", around_centre(page, 0.4, 0.4)) == count
    page.get_by_test_id("selection-clear").click()
    expect(page.get_by_test_id("selection-count")).to_have_text("No points selected")
    expect(page.get_by_test_id("selection-only")).not_to_be_checked()
    expect(page.get_by_test_id("selection-export")).to_be_hidden()
    assert page.evaluate("([x, y]) => explorer.pick(x, y)", [point["x"], point["y"]]) == point["index"]


def test_the_selection_downloads_as_csv_and_json_with_its_latents(explorer):
    page = explorer
    page.evaluate("explorer.select([5, 59999, 60000, 69999, 12, 12, -3, 70000])")
    assert page.evaluate("explorer.state().selection") == [5, 12, 59999, 60000, 69999]
    latents = np.load(explorer_points_dir() / "mnist" / "latents.npy")
    labels = np.load(explorer_points_dir() / "mnist" / "labels.npy")
    train_count = page.evaluate("""async () => (await (await import(new URL('js/api.js', document.baseURI).href)).fetchDatasets())
      .datasets.find((entry) => entry.id === 'mnist').train_count""")
    indices = [5, 12, 59999, 60000, 69999]
    splits = ["train" if index < train_count else "test" for index in indices]
    expect(page.get_by_test_id("selection-export")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_test_id("selection-export-csv").click()
    assert download.value.suggested_filename == "mnist-selection.csv"
    table = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert table[0] == ["index", "label", "class", "split", "z1", "z2", "z3"]
    assert [int(row[0]) for row in table[1:]] == indices
    assert [int(row[1]) for row in table[1:]] == labels[indices].tolist()
    assert [row[3] for row in table[1:]] == splits
    assert np.array_equal(np.array([row[4:] for row in table[1:]], np.float64).astype(np.float32), latents[indices])

    with page.expect_download() as download:
        page.get_by_test_id("selection-export-json").click()
    assert download.value.suggested_filename == "mnist-selection.json"
    document = json.load(open(download.value.path(), encoding="utf-8"))
    assert document["dataset"] == "mnist" and document["count"] == 5
    assert [point["index"] for point in document["points"]] == indices
    assert [point["split"] for point in document["points"]] == splits
    assert np.array_equal(np.array([point["latent"] for point in document["points"]]).astype(np.float32), latents[indices])
    # The same numbers as the API's own sample of a point.
    sample = page.evaluate("async () => (await (await import(new URL('js/api.js', document.baseURI).href)).fetchSample('mnist', 60000))")
    assert document["points"][3]["latent"] == pytest.approx(sample["latent"], abs=1e-6)
    assert sample["split"] == splits[3]


def test_the_link_keeps_a_selection_of_up_to_1000_points_and_says_when_it_cannot(chromium, answering, explorer):
    page = explorer
    kept = sorted({(i * 7919) % 70000 for i in range(1000)})
    page.evaluate("indices => explorer.select(indices)", kept)
    page.wait_for_function("location.search.includes('select=')")
    context = new_context(chromium, viewport={"width": 1280, "height": 800})
    try:
        other = open_explorer(context.new_page(), answering.url, query="?" + page.evaluate("location.search.slice(1)"))
        other.wait_for_function("explorer.state().selection.length === 1000")
        assert other.evaluate("explorer.state().selection") == kept
        expect(other.get_by_test_id("selection-count")).to_contain_text("1,000 points")
    finally:
        context.close()

    page.evaluate("explorer.select(Array.from({ length: 1001 }, (_, i) => i))")
    expect(page.get_by_test_id("notice")).to_contain_text("leaves out the selection: 1,001 points")
    page.wait_for_function("!location.search.includes('select=')")
    # Another data set: the selection goes.
    page.select_option("[data-testid=dataset-select]", "fashion-mnist")
    page.wait_for_function("explorer.state().dataset === 'fashion-mnist' && explorer.state().selection.length === 0")


def test_a_finger_draws_a_lasso_in_selection_mode_instead_of_turning_the_view(chromium, answering):
    context = new_context(chromium, viewport={"width": 900, "height": 800}, has_touch=True)
    try:
        page = open_explorer(context.new_page(), answering.url)
        page.get_by_test_id("select-mode").tap()
        camera = page.evaluate("explorer.state().camera")
        positions = client_positions(page)
        lasso = pentagon(page, 0.15)
        cdp = context.new_cdp_session(page)
        touch = lambda kind, point: cdp.send("Input.dispatchTouchEvent", {
            "type": kind, "touchPoints": [{"x": point[0], "y": point[1], "id": 1}] if point else []})
        touch("touchStart", lasso[0])
        for a, b in zip(lasso, lasso[1:]):
            for t in np.linspace(0, 1, 6)[1:]:
                touch("touchMove", [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t])
        touch("touchEnd", None)
        page.wait_for_function("explorer.state().selection.length > 0")
        wanted, near = inside_polygon(positions, lasso)
        assert_selection(page, wanted, near)
        assert page.evaluate("explorer.state().camera") == camera
    finally:
        context.close()
