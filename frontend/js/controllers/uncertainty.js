// "Size by uncertainty": the posterior standard deviations of the data set on screen are
// fetched the first time the option is on (most visits never need them), then each point is
// drawn at a size that follows its spread (selectors.pointScales). A model added without them
// has none to fetch (the option is switched off there: panels/images-toggle.js).
import { fetchStds } from "../api.js";
import { datasetEntry } from "../selectors.js";
import { markAnswered, markFailed } from "./connection.js";

export function createUncertaintyController(store) {
  let fetching = null; // the data set whose deviations are on their way

  async function load(dataset, dims) {
    fetching = dataset;
    try {
      const values = await fetchStds(dataset, dims);
      markAnswered(store);
      if (store.get().dataset === dataset) store.set({ stds: { dataset, values } });
    } catch (error) {
      markFailed(store, error, { uncertainty: false });
    } finally {
      fetching = null;
    }
  }

  store.subscribe((state) => {
    if (state.uncertainty && state.dataset && state.stds?.dataset !== state.dataset && fetching !== state.dataset
        && datasetEntry(state)?.stds !== false) {
      load(state.dataset, state.points.full.dims);
    }
  });

  return { setShown: (uncertainty) => store.set({ uncertainty }) };
}
