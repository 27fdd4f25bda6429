// The traversal panel: the current frame large, a slider that scrubs live, play/pause,
// the number of steps, and a film strip of every frame (click one to jump there).
import { el } from "./dom.js";

const MIN_STEPS = 2;      // the traversal endpoint's limits
const MAX_STEPS = 1000;

export function createTraversalPanel({ frame, slider, play, readout, steps, strip }, { onIndex, onPlayToggle, onSteps }) {
  slider.addEventListener("input", () => onIndex(Number(slider.value)));
  play.addEventListener("click", onPlayToggle);
  steps.addEventListener("change", () => {
    // Out of range is clamped; not a number keeps the current count (render writes it back).
    const value = Math.round(Number(steps.value));
    onSteps(steps.value.trim() !== "" && Number.isFinite(value) ? Math.min(MAX_STEPS, Math.max(MIN_STEPS, value)) : null);
  });
  strip.addEventListener("click", (event) => {
    const thumb = event.target.closest("[data-index]");
    if (thumb) onIndex(Number(thumb.dataset.index));
  });

  return function render(state, previous) {
    const traversal = state.traversal;
    if (steps.value !== String(state.steps)) steps.value = String(state.steps);
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
