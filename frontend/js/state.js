// The one place the page's state lives. Views subscribe and render from it; nothing else
// keeps its own copy. `set` takes a patch and notifies once with the new and old state.

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
  dataset: null,         // id of the data set on screen
  loading: false,
  count: 0,
  classes: [],           // class names of the current data set
  classCounts: [],       // points per class
  highlighted: [],       // class indices; empty = all classes shown
  hovered: null,         // index of the data point under the cursor
  cursor: null,          // [x, y, z] of the empty-space position under the cursor
  hoverInfo: null,       // what the hover panel shows (see main.js, showHover)
  controlPoints: [],     // [[x, y, z], ...]
  closed: false,
  steps: 64,
  traversal: null,       // {path: [[x, y, z]...], images: [data URI...], index}
  playing: false,
};
