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
    # Present mode keeps only play and the slider: the options are chosen before.
    explorer.get_by_test_id("ping-pong").check()
    explorer.locator("#play-fps").select_option("30")
    explorer.get_by_test_id("presenter").click()
    expect(explorer.locator("aside.sidebar")).to_be_hidden()
    frame = explorer.locator("#presenter-frame")
    expect(frame).to_be_visible()
    cloud = explorer.get_by_test_id("cloud").bounding_box()
    assert cloud["width"] > 1100, "the cloud takes the width of the window"
    assert frame.bounding_box()["width"] >= 250, "the current frame shows large"

    explorer.get_by_test_id("traversal-slider").fill("40")
    explorer.wait_for_function("explorer.state().traversal.index === 40")
    # Every step shown, recorded in the page as the slider announces it, and playback paused by the
    # page itself the moment it has turned back below 50: a click from here would race playback to
    # step 0. Playback keeps time, so a slow frame skips steps, the turn at 63 among them.
    explorer.evaluate("""() => {
      window.shownSteps = [];
      const slider = document.querySelector('[data-testid=traversal-slider]');
      new MutationObserver(() => {
        const { index } = explorer.state().traversal;
        if (shownSteps.length > 0 && index < shownSteps[shownSteps.length - 1]) window.hasTurned = true;
        shownSteps.push(index);
        if (window.hasTurned && index < 50) document.querySelector('[data-testid=play]').click();
      }).observe(slider, { attributeFilter: ['aria-valuetext'] });
    }""")
    explorer.get_by_test_id("play").click()
    explorer.wait_for_function("window.hasTurned && shownSteps[shownSteps.length - 1] < 50", timeout=60_000)
    expect(explorer.get_by_test_id("play")).to_have_text(re.compile("Play"))
    steps = explorer.evaluate("shownSteps")
    turn = steps.index(max(steps))
    rising, falling = steps[:turn + 1], steps[turn:]
    assert rising == sorted(set(rising)) and falling == sorted(set(falling), reverse=True), f"up, then back: {steps}"
    assert rising[0] > 40 and max(steps) >= 52 and falling[-1] >= 30, f"back and forth at the end, not round to 0: {steps}"
    explorer.get_by_test_id("presenter").click()
    expect(explorer.locator("aside.sidebar")).to_be_visible()
