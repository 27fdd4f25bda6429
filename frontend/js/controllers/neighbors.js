// The nearest real images of the position under the cursor (a data point or empty space),
// asked of the server throttled and latest-wins, like hover.
import { fetchNeighbors, latestWins } from "../api.js";
import { latentOf } from "../selectors.js";
import { markAnswered, markFailed } from "./connection.js";

const NEIGHBOURS = 8;
const INTERVAL_MS = 80;

export function createNeighborsController(store) {
  const requests = latestWins(({ dataset, point }) => fetchNeighbors(dataset, point, NEIGHBOURS), INTERVAL_MS);

  async function follow(point) {
    try {
      const answer = await requests.run({ dataset: store.get().dataset, point });
      if (answer.stale) return;
      markAnswered(store);
      store.set({ neighbors: { position: point, items: answer.value.neighbors, imageKind: answer.value.image_kind } });
    } catch (error) {
      // The strip keeps its last answer; a refusal is hover's to report (it asked about the same place).
      if (error.status === null) markFailed(store, error);
    }
  }

  store.subscribe((state, previous) => {
    if (state.dataset !== previous.dataset) {
      requests.cancel();
      return;
    }
    if (state.hovered === previous.hovered && state.cursor === previous.cursor) return;
    const position = state.hovered !== null ? latentOf(state, state.hovered) : state.cursor;
    if (position) follow(position);
  });

  return {
    /** Light up neighbour `index` in the cloud (null: none). */
    light: (index) => store.set({ litNeighbor: index }),
  };
}
