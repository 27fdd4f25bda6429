// The one place the page's state lives. Controllers change it with `set`; views subscribe
// and render from it; values that can be computed from it are (selectors.js), not stored.
// `set` takes a patch and notifies once with the new and the old state. A patch set while
// listeners are being notified waits until they all have seen the current change, so no
// listener ever sees an older state after a newer one.
import { emptyHistory } from "./undo-history.js";

export function createStore(initial) {
  let state = Object.freeze({ ...initial });
  const listeners = new Set();
  const pending = [];
  let notifying = false;
  return {
    get: () => state,
    set(patch) {
      pending.push(patch);
      if (notifying) return;
      notifying = true;
      try {
        while (pending.length) {
          const previous = state;
          state = Object.freeze({ ...state, ...pending.shift() });
          for (const listener of listeners) listener(state, previous);
        }
      } finally {
        notifying = false;
        pending.length = 0;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The empty selection: one array, so that clearing an empty selection is no change (`state.selection !== previous.selection`). */
export const noSelection = Object.freeze([]);

export const initialState = {
  datasets: [],          // from /api/datasets: [{id, title, classes, count, train_count, latent_dim, image_shape, kind, encoder, stds, view, metrics,
                         //   classifier, classmap (the map's lattice and summary, or null), classmap_missing,
                         //   timeline ({epochs, decoders, points, first_index, epoch_0, history}, or null), timeline_missing}]
  unavailable: [],       // [{id, title, error}]
  limits: null,          // what the server accepts, and its defaults (its limits.py): {coordinate, steps, default_steps, fps, default_fps, ...}
  dataset: null,         // id of the data set on screen
  loading: false,
  points: null,          // the data set on screen: {latents: Float32Array(3N), labels: Uint8Array(N), count, full: {latents: Float32Array(N·d), dims: d}};
                         // `latents` are the points' 3-D positions in the latent view (the latents themselves when d = 3), drawn and picked
  latentView: null,      // how the d-D latent space is shown in 3-D, the view `points.latents` were placed in (latent-view.js's viewOf)
  viewport: { width: 1, height: 1, pixelRatio: 1 }, // the canvas, in CSS pixels
  camera: null,          // camera.js's orbit camera; set with the first points, kept across switches
  highlighted: [],       // class indices; empty = all classes shown
  colourBy: "class",     // what colours the points: "class", or "dim:k" (latent dimension k, from 1) for a data set of one class (colour-by.js)
  hovered: null,         // index of the data point under the cursor
  cursor: null,          // [x, y, z] of the empty-space position under the cursor
                         // (this and every other position the state holds is in view coordinates: selectors.latentAt turns one into a latent)
  hoverInfo: null,       // what the hover panel shows (controllers/hover.js); with a classifier, `classRead`: {label, confidence}, the class its decoded image reads as
  controlPoints: [],     // [[x, y, z], ...]
  closed: false,
  history: emptyHistory, // earlier and undone {controlPoints, closed}, for undo and redo (undo-history.js)
  steps: null,           // frames of the traversal; the server's default until the user picks one
  traversal: null,       // {path: [[x, y, z]...], images: [data URI...], index, closed, stale: built from other points}
  playing: false,
  playFps: null,         // frames a second of playback; the server's default until the user picks one
  shownFps: null,        // while playing: frames of the path shown over the last second (null in the first second and when paused)
  pingPong: false,       // play back and forth instead of looping
  error: null,           // the message the error banner shows
  serverAway: false,     // the last request found no server; what is shown may be out of date
  notice: null,          // {text, action: {label, run} | null}: a note that is not an error
  inputMode: "mouse",    // "mouse" or "touch": touch taps inspect, a button adds
  shortcuts: true,       // single-key shortcuts outside the focused cloud
  presenting: false,
  neighbors: null,       // the nearest data points of the hovered position: {position, items: [{index, label, split, distance, latent, image}], imageKind}
  litNeighbor: null,     // index of the neighbour the pointer is on in the strip
  found: null,           // index of the data point the find box showed
  imagesShown: false,    // draw every point as its original image
  atlas: null,           // the images' atlases on the GPU: {dataset, loaded, total, error}
  grid: null,            // the decoded grid, null when hidden: {size, spacing, plane: one of GRID_PLANES (grid-plane.js), pinned, center}
  gridImage: null,       // its mosaic from the server: {url (object URL), dataset, latentView, center, right, up, size, spacing, body (what the server was sent)}
  gridClasses: null,     // with the grid's `classes` on, the class each of its cells reads as: {body (the mosaic's, the same object), classes: [{label, confidence}] row by row}
  classmap: null,        // the class map's slice, null when hidden: {axis: one of CLASSMAP_AXES (classmap.js), position (0 to 1), mode: "decoder" or "data",
                         // disagreeing (only the cells where decoder and data disagree), dim (the points faded)}
  classLattice: null,    // the map of the data set on screen, fetched when first shown: {dataset, lattice: {size, low, high, floorLevel}, texels (packLattice's)}
  uncertainty: false,    // size every point by its posterior's spread ("size by uncertainty")
  stds: null,            // the posterior standard deviations, fetched when first needed: {dataset, values: Float32Array(N·d)}
  encoded: null,         // the last drawing or file, encoded: {dataset, mean, std (in the view), input, reconstruction, neighbors: [{index, label, distance}]}
  encodeProblem: null,   // why the last drawing could not be encoded (the server's words), or null
  epoch: null,           // the Training control: the epoch shown (0: before training; between two whole epochs while moving), null when closed
  timeline: null,        // the timeline of the data set on screen, fetched when first opened: {dataset, positions: Float32Array((epochs + 1)·count·3), epochs, count, first}
                         // (its points are the data points first to first + count - 1, the test images)
  timelinePlaying: false, // the epochs playing on the clock
  timelineImages: null,  // the position the strip shows decoded by each kept decoder: {dataset, position, images: [{epoch, image}]}
  selection: noSelection, // the selected data points: a plain Array of indices, ascending, replaced by a new array on each change
  selecting: false,      // selection mode: a drag in the cloud draws a box or lasso instead of turning the view
  selectShape: "lasso",  // what a selecting drag draws: "lasso" or "box" (selection-shapes.js's SHAPES)
  selectionDraft: null,  // the shape being drawn: {kind, points: [[x, y], ...] in canvas CSS pixels, operation: "replace" | "add" | "remove"}
  selectionOnly: false,  // draw (and pick) only the selected points
  selectionImages: null, // the gallery's thumbnails: {dataset, images: Map(index -> data URI), kind: "original" | "reconstruction"}
};
