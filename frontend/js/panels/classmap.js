// The class map panel: whether the slice is shown, across which axis (or facing you) and where,
// what colours it (the class the classifier reads in what the decoder draws, or the densest class
// of the data), and the map's summary from the listing: the share of the lattice each class takes,
// and the cells where the decoder and the data disagree, which the slice can show alone. A data
// set without a map has the panel switched off, the reason and the command that makes one under it.
import { el } from "./dom.js";
import { cellCentre, layerCounts } from "../classmap.js";
import { classNames, classPalette, classSlice, datasetEntry } from "../selectors.js";

const AXIS_NAMES = { x: "across x", y: "across y", z: "across z", view: "facing you" };
const MODE_NAMES = { decoder: "what the decoder draws", data: "where the data is" };
const count = (value) => value.toLocaleString("en");
const percent = (share) => `${(100 * share).toFixed(1)}%`;

export function createClassMapPanel(
  { open, missing, body, axis, position, mode, readout, dim, bar, shares, sharesCaption, disagreement, disagreeing },
  { onOpen, onAxis, onPosition, onMode, onDisagreeing, onDim },
) {
  axis.replaceChildren(...Object.entries(AXIS_NAMES).map(([value, name]) => new Option(name, value)));
  mode.replaceChildren(...Object.entries(MODE_NAMES).map(([value, name]) => new Option(name, value)));
  open.addEventListener("change", () => onOpen(open.checked));
  axis.addEventListener("change", () => onAxis(axis.value));
  mode.addEventListener("change", () => onMode(mode.value));
  position.addEventListener("input", () => onPosition(Number(position.value)));
  disagreeing.addEventListener("change", () => onDisagreeing(disagreeing.checked));
  dim.addEventListener("change", () => onDim(dim.checked));
  let readSlice = null; // the slice the readout describes

  /** The share of the lattice each class takes in the shown mode: a bar of the classes' colours, and each class's share. */
  function showShares(state, map, shown) {
    const names = classNames(state);
    const colors = classPalette(state);
    const values = shown === "data" ? map.data_shares : map.decoder_shares;
    sharesCaption.textContent = shown === "data"
      ? `The densest class, of the ${count(map.cells_with_data)} cells that hold data:`
      : `The class read, of all ${count(map.size ** 3)} cells of the lattice:`;
    bar.replaceChildren(...values.map((share, label) => el("span", { title: `${names[label]}: ${percent(share)}`,
                                                                     style: { flexGrow: String(share), background: colors[label] } })));
    shares.replaceChildren(...values.map((share, label) => el("li", { dataset: { class: String(label) } },
      el("span", { className: "swatch", style: { background: colors[label] } }),
      el("span", { className: "class-name", textContent: names[label] }),
      el("span", { className: "class-count", textContent: percent(share) }))));
  }

  /** Where the slice lies, and of an axis slice how many of its cells hold data and how many of those disagree. */
  function showReadout(state) {
    const { classmap, classLattice } = state;
    const slice = classSlice(state);
    if (!slice) {
      readSlice = null;
      readout.textContent = "Loading the map…";
      return;
    }
    if (slice === readSlice) return;
    readSlice = slice;
    const { lattice, texels } = classLattice;
    if (slice.axis < 0) {
      const offset = (classmap.position - 0.5) * Math.hypot(...lattice.high.map((high, i) => high - lattice.low[i]));
      readout.textContent = Math.abs(offset) < 1e-9 ? "Through the focus, facing you"
        : `${Math.abs(offset).toFixed(2)} ${offset > 0 ? "beyond" : "before"} the focus, facing you`;
    } else {
      const cell = [0, 0, 0];
      cell[slice.axis] = slice.layer;
      const { withData, disagreeing: differ } = layerCounts(texels, lattice, slice.axis, slice.layer);
      readout.textContent = `${"xyz"[slice.axis]} = ${cellCentre(lattice, cell)[slice.axis].toFixed(2)}, layer ${slice.layer + 1} of `
        + `${lattice.size}: ${count(withData)} cells hold data, ${count(differ)} disagree`;
    }
  }

  return function render(state, previous) {
    const entry = datasetEntry(state);
    const map = entry?.classmap ?? null;
    if (entry !== datasetEntry(previous)) {
      open.disabled = !map;
      missing.hidden = !entry || Boolean(map);
      missing.textContent = map || !entry ? "" : `No class map here: ${entry.classmap_missing}`;
      if (map) {
        disagreement.textContent = `The decoder and the data disagree in ${count(map.disagreeing_cells)} of the `
          + `${count(map.cells_with_data)} cells that hold data (${percent(map.disagreeing_share)}): the class read there is not the densest.`;
      }
    }
    const shown = state.classmap;
    open.checked = Boolean(shown);
    body.hidden = !shown;
    if (!shown) return;
    axis.value = shown.axis;
    mode.value = shown.mode;
    position.value = String(shown.position);
    position.setAttribute("aria-valuetext", `${Math.round(shown.position * 100)}% across the map`);
    disagreeing.checked = shown.disagreeing;
    dim.checked = shown.dim;
    if (entry !== datasetEntry(previous) || shown.mode !== previous.classmap?.mode || !previous.classmap) showShares(state, map, shown.mode);
    showReadout(state);
    const lit = new Set(state.highlighted);
    for (const item of shares.children) item.classList.toggle("dimmed", lit.size > 0 && !lit.has(Number(item.dataset.class)));
  };
}
