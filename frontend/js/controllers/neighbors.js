// The nearest real images of the position under the cursor (a data point or empty space),
// asked of the server throttled and latest-wins, like hover: as many as the server's default.
import { fetchNeighbors } from "../api.js";
import { latentOf } from "../selectors.js";
import { markFailed } from "./connection.js";
import { latestAnswers } from "./requests.js";

const INTERVAL_MS = 80;

export function createNeighborsController(store) {
  const requests = latestAnswers(store, ({ dataset, point, k }) => fetchNeighbors(dataset, point, k), {
    minInterval: INTERVAL_MS,
    onAnswer: (answer, { point }) => store.set({ neighbors: { position: point, items: answer.neighbors, imageKind: answer.image_kind } }),
    onError(error) {
      // The strip keeps its last answer; a refusal is hover's to report (it asked about the same place).
      if (error.status === null) markFailed(store, error);
    },
  });

  store.subscribe((state, previous) => {
    if (state.dataset !== previous.dataset) {
      requests.cancel();
      return;
    }
    if (state.hovered === previous.hovered && state.cursor === previous.cursor) return;
    const position = state.hovered !== null ? latentOf(state, state.hovered) : state.cursor;
    if (position) requests.ask({ dataset: state.dataset, point: position, k: state.limits.default_neighbors });
  });

  return {
    /** Light up neighbour `index` in the cloud (null: none). */
    light: (index) => store.set({ litNeighbor: index }),
  };
}
