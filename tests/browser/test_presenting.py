"""End-to-end: the axes indicator turns with the view; presenter mode and back-and-forth playback."""
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
    # Every step shown, recorded in the page: a 33 ms frame is easily missed by polling from here.
    explorer.evaluate("""() => {
      window.shownSteps = [];
      setInterval(() => {
        const index = explorer.state().traversal.index;
        if (shownSteps[shownSteps.length - 1] !== index) shownSteps.push(index);
      }, 3);
    }""")
    explorer.get_by_test_id("play").click()
    explorer.wait_for_function("shownSteps.includes(63) && shownSteps[shownSteps.length - 1] < 58")
    explorer.get_by_test_id("play").click()
    steps = explorer.evaluate("shownSteps")
    turn = steps.index(63)
    assert steps[turn + 1] == 62 and 0 not in steps, f"back and forth, not round to 0: {steps}"
    explorer.get_by_test_id("presenter").click()
    expect(explorer.locator("aside.sidebar")).to_be_visible()
