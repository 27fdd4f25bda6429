// The top bar: the data-set selector, the loading note, the model's summary line (with, for a latent
// space that is not 3-D, how the cloud shows it) and the choice of that view (view-choice.js).
import { datasetEntry } from "../selectors.js";
import { createViewChoice, viewSummary } from "./view-choice.js";

const BROWSING_KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"];

export function createHeader({ select, loading, summary }, { onSelect, onView }) {
  const renderViewChoice = createViewChoice(summary, { onView });
  // Arrow keys on a closed select change its value at once; a switch clears the path, so
  // a value browsed with the keys is taken only on Enter or when focus leaves (WCAG 3.2.2).
  let browsing = false;
  let shown = null; // the data set on screen
  const commit = () => {
    browsing = false;
    if (select.value !== shown) onSelect(select.value);
  };
  select.addEventListener("keydown", (event) => {
    if (BROWSING_KEYS.includes(event.key)) browsing = true;
    else if (event.key === "Enter" && browsing) commit();
  });
  select.addEventListener("change", () => {
    if (!browsing) commit();
  });
  select.addEventListener("blur", () => {
    if (browsing) commit();
  });

  return function render(state, previous) {
    shown = state.dataset;
    if (state.datasets !== previous.datasets) {
      select.replaceChildren(...state.datasets.map((entry) => new Option(entry.title, entry.id)));
    }
    if (state.dataset && select.value !== state.dataset && !state.loading) select.value = state.dataset;
    select.disabled = state.datasets.length < 2;
    loading.hidden = !state.loading;
    if (state.dataset !== previous.dataset || state.points !== previous.points || state.latentView !== previous.latentView) {
      const entry = datasetEntry(state);
      const metrics = entry?.metrics ?? {};
      const parts = [`${(state.points?.count ?? 0).toLocaleString("en")} images`];
      if (metrics.test_loss !== undefined) parts.push(`test loss ${metrics.test_loss.toFixed(1)} nats`);
      if (metrics.knn5_accuracy !== undefined) parts.push(`5-NN accuracy ${(metrics.knn5_accuracy * 100).toFixed(1)}%`);
      if (state.latentView && viewSummary(state.latentView)) parts.push(viewSummary(state.latentView));
      summary.textContent = parts.join(" · ");
      document.title = `${entry?.title ?? ""} · Latent Space Explorer`;
    }
    renderViewChoice(state, previous);
  };
}
