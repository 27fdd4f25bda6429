// The selection: a box or lasso drawn over the cloud picks the points drawn inside it (as the screen
// shows them: a point dimmed by the legend, hidden by "Show only the selection" or not shown by the
// Training control is not selectable), replacing the selection or adding to or taking from it; indices
// set from outside (a link, a notebook) are cleaned first. The gallery's thumbnails (originals, or
// reconstructions where the data set has none) are fetched for the first GALLERY_MOST selected points,
// each once per data set.
import { fetchSample } from "../api.js";
import { cleanIndices, combineSelection, pointsInShape, sameIndices, SHAPES } from "../selection-shapes.js";
import { latentOf, screenProjection, shownPoints } from "../selectors.js";
import { noSelection } from "../state.js";
import { shownPointFilter } from "../targets.js";

export const GALLERY_MOST = 48; // thumbnails shown; the panel says how many more there are
const LASSO_STEP_PX = 2;        // a lasso vertex closer than this to the last one adds nothing

/**
 * What a drag with these modifiers does: null (not a selection: the view turns or pans), or "replace", "add" or
 * "remove". In selection mode a drag selects, Shift adds, Alt removes; outside it Ctrl (Cmd on a Mac) makes the
 * drag a selection, with the same Shift and Alt.
 */
export function dragOperation(selecting, { ctrlKey = false, metaKey = false, shiftKey = false, altKey = false }) {
  if (!selecting && !ctrlKey && !metaKey) return null;
  return altKey ? "remove" : shiftKey ? "add" : "replace";
}

export function createSelectionController(store, { view }) {
  const images = new Map(); // data set -> Map(index -> data URI) of the thumbnails fetched
  let galleryToken = 0;

  /** Make `indices` (ascending, each once, in range) the selection; nothing changes when they are the selection already. */
  function set(indices) {
    if (sameIndices(indices, store.get().selection)) return;
    store.set({ selection: indices.length ? indices : noSelection });
  }

  /** The data points drawn inside `shape` ({kind, points} in canvas CSS pixels: selection-shapes.js), ascending. */
  function pointsIn(shape) {
    const state = store.get();
    if (!state.points || !state.camera) return [];
    const shown = shownPoints(state);
    const filter = shownPointFilter(state);
    const found = pointsInShape(screenProjection(state), shape, { ...state.viewport, ...(filter && { selectable: filter }) });
    return shown.first ? found.map((i) => i + shown.first) : found;
  }

  function setMode(selecting) {
    store.set({ selecting: Boolean(selecting), selectionDraft: null });
  }

  function selectIn(shape, operation = "replace") {
    set(combineSelection(store.get().selection, pointsIn(shape), operation));
    return store.get().selection.length;
  }

  async function fetchGallery(state) {
    const token = ++galleryToken;
    const { dataset } = state;
    if (!images.has(dataset)) images.set(dataset, new Map());
    const known = images.get(dataset);
    const shown = state.selection.slice(0, GALLERY_MOST);
    const missing = shown.filter((index) => !known.has(index));
    let kind = store.get().selectionImages?.dataset === dataset ? store.get().selectionImages.kind : null;
    const answers = await Promise.allSettled(missing.map((index) => fetchSample(dataset, index)));
    answers.forEach((answer, at) => {
      if (answer.status !== "fulfilled") return; // a thumbnail that did not come is shown by its number
      known.set(missing[at], answer.value.original ?? answer.value.reconstruction);
      kind = answer.value.original ? "original" : "reconstruction";
    });
    if (token !== galleryToken || store.get().dataset !== dataset) return;
    store.set({ selectionImages: { dataset, images: new Map(known), kind } });
  }

  store.subscribe((state, previous) => {
    if (state.selection !== previous.selection && state.selection.length) fetchGallery(state);
  });

  return {
    /** Select `indices` (from anywhere): what is not a data point of the data set on screen is left out. Returns how many were left out. */
    replace(indices) {
      const { points } = store.get();
      if (!points) return 0;
      const { indices: kept, dropped } = cleanIndices(indices, points.count);
      set(kept);
      return dropped;
    },
    clear() {
      set(noSelection);
      store.set({ selectionOnly: false, selectionDraft: null });
    },
    selectIn,
    /** Turn selection mode on or off; leaving it drops a shape half drawn. */
    setMode,
    toggleMode: () => setMode(!store.get().selecting),
    setShape(kind) {
      if (SHAPES.includes(kind)) store.set({ selectShape: kind });
    },
    setOnly: (selectionOnly) => store.set({ selectionOnly: Boolean(selectionOnly) }),
    /** A drag begins at canvas position (x, y); `operation` as dragOperation says. */
    begin(x, y, operation) {
      store.set({ selectionDraft: { kind: store.get().selectShape, points: [[x, y]], operation } });
    },
    extend(x, y) {
      const draft = store.get().selectionDraft;
      if (!draft) return;
      const last = draft.points[draft.points.length - 1];
      if (draft.kind === "box") store.set({ selectionDraft: { ...draft, points: [draft.points[0], [x, y]] } });
      else if (Math.hypot(x - last[0], y - last[1]) >= LASSO_STEP_PX) store.set({ selectionDraft: { ...draft, points: [...draft.points, [x, y]] } });
    },
    /** The drag ends: select what the shape holds. */
    finish() {
      const draft = store.get().selectionDraft;
      if (!draft) return;
      store.set({ selectionDraft: null });
      selectIn(draft, draft.operation);
    },
    cancel: () => store.set({ selectionDraft: null }),
    /** Fly to selected point `index`, as the neighbours strip does. */
    flyTo: (index) => view.flyTo(latentOf(store.get(), index)),
  };
}
