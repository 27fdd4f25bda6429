"""End-to-end: the default film strip wraps into rows, the axes indicator stays legible over dense
points, and the path is copied as JSON with every digit."""
import io
import json
import urllib.request

import numpy as np
from PIL import Image
from playwright.sync_api import expect

from latent_explorer.tools.harness import new_context, open_explorer
from page_helpers import empty_space


def make_path(page):
    for spot in empty_space(page, 2):
        page.mouse.click(spot["x"], spot["y"])
    page.wait_for_function("explorer.state().traversal?.steps === 64")


def test_the_default_film_strip_wraps_into_rows(explorer):
    make_path(explorer)
    scale = int(explorer.get_by_test_id("export-scale").input_value())
    with explorer.expect_download() as strip_download:
        explorer.get_by_test_id("export-strip").click()
    strip = Image.open(strip_download.value.path())
    side = 28 * scale
    assert strip.size == (8 * side, 8 * side), f"64 frames in 8 rows of 8, not one row {64 * side} px long: {strip.size}"


def axes_pixels(page):
    return np.asarray(Image.open(io.BytesIO(page.get_by_test_id("axes").screenshot())).convert("RGB")).astype(int)


def test_the_axes_indicator_stays_legible_over_dense_points(explorer):
    box = explorer.get_by_test_id("cloud").bounding_box()
    explorer.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(6):  # into the cloud: points everywhere, behind the indicator too
        explorer.mouse.wheel(0, -300)
    explorer.wait_for_function("explorer.state().camera.distance < 3")
    explorer.evaluate("explorer.drawNow()")
    over_points = axes_pixels(explorer)
    explorer.evaluate("explorer.setPointsVisible(false)")
    explorer.evaluate("explorer.drawNow()")
    over_nothing = axes_pixels(explorer)
    height, width = over_points.shape[:2]
    rows, columns = np.mgrid[:height, :width]
    inside = (columns - width / 2 + 0.5) ** 2 + (rows - height / 2 + 0.5) ** 2 < (width / 2 - 1) ** 2
    showing_through = (np.abs(over_points - over_nothing).sum(-1)[inside] > 60).mean()
    assert showing_through < 0.05, f"{showing_through:.0%} of the indicator changes with the points behind it"


def test_the_path_is_copied_as_json_with_every_digit(chromium, explorer_server):
    context = new_context(chromium, viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=explorer_server.url)
    try:
        page = context.new_page()
        open_explorer(page, explorer_server.url)
        copy = page.get_by_test_id("copy-path")
        expect(copy).to_be_disabled()
        make_path(page)
        copy.click()
        expect(page.locator("#traversal")).to_contain_text("64 positions of the path copied")
        copied = json.loads(page.evaluate("navigator.clipboard.readText()"))
        body = json.dumps({"control_points": page.evaluate("explorer.state().controlPoints"), "steps": 64, "closed": False})
        request = urllib.request.Request(f"{explorer_server.url}/api/datasets/mnist/traversal", data=body.encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            served = json.load(response)["path"]
        assert copied == served, "every position, every digit the server sent"
        assert len(copied) == 64 and all(len(position) == 3 for position in copied)
    finally:
        context.close()
