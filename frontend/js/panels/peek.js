// The peek: on a narrow screen the hover panel is a screen below the cloud, so what a tap (or
// the pointer) is on shows over the cloud's corner too: its decoded image, its original and its
// class, and of a data set with a classifier the class the decoded image reads as. The style sheet
// shows it only on narrow screens; closing it ends the inspection.
import { classNames } from "../selectors.js";
import { el } from "./dom.js";
import { fitInBox } from "./image-fit.js";
import { className, pointTitle, readsAs } from "./point-title.js";

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
      title.replaceChildren("Empty space");
      decoded.alt = "Decoded image of the empty-space position";
      showOriginal(null, "empty space", "");
    }
    const read = readsAs(state, info.classRead);
    if (read) title.append(el("span", { className: "peek-reads" }, ...read));
  };

  function showOriginal(source, caption, alt) {
    if (source) original.src = source;
    else original.removeAttribute("src");
    original.alt = source ? alt : "";
    originalCaption.textContent = caption;
  }
}
