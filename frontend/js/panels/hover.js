// The hover panel: what is under the cursor — a data point (index, class, split, latent,
// its decoded latent and original image) or an empty-space position and its decoding.
import { el, formatPoint } from "./dom.js";
import { classNames, classPalette } from "../selectors.js";

export function createHoverPanel({ title, details, decoded, originalFigure, original }) {
  return function render(state, previous) {
    if (state.hoverInfo === previous.hoverInfo && classNames(state) === classNames(previous)) return;
    const info = state.hoverInfo;
    if (!info) {
      title.textContent = "Point at the cloud";
      details.replaceChildren();
      decoded.removeAttribute("src");
      originalFigure.hidden = true;
      return;
    }
    decoded.src = info.image;
    if (info.kind === "point") {
      const swatch = el("span", { className: "swatch", style: { background: classPalette(state)[info.label] } });
      title.replaceChildren(swatch, `#${info.index} · ${classNames(state)[info.label] ?? info.label}`);
      details.replaceChildren(...row("split", info.split), ...row("latent", formatPoint(info.latent)));
      originalFigure.hidden = !info.original;
      if (info.original) original.src = info.original;
    } else {
      title.textContent = "Empty space";
      details.replaceChildren(...row("latent", formatPoint(info.latent)));
      originalFigure.hidden = true;
    }
  };
}

function row(term, value) {
  return [el("dt", { textContent: term }), el("dd", { textContent: value })];
}
