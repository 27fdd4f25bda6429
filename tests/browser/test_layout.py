"""End-to-end: the page fits every window from 360 px up, with the cloud always on screen."""
import pytest
from playwright.sync_api import expect

from latent_explorer.tools.harness import new_context, open_explorer
from page_helpers import empty_space, find_pickable_point

FITS = """() => {
  const cloud = document.querySelector('[data-testid=cloud]').getBoundingClientRect();
  return { overflow: document.documentElement.scrollWidth - innerWidth, cloud: [cloud.left, cloud.top, cloud.right, cloud.bottom],
           width: innerWidth, height: innerHeight };
}"""


def assert_fits(page):
    fit = page.evaluate(FITS)
    left, top, right, bottom = fit["cloud"]
    assert fit["overflow"] <= 0, f"the page scrolls sideways by {fit['overflow']} px"
    assert left >= 0 and right <= fit["width"] and top >= 0 and bottom <= fit["height"], f"the cloud is off screen: {fit}"
    assert right - left > 200 and bottom - top > 200, f"the cloud is too small: {fit}"


def make_path(page, points=3):
    for spot in empty_space(page, points):
        page.mouse.click(spot["x"], spot["y"])
    page.wait_for_function("explorer.state().traversal?.steps === 64")


@pytest.mark.parametrize("size", [{"width": 360, "height": 740}, {"width": 390, "height": 844}, {"width": 700, "height": 800}])
def test_narrow_windows_fit_without_sideways_scroll_and_keep_the_cloud_and_slider_in_reach(chromium, explorer_server, size):
    context = new_context(chromium, viewport=size)
    try:
        page = context.new_page()
        open_explorer(page, explorer_server.url)
        assert_fits(page)
        make_path(page)
        expect(page.get_by_test_id("film-strip").locator("img")).to_have_count(64)
        assert_fits(page)  # 64 thumbnails scroll inside the strip, not the page
        slider, steps = page.get_by_test_id("traversal-slider"), page.get_by_test_id("steps")
        slider.scroll_into_view_if_needed()
        expect(slider).to_be_in_viewport()
        slider.fill("20")
        page.wait_for_function("explorer.state().traversal.index === 20")
        steps.scroll_into_view_if_needed()
        expect(steps).to_be_in_viewport()
        assert_fits(page)  # the cloud stays on screen while the panels scroll beneath it
    finally:
        context.close()


def test_the_sidebar_does_not_move_between_a_data_point_and_empty_space(explorer):
    heading = explorer.get_by_role("heading", name="Classes")
    point = find_pickable_point(explorer)
    spot, = empty_space(explorer)
    explorer.mouse.move(point["x"], point["y"])
    expect(explorer.get_by_test_id("hover-info")).to_contain_text(f"#{point['index']}")
    on_point = heading.bounding_box()["y"]
    explorer.mouse.move(spot["x"], spot["y"])
    expect(explorer.get_by_test_id("hover-info")).to_contain_text("Empty space")
    assert heading.bounding_box()["y"] == on_point


def test_the_first_framing_shows_the_cloud_inside_the_visible_canvas(explorer):
    """At least 99.5% of the points lie on the canvas, and the hints do not cover it."""
    inside = explorer.evaluate("""() => {
      const { count } = explorer.state();
      let inside = 0, sampled = 0;
      for (let index = 0; index < count; index += 7, sampled++) if (explorer.screenPosition(index)) inside++;
      return inside / sampled;
    }""")
    assert inside >= 0.995, f"only {inside:.2%} of the points are on the canvas"
    cloud = explorer.get_by_test_id("cloud").bounding_box()
    hints = explorer.locator(".mouse-hints").bounding_box()
    assert hints["y"] >= cloud["y"] + cloud["height"] - 0.5, "the hints bar must not cover the cloud"
