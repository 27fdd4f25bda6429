// The top bar: the data-set selector, the loading note and the model's summary line.
import { datasetEntry } from "../selectors.js";

export function createHeader({ select, loading, summary }, { onSelect }) {
  select.addEventListener("change", () => onSelect(select.value));

  return function render(state, previous) {
    if (state.datasets !== previous.datasets) {
      select.replaceChildren(...state.datasets.map((entry) => new Option(entry.title, entry.id)));
    }
    if (state.dataset && select.value !== state.dataset && !state.loading) select.value = state.dataset;
    select.disabled = state.datasets.length < 2;
    loading.hidden = !state.loading;
    if (state.dataset !== previous.dataset || state.points !== previous.points) {
      const entry = datasetEntry(state);
      const metrics = entry?.metrics ?? {};
      const parts = [`${(state.points?.count ?? 0).toLocaleString("en")} images`];
      if (metrics.test_loss !== undefined) parts.push(`test loss ${metrics.test_loss.toFixed(1)} nats`);
      if (metrics.knn5_accuracy !== undefined) parts.push(`5-NN accuracy ${(metrics.knn5_accuracy * 100).toFixed(1)}%`);
      summary.textContent = parts.join(" · ");
      document.title = `${entry?.title ?? ""} · Latent Space Explorer`;
    }
  };
}
