// The one place the page's state lives. Controllers change it with `set`; views subscribe
// and render from it; values that can be computed from it are (selectors.js), not stored.
// `set` takes a patch and notifies once with the new and the old state.

export function createStore(initial) {
  let state = Object.freeze({ ...initial });
  const listeners = new Set();
  return {
    get: () => state,
    set(patch) {
      const previous = state;
      state = Object.freeze({ ...state, ...patch });
      for (const listener of listeners) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const initialState = {
  datasets: [],          // from /api/datasets: [{id, title, classes, count, train_count, metrics}]
  unavailable: [],       // [{id, title, error}]
  limits: null,          // what the server accepts: {coordinate, decode_points, control_points, steps, default_steps}
  dataset: null,         // id of the data set on screen
  loading: false,
  points: null,          // the data set on screen: {latents: Float32Array(3N), labels: Uint8Array(N), count}
  viewport: { width: 1, height: 1, pixelRatio: 1 }, // the canvas, in CSS pixels
  camera: null,          // camera.js's orbit camera; set with the first points, kept across switches
  highlighted: [],       // class indices; empty = all classes shown
  hovered: null,         // index of the data point under the cursor
  cursor: null,          // [x, y, z] of the empty-space position under the cursor
  hoverInfo: null,       // what the hover panel shows (controllers/hover.js)
  controlPoints: [],     // [[x, y, z], ...]
  closed: false,
  steps: null,           // frames of the traversal; the server's default until the user picks one
  traversal: null,       // {path: [[x, y, z]...], images: [data URI...], index, closed}
  playing: false,
  error: null,           // the message the error banner shows
};
