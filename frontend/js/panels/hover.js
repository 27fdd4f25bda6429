// The hover panel: what is under the cursor — a data point (index, class, split, latent and
// its posterior's σ, its decoded latent beside its original image) or an empty-space position
// and its decoding; of a data set with a classifier, the class its decoded image reads as. "More
// digits" shows the numbers to copy out. Both image places and every row are always there, so the
// sidebar never jumps.
import { el, formatPoint } from "./dom.js";
import { fitInBox } from "./image-fit.js";
import { className, pointTitle, readsAs } from "./point-title.js";
import { classNames, datasetEntry } from "../selectors.js";

const SHORT_DIGITS = 2;
const EXACT_DIGITS = 6; // a float32 latent holds about 7 significant digits

export function createHoverPanel({ panel, title, reads, details, digits, decoded, original, standIn, originalCaption, stale }) {
  let exact = false; // "more digits" pressed
  let shownInfo = null; // what the details show, to show again at the other precision
  let dims = 3;         // the latent space's: another's positions are the view's, not the latent's own numbers
  [decoded, original, standIn].forEach(fitInBox);
  digits.addEventListener("click", () => {
    exact = !exact;
    digits.setAttribute("aria-pressed", String(exact));
    digits.textContent = exact ? "Fewer digits" : "More digits";
    details.classList.toggle("exact", exact);
    showDetails(shownInfo);
  });

  return function render(state, previous) {
    if (state.hoverInfo === previous.hoverInfo && classNames(state) === classNames(previous)) return;
    dims = state.latentView?.dims ?? 3;
    const info = state.hoverInfo;
    shownInfo = info;
    stale.hidden = !info?.stale;
    panel.classList.toggle("stale-info", Boolean(info?.stale));
    showDetails(info);
    // Reserved (empty until a hover answers) wherever there is a classifier.
    reads.hidden = !datasetEntry(state)?.classifier;
    reads.replaceChildren(...(readsAs(state, info?.classRead) ?? []));
    if (!info) {
      title.textContent = "Point at the cloud";
      decoded.removeAttribute("src");
      decoded.alt = "Nothing decoded yet";
      showOriginal(null, "original", "No original image shown");
      return;
    }
    decoded.src = info.image;
    if (info.kind === "point") {
      const name = className(state, info.label);
      title.replaceChildren(...pointTitle(state, info));
      decoded.alt = `Decoded image of data point #${info.index}, class ${name}`;
      if (info.original) showOriginal(info.original, "original", `Original image #${info.index}, class ${name}`);
      else showStandIn(info.image, `The same decoded image of #${info.index}, class ${name}, again: this server has no original images`);
    } else {
      title.textContent = "Empty space";
      decoded.alt = `Decoded image of the empty-space position ${formatPoint(info.latent)}`;
      showOriginal(null, "empty space", "Empty space has no original image");
    }
  };

  /** Split, latent and σ: three rows always (dashes when there is nothing), at the chosen precision. */
  function showDetails(info) {
    const places = exact ? EXACT_DIGITS : SHORT_DIGITS;
    const point = info?.kind === "point";
    digits.disabled = !info;
    details.replaceChildren(
      ...row("split", point ? info.split : "—"),
      ...(dims === 3 ? row("latent", info ? formatPoint(info.latent, places) : "—")
        : row("view", info ? formatPoint(info.latent, places) : "—", `Its place in the view: the ${dims}-D latent along the view's x, y and z`)),
      ...row("σ", point && info.std ? formatPoint(info.std, places) : "—", "The posterior's standard deviation along x, y and z"),
    );
  }

  function showOriginal(source, caption, alt) {
    if (source) original.src = source;
    else original.removeAttribute("src");
    original.alt = alt;
    original.hidden = false;
    standIn.hidden = true;
    originalCaption.textContent = caption;
  }

  /** Without the raw data the reconstruction stands in for the original: the caption says it is the same image. */
  function showStandIn(source, alt) {
    standIn.src = source;
    standIn.alt = alt;
    standIn.hidden = false;
    original.hidden = true;
    originalCaption.textContent = "same as decoded: no original here";
  }
}

function row(term, value, description = "") {
  return [el("dt", { textContent: term, title: description }), el("dd", { textContent: value })];
}
