// Hover: what is under the cursor (a data point or an empty-space position) goes into the
// state at once, and its decoded image follows from the server, throttled and latest-wins.
import { decodePoints, fetchSample, latestWins } from "../api.js";
import { pickAt, spaceAt } from "../targets.js";
import { markAnswered, markFailed } from "./connection.js";

const HOVER_INTERVAL_MS = 40; // at most 25 hover requests a second

export function createHoverController(store) {
  const requests = latestWins(({ dataset, index, point }) =>
    index !== undefined ? fetchSample(dataset, index) : decodePoints(dataset, [point]), HOVER_INTERVAL_MS);
  let pending = null; // the latest mouse position not yet handled

  async function show(target) {
    try {
      const answer = await requests.run({ dataset: store.get().dataset, ...target });
      if (answer.stale) return;
      markAnswered(store);
      const value = answer.value;
      const hoverInfo = target.index !== undefined
        ? { kind: "point", index: value.index, label: value.label, split: value.split, latent: value.latent,
            std: value.std, image: value.reconstruction, original: value.original }
        : { kind: "space", latent: target.point, image: value[0] };
      store.set({ hoverInfo });
    } catch (error) {
      // What the panel shows no longer matches the ring in the cloud: say so.
      const { hoverInfo } = store.get();
      markFailed(store, error, { hoverInfo: hoverInfo && { ...hoverInfo, stale: true } });
    }
  }

  function hoverAt(x, y) {
    const state = store.get();
    if (!state.points || !state.camera) return;
    const index = pickAt(state, x, y);
    if (index !== null) {
      if (index === state.hovered) return;
      store.set({ hovered: index, cursor: null });
      show({ index });
    } else {
      const cursor = spaceAt(state, x, y);
      store.set({ hovered: null, cursor });
      show({ point: cursor });
    }
  }

  return {
    hoverAt,
    /** Coalesce mouse moves: at most one pick per animation frame. */
    schedule(x, y) {
      const first = pending === null;
      pending = { x, y };
      if (!first) return;
      requestAnimationFrame(() => {
        const { x: latestX, y: latestY } = pending;
        pending = null;
        hoverAt(latestX, latestY);
      });
    },
    /** Show data point `index` as if hovered (find). */
    showPoint(index) {
      store.set({ hovered: index, cursor: null });
      show({ index });
    },
    /** Show the position `point` as if the cursor were there (a grid cell). */
    showPosition(point) {
      store.set({ hovered: null, cursor: point });
      show({ point });
    },
    /** Look at the centre of the view, as a keyboard user does. */
    inspectCentre() {
      const { viewport } = store.get();
      hoverAt(viewport.width / 2, viewport.height / 2);
    },
    leave: () => store.set({ hovered: null, cursor: null }),
    cancel: () => requests.cancel(),
  };
}
