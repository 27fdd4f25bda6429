// The traversal panel: the current frame large, a slider that scrubs live, play/pause,
// the number of steps, and a film strip of every frame (click one to jump there).
import { el } from "./dom.js";

export function createTraversalPanel({ frame, slider, play, readout, steps, strip }, { onIndex, onPlayToggle, onSteps }) {
  slider.addEventListener("input", () => onIndex(Number(slider.value)));
  play.addEventListener("click", onPlayToggle);
  let range = [2, 1000]; // the server's limits, once known
  let shownSteps = null;
  steps.addEventListener("change", () => {
    // Out of range is clamped; not a number keeps the current count.
    const value = Math.round(Number(steps.value));
    const chosen = steps.value.trim() !== "" && Number.isFinite(value) ? Math.min(range[1], Math.max(range[0], value)) : null;
    onSteps(chosen);
    steps.value = String(chosen ?? shownSteps);
  });
  strip.addEventListener("click", (event) => {
    const thumb = event.target.closest("[data-index]");
    if (thumb) onIndex(Number(thumb.dataset.index));
  });

  return function render(state, previous) {
    const traversal = state.traversal;
    if (state.limits !== previous.limits && state.limits) {
      range = state.limits.steps;
      [steps.min, steps.max] = range.map(String);
    }
    if (state.steps !== null && state.steps !== shownSteps) {
      shownSteps = state.steps;
      steps.value = String(state.steps);
    }
    if (state.playing !== previous.playing) {
      play.textContent = state.playing ? "❚❚ Pause" : "▶ Play";
      play.setAttribute("aria-label", state.playing ? "Pause" : "Play");
    }
    const previousTraversal = previous.traversal;
    if (traversal?.images !== previousTraversal?.images) {
      play.disabled = slider.disabled = !traversal;
      strip.replaceChildren(...(traversal?.images ?? []).map((image, index) =>
        el("img", { src: image, alt: `step ${index + 1}`, title: `step ${index + 1}`, dataset: { index: String(index) } })));
      if (traversal) slider.max = String(traversal.images.length - 1);
      else {
        frame.removeAttribute("src");
        readout.textContent = "no path yet";
      }
    }
    if (!traversal || (traversal.index === previousTraversal?.index && traversal.images === previousTraversal?.images)) return;
    const { index, images } = traversal;
    slider.value = String(index);
    frame.src = images[index];
    readout.textContent = `step ${index + 1} / ${images.length}`;
    strip.querySelector(".current")?.classList.remove("current");
    const thumb = strip.children[index];
    thumb.classList.add("current");
    // Keep the current frame in view without scrolling the page itself.
    const left = thumb.offsetLeft;
    if (left < strip.scrollLeft || left + thumb.offsetWidth > strip.scrollLeft + strip.clientWidth) {
      strip.scrollLeft = left - strip.clientWidth / 2 + thumb.offsetWidth / 2;
    }
  };
}
