"""End-to-end: the axes indicator turns with the view; presenter mode and back-and-forth playback."""
import re

from playwright.sync_api import expect

from page_helpers import empty_space

LABEL_PLACES = "() => [...document.querySelectorAll('[data-testid=axes] text')].map(t => [t.textContent, t.getAttribute('x'), t.getAttribute('y')]).sort()"


def test_the_axes_indicator_turns_with_the_view(explorer):
    axes = explorer.get_by_test_id("axes")
    expect(axes.locator("text")).to_have_count(3)
    before = explorer.evaluate(LABEL_PLACES)
    assert [name for name, _, _ in before] == ["x", "y", "z"]
    explorer.evaluate("explorer.orbit(120, 40)")
    explorer.wait_for_function(f"JSON.stringify(({LABEL_PLACES})()) !== {before!r}".replace("'", '"'))


def test_presenter_shows_the_cloud_and_the_frame_large_and_ping_pong_plays_back(explorer):
    for spot in empty_space(explorer, 2):
        explorer.mouse.click(spot["x"], spot["y"])
    explorer.wait_for_function("explorer.state().traversal?.steps === 64")
    explorer.get_by_test_id("presenter").click()
    expect(explorer.locator("aside.sidebar")).to_be_hidden()
    frame = explorer.locator("#presenter-frame")
    expect(frame).to_be_visible()
    cloud = explorer.get_by_test_id("cloud").bounding_box()
    assert cloud["width"] > 1100, "the cloud takes the width of the window"
    assert frame.bounding_box()["width"] >= 250, "the current frame shows large"

    explorer.get_by_test_id("ping-pong").check()
    explorer.locator("#play-fps").select_option("30")
    explorer.get_by_test_id("traversal-slider").fill("60")
    explorer.wait_for_function("explorer.state().traversal.index === 60")
    # Every step shown, recorded in the page as the slider announces it (each step is a task of
    # its own, so none is missed), and playback paused by the page itself the moment it has turned
    # back past 58: a click from here would race playback to step 0, under two seconds away.
    explorer.evaluate("""() => {
      window.shownSteps = [];
      const slider = document.querySelector('[data-testid=traversal-slider]');
      new MutationObserver(() => {
        const { index } = explorer.state().traversal;
        shownSteps.push(index);
        if (shownSteps.includes(63) && index < 58) document.querySelector('[data-testid=play]').click();
      }).observe(slider, { attributeFilter: ['aria-valuetext'] });
    }""")
    explorer.get_by_test_id("play").click()
    # Each step may draw a frame in software, a second or two on a busy machine.
    explorer.wait_for_function("shownSteps.includes(63) && shownSteps[shownSteps.length - 1] < 58", timeout=60_000)
    expect(explorer.get_by_test_id("play")).to_have_text(re.compile("Play"))
    steps = explorer.evaluate("shownSteps")
    assert steps == [61, 62, 63, 62, 61, 60, 59, 58, 57], f"back and forth, step by step, not round to 0: {steps}"
    explorer.get_by_test_id("presenter").click()
    expect(explorer.locator("aside.sidebar")).to_be_visible()
