// The nearest real images of the hovered position: a strip of originals (or, without the
// raw data, reconstructions, labelled so), each with its class colour and distance.
// Pointing at one lights it in the cloud; clicking one flies the camera to it.
import { el } from "./dom.js";
import { fitInBox } from "./image-fit.js";
import { classNames, classPalette } from "../selectors.js";

export function createNeighborsPanel({ strip, caption }, { onLight, onChoose }) {
  strip.addEventListener("pointerover", (event) => {
    const item = event.target.closest("[data-index]");
    onLight(item ? Number(item.dataset.index) : null);
  });
  strip.addEventListener("pointerleave", () => onLight(null));
  strip.addEventListener("focusin", (event) => onLight(Number(event.target.closest("[data-index]")?.dataset.index ?? null)));
  strip.addEventListener("focusout", () => onLight(null));
  strip.addEventListener("click", (event) => {
    const item = event.target.closest("[data-index]");
    if (item) onChoose(Number(item.dataset.index));
  });

  return function render(state, previous) {
    if (state.neighbors === previous.neighbors && classNames(state) === classNames(previous)) return;
    const neighbors = state.neighbors;
    if (!neighbors) {
      strip.replaceChildren();
      caption.textContent = "The nearest real images of what you point at appear here.";
      return;
    }
    const names = classNames(state);
    const colors = classPalette(state);
    const originals = neighbors.imageKind === "original";
    caption.textContent = originals
      ? "Nearest real images, nearest first"
      : "Reconstructions of the nearest data points (no originals on this server)"; // at most two lines: they are reserved
    strip.replaceChildren(...neighbors.items.map((item) => el("button", {
      type: "button", className: "neighbor", title: `#${item.index} · class ${names[item.label]} · distance ${item.distance.toFixed(2)}`,
      ariaLabel: `Go to image #${item.index}, class ${names[item.label]}, distance ${item.distance.toFixed(2)}`,
      style: { borderColor: colors[item.label] }, dataset: { testid: "neighbor", index: String(item.index) },
    }, fitInBox(el("img", { src: item.image, alt: "", width: 56, height: 56 })),
       el("span", { className: "neighbor-distance", textContent: item.distance.toFixed(2) }))));
  };
}
