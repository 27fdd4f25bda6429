"""End-to-end: the explorer page in headless Chromium against the real server."""
import json
import re
import shutil
import urllib.request

import numpy as np
from playwright.sync_api import expect

from latent_explorer.tools.harness import explorer_points_dir as points_dir
from latent_explorer.tools.harness import new_context, open_explorer
from page_helpers import (CANVAS_MATCHES_ITS_BOX, canvas_summary, empty_space, find_pickable_point, png_pixels,
                          require_datasets)


def test_cloud_draws_all_points_and_follows_window_resizes(explorer):
    assert explorer.evaluate("explorer.state()")["count"] == 70000
    summary = canvas_summary(explorer)
    assert summary["differing"] > 0.02 * summary["total"], summary
    expect(explorer.get_by_test_id("legend-item")).to_have_count(10)

    width = explorer.evaluate("document.querySelector('[data-testid=cloud]').width")
    explorer.set_viewport_size({"width": 1100, "height": 760})
    explorer.wait_for_function(f"document.querySelector('[data-testid=cloud]').width !== {width}")
    explorer.wait_for_function(CANVAS_MATCHES_ITS_BOX)


def test_hover_on_a_point_shows_its_decoded_image_and_info(explorer, explorer_server, labels):
    point = find_pickable_point(explorer)
    explorer.mouse.move(point["x"], point["y"])
    explorer.wait_for_function("index => explorer.state().hovered === index", arg=point["index"])
    info = explorer.get_by_test_id("hover-info")
    expect(info).to_contain_text(f"#{point['index']}")
    label = int(labels["mnist"][point["index"]])
    expect(info).to_contain_text(f"· class {label}")
    expect(info).to_contain_text("train" if point["index"] < 60000 else "test")
    latent = np.load(points_dir() / "mnist" / "latents.npy")[point["index"]]
    expect(info).to_contain_text(", ".join(f"{value:.2f}" for value in latent))
    with urllib.request.urlopen(f"{explorer_server.url}/api/datasets/mnist/samples/{point['index']}") as response:
        sample = json.load(response)
    image = explorer.get_by_test_id("decoded-image")
    explorer.wait_for_function("image => image.src.startsWith('data:image/png')", arg=image.element_handle())
    assert np.array_equal(png_pixels(image.get_attribute("src")), png_pixels(sample["reconstruction"]))
    explorer.wait_for_function("image => image.complete && image.naturalWidth === 28", arg=image.element_handle())
    assert image.evaluate("image => getComputedStyle(image).imageRendering") == "pixelated"
    assert image.bounding_box()["width"] >= 120, "the decoded image should show large"


def test_hover_on_empty_space_decodes_the_position_under_the_cursor(explorer):
    spot, = empty_space(explorer)
    before = explorer.evaluate("explorer.drawCount")
    explorer.mouse.move(spot["x"], spot["y"])
    info = explorer.get_by_test_id("hover-info")
    expect(info).to_contain_text("Empty space")
    expect(explorer.get_by_test_id("decoded-image")).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    assert explorer.evaluate("explorer.state().hovered") is None
    # The 3-D cursor is drawn: the move causes a frame.
    explorer.wait_for_function("before => explorer.drawCount > before", arg=before)


def test_legend_click_highlights_classes_and_dims_the_rest(explorer, labels):
    before = canvas_summary(explorer)["hash"]
    items = explorer.get_by_test_id("legend-item")
    items.nth(3).click()
    explorer.wait_for_function("JSON.stringify(explorer.state().highlighted) === '[3]'")
    expect(explorer.locator("[data-testid=legend-item][data-class='3']")).to_have_attribute("aria-pressed", "true")
    expect(explorer.locator("[data-testid=legend-item][data-class='4']")).to_have_class(re.compile("dimmed"))
    assert canvas_summary(explorer)["hash"] != before, "highlighting should change the picture"
    # Dimmed classes stop catching hover: every pick lands on a class-3 point.
    point = find_pickable_point(explorer)
    assert int(labels["mnist"][point["index"]]) == 3

    items.nth(5).click()
    explorer.wait_for_function("JSON.stringify(explorer.state().highlighted) === '[3,5]'")
    items.nth(3).click()
    explorer.wait_for_function("JSON.stringify(explorer.state().highlighted) === '[5]'")
    explorer.get_by_role("button", name="Show all").click()
    explorer.wait_for_function("explorer.state().highlighted.length === 0")
    expect(explorer.get_by_role("button", name="Show all")).to_be_hidden()


def test_drag_rotates_and_wheel_zooms_without_adding_points(explorer):
    box = explorer.get_by_test_id("cloud").bounding_box()
    center = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    point = find_pickable_point(explorer)
    before = explorer.evaluate("index => explorer.screenPosition(index)", point["index"])
    explorer.mouse.move(*center)
    explorer.mouse.down()
    explorer.mouse.move(center[0] + 120, center[1] + 40, steps=4)
    explorer.mouse.up()
    after = explorer.evaluate("index => explorer.screenPosition(index)", point["index"])
    assert after != before
    assert explorer.evaluate("explorer.state().controlPoints") == []

    spread = explorer.evaluate("""() => {
      const a = explorer.screenPosition(0), b = explorer.screenPosition(1);
      return Math.hypot(a.x - b.x, a.y - b.y);
    }""")
    explorer.mouse.wheel(0, -400)
    explorer.wait_for_function("""spread => {
      const a = explorer.screenPosition(0), b = explorer.screenPosition(1);
      return !a || !b || Math.hypot(a.x - b.x, a.y - b.y) > spread * 1.2;
    }""", arg=spread)

    # R (and the button) reset the view to where it started; arrow keys turn it.
    same_place = """([index, place]) => {
      const now = explorer.screenPosition(index);
      return now !== null && Math.abs(now.x - place.x) < 0.01 && Math.abs(now.y - place.y) < 0.01;
    }"""
    explorer.keyboard.press("r")
    explorer.wait_for_function(same_place, arg=[point["index"], before])
    explorer.keyboard.press("ArrowRight")
    explorer.wait_for_function(f"([index, place]) => !({same_place})([index, place])", arg=[point["index"], before])
    explorer.get_by_role("button", name="Reset view").click()
    explorer.wait_for_function(same_place, arg=[point["index"], before])


def test_clicks_make_control_points_and_a_traversal_the_slider_scrubs(explorer, labels):
    point = find_pickable_point(explorer)
    spots = empty_space(explorer, 2)
    explorer.mouse.click(point["x"], point["y"])
    for spot in spots:
        explorer.mouse.click(spot["x"], spot["y"])
    expect(explorer.get_by_test_id("control-point")).to_have_count(3)
    control_points = explorer.evaluate("explorer.state().controlPoints")
    latent = np.load(points_dir() / "mnist" / "latents.npy")[point["index"]]
    np.testing.assert_allclose(control_points[0], latent, rtol=1e-6)

    explorer.wait_for_function("explorer.state().traversal !== null")
    traversal = explorer.evaluate("explorer.state().traversal")
    assert {key: traversal[key] for key in ("steps", "index", "shownFps")} == {"steps": 64, "index": 0, "shownFps": None}
    assert len(traversal["path"]) == 64 and np.allclose(traversal["path"][0], control_points[0])
    expect(explorer.get_by_test_id("film-strip").locator("img")).to_have_count(64)
    frame = explorer.get_by_test_id("traversal-frame")
    expect(frame).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    first_frame = frame.get_attribute("src")

    slider = explorer.get_by_test_id("traversal-slider")
    slider.fill("40")  # fires `input`: the frame follows while scrubbing
    explorer.wait_for_function("explorer.state().traversal.index === 40")
    assert frame.get_attribute("src") != first_frame
    slider.press("ArrowRight")
    explorer.wait_for_function("explorer.state().traversal.index === 41")
    expect(explorer.get_by_test_id("film-strip").locator("img.current")).to_have_attribute("data-index", "41")

    explorer.get_by_test_id("film-strip").locator("img").nth(9).click()
    explorer.wait_for_function("explorer.state().traversal.index === 9")
    expect(slider).to_have_value("9")

    explorer.get_by_test_id("play").click()
    explorer.wait_for_function("explorer.state().traversal.index > 12")
    explorer.get_by_test_id("play").click()
    expect(explorer.get_by_test_id("play")).to_have_text(re.compile("Play"))

    explorer.get_by_test_id("control-point").nth(1).get_by_role("button", name=re.compile("^Remove")).click()
    expect(explorer.get_by_test_id("control-point")).to_have_count(2)
    explorer.wait_for_function("explorer.state().controlPoints.length === 2 && explorer.state().traversal !== null")
    explorer.get_by_test_id("clear-points").click()
    expect(explorer.get_by_test_id("control-point")).to_have_count(0)
    explorer.wait_for_function("explorer.state().traversal === null")
    expect(explorer.get_by_test_id("film-strip").locator("img")).to_have_count(0)


def test_steps_and_closed_loop_rebuild_the_traversal(explorer):
    for spot in empty_space(explorer, 3):
        explorer.mouse.click(spot["x"], spot["y"])
    explorer.wait_for_function("explorer.state().traversal?.steps === 64")
    steps = explorer.locator("#steps")
    steps.fill("5000")
    steps.press("Enter")
    explorer.wait_for_function("explorer.state().traversal?.steps === 1000")
    expect(steps).to_have_value("1000")
    steps.fill("")
    steps.press("Enter")
    expect(steps).to_have_value("1000")
    steps.fill("20")
    steps.press("Enter")
    explorer.wait_for_function("explorer.state().traversal?.steps === 20")
    explorer.get_by_test_id("closed-loop").check()
    expect(explorer.get_by_test_id("film-strip").locator("img")).to_have_count(20)
    explorer.wait_for_function("explorer.state().traversal?.steps === 20")


def test_a_server_refusal_shows_its_message(page, explorer_server):
    """A 400 from the server is shown with its reason, the path goes, and the page keeps working."""
    explorer = open_explorer(page, explorer_server.url)
    first, second = empty_space(explorer, 2)
    for spot in (first, second):
        explorer.mouse.click(spot["x"], spot["y"])
    explorer.wait_for_function("explorer.state().traversal?.steps === 64")
    explorer.route("**/traversal", lambda route: route.fulfill(
        status=400, content_type="application/json", body=json.dumps({"error": "'steps' must be an integer from 2 to 1000"})))
    explorer.get_by_test_id("steps").fill("30")
    explorer.get_by_test_id("steps").press("Enter")
    error = explorer.get_by_test_id("error")
    expect(error).to_contain_text("HTTP 400")
    expect(error).to_contain_text("'steps' must be")
    explorer.wait_for_function("explorer.state().traversal === null")
    explorer.unroute("**/traversal")
    explorer.get_by_test_id("steps").fill("40")
    explorer.get_by_test_id("steps").press("Enter")
    explorer.wait_for_function("explorer.state().traversal?.steps === 40")
    explorer.get_by_role("button", name="Dismiss the message").click()
    expect(error).to_be_hidden()


# Limits and defaults unlike the server's own, each still one the server accepts.
OTHER_LIMITS = {"steps": [3, 200], "default_steps": 50, "fps": [1, 24], "default_fps": 12, "scale": [1, 3], "default_scale": 3,
                "default_neighbors": 5, "grid_size": [3, 9], "default_grid_size": 5, "grid_spacing": [0.01, 2],
                "default_grid_spacing": 0.5}


def test_every_limit_and_default_the_page_uses_comes_from_the_servers_listing(page, explorer_server):
    def listing(route):
        response = route.fetch()
        served = response.json()
        route.fulfill(response=response, json={**served, "limits": {**served["limits"], **OTHER_LIMITS}})

    page.route("**/api/datasets", listing)
    open_explorer(page, explorer_server.url)
    options = lambda test_id: page.get_by_test_id(test_id).locator("option").evaluate_all("options => options.map((o) => o.value)")
    steps = page.get_by_test_id("steps")
    expect(steps).to_have_value("50")
    assert (steps.get_attribute("min"), steps.get_attribute("max")) == ("3", "200")
    expect(page.get_by_test_id("play-fps")).to_have_value("12")
    assert options("play-fps") == ["5", "10", "12", "15"], "the page's speeds within the served range, with its default"
    expect(page.get_by_test_id("export-scale")).to_have_value("3")
    assert options("export-scale") == ["1", "2", "3"]
    assert page.get_by_test_id("export-columns").get_attribute("max") == "200"

    first, second = empty_space(page, 2)
    page.mouse.move(first["x"], first["y"])
    page.wait_for_function("explorer.state().neighbors.length === 5")
    page.get_by_test_id("grid-open").check()
    grid = page.evaluate("explorer.state().grid")
    assert (grid["size"], grid["spacing"]) == (5, 0.5)
    for test_id, low, high in [("grid-size", "3", "9"), ("grid-spacing", "0.01", "2")]:
        box = page.get_by_test_id(test_id)
        assert (box.get_attribute("min"), box.get_attribute("max")) == (low, high), test_id
    expect(page.get_by_test_id("grid")).to_have_attribute("data-size", "5")
    page.get_by_test_id("grid-size").fill("25")
    page.get_by_test_id("grid-size").press("Enter")
    page.wait_for_function("explorer.state().grid.size === 9")  # clamped to the served range

    for place in (first, second):
        page.mouse.click(place["x"], place["y"])
    page.wait_for_function("explorer.state().traversal?.steps === 50")


def test_dataset_switch_changes_points_and_legend(explorer, explorer_server, labels):
    require_datasets(explorer_server, "mnist", "fashion-mnist")
    spot, = empty_space(explorer)
    explorer.mouse.click(spot["x"], spot["y"])
    expect(explorer.get_by_test_id("control-point")).to_have_count(1)
    mnist_view = canvas_summary(explorer)["hash"]
    mnist_position = explorer.evaluate("explorer.screenPosition(0)")

    explorer.get_by_test_id("dataset-select").select_option("fashion-mnist")
    explorer.wait_for_function("performance.getEntriesByName('cloud-drawn:fashion-mnist').length > 0")
    assert explorer.evaluate("explorer.state().dataset") == "fashion-mnist"
    expect(explorer.locator("[data-testid=legend-item][data-class='1']")).to_contain_text("Trouser")
    expect(explorer.get_by_test_id("legend-item").first).to_contain_text(f"{int((labels['fashion-mnist'] == 0).sum()):,}")
    expect(explorer.get_by_test_id("control-point")).to_have_count(0)
    assert canvas_summary(explorer)["hash"] != mnist_view
    assert explorer.evaluate("explorer.screenPosition(0)") != mnist_position
    assert "dataset=fashion-mnist" in explorer.url

    explorer.reload()
    explorer.wait_for_function("performance.getEntriesByName('cloud-drawn:fashion-mnist').length > 0")
    expect(explorer.get_by_test_id("dataset-select")).to_have_value("fashion-mnist")


def test_unknown_dataset_in_the_url_is_reported(page, explorer_server):
    open_explorer(page, explorer_server.url, dataset="mnist", query="?dataset=kmnist")
    expect(page.get_by_test_id("notice")).to_contain_text('no data set "kmnist"')


def test_a_broken_data_set_and_a_server_that_went_away_are_reported(page, explorer_server, start_server, tmp_path):
    """One extra server (starting one costs seconds): its Fashion-MNIST labels are corrupt; then it stops."""
    require_datasets(explorer_server, "mnist", "fashion-mnist")
    points = tmp_path / "points"
    shutil.copytree(points_dir() / "mnist", points / "mnist")
    (points / "fashion-mnist").mkdir()
    for name in ("latents.npy", "stds.npy"):
        shutil.copy(points_dir() / "fashion-mnist" / name, points / "fashion-mnist")
    (points / "fashion-mnist" / "labels.npy").write_bytes(b"not an npy file")
    server = start_server(points)
    open_explorer(page, server.url)
    expect(page.locator("#unavailable")).to_contain_text("Fashion-MNIST is unavailable")
    expect(page.locator("#unavailable")).to_contain_text("labels.npy")
    expect(page.get_by_test_id("dataset-select").locator("option")).to_have_count(1)

    spot, = empty_space(page)
    server.stop()
    page.mouse.move(spot["x"], spot["y"])
    error = page.get_by_test_id("error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("not answering")
    # The view still turns.
    before = page.evaluate("explorer.drawCount")
    page.mouse.down()
    page.mouse.move(spot["x"] + 80, spot["y"] + 20, steps=3)
    page.mouse.up()
    page.wait_for_function("before => explorer.drawCount > before", arg=before)


def test_a_browser_without_webgl2_gets_a_clear_message(page, explorer_server):
    page.add_init_script("""
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return kind === 'webgl2' ? null : getContext.call(this, kind, ...rest);
      };
    """)
    page.goto(explorer_server.url)
    expect(page.get_by_test_id("error")).to_contain_text("no WebGL2")
    expect(page.locator("#loading")).to_be_hidden()


def test_on_a_high_dpi_touch_screen_the_canvas_is_sharp_taps_inspect_a_button_adds_and_pinch_zooms(chromium, explorer_server):
    context = new_context(chromium, viewport={"width": 900, "height": 700}, device_scale_factor=2, has_touch=True)
    try:
        page = context.new_page()
        open_explorer(page, explorer_server.url)
        assert page.evaluate(CANVAS_MATCHES_ITS_BOX), "one canvas pixel per device pixel"
        spot, = empty_space(page)
        page.touchscreen.tap(spot["x"], spot["y"])  # a finger has no hover: a tap inspects
        expect(page.get_by_test_id("hover-info")).to_contain_text("Empty space")
        assert page.evaluate("explorer.state().controlPoints.length") == 0
        expect(page.locator(".touch-hints")).to_be_visible()
        expect(page.locator(".mouse-hints")).to_be_hidden()
        page.get_by_test_id("add-point").tap()     # a deliberate action adds
        page.wait_for_function("explorer.state().controlPoints.length === 1")

        spread = "() => { const a = explorer.screenPosition(0), b = explorer.screenPosition(1); return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : Infinity; }"
        before = page.evaluate(spread)
        box = page.get_by_test_id("cloud").bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        touch = context.new_cdp_session(page)
        for kind, half in [("touchStart", 30), ("touchMove", 60), ("touchMove", 90), ("touchMove", 120)]:
            touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [
                {"x": x - half, "y": y, "id": 0}, {"x": x + half, "y": y, "id": 1}]})
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        page.wait_for_function(f"before => ({spread})() > before * 2", arg=before)
        assert page.evaluate("explorer.state().controlPoints.length") == 1, "a pinch adds no control point"
    finally:
        context.close()
