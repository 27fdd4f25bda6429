// How the points are drawn, and the find box, in the classes panel: "Show images" draws the
// cloud as its images (disabled, with the way to get them, without originals), "Size by
// uncertainty" sizes each point by its posterior's spread; find goes to an image by number
// or to a random member of a class.
export function createImagesToggle({ checkbox, label, progress, uncertainty, find }, { onShow, onUncertainty, onFind }) {
  checkbox.addEventListener("change", () => onShow(checkbox.checked));
  uncertainty.addEventListener("change", () => onUncertainty(uncertainty.checked));
  find.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const problem = onFind(find.value);
    find.setCustomValidity(problem ?? "");
    if (problem) find.reportValidity();
  });
  find.addEventListener("input", () => find.setCustomValidity(""));

  return function render(state, previous) {
    if (state.dataset !== previous.dataset || state.datasets !== previous.datasets) {
      const entry = state.datasets.find((dataset) => dataset.id === state.dataset);
      const available = entry?.originals !== false;
      checkbox.disabled = !available;
      label.title = available
        ? "Draw every point as its original image"
        : "This server has no original images of this data set: run `latent-explorer fetch`, or point LATENT_EXPLORER_DATA at them, and restart";
    }
    checkbox.checked = state.imagesShown;
    uncertainty.checked = state.uncertainty;
    const atlas = state.atlas;
    const loading = state.imagesShown && atlas?.dataset === state.dataset && atlas.loaded !== atlas.total;
    progress.hidden = !loading;
    if (loading) progress.textContent = atlas.total ? `loading images ${atlas.loaded} / ${atlas.total}` : "loading images…";
  };
}
