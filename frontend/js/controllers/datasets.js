// Data sets: the server's listing and limits, the points of each data set (fetched once),
// switching between them and between the views of a latent space of more than three dimensions
// (placed once per view: latent-view.js), and the data set named in the URL. While a data set has no original
// images the listing is asked again now and then: the server picks them up when they arrive,
// and the page follows without a reload. A published site's listing never changes: no asking.
import { fetchDatasets, fetchPoints, mode } from "../api.js";
import { PCA, sameChoice, toPositions, viewOf } from "../latent-view.js";
import { homeCamera } from "../selectors.js";
import { noSelection } from "../state.js";

const ORIGINALS_POLL_MS = 3000;

/** `datasets` with the originals' state of the same entries in `listed`; the same array when nothing changed. */
function withOriginalsOf(datasets, listed) {
  let changed = false;
  const updated = datasets.map((entry) => {
    const now = listed.find((other) => other.id === entry.id);
    if (!now || (now.originals === entry.originals && now.originals_missing === entry.originals_missing)) return entry;
    changed = true;
    return { ...entry, originals: now.originals, originals_missing: now.originals_missing };
  });
  return changed ? updated : datasets;
}

export function createDatasetsController(store, { beforeSwitch, notify, restoreControlPoints }) {
  const pointsCache = new Map(); // data-set id -> promise of its points
  const placedCache = new Map(); // data-set id -> its points placed in the view last shown: {latentView, points}
  let loadToken = 0;
  let originalsTimer = null;

  /** The points of data set `id`, fetched once: the cache holds the promise, dropped if it fails. */
  function loadPoints(id) {
    if (!pointsCache.has(id)) {
      pointsCache.set(id, fetchPoints(id).catch((error) => {
        pointsCache.delete(id);
        throw error;
      }));
    }
    return pointsCache.get(id);
  }

  /**
   * The points of data set `id` (fetched: `loaded`) and the view `choice` they are shown in: {latentView,
   * points}, the positions computed once per view, and for a 3-D space not at all (they are the latents).
   */
  function placed(id, loaded, choice) {
    const latentView = viewOf(store.get().datasets.find((entry) => entry.id === id), choice);
    const kept = placedCache.get(id);
    if (kept && sameChoice(kept.latentView.choice, latentView.choice)) return kept;
    const { latents, dims, labels, count } = loaded;
    const shown = { latentView, points: { latents: toPositions(latents, dims, latentView), labels, count, full: { latents, dims } } };
    placedCache.set(id, shown);
    return shown;
  }

  /**
   * Show data set `id` in the view `choice` ("pca", or three latent dimensions [i, j, k]: latent-view.js);
   * `quiet` skips the note that its control points were cleared (a link or Back chose it).
   */
  async function select(id, { quiet = false, view: choice = PCA } = {}) {
    const token = ++loadToken;
    beforeSwitch();
    store.set({ loading: true });
    try {
      const loaded = await loadPoints(id);
      if (token !== loadToken) return;
      const left = store.get();
      const { latentView, points } = placed(id, loaded, choice);
      // A camera turned in one 3-D space suits another; a cloud placed in another view, or flat, starts framed.
      const keepCamera = left.camera && left.latentView?.kind === "identity" && latentView.kind === "identity";
      // Control points and the path are positions in the other model's space, or the other view: they go.
      store.set({
        dataset: id, loading: false, points, latentView, camera: keepCamera ? left.camera : homeCamera({ ...left, points, latentView }),
        highlighted: [], hovered: null, cursor: null, hoverInfo: null, controlPoints: [], traversal: null, playing: false,
        neighbors: null, litNeighbor: null, found: null,
        colourBy: left.dataset === id ? left.colourBy : "class", // a latent dimension of one model is none of another's
        // The selection names data points of this data set: another view of it keeps them, another data set does not.
        selection: left.dataset === id ? left.selection : noSelection, selectionDraft: null,
      });
      const moved = left.dataset !== id || left.latentView !== latentView;
      if (!quiet && left.dataset && moved && left.controlPoints.length) sayPathCleared(left);
    } catch (error) {
      if (token !== loadToken) return;
      // The selector goes back to the data set still on screen.
      store.set({ loading: false, error: `Could not load ${id}: ${error.message}` });
    }
  }

  /** The path belongs to the other model's latent space, or to the other view of it: say it went, with a way back. */
  function sayPathCleared({ dataset, latentView, controlPoints, closed }) {
    const title = (id) => store.get().datasets.find((entry) => entry.id === id)?.title ?? id;
    const count = controlPoints.length;
    const points = `${count} control point${count === 1 ? "" : "s"}`;
    const cleared = count === 1 ? "was" : "were";
    const sameDataset = dataset === store.get().dataset;
    notify(sameDataset
      ? `The view of the latent space changed, so the ${points} placed in the other view ${cleared} cleared.`
      : `${title(store.get().dataset)} has its own latent space, so the ${points} of ${title(dataset)} ${cleared} cleared.`, {
      label: sameDataset ? "Undo: back to the other view" : `Undo: back to ${title(dataset)}`,
      async run() {
        await select(dataset, { view: latentView.choice });
        if (store.get().dataset === dataset) restoreControlPoints(controlPoints, closed);
      },
    });
  }

  /** List the data sets and the server's limits. Returns whether there is one to show (else the reason is in the state's error). */
  async function list() {
    store.set({ loading: true });
    let listing;
    try {
      listing = await fetchDatasets();
    } catch (error) {
      store.set({ loading: false, error: `Could not list the data sets: ${error.message}` });
      return false;
    }
    const { datasets, unavailable = [], limits } = listing;
    const { steps, playFps } = store.get();
    store.set({ datasets, unavailable, limits, steps: steps ?? limits.default_steps, playFps: playFps ?? limits.default_fps });
    if (datasets.length === 0) {
      store.set({ loading: false, error: "The server has no data set to show; see the messages under Classes." });
      return false;
    }
    watchOriginals();
    return true;
  }

  /** Ask for the listing every few seconds while a data set lacks its originals; stop once all have them. */
  function watchOriginals() {
    if (mode === "static" || originalsTimer !== null || store.get().datasets.every((entry) => entry.originals !== false)) return;
    originalsTimer = setTimeout(async () => {
      try {
        if (!document.hidden) {
          const listed = (await fetchDatasets()).datasets;
          const { datasets } = store.get();
          const updated = withOriginalsOf(datasets, listed);
          if (updated !== datasets) store.set({ datasets: updated });
        }
      } catch {
        // The server away: the connection watch says so; this asks again on its own schedule.
      }
      originalsTimer = null;
      watchOriginals();
    }, ORIGINALS_POLL_MS);
  }

  /** Start downloading a data set's points (while the GL programs compile); `select` reports failures. */
  function prefetch(id) {
    loadPoints(id).catch(() => {});
  }

  return {
    list,
    prefetch,
    select,
    /** Show the data set on screen in the view `choice` ("pca" or [i, j, k]). */
    setView: (choice) => select(store.get().dataset, { view: choice }),
  };
}
