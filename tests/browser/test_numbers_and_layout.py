"""End-to-end: numbers to copy out (σ and more digits in the hover panel, the control points as
JSON) and a sidebar that holds still (the first hover, the stand-in's caption, the images row
while the atlases load)."""
import json
import re

import numpy as np
import pytest
from playwright.sync_api import expect

from latent_explorer.tools.harness import explorer_points_dir, new_context, open_explorer, real_data_root
from page_helpers import empty_space, find_pickable_point

needs_originals = pytest.mark.skipif(real_data_root() is None, reason="needs the raw data sets: set $LATENT_EXPLORER_DATA")


def legend_top(page):
    return page.get_by_test_id("legend").bounding_box()["y"]


def hover_point(page):
    point = find_pickable_point(page)
    page.mouse.move(point["x"], point["y"])
    expect(page.get_by_test_id("hover-info")).to_contain_text(f"#{point['index']}")
    expect(page.get_by_test_id("neighbors").get_by_test_id("neighbor")).to_have_count(8)
    return point


def test_the_legend_stays_put_when_the_first_hover_fills_the_panel_above_it(explorer):
    before = legend_top(explorer)
    hover_point(explorer)
    assert legend_top(explorer) == before
    spot, = empty_space(explorer)
    explorer.mouse.move(spot["x"], spot["y"])
    expect(explorer.get_by_test_id("hover-info")).to_contain_text("Empty space")
    assert legend_top(explorer) == before


def test_without_originals_the_stand_in_says_it_is_the_same_image_and_its_caption_fits(page, start_server, tmp_path):
    server = start_server(data_root=tmp_path / "no-raw-data")
    open_explorer(page, server.url)
    before = legend_top(page)
    hover_point(page)
    expect(page.get_by_test_id("reconstruction-image")).to_be_visible()
    caption = page.locator("#original-caption")
    expect(caption).to_have_text("same as decoded: no original here")
    assert caption.evaluate("c => c.scrollWidth <= c.clientWidth && c.scrollHeight <= c.clientHeight"), "the caption is not cut off"
    assert legend_top(page) == before, "the longer captions take the room reserved for them"


@needs_originals
@pytest.mark.slow  # 14 atlases to fetch and upload
def test_the_images_row_keeps_its_height_while_the_atlases_load(explorer):
    row = explorer.locator(".images-row")
    height = row.bounding_box()["height"]
    explorer.get_by_test_id("show-images").check()
    progress = explorer.locator("#images-progress")
    explorer.wait_for_function("!document.getElementById('images-progress').hidden", polling="raf")
    assert row.bounding_box()["height"] == height, "the bar takes no room: nothing wraps"
    assert progress.evaluate("p => p.tagName") == "PROGRESS"
    explorer.wait_for_function("performance.getEntriesByName('images-drawn:mnist').length > 0", timeout=120_000)
    expect(progress).to_be_hidden()


def test_the_hover_panel_shows_sigma_and_more_digits_on_demand(explorer):
    point = hover_point(explorer)
    latent = np.load(explorer_points_dir() / "mnist" / "latents.npy")[point["index"]].tolist()
    std = np.load(explorer_points_dir() / "mnist" / "stds.npy")[point["index"]].tolist()
    shown = lambda values, digits: "(" + ", ".join(f"{value:.{digits}f}" for value in values) + ")"  # noqa: E731
    details = explorer.locator("#hover-details")
    expect(details.locator("dd").nth(1)).to_have_text(shown(latent, 2))
    expect(details.locator("dt").nth(2)).to_have_text("σ")
    expect(details.locator("dd").nth(2)).to_have_text(shown(std, 2))
    more = explorer.get_by_test_id("hover-digits")
    more.click()
    expect(more).to_have_attribute("aria-pressed", "true")
    expect(details.locator("dd").nth(1)).to_have_text(shown(latent, 6))
    expect(details.locator("dd").nth(2)).to_have_text(shown(std, 6))


def test_the_control_points_are_copied_as_json_at_full_precision(explorer):
    explorer.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy = explorer.get_by_test_id("copy-control-points")
    expect(copy).to_be_disabled()
    for spot in empty_space(explorer, 2):
        explorer.mouse.click(spot["x"], spot["y"])
    explorer.wait_for_function("explorer.state().controlPoints.length === 2")
    copy.click()
    expect(explorer.locator(".panel-head:has(#copy-control-points) + .field-note")).to_have_text("2 control points copied")
    copied = json.loads(explorer.evaluate("navigator.clipboard.readText()"))
    assert copied == explorer.evaluate("explorer.state().controlPoints")
    assert any(len(repr(value)) > 8 for point in copied for value in point), "every digit, not the list's two decimals"


def test_the_grids_centre_and_plane_are_copied_as_json(chromium, explorer_server):
    context = new_context(chromium, viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=explorer_server.url)
    try:
        page = context.new_page()
        open_explorer(page, explorer_server.url, query="?grid=7,0.5,xy")
        expect(page.get_by_test_id("grid-image")).to_have_attribute("src", re.compile(r"^blob:"))
        expect(page.get_by_test_id("copy-grid")).to_be_enabled()
        page.get_by_test_id("copy-grid").click()
        copied = json.loads(page.evaluate("navigator.clipboard.readText()"))
        assert set(copied) == {"center", "right", "up"} and copied["right"] == [1, 0, 0] and copied["up"] == [0, 1, 0]
        assert copied["center"] == page.evaluate("explorer.state().grid.center")
    finally:
        context.close()
