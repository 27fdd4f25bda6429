// The nearest real images of the position under the cursor (a data point or empty space),
// asked of the server throttled and latest-wins, like hover: as many as the server's default.
// Those of a data point are its nearest in the full latent space, asked with its own d numbers;
// those of empty space, the nearest of the latent its position stands for.
import { fetchNeighbors } from "../api.js";
import { fullLatentOf, latentAt, latentOf } from "../selectors.js";
import { markFailed } from "./connection.js";
import { latestAnswers } from "./requests.js";

const INTERVAL_MS = 80;

export function createNeighborsController(store) {
  const requests = latestAnswers(store, ({ dataset, latent, k }) => fetchNeighbors(dataset, latent, k), {
    minInterval: INTERVAL_MS,
    onAnswer: (answer, { point }) => store.set({ neighbors: { position: point, items: answer.neighbors, imageKind: answer.image_kind } }),
    onError(error) {
      // The strip keeps its last answer; a refusal is hover's to report (it asked about the same place).
      if (error.status === null) markFailed(store, error);
    },
  });

  store.subscribe((state, previous) => {
    if (state.dataset !== previous.dataset || state.latentView !== previous.latentView) {
      requests.cancel();
      return;
    }
    if (state.hovered === previous.hovered && state.cursor === previous.cursor) return;
    const { hovered, cursor } = state;
    if (hovered === null && !cursor) return;
    const [point, latent] = hovered !== null ? [latentOf(state, hovered), fullLatentOf(state, hovered)] : [cursor, latentAt(state, cursor)];
    requests.ask({ dataset: state.dataset, point, latent, k: state.limits.default_neighbors });
  });

  return {
    /** Light up neighbour `index` in the cloud (null: none). */
    light: (index) => store.set({ litNeighbor: index }),
  };
}
