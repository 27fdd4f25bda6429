"""End-to-end: on a phone a tap shows what is there beside the cloud (the peek); Present mode
presents (Space plays, the hover's decode large beside the path's frame, no other controls)."""
import re

from playwright.sync_api import expect

from latent_explorer.tools.harness import new_context, open_explorer
from page_helpers import empty_space, find_pickable_point
from test_accessibility import serious_violations

PHONE = {"width": 390, "height": 844}


def make_path(page):
    for spot in empty_space(page, 2):
        page.mouse.click(spot["x"], spot["y"])
    page.wait_for_function("explorer.state().traversal?.steps === 64")


def test_a_tap_on_a_phone_shows_the_decoded_image_its_original_and_class_beside_the_cloud(chromium, explorer_server):
    context = new_context(chromium, viewport=PHONE, has_touch=True)
    try:
        page = context.new_page()
        open_explorer(page, explorer_server.url)
        peek = page.get_by_test_id("peek")
        expect(peek).to_be_hidden()
        point = find_pickable_point(page)
        page.touchscreen.tap(point["x"], point["y"])
        expect(page.get_by_test_id("hover-info")).to_contain_text(f"#{point['index']}")
        expect(peek).to_be_visible()
        name = page.evaluate("index => document.querySelector('#hover-title').textContent.split('class ')[1]", point["index"])
        expect(peek).to_contain_text(f"#{point['index']} · class {name}")
        expect(page.get_by_test_id("peek-decoded")).to_have_attribute(
            "src", page.get_by_test_id("decoded-image").get_attribute("src"))
        if explorer_server.datasets[0]["originals"]:
            expect(page.get_by_test_id("peek-original")).to_have_attribute(
                "src", page.get_by_test_id("original-image").get_attribute("src"))
        else:  # no raw data where this server looks: the peek says so rather than showing the decode twice
            expect(peek).to_contain_text("no original")

        # Over the cloud, on screen as it is, with nothing scrolled.
        box, cloud = peek.bounding_box(), page.get_by_test_id("cloud").bounding_box()
        assert page.evaluate("document.querySelector('.layout').scrollTop + scrollY") == 0
        assert cloud["x"] <= box["x"] and box["x"] + box["width"] <= cloud["x"] + cloud["width"]
        assert cloud["y"] <= box["y"] and box["y"] + box["height"] <= cloud["y"] + cloud["height"], (box, cloud)
        assert page.get_by_test_id("peek-decoded").bounding_box()["width"] >= 64
        assert serious_violations(page) == [], "with the peek open"

        page.get_by_test_id("peek-close").tap()
        expect(peek).to_be_hidden()
        expect(page.get_by_test_id("add-point")).to_be_hidden()
        spot, = empty_space(page)
        page.touchscreen.tap(spot["x"], spot["y"])  # the next tap shows the peek again
        expect(peek).to_contain_text("Empty space")
    finally:
        context.close()


def test_a_wide_window_shows_the_hover_in_its_panel_only(explorer):
    point = find_pickable_point(explorer)
    explorer.mouse.move(point["x"], point["y"])
    expect(explorer.get_by_test_id("hover-info")).to_contain_text(f"#{point['index']}")
    expect(explorer.get_by_test_id("peek")).to_be_hidden()


def test_space_plays_and_pauses_in_present_mode(explorer):
    make_path(explorer)
    explorer.get_by_test_id("presenter").click()
    play = explorer.get_by_test_id("play")
    explorer.keyboard.press(" ")
    expect(play).to_have_text(re.compile("Pause"))
    expect(explorer.locator("aside.sidebar")).to_be_hidden()  # still presenting
    explorer.keyboard.press(" ")
    expect(play).to_have_text(re.compile("Play"))
    expect(explorer.get_by_test_id("presenter")).to_have_text("Exit presenter")


def test_present_mode_shows_the_hover_large_and_with_a_path_the_frame_first(explorer):
    explorer.get_by_test_id("presenter").click()
    hover_large, frame_large = explorer.get_by_test_id("presenter-hover"), explorer.get_by_test_id("presenter-frame")
    point = find_pickable_point(explorer)
    explorer.mouse.move(point["x"], point["y"])
    explorer.wait_for_function("index => explorer.state().hovered === index", arg=point["index"])
    expect(hover_large).to_be_visible()
    expect(hover_large).to_have_attribute("src", explorer.get_by_test_id("decoded-image").get_attribute("src"))
    assert hover_large.bounding_box()["width"] >= 250, "without a path the hover's decode shows large"
    expect(frame_large).to_be_hidden()

    make_path(explorer)
    expect(frame_large).to_be_visible()
    frame_box, hover_box = frame_large.bounding_box(), hover_large.bounding_box()
    assert frame_box["y"] + frame_box["height"] <= hover_box["y"], "the path's frame first, the hover's below it"
    assert min(frame_box["width"], hover_box["width"]) >= 200, "both large"
    assert hover_box["y"] + hover_box["height"] <= explorer.get_by_test_id("cloud").bounding_box()["y"] + explorer.get_by_test_id("cloud").bounding_box()["height"]

    for kept in ("play", "traversal-slider"):
        expect(explorer.get_by_test_id(kept)).to_be_visible()
    for gone in ("steps", "export-gif", "export-strip", "export-scale", "export-columns", "film-strip", "copy-path"):
        expect(explorer.get_by_test_id(gone)).to_be_hidden()
    assert serious_violations(explorer) == [], "presenting"
