// The hover panel: what is under the cursor — a data point (index, class, split, latent,
// its decoded latent beside its original image) or an empty-space position and its
// decoding. Both image places are always there, so the sidebar never jumps.
import { el, formatPoint } from "./dom.js";
import { classNames, classPalette } from "../selectors.js";

export function createHoverPanel({ panel, title, details, decoded, original, standIn, originalCaption, stale }) {
  return function render(state, previous) {
    if (state.hoverInfo === previous.hoverInfo && classNames(state) === classNames(previous)) return;
    const info = state.hoverInfo;
    stale.hidden = !info?.stale;
    panel.classList.toggle("stale-info", Boolean(info?.stale));
    if (!info) {
      title.textContent = "Point at the cloud";
      details.replaceChildren();
      decoded.removeAttribute("src");
      decoded.alt = "Nothing decoded yet";
      showOriginal(null, "original", "No original image shown");
      return;
    }
    decoded.src = info.image;
    if (info.kind === "point") {
      const name = classNames(state)[info.label] ?? String(info.label);
      const swatch = el("span", { className: "swatch", style: { background: classPalette(state)[info.label] } });
      title.replaceChildren(swatch, `#${info.index} · class ${name}`);
      details.replaceChildren(...row("split", info.split), ...row("latent", formatPoint(info.latent)));
      decoded.alt = `Decoded image of data point #${info.index}, class ${name}`;
      if (info.original) showOriginal(info.original, "original", `Original image #${info.index}, class ${name}`);
      else showStandIn(info.image, `Reconstruction of #${info.index}, class ${name}: this server has no original images`);
    } else {
      title.textContent = "Empty space";
      details.replaceChildren(...row("latent", formatPoint(info.latent)), ...row("split", "—"));
      decoded.alt = `Decoded image of the empty-space position ${formatPoint(info.latent)}`;
      showOriginal(null, "empty space", "Empty space has no original image");
    }
  };

  function showOriginal(source, caption, alt) {
    if (source) original.src = source;
    else original.removeAttribute("src");
    original.alt = alt;
    original.hidden = false;
    standIn.hidden = true;
    originalCaption.textContent = caption;
  }

  /** Without the raw data the reconstruction stands in for the original, labelled as such. */
  function showStandIn(source, alt) {
    standIn.src = source;
    standIn.alt = alt;
    standIn.hidden = false;
    original.hidden = true;
    originalCaption.textContent = "reconstruction (no original)";
  }
}

function row(term, value) {
  return [el("dt", { textContent: term }), el("dd", { textContent: value })];
}
