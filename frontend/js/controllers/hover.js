// Hover: what is under the cursor (a data point or an empty-space position) goes into the
// state at once, and its decoded image follows from the server, throttled and latest-wins.
// An empty-space position is decoded at the latent it stands for; a data point's latent and spread
// come back with all d numbers and are kept as the view shows them. Of a data set with a classifier the
// same one request also says what class the decoded image reads as.
import { decodeAndClassify, decodePoints, fetchSample } from "../api.js";
import { fromLatent, spreadOf } from "../latent-view.js";
import { datasetEntry, latentAt } from "../selectors.js";
import { pickAt, spaceAt } from "../targets.js";
import { markFailed } from "./connection.js";
import { latestAnswers } from "./requests.js";

const HOVER_INTERVAL_MS = 40; // at most 25 hover requests a second

export function createHoverController(store) {
  const requests = latestAnswers(store, ({ dataset, index, latent, classify }) => {
    if (index !== undefined) return fetchSample(dataset, index, { classify });
    return classify ? decodeAndClassify(dataset, [latent]) : decodePoints(dataset, [latent]);
  }, {
    minInterval: HOVER_INTERVAL_MS,
    onAnswer(value, target) {
      const { latentView } = target;
      const hoverInfo = target.index !== undefined
        ? { kind: "point", index: value.index, label: value.label, split: value.split, latent: fromLatent(latentView, value.latent),
            std: value.std && spreadOf(latentView, value.std), image: value.reconstruction, original: value.original,
            classRead: value.class_read ?? null }
        : target.classify ? { kind: "space", latent: target.point, image: value.images[0], classRead: value.classes[0] }
          : { kind: "space", latent: target.point, image: value[0], classRead: null };
      store.set({ hoverInfo });
    },
    onError(error) {
      // What the panel shows no longer matches the ring in the cloud: say so.
      const { hoverInfo } = store.get();
      markFailed(store, error, { hoverInfo: hoverInfo && { ...hoverInfo, stale: true } });
    },
  });
  let pending = null; // the latest mouse position not yet handled
  let pendingFrame = null; // the animation frame that will handle it
  let movedAt = -Infinity; // when the pointer last moved over the cloud (ms)

  /** Ask about `target`: {index} of a data point, or {point} of empty space (a view position). */
  function show(target) {
    const state = store.get();
    requests.ask({ dataset: state.dataset, latentView: state.latentView, ...target, latent: target.point && latentAt(state, target.point),
                   classify: Boolean(datasetEntry(state)?.classifier) });
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
      movedAt = performance.now();
      const first = pending === null;
      pending = { x, y };
      if (!first) return;
      pendingFrame = requestAnimationFrame(() => {
        const { x: latestX, y: latestY } = pending;
        pending = null;
        hoverAt(latestX, latestY);
      });
    },
    /** Milliseconds since the pointer last moved over the cloud. */
    sinceMoved: () => performance.now() - movedAt,
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
    leave() {
      // A move not yet handled would inspect a place the pointer has already left.
      cancelAnimationFrame(pendingFrame);
      pending = null;
      store.set({ hovered: null, cursor: null });
    },
    cancel: () => requests.cancel(),
  };
}
