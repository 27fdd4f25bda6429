// Draw and encode needs the model's encoder. A model added without one can only decode: the pad is
// switched off, and a note under it says why and how to give the model its encoder. The pad takes the
// model's image shape.
import { datasetEntry } from "../selectors.js";
import { el } from "./dom.js";

export function createDrawAccess({ pad, after }) {
  const note = el("p", { className: "images-missing", hidden: true, dataset: { testid: "encoder-missing" } });
  after.after(note);
  return function render(state, previous) {
    if (state.dataset === previous.dataset && state.datasets === previous.datasets) return;
    const entry = datasetEntry(state);
    const encodes = entry?.encoder !== false;
    if (entry?.image_shape) pad.setImageShape(entry.image_shape);
    pad.setEnabled(encodes);
    note.hidden = encodes;
    note.textContent = encodes ? "" : `${entry.title} was added without an encoder, so drawings cannot be encoded: add it again `
      + `with "latent-explorer add ... --encoder encoder.onnx".`;
  };
}
