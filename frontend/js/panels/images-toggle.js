// How the points are drawn, and the find box, in the classes panel: "Show images" draws the
// cloud as its images (disabled without originals, the reason and the way to get them shown
// under it, not only in a tooltip a finger cannot open), with a progress bar while the atlases
// load; "Size by uncertainty" sizes each point by its posterior's spread (disabled for a model
// added without its points' spreads, the reason said under it as for the images); find goes to an
// image by number or to a random member of a class, and says what it did next to the box.
import { el, sayNextTo } from "./dom.js";

export function createImagesToggle({ checkbox, label, progress, missing, uncertainty, find }, { onShow, onUncertainty, onFind }) {
  const spreadless = el("p", { className: "images-missing", hidden: true, dataset: { testid: "stds-missing" } });
  missing.after(spreadless);
  let spreads = true; // whether the data set on screen has its points' spreads
  checkbox.addEventListener("change", () => onShow(checkbox.checked));
  uncertainty.addEventListener("change", () => onUncertainty(uncertainty.checked));
  find.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const answer = onFind(find.value);
    if (!answer) return;
    find.setCustomValidity(answer.problem ? answer.said : "");
    sayNextTo(find, answer.said);
  });
  find.addEventListener("input", () => find.setCustomValidity(""));

  return function render(state, previous) {
    if (state.dataset !== previous.dataset || state.datasets !== previous.datasets) {
      const entry = state.datasets.find((dataset) => dataset.id === state.dataset);
      const available = entry?.originals !== false;
      checkbox.disabled = !available;
      const why = available ? "" : `Show images needs the originals: ${entry.originals_missing ?? "latent-explorer fetch downloads them"}.`;
      label.title = available ? "Draw every point as its original image" : why;
      missing.hidden = available;
      missing.textContent = why;
      spreads = entry?.stds !== false;
      uncertainty.disabled = !spreads;
      spreadless.hidden = spreads;
      spreadless.textContent = spreads ? "" : `Size by uncertainty needs each point's posterior spread, and ${entry.title} was added without `
        + "it: add it again with \"latent-explorer add ... --stds stds.npy\".";
    }
    checkbox.checked = state.imagesShown;
    uncertainty.checked = state.uncertainty && spreads;
    const atlas = state.atlas;
    const loading = state.imagesShown && atlas?.dataset === state.dataset && atlas.loaded !== atlas.total;
    progress.hidden = !loading;
    if (!loading) return;
    // Without a total yet the bar is indeterminate.
    if (atlas.total) {
      progress.max = atlas.total;
      progress.value = atlas.loaded;
      progress.setAttribute("aria-valuetext", `images ${atlas.loaded} of ${atlas.total} loaded`);
    } else progress.removeAttribute("value");
  };
}
