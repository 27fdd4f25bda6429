// Data sets: the server's listing and limits, the points of each data set (fetched once),
// switching between them, and the data set named in the URL. While a data set has no original
// images the listing is asked again now and then: the server picks them up when they arrive,
// and the page follows without a reload. A published site's listing never changes: no asking.
import { fetchDatasets, fetchPoints, mode } from "../api.js";
import { homeCamera } from "../selectors.js";

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

  /** Show data set `id`; `quiet` skips the note that its control points were cleared (a link or Back chose it). */
  async function select(id, { quiet = false } = {}) {
    const token = ++loadToken;
    beforeSwitch();
    store.set({ loading: true });
    try {
      const points = await loadPoints(id);
      if (token !== loadToken) return;
      const left = store.get();
      // Control points and the path belong to the other model's space: they go.
      store.set({
        dataset: id, loading: false, points, camera: store.get().camera ?? homeCamera({ ...store.get(), points }),
        highlighted: [], hovered: null, cursor: null, hoverInfo: null, controlPoints: [], traversal: null, playing: false,
        neighbors: null, litNeighbor: null, found: null,
      });
      if (!quiet && left.dataset && left.dataset !== id && left.controlPoints.length) sayPathCleared(left);
    } catch (error) {
      if (token !== loadToken) return;
      // The selector goes back to the data set still on screen.
      store.set({ loading: false, error: `Could not load ${id}: ${error.message}` });
    }
  }

  /** The path belongs to the other model's latent space: say it went, with a way back. */
  function sayPathCleared({ dataset, controlPoints, closed }) {
    const title = (id) => store.get().datasets.find((entry) => entry.id === id)?.title ?? id;
    const count = controlPoints.length;
    notify(`${title(store.get().dataset)} has its own latent space, so the ${count} control point${count === 1 ? "" : "s"} `
      + `of ${title(dataset)} ${count === 1 ? "was" : "were"} cleared.`, {
      label: `Undo: back to ${title(dataset)}`,
      async run() {
        await select(dataset);
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

  return { list, prefetch, select };
}
