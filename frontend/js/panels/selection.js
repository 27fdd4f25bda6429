// The selection panel: the mode's toggle (in the top bar) and the shape it draws, how many points are selected and of
// which classes, a gallery of the first of them (originals, or reconstructions where the data set has none; a click
// flies there, as the neighbours strip does) with how many more there are, "Show only the selection", Clear, and the
// exports: CSV, JSON and the indices copied.
import { copyJson, el } from "./dom.js";
import { fitInBox } from "./image-fit.js";
import { GALLERY_MOST } from "../controllers/selection.js";
import { classNames, classPalette } from "../selectors.js";

const plural = (count, one, many = `${one}s`) => `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

export function createSelectionPanel({ toggle, shapes, count, classes, only, clear, caption, gallery, more, csv, json, copy, exportGroup },
                                     { onToggle, onShape, onOnly, onClear, onChoose, onExport }) {
  let shownSelection = [];
  toggle.addEventListener("click", onToggle);
  shapes.forEach((radio) => radio.addEventListener("change", () => radio.checked && onShape(radio.value)));
  only.addEventListener("change", () => onOnly(only.checked));
  clear.addEventListener("click", onClear);
  csv.addEventListener("click", () => onExport("csv"));
  json.addEventListener("click", () => onExport("json"));
  copy.addEventListener("click", () => copyJson(copy, shownSelection, `${plural(shownSelection.length, "index", "indices")}`));
  gallery.addEventListener("click", (event) => {
    const item = event.target.closest("[data-index]");
    if (item) onChoose(Number(item.dataset.index));
  });

  return function render(state, previous) {
    if (state.selecting !== previous.selecting) {
      toggle.setAttribute("aria-pressed", String(state.selecting));
      toggle.classList.toggle("on", state.selecting);
    }
    if (state.selectShape !== previous.selectShape) shapes.forEach((radio) => { radio.checked = radio.value === state.selectShape; });
    const names = classNames(state);
    if (state.selection === previous.selection && state.selectionOnly === previous.selectionOnly
        && state.selectionImages === previous.selectionImages && names === classNames(previous)) return;
    const { selection } = state;
    shownSelection = selection;
    const empty = selection.length === 0;
    count.textContent = empty ? "No points selected" : `${plural(selection.length, "point")} selected`;
    only.checked = state.selectionOnly && !empty;
    only.disabled = empty;
    clear.disabled = empty;
    exportGroup.hidden = empty;
    const colors = classPalette(state);
    const perClass = new Array(names.length).fill(0);
    for (const index of selection) perClass[state.points.labels[index]] += 1;
    classes.replaceChildren(...perClass.flatMap((number, label) => (number === 0 ? [] : [el("li", {
      className: "selection-class", title: `${plural(number, "point")} of class ${names[label]}`,
    }, el("span", { className: "swatch", style: { background: colors[label] } }), `${names[label]}: ${number.toLocaleString("en")}`)])));
    const images = state.selectionImages?.dataset === state.dataset ? state.selectionImages : null;
    const kind = images?.kind === "reconstruction" ? "reconstruction" : "original";
    gallery.setAttribute("aria-label", `The selected points' ${kind}s, first ${Math.min(GALLERY_MOST, selection.length)}`);
    gallery.replaceChildren(...selection.slice(0, GALLERY_MOST).map((index) => {
      const label = state.points.labels[index];
      const image = images?.images.get(index);
      return el("button", {
        type: "button", className: "neighbor selection-thumb", title: `#${index} · class ${names[label]}`,
        ariaLabel: `Go to image #${index}, class ${names[label]}`, style: { borderColor: colors[label] },
        dataset: { testid: "selection-thumb", index: String(index) },
      }, image ? fitInBox(el("img", { src: image, alt: "", width: 40, height: 40 })) : el("span", { className: "thumb-number", textContent: `#${index}` }));
    }));
    const rest = selection.length - GALLERY_MOST;
    more.hidden = rest <= 0;
    more.textContent = rest > 0 ? `and ${rest.toLocaleString("en")} more` : "";
    caption.hidden = empty;
    caption.textContent = kind === "reconstruction" ? "Reconstructions (no originals here); click one to go there" : "Click an image to go there";
  };
}
