"""End-to-end: the whole view in the link, Back after a switch, and what leaves the page
(copy link, the traversal as GIF and film strip, a picture of the cloud)."""
import io
import math
import re

import numpy as np
import pytest
from PIL import Image, ImageSequence
from playwright.sync_api import expect

from latent_explorer.limits import LIMITS
from latent_explorer.tools.harness import new_context, open_explorer
from page_helpers import empty_space, find_pickable_point, require_datasets


def build_view(page):
    for spot in empty_space(page, 3):
        page.mouse.click(spot["x"], spot["y"])
    page.wait_for_function("explorer.state().traversal?.steps === 64")
    page.evaluate("explorer.orbit(70, -25)")
    page.mouse.wheel(0, -200)
    page.get_by_test_id("legend-item").nth(4).click()
    page.get_by_test_id("closed-loop").check()
    page.get_by_test_id("steps").fill("40")
    page.get_by_test_id("steps").press("Enter")
    page.wait_for_function("explorer.state().traversal?.steps === 40")
    page.get_by_test_id("traversal-slider").fill("17")
    page.wait_for_function("explorer.state().traversal.index === 17")


def test_a_link_reopens_the_same_view_in_a_fresh_browser(chromium, explorer_server, explorer):
    build_view(explorer)
    rim = find_pickable_point(explorer)["index"]
    explorer.wait_for_function("() => location.search.includes('step=17')")
    state = explorer.evaluate("explorer.state()")
    position = explorer.evaluate("index => explorer.screenPosition(index)", rim)

    context = new_context(chromium, viewport={"width": 1280, "height": 800})
    try:
        fresh = context.new_page()
        open_explorer(fresh, explorer.url.split("/?")[0], query="?" + explorer.url.split("?", 1)[1])
        fresh.wait_for_function("explorer.state().traversal?.index === 17")
        reopened = fresh.evaluate("explorer.state()")
        for key in ("dataset", "highlighted", "count"):
            assert reopened[key] == state[key], key
        for key in ("steps", "index"):
            assert reopened["traversal"][key] == state["traversal"][key], key
        np.testing.assert_allclose(reopened["controlPoints"], state["controlPoints"], atol=1e-4)
        np.testing.assert_allclose(reopened["traversal"]["path"], state["traversal"]["path"], atol=1e-3)
        for key in ("target", "rotation"):
            assert reopened["camera"][key] == pytest.approx(state["camera"][key], abs=1e-5)
        assert reopened["camera"]["distance"] == pytest.approx(state["camera"]["distance"], rel=1e-5)
        expect(fresh.get_by_test_id("closed-loop")).to_be_checked()
        again = fresh.evaluate("index => explorer.screenPosition(index)", rim)
        assert abs(again["x"] - position["x"]) < 1 and abs(again["y"] - position["y"]) < 1, "within a pixel"
    finally:
        context.close()


def test_a_bad_link_opens_the_nearest_view_and_says_what_was_ignored(page, explorer_server):
    open_explorer(page, explorer_server.url, query="?dataset=mnist&rotation=abc&highlight=3,42&steps=5000&points=1,2,3;x")
    expect(page.get_by_test_id("notice")).to_contain_text('rotation "abc"')
    expect(page.get_by_test_id("notice")).to_contain_text("steps")
    state = page.evaluate("explorer.state()")
    assert state["highlighted"] == [3] and state["controlPoints"] == [[1, 2, 3]]


@pytest.mark.parametrize("spacing, used", [("50", LIMITS["grid_spacing"][1]), ("0.0001", LIMITS["grid_spacing"][0])])
def test_a_link_to_a_grid_spacing_the_server_refuses_opens_the_nearest_grid_and_says_so(page, explorer_server, spacing, used):
    open_explorer(page, explorer_server.url, query=f"?dataset=mnist&grid=7,{spacing},xy")
    report = page.get_by_test_id("notice")
    expect(report).to_contain_text(f"grid spacing: {spacing} is")
    expect(page.get_by_test_id("grid-image")).to_have_attribute("src", re.compile(r"^blob:"))  # the server drew it
    assert page.evaluate("explorer.state().grid")["spacing"] == used
    expect(report).to_contain_text(f"using {used:g}")
    expect(page.get_by_test_id("error")).to_be_hidden()  # the server refused nothing


def test_back_undoes_a_data_set_switch_with_its_path(explorer, explorer_server):
    require_datasets(explorer_server, "mnist", "fashion-mnist")
    for spot in empty_space(explorer, 2):
        explorer.mouse.click(spot["x"], spot["y"])
    explorer.wait_for_function("explorer.state().traversal?.steps === 64")
    points = explorer.evaluate("explorer.state().controlPoints")
    explorer.get_by_test_id("dataset-select").select_option("fashion-mnist")
    explorer.wait_for_function("explorer.state().dataset === 'fashion-mnist'")
    explorer.go_back()
    explorer.wait_for_function("explorer.state().dataset === 'mnist' && explorer.state().controlPoints.length === 2")
    np.testing.assert_allclose(explorer.evaluate("explorer.state().controlPoints"), points, atol=1e-4)
    expect(explorer.get_by_test_id("dataset-select")).to_have_value("mnist")
    explorer.go_back()  # before the second point was added
    explorer.wait_for_function("explorer.state().controlPoints.length === 1")


def test_copy_link_puts_the_views_link_on_the_clipboard(chromium, explorer_server):
    context = new_context(chromium, viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=explorer_server.url)
    try:
        page = context.new_page()
        open_explorer(page, explorer_server.url)
        page.get_by_test_id("legend-item").nth(2).click()
        page.get_by_test_id("copy-link").click()
        expect(page.get_by_test_id("notice")).to_contain_text("copied")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(explorer_server.url) and "highlight=2" in copied and "rotation=" in copied
    finally:
        context.close()


def test_the_traversal_downloads_as_a_gif_and_a_film_strip(explorer):
    for spot in empty_space(explorer, 2):
        explorer.mouse.click(spot["x"], spot["y"])
    explorer.get_by_test_id("steps").fill("12")
    explorer.get_by_test_id("steps").press("Enter")
    explorer.wait_for_function("explorer.state().traversal?.steps === 12")
    explorer.get_by_test_id("export-scale").select_option("2")
    with explorer.expect_download() as gif_download:
        explorer.get_by_test_id("export-gif").click()
    assert gif_download.value.suggested_filename == "mnist-traversal-12-steps.gif"
    gif = Image.open(io.BytesIO(open(gif_download.value.path(), "rb").read()))
    assert gif.n_frames == 12 and gif.size == (56, 56)
    assert all(frame.size == (56, 56) for frame in ImageSequence.Iterator(gif))

    explorer.get_by_test_id("export-columns").fill("5")
    with explorer.expect_download() as strip_download:
        explorer.get_by_test_id("export-strip").click()
    assert strip_download.value.suggested_filename == "mnist-traversal-12-steps.png"
    strip = Image.open(strip_download.value.path())
    assert strip.size == (56 * 5, 56 * 3)


def test_save_image_writes_the_view_at_twice_the_screens_resolution(explorer):
    for spot in empty_space(explorer, 2):
        explorer.mouse.click(spot["x"], spot["y"])
    explorer.wait_for_function("explorer.state().traversal !== null")
    canvas = explorer.evaluate("[document.querySelector('[data-testid=cloud]').width, document.querySelector('[data-testid=cloud]').height]")
    css = explorer.evaluate("(() => { const r = document.querySelector('[data-testid=cloud]').getBoundingClientRect(); return [r.width, r.height]; })()")
    before = explorer.evaluate("explorer.drawCount")
    with explorer.expect_download() as download:
        explorer.get_by_test_id("save-image").click()
    assert download.value.suggested_filename == "mnist-view.png"
    picture = Image.open(download.value.path()).convert("RGB")
    # Twice the CSS size at device pixel ratio 1, rounded half up as the page's Math.round does.
    assert picture.size == tuple(math.floor(side * 2 + 0.5) for side in css)
    colours = {picture.getpixel((x, y)) for x in range(0, picture.width, 7) for y in range(0, picture.height, 7)}
    assert len(colours) > 50, "the cloud, the legend and the path are in the picture"
    assert explorer.evaluate("document.querySelector('[data-testid=cloud]').width") == canvas[0], "the screen is restored"
    explorer.wait_for_function("before => explorer.drawCount > before", arg=before)
