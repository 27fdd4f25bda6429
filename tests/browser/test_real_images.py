"""End-to-end: real images in the explorer — the nearest neighbours strip, the cloud drawn as
its images, find, and reconstructions standing in (labelled) where the originals are absent."""
import re

import numpy as np
import pytest
from playwright.sync_api import expect

from latent_explorer.tools.harness import explorer_points_dir, open_explorer, real_data_root
from page_helpers import canvas_summary, empty_space, find_pickable_point

pytestmark = pytest.mark.slow  # the real images: 14 atlases a data set to build and draw
needs_originals = pytest.mark.skipif(real_data_root() is None, reason="needs the raw data sets: set $LATENT_EXPLORER_DATA")


def latents():
    return np.load(explorer_points_dir() / "mnist" / "latents.npy")


@needs_originals
def test_the_neighbours_strip_follows_the_hover_lights_a_point_and_flies_to_it(explorer):
    point = find_pickable_point(explorer)
    explorer.mouse.move(point["x"], point["y"])
    items = explorer.get_by_test_id("neighbors").get_by_test_id("neighbor")
    expect(items).to_have_count(8)
    expect(items.first).to_have_attribute("data-index", str(point["index"]))  # itself, at distance 0
    assert explorer.evaluate("explorer.state().neighbors")[0] == point["index"]
    expect(explorer.get_by_test_id("original-image")).to_have_attribute("src", re.compile("^data:image/png"))

    spot, = empty_space(explorer)
    explorer.mouse.move(spot["x"], spot["y"])
    explorer.wait_for_function("index => explorer.state().neighbors.length === 8 && explorer.state().neighbors[0] !== index",
                               arg=point["index"])
    chosen = int(items.nth(3).get_attribute("data-index"))
    before = explorer.evaluate("explorer.drawCount")
    items.nth(3).hover()
    explorer.wait_for_function("before => explorer.drawCount > before", arg=before)  # the lit ring is drawn
    items.nth(3).click()
    target = latents()[chosen]
    explorer.wait_for_function("""target => {
      const t = explorer.state().camera.target;
      return Math.hypot(t[0] - target[0], t[1] - target[1], t[2] - target[2]) < 1e-4;
    }""", arg=target.tolist())


@needs_originals
def test_show_images_draws_the_cloud_as_its_images_and_switches_back(explorer):
    dots = canvas_summary(explorer)["hash"]
    explorer.get_by_test_id("show-images").check()
    explorer.wait_for_function("performance.getEntriesByName('images-drawn:mnist').length > 0", timeout=120_000)
    assert explorer.evaluate("explorer.state().imagesShown") is True
    assert canvas_summary(explorer)["hash"] != dots, "the pixels change when images are on"
    explorer.mouse.wheel(0, -1200)  # zoomed in, hover and pick work as with dots
    point = find_pickable_point(explorer)
    explorer.mouse.move(point["x"], point["y"])
    explorer.wait_for_function("index => explorer.state().hovered === index", arg=point["index"])
    explorer.get_by_test_id("show-images").uncheck()
    explorer.get_by_test_id("reset-view").click()
    explorer.mouse.move(0, 0)
    explorer.wait_for_function("explorer.state().hovered === null")
    assert canvas_summary(explorer)["hash"] == dots, "back to the same dots, without reloading"


def test_find_by_number_and_by_class_moves_the_camera_and_shows_the_point(explorer, labels):
    find = explorer.get_by_test_id("find")
    find.fill("1234")
    find.press("Enter")
    explorer.wait_for_function("explorer.focus === 1234 && explorer.state().hovered === 1234")
    expect(explorer.get_by_test_id("hover-info")).to_contain_text("#1234")
    target = latents()[1234]
    explorer.wait_for_function("""target => {
      const t = explorer.state().camera.target;
      return Math.hypot(t[0] - target[0], t[1] - target[1], t[2] - target[2]) < 1e-4;
    }""", arg=target.tolist())
    found = set()
    for _ in range(3):
        previous = explorer.evaluate("explorer.focus")
        find.fill("class 7")
        find.press("Enter")
        explorer.wait_for_function("previous => explorer.focus !== previous", arg=previous)
        found.add(explorer.evaluate("explorer.focus"))
    assert all(int(labels["mnist"][index]) == 7 for index in found)
    assert len(found) > 1, "each press shows another member"
    find.fill("no such thing")
    find.press("Enter")
    assert "neither an image number nor a class" in find.evaluate("input => input.validationMessage")


def test_without_originals_reconstructions_stand_in_and_the_toggle_says_how_to_get_them(page, start_server, tmp_path):
    server = start_server(data_root=tmp_path / "no-raw-data")
    open_explorer(page, server.url)
    expect(page.get_by_test_id("show-images")).to_be_disabled()
    expect(page.locator("#show-images-label")).to_have_attribute("title", re.compile("latent-explorer fetch"))
    point = find_pickable_point(page)
    page.mouse.move(point["x"], point["y"])
    expect(page.get_by_test_id("reconstruction-image")).to_be_visible()
    expect(page.get_by_test_id("hover-info")).to_contain_text("same as decoded: no original here")
    expect(page.get_by_test_id("neighbors").get_by_test_id("neighbor")).to_have_count(8)
    expect(page.locator("#neighbors-caption")).to_contain_text("Reconstructions")
