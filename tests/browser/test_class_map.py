"""End-to-end: the class map's slice in the 3-D view, held pixel by pixel to classmap.npy; its controls and the link;
the class each hover's decoded image reads as, held to the server's classifier; the decoded grid's class borders;
and a data set without a map. Served and in a published site (where the classifier runs in the page)."""
import base64
import io
import json
import re
import shutil

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from latent_explorer.classmap import DATA_FLOOR
from latent_explorer.grid import grid_positions
from latent_explorer.tools.harness import explorer_points_dir, open_explorer
from page_helpers import BACKGROUND_RGB, empty_space, find_pickable_point

OPACITY = 0.6  # the slice's most opaque (gl/classmap-layer.js)
FAINT = 0.12   # a class not highlighted

# Draw a frame and read the canvas back in the same task, while its drawing buffer is valid.
CANVAS_PNG = "() => { explorer.drawNow(); return document.querySelector('[data-testid=cloud]').toDataURL('image/png'); }"
# The canvas pixels of view positions (null off the canvas).
CANVAS_PIXELS = """(points) => {
  const rect = document.querySelector('[data-testid=cloud]').getBoundingClientRect();
  return points.map((point) => {
    const at = explorer.screenPositionOf(point);
    return at && [Math.floor((at.x - rect.left) * devicePixelRatio), Math.floor((at.y - rect.top) * devicePixelRatio)];
  });
}"""
PALETTE = "async () => (await import(new URL('js/palette.js', document.baseURI).href)).classColors(10)"


def canvas(page):
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(page.evaluate(CANVAS_PNG).split(",", 1)[1]))).convert("RGB"), np.float64)


def classmap(dataset="mnist"):
    folder = explorer_points_dir() / dataset
    return np.load(folder / "classmap.npy"), json.loads((folder / "classmap.json").read_text())


FLOOR_LEVEL = np.ceil(DATA_FLOOR * 255)  # the lowest density level of a cell that holds data


def open_map(page, url, query="?classmap=z,0.5,decoder"):
    open_explorer(page, url, "mnist", query)
    page.wait_for_function("performance.getEntriesByName('classmap-drawn:mnist').length > 0")
    return page


def layer_cells(array, layer, count=40, seed=0):
    """Cells (i, j) of z layer `layer` inside whose 3 x 3 neighbourhood what the slice shows is the same, so that a pixel
    near a cell's centre shows that cell whatever the rounding."""
    cut = array[layer].astype(int)  # [y, x, channel]
    densest, density = cut[..., 2:].argmax(axis=-1), cut[..., 2:].max(axis=-1)
    calm = []
    for j in range(1, cut.shape[0] - 1):
        for i in range(1, cut.shape[1] - 1):
            around = (slice(j - 1, j + 2), slice(i - 1, i + 2))
            if (np.all(cut[around][..., 0] == cut[j, i, 0]) and np.ptp(cut[around][..., 1]) <= 8
                    and np.all(densest[around] == densest[j, i]) and np.ptp(density[around]) <= 8
                    and np.all((density[around] >= FLOOR_LEVEL) == (density[j, i] >= FLOOR_LEVEL))):
                calm.append((i, j))
    rng = np.random.default_rng(seed)
    return [calm[index] for index in rng.permutation(len(calm))[:count * 4]]


def expected_colour(cell, mode, lit, palette):
    """What the slice draws over the background at a cell: gl/classmap-layer.js's colour and opacity, from the file."""
    read, confidence, densities = int(cell[0]), cell[1] / 255, cell[2:]
    densest, density = int(densities.argmax()), densities.max() / 255
    if mode == "data" and densities.max() < FLOOR_LEVEL:
        return np.array(BACKGROUND_RGB, float)
    shown = read if mode == "decoder" else densest
    opacity = OPACITY * (confidence if mode == "decoder" else 0.35 + 0.65 * np.sqrt(density)) * (1 if shown in lit else FAINT)
    colour = np.array([int(palette[shown][k:k + 2], 16) for k in (1, 3, 5)], float)
    return opacity * colour + (1 - opacity) * np.array(BACKGROUND_RGB, float)


def check_slice_pixels(page, mode, lit=range(10)):
    """The colour drawn at the centres of calm cells of the middle z layer is the file's, as the shader colours it."""
    array, description = classmap()
    size, low, high = description["size"], np.array(description["low"]), np.array(description["high"])
    layer = size // 2
    cells = layer_cells(array, layer)
    centres = [(low + (np.array([i, j, layer]) + 0.5) * (high - low) / size).tolist() for i, j in cells]
    pixels = page.evaluate(CANVAS_PIXELS, centres)
    palette = page.evaluate(PALETTE)
    drawn = canvas(page)
    checked = 0
    for (i, j), pixel in zip(cells, pixels):
        if pixel is None or not (0 <= pixel[0] < drawn.shape[1] and 0 <= pixel[1] < drawn.shape[0]):
            continue
        want = expected_colour(array[layer, j, i], mode, set(lit), palette)
        got = drawn[pixel[1], pixel[0]]
        assert np.abs(got - want).max() <= 6, f"cell ({i}, {j}, {layer}) in {mode} mode: drawn {got}, the file says {want}"
        checked += 1
    assert checked >= 20, f"only {checked} calm cells of the slice on screen"


def test_the_slice_draws_the_files_classes_and_moves_with_its_controls(page, answering):
    open_explorer(page, answering.url)
    page.evaluate("explorer.setPointsVisible(false)")  # the slice alone, over the background
    empty = canvas(page)
    page.get_by_test_id("classmap-open").check()
    page.wait_for_function("performance.getEntriesByName('classmap-drawn:mnist').length > 0")
    assert page.evaluate("explorer.state().classmap") == {"axis": "z", "position": 0.5, "mode": "decoder"}
    check_slice_pixels(page, "decoder")
    middle = canvas(page)
    assert (np.abs(middle - empty).sum(axis=-1) > 12).mean() > 0.2, "the slice covers much of the view"

    page.get_by_test_id("classmap-position").fill("0.3")
    page.wait_for_function("explorer.state().classmap.position === 0.3")
    lower = canvas(page)
    assert (np.abs(lower - middle).sum(axis=-1) > 12).mean() > 0.05, "another layer, elsewhere in the view"
    expect(page.get_by_test_id("classmap-readout")).to_contain_text("layer 20 of 64")

    page.get_by_test_id("classmap-position").fill("0.5")
    page.get_by_test_id("classmap-mode").select_option("data")
    page.wait_for_function("explorer.state().classmap.mode === 'data'")
    check_slice_pixels(page, "data")
    expect(page.get_by_test_id("classmap-shares")).to_contain_text("%")

    page.get_by_test_id("classmap-mode").select_option("decoder")
    page.get_by_test_id("legend-item").nth(7).click()
    page.wait_for_function("explorer.state().highlighted.length === 1")
    check_slice_pixels(page, "decoder", lit=[7])


def test_the_state_and_the_automation_hook_follow_the_controls(page, answering):
    open_map(page, answering.url)
    page.get_by_test_id("classmap-axis").select_option("x")
    page.get_by_test_id("classmap-position").fill("0.25")
    page.get_by_test_id("classmap-mode").select_option("data")
    assert page.evaluate("explorer.state().classmap") == {"axis": "x", "position": 0.25, "mode": "data"}
    expect(page.get_by_test_id("classmap-readout")).to_contain_text("x = ")
    before = canvas(page)
    page.evaluate("explorer.setClassMap({ axis: 'view', position: 0.6, mode: 'decoder' })")
    expect(page.get_by_test_id("classmap-axis")).to_have_value("view")
    expect(page.get_by_test_id("classmap-mode")).to_have_value("decoder")
    expect(page.get_by_test_id("classmap-readout")).to_contain_text("beyond the focus")
    assert page.get_by_test_id("classmap-position").input_value() == "0.6"
    facing = canvas(page)
    assert (np.abs(facing - before).sum(axis=-1) > 12).mean() > 0.05
    page.evaluate("explorer.orbit(60, 0)")
    turned = canvas(page)
    page.evaluate("explorer.orbit(-60, 0)")
    assert np.abs(canvas(page) - facing).max() <= 2, "the slice facing the camera turns with it, and back"
    assert (np.abs(turned - facing).sum(axis=-1) > 12).mean() > 0.05
    page.evaluate("explorer.setClassMap(null)")
    assert page.evaluate("explorer.state().classmap") is None
    expect(page.get_by_test_id("classmap-open")).not_to_be_checked()


def served_reading(server, path, body=None):
    status, answer = server.request("POST" if body else "GET", path, body)
    assert status == 200, answer
    return json.loads(answer)


def test_the_hover_says_what_the_decoded_image_reads_as_as_the_server_reads_it(page, answering, explorer_server):
    open_explorer(page, answering.url)
    spot = empty_space(page)[0]
    page.mouse.move(spot["x"], spot["y"])
    page.wait_for_function("explorer.state().hoverClass !== null && explorer.state().hovered === null")
    read, cursor = page.evaluate("[explorer.state().hoverClass, explorer.state().cursor]")
    served = served_reading(explorer_server, "/api/datasets/mnist/decode", {"points": [cursor], "classify": True})
    assert read["label"] == served["classes"][0]["label"]
    assert read["confidence"] == pytest.approx(served["classes"][0]["confidence"], abs=2e-3)
    names = [str(digit) for digit in range(10)]
    expect(page.get_by_test_id("hover-reads")).to_have_text(f"reads as {names[read['label']]}, {int(read['confidence'] * 100 + 0.5)}%")

    point = find_pickable_point(page)
    page.mouse.move(point["x"], point["y"])
    page.wait_for_function("index => document.querySelector('#hover-title').textContent.includes('#' + index)", arg=point["index"])
    read = page.evaluate("explorer.state().hoverClass")
    served = served_reading(explorer_server, f"/api/datasets/mnist/samples/{point['index']}?classify=true")["class_read"]
    assert read["label"] == served["label"] and read["confidence"] == pytest.approx(served["confidence"], abs=2e-3)
    expect(page.get_by_test_id("hover-reads")).to_contain_text("reads as ")


def test_hovering_the_slice_decodes_the_place_on_it(page, answering):
    open_map(page, answering.url, "?classmap=z,0.3,decoder&rotation=0,0,0,1")  # the z slice faced square on
    _, description = classmap()
    on_slice = description["low"][2] + 0.3 * (description["high"][2] - description["low"][2])
    assert abs(page.evaluate("explorer.state().camera.target")[2] - on_slice) > 0.5, "the slice is not the focus's plane"
    low, high = np.array(description["low"]), np.array(description["high"])
    places = [[*(low[:2] + share * (high[:2] - low[:2])), on_slice] for share in np.random.default_rng(2).uniform(0.02, 0.98, (2000, 2))]
    spot = page.evaluate("""(places) => places.map((place) => explorer.screenPositionOf(place))
        .find((at) => at && explorer.pick(Math.round(at.x), Math.round(at.y)) === null)""", places)
    assert spot, "no place on the slice that the test tried is free of points"
    page.mouse.move(round(spot["x"]), round(spot["y"]))
    page.wait_for_function("explorer.state().cursor !== null && explorer.state().hoverClass !== null")
    assert page.evaluate("explorer.state().cursor")[2] == pytest.approx(on_slice, abs=1e-4)


def test_the_grid_s_cells_have_the_border_of_the_class_the_server_reads(page, answering, explorer_server):
    open_explorer(page, answering.url)
    page.get_by_test_id("grid-open").check()
    page.get_by_test_id("grid-plane").select_option("xy")
    page.get_by_test_id("grid-pin").check()
    page.get_by_test_id("grid-classes").check()
    borders = page.get_by_test_id("grid-borders")
    expect(borders).to_be_visible()
    grid = page.evaluate("explorer.state().grid")
    expect(borders.locator("span")).to_have_count(grid["size"] ** 2)
    shown = borders.locator("span").evaluate_all("spans => spans.map((span) => Number(span.dataset.class))")
    cells = grid_positions(grid["center"], [1, 0, 0], [0, 1, 0], grid["size"], grid["spacing"]).tolist()
    served = served_reading(explorer_server, "/api/datasets/mnist/decode", {"points": cells, "classify": True})
    agree = np.mean([mine == theirs["label"] for mine, theirs in zip(shown, served["classes"])])
    assert agree == 1, f"{agree:.0%} of the cells have the server's class"
    palette = page.evaluate(PALETTE)
    colour = borders.locator("span").first.evaluate("span => getComputedStyle(span).borderTopColor")
    assert colour == "rgb({}, {}, {})".format(*(int(palette[shown[0]][k:k + 2], 16) for k in (1, 3, 5)))
    page.get_by_test_id("grid-classes").uncheck()
    expect(borders).to_be_hidden()


def test_the_link_keeps_the_map_and_a_reload_restores_it(page, answering):
    open_map(page, answering.url)
    page.get_by_test_id("classmap-axis").select_option("y")
    page.get_by_test_id("classmap-position").fill("0.35")
    page.get_by_test_id("classmap-mode").select_option("data")
    page.get_by_test_id("classmap-disagreeing").check()
    page.wait_for_function("() => location.search.includes('classmap=y,0.35,data,disagreeing')")
    page.reload()
    page.wait_for_function("performance.getEntriesByName('classmap-drawn:mnist').length > 0")
    assert page.evaluate("explorer.state().classmap") == {"axis": "y", "position": 0.35, "mode": "data"}
    expect(page.get_by_test_id("classmap-disagreeing")).to_be_checked()
    expect(page.get_by_test_id("classmap-axis")).to_have_value("y")

    open_explorer(page, answering.url, "mnist", "?classmap=q,2,data")
    expect(page.get_by_test_id("notice")).to_contain_text('axis "q" is not one of x, y, z, view')
    expect(page.get_by_test_id("notice")).to_contain_text("classmap position: 2 is above 1; using 1")
    assert page.evaluate("explorer.state().classmap") == {"axis": "z", "position": 1, "mode": "data"}


@pytest.fixture(scope="module")
def unmapped_points(tmp_path_factory):
    """The shipped points and graphs without their class maps: MNIST keeps its classifier."""
    folder = tmp_path_factory.mktemp("unmapped")
    for dataset in ("mnist", "fashion-mnist"):
        shutil.copytree(explorer_points_dir() / dataset, folder / dataset,
                        ignore=shutil.ignore_patterns("classmap.*", *(("classifier.onnx",) if dataset == "fashion-mnist" else ())))
    return folder


def test_a_data_set_without_a_map_has_the_panel_switched_off_and_says_how_to_make_one(page, start_server, unmapped_points):
    server = start_server(points=unmapped_points)
    open_explorer(page, server.url, "mnist", "?classmap=z,0.5,decoder")
    expect(page.get_by_test_id("classmap-open")).to_be_disabled()
    expect(page.get_by_test_id("classmap-missing")).to_contain_text("latent-explorer classmap mnist")
    expect(page.get_by_test_id("notice")).to_contain_text("classmap: MNIST has no class map; ignored it")
    assert page.evaluate("explorer.state().classmap") is None
    spot = empty_space(page)[0]
    page.mouse.move(spot["x"], spot["y"])
    page.wait_for_function("explorer.state().hoverClass !== null")  # its classifier still reads the hover

    page.get_by_test_id("dataset-select").select_option("fashion-mnist")
    page.wait_for_function("explorer.state().dataset === 'fashion-mnist'")
    expect(page.get_by_test_id("classmap-missing")).to_contain_text("latent-explorer train-classifier fashion-mnist")
    page.mouse.move(spot["x"] + 3, spot["y"] + 3)
    expect(page.locator("#hover-title")).not_to_have_text("Point at the cloud")
    expect(page.get_by_test_id("hover-reads")).to_be_hidden()
    assert page.evaluate("explorer.state().hoverClass") is None
    page.get_by_test_id("grid-open").check()
    expect(page.get_by_test_id("grid-classes")).to_be_disabled()
    assert re.search(r"no classifier", page.get_by_test_id("grid-classes").locator("xpath=..").get_attribute("title"))


def test_a_hover_asks_the_server_once_for_its_image_and_its_class(page, explorer_server):
    open_explorer(page, explorer_server.url)
    asked = []
    page.on("request", lambda request: asked.append(request.url) if re.search(r"/decode$|/samples/", request.url) else None)
    spot = empty_space(page)[0]
    page.mouse.move(spot["x"], spot["y"])
    page.wait_for_function("explorer.state().hoverClass !== null")
    point = find_pickable_point(page)
    page.mouse.move(point["x"], point["y"])
    page.wait_for_function("index => document.querySelector('#hover-title').textContent.includes('#' + index)", arg=point["index"])
    assert [url.split("/api/")[1] for url in asked] == ["datasets/mnist/decode", f"datasets/mnist/samples/{point['index']}?classify=true"]


def test_a_published_site_loads_its_classifier_only_after_the_first_cloud(page, static_site):
    open_explorer(page, static_site.url)
    page.wait_for_function("performance.getEntriesByName('in-page-ready:mnist').length > 0")
    drawn = page.evaluate("performance.getEntriesByName('cloud-drawn:mnist')[0].startTime")
    loaded = page.evaluate("performance.getEntriesByType('resource').filter((entry) => /classifier\\.onnx|classmap\\.npy/.test(entry.name))"
                           ".map((entry) => [entry.name, entry.startTime])")
    assert [name.rsplit("/", 1)[1] for name, _ in loaded] == ["classifier.onnx"], "the map is fetched when first shown, not before"
    assert loaded[0][1] > drawn


def test_the_map_and_the_grid_s_borders_break_no_rule_of_the_content_security_policy(chromium, explorer_server):
    from test_security import RECORD_VIOLATIONS, wait_until
    context = chromium.new_context(viewport={"width": 1280, "height": 800})  # the policy kept
    try:
        page = context.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto(f"{explorer_server.url}/?classmap=z,0.5,data")
        wait_until(page, "performance.getEntriesByName('classmap-drawn:mnist').length > 0")
        page.get_by_test_id("grid-open").check()
        page.get_by_test_id("grid-classes").check()
        wait_until(page, "document.querySelectorAll('[data-testid=grid-borders] span').length > 0")
        spot = empty_space(page)[0]
        page.mouse.move(spot["x"], spot["y"])
        wait_until(page, "explorer.state().hoverClass !== null")
        assert page.evaluate("window.cspViolations") == []
    finally:
        context.close()
