// The traversal panel: the current frame large, a slider that scrubs live, play/pause with
// its speed (and the speed reached, when drawing cannot keep it) and a back-and-forth option,
// the number of steps, the path copied as JSON, and a film strip of every frame: click one, or
// Tab to the strip and move with the arrow keys.
import { clampedNumber, copyJson, el, offerChoices } from "./dom.js";
import { fitInBox } from "./image-fit.js";

const SPEEDS_FPS = [5, 10, 15, 30]; // the play speeds offered, within the server's range and with its default
const KEPT_RATE = 0.9; // playback showing fewer than this share of the frames asked says what it reaches

export function createTraversalPanel({ frame, presenterFrame, slider, play, readout, stale, steps, fps, pingPong, strip, exportButtons,
                                       copyPath, playRate },
                                     { onIndex, onPlayToggle, onSteps, onFps, onPingPong }) {
  let range = null; // the steps the server accepts, once its listing is in
  let shownSteps = null;
  let shownPath = null; // the path on screen, for copying
  [frame, presenterFrame].forEach(fitInBox);
  slider.addEventListener("input", () => onIndex(Number(slider.value)));
  copyPath.addEventListener("click", () => copyJson(copyPath, shownPath, `${shownPath.length} positions of the path`));
  play.addEventListener("click", onPlayToggle);
  fps.addEventListener("change", () => onFps(Number(fps.value)));
  pingPong.addEventListener("change", () => onPingPong(pingPong.checked));
  steps.addEventListener("change", () => {
    if (!range) return; // nothing to check it against yet, and no path to build
    // Out of range is clamped; not a number keeps the current count.
    const chosen = clampedNumber(steps, range, Math.round);
    onSteps(chosen);
    steps.value = String(chosen ?? shownSteps);
  });
  strip.addEventListener("click", (event) => {
    const thumb = event.target.closest("[data-index]");
    if (thumb) onIndex(Number(thumb.dataset.index));
  });
  strip.addEventListener("keydown", (event) => {
    const current = Number(strip.querySelector(".current")?.dataset.index ?? 0);
    const last = strip.children.length - 1;
    const moves = { ArrowLeft: current - 1, ArrowUp: current - 1, ArrowRight: current + 1, ArrowDown: current + 1, Home: 0, End: last };
    if (!(event.key in moves)) return;
    event.preventDefault();
    onIndex(Math.max(0, Math.min(last, moves[event.key])));
    strip.querySelector(".current")?.focus();
  });

  return function render(state, previous) {
    const traversal = state.traversal;
    if (state.limits !== previous.limits && state.limits) {
      range = state.limits.steps;
      [steps.min, steps.max] = range.map(String);
      offerChoices(fps, SPEEDS_FPS, state.limits.fps, state.limits.default_fps, (value) => `${value} frames/s`);
    }
    if (state.steps !== null && state.steps !== shownSteps) {
      shownSteps = state.steps;
      steps.value = String(state.steps);
    }
    stale.hidden = !traversal?.stale;
    if (state.playFps !== null) fps.value = String(state.playFps);
    pingPong.checked = state.pingPong;
    if (state.playing !== previous.playing) {
      play.textContent = state.playing ? "❚❚ Pause" : "▶ Play";
      play.setAttribute("aria-label", state.playing ? "Pause" : "Play");
    }
    const slow = state.shownFps !== null && state.shownFps < KEPT_RATE * state.playFps;
    playRate.hidden = !slow;
    if (slow) playRate.textContent = `showing ${state.shownFps} of ${state.playFps} frames/s`;
    const previousTraversal = previous.traversal;
    if (traversal?.images !== previousTraversal?.images) {
      play.disabled = slider.disabled = !traversal;
      for (const button of [...exportButtons, copyPath]) button.disabled = !traversal;
      shownPath = traversal?.path ?? null;
      strip.replaceChildren(...(traversal?.images ?? []).map((image, index) =>
        fitInBox(el("img", { src: image, alt: `step ${index + 1}`, title: `step ${index + 1}`, tabIndex: -1,
                             role: "option", ariaSelected: "false", dataset: { index: String(index) } }))));
      if (traversal) slider.max = String(traversal.images.length - 1);
      else {
        frame.removeAttribute("src");
        presenterFrame.removeAttribute("src");
        readout.textContent = "no path yet";
        slider.removeAttribute("aria-valuetext");
      }
    }
    if (!traversal || (traversal.index === previousTraversal?.index && traversal.images === previousTraversal?.images)) return;
    const { index, images } = traversal;
    slider.value = String(index);
    slider.setAttribute("aria-valuetext", `step ${index + 1} of ${images.length}`);
    frame.src = images[index];
    presenterFrame.src = images[index];
    readout.textContent = `step ${index + 1} / ${images.length}`;
    const focusWasInStrip = strip.contains(document.activeElement);
    for (const old of strip.querySelectorAll(".current")) {
      old.classList.remove("current");
      old.tabIndex = -1;
      old.ariaSelected = "false";
    }
    const thumb = strip.children[index];
    thumb.classList.add("current");
    thumb.tabIndex = 0; // the strip is one Tab stop, at the current frame
    thumb.ariaSelected = "true";
    if (focusWasInStrip) thumb.focus({ preventScroll: true });
    // Keep the current frame in view without scrolling the page itself.
    const left = thumb.offsetLeft;
    if (left < strip.scrollLeft || left + thumb.offsetWidth > strip.scrollLeft + strip.clientWidth) {
      strip.scrollLeft = left - strip.clientWidth / 2 + thumb.offsetWidth / 2;
    }
  };
}
