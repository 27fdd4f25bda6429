"""End-to-end: playback keeps time when frames are slow (and says the rate it reaches); the decoded
grid stays where the pointer rested, not where it swept on its way to the grid's panel."""
import numpy as np
from playwright.sync_api import expect

from latent_explorer.tools.harness import explorer_points_dir
from page_helpers import empty_space, find_pickable_point

# Every animation frame made to take 120 ms, as a slow graphics card's would: at most 8 frames a second.
SLOW_FRAMES = """() => {
  const burn = () => {
    const end = performance.now() + 120;
    while (performance.now() < end);
    requestAnimationFrame(burn);
  };
  requestAnimationFrame(burn);
}"""

# Play from step 0 and, 5 s on (150 steps at 30 frames/s), say how many steps playback has advanced
# (round the loop of 64 and on) against how many the clock says, and whether the frame shown is the step's.
PLAY_FOR_A_WHILE = """() => new Promise((done) => {
  let advanced = 0;
  let last = 0;
  const slider = document.querySelector('[data-testid=traversal-slider]');
  const observer = new MutationObserver(() => {
    const { index } = explorer.state().traversal;
    advanced += (index - last + 64) % 64;
    last = index;
  });
  observer.observe(slider, { attributeFilter: ['aria-valuetext'] });
  const started = performance.now();
  document.querySelector('[data-testid=play]').click();
  setTimeout(() => {
    observer.disconnect();
    const { index } = explorer.state().traversal;
    const frame = document.querySelector('[data-testid=traversal-frame]').src;
    done({ advanced, due: Math.floor((performance.now() - started) * 30 / 1000),
           frameIsTheStep: frame === document.querySelector(`[data-testid=film-strip] [data-index="${index}"]`).src });
  }, 5000);
})"""


def test_playback_keeps_time_when_frames_are_slow_and_says_the_rate_it_reaches(explorer):
    for spot in empty_space(explorer, 2):
        explorer.mouse.click(spot["x"], spot["y"])
    explorer.wait_for_function("explorer.state().traversal?.steps === 64")
    explorer.locator("#play-fps").select_option("30")
    explorer.evaluate(SLOW_FRAMES)
    where = explorer.evaluate(PLAY_FOR_A_WHILE)
    # The last frame shown is a frame old: 120 ms (4 steps) here, and more on a busy machine.
    assert 0 <= where["due"] - where["advanced"] <= 20, f"steps advance on the clock, skipping: {where}"
    assert where["frameIsTheStep"], "the decoded frame is the step's, never an older one"

    explorer.wait_for_function("explorer.state().traversal.shownFps !== null")
    # What the page says is what it measured, in one look (both change every second).
    said = explorer.evaluate("""() => ({ shownFps: explorer.state().traversal.shownFps,
                                          text: document.querySelector('[data-testid=play-rate]').textContent,
                                          hidden: document.querySelector('[data-testid=play-rate]').hidden })""")
    assert 2 <= said["shownFps"] <= 9, f"about 8 frames a second at most: {said}"
    assert not said["hidden"] and f"showing {said['shownFps']} of 30 frames/s" in said["text"], said
    explorer.get_by_test_id("play").click()
    explorer.wait_for_function("explorer.state().traversal.shownFps === null")
    expect(explorer.get_by_test_id("play-rate")).to_be_hidden()


def latent(index):
    return np.load(explorer_points_dir() / "mnist" / "latents.npy")[index]


def test_a_quick_sweep_to_the_grid_panel_leaves_the_grid_centred_where_the_pointer_rested(explorer):
    explorer.get_by_test_id("grid-open").check()
    image = explorer.get_by_test_id("grid-image")
    image.scroll_into_view_if_needed()
    point = find_pickable_point(explorer)
    explorer.mouse.move(point["x"], point["y"])
    explorer.wait_for_function("index => explorer.state().hovered === index", arg=point["index"])
    explorer.wait_for_function("([x, y, z]) => { const [cx, cy, cz] = explorer.state().grid.center;"
                               " return Math.abs(cx - x) + Math.abs(cy - y) + Math.abs(cz - z) < 1e-5; }",
                               arg=latent(point["index"]).tolist())

    box = image.bounding_box()
    explorer.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=25)
    explorer.wait_for_function("() => explorer.state().hovered === null")
    explorer.wait_for_timeout(1000)  # four times as long as a rest: what the sweep crossed never rested
    assert np.allclose(explorer.evaluate("explorer.state().grid.center"), latent(point["index"]), atol=1e-5)

    # So the middle cell, clicked without pinning, is the point itself.
    explorer.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    explorer.wait_for_function("() => explorer.state().hovered === null")
    assert np.allclose(explorer.evaluate("explorer.state().grid.center"), latent(point["index"]), atol=1e-5)
    expect(explorer.get_by_test_id("grid-hint")).to_contain_text("Pin here")
