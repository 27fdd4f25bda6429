// The peek: on a narrow screen the hover panel is a screen below the cloud, so what a tap (or
// the pointer) is on shows over the cloud's corner too: its decoded image, its original and its
// class. The style sheet shows it only on narrow screens; closing it ends the inspection.
import { classNames } from "../selectors.js";
import { fitInBox } from "./image-fit.js";
import { className, pointTitle } from "./point-title.js";

export function createPeek({ panel, decoded, original, originalCaption, title, close }, { onClose }) {
  let shown = { info: null, names: null }; // what the peek shows: it is not filled in while hidden
  [decoded, original].forEach(fitInBox);
  close.addEventListener("click", onClose);

  return function render(state) {
    const info = state.hoverInfo;
    const inspecting = state.hovered !== null || state.cursor !== null;
    panel.hidden = !info || !inspecting || state.presenting;
    if (panel.hidden || (info === shown.info && classNames(state) === shown.names)) return;
    shown = { info, names: classNames(state) };
    decoded.src = info.image;
    if (info.kind === "point") {
      const name = className(state, info.label);
      title.replaceChildren(...pointTitle(state, info));
      decoded.alt = `Decoded image of data point #${info.index}, class ${name}`;
      showOriginal(info.original, info.original ? "original" : "no original", `Original image #${info.index}, class ${name}`);
    } else {
      title.textContent = "Empty space";
      decoded.alt = "Decoded image of the empty-space position";
      showOriginal(null, "empty space", "");
    }
  };

  function showOriginal(source, caption, alt) {
    if (source) original.src = source;
    else original.removeAttribute("src");
    original.alt = source ? alt : "";
    originalCaption.textContent = caption;
  }
}
