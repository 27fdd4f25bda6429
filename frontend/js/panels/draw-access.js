// Draw and encode needs the model's encoder. A model added without one can only decode: the pad is
// switched off, and a note under it says why and how to give the model its encoder.
import { datasetEntry } from "../selectors.js";
import { el } from "./dom.js";

export function createDrawAccess({ pad, after }) {
  const note = el("p", { className: "images-missing", hidden: true, dataset: { testid: "encoder-missing" } });
  after.after(note);
  return function render(state, previous) {
    if (state.dataset === previous.dataset && state.datasets === previous.datasets) return;
    const entry = datasetEntry(state);
    const encodes = entry?.encoder !== false;
    pad.setEnabled(encodes);
    note.hidden = encodes;
    note.textContent = encodes ? "" : `${entry.title} was added without an encoder, so drawings cannot be encoded: add it again `
      + `with "latent-explorer add ... --encoder encoder.onnx".`;
  };
}
