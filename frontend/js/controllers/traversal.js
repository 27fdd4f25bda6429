// Control points, the traversal through them (built by the server) and its playback.
import { fetchTraversal, latestWins } from "../api.js";
import { latentOf } from "../selectors.js";
import { pickAt, spaceAt } from "../targets.js";

const PLAY_FRAME_MS = 1000 / 15;

export function createTraversalController(store) {
  const requests = latestWins(({ dataset, controlPoints, steps, closed }) =>
    fetchTraversal(dataset, controlPoints, steps, closed), 0);
  let playTimer = null;

  async function rebuild() {
    const { dataset, controlPoints, steps, closed } = store.get();
    if (controlPoints.length < 2) {
      requests.cancel();
      store.set({ traversal: null, playing: false });
      return;
    }
    try {
      const answer = await requests.run({ dataset, controlPoints, steps, closed });
      if (answer.stale) return;
      const index = Math.min(store.get().traversal?.index ?? 0, answer.value.images.length - 1);
      store.set({ traversal: { path: answer.value.path, images: answer.value.images, index, closed } });
    } catch (error) {
      // The old path no longer matches the control points: better none than a wrong one.
      store.set({ traversal: null, playing: false, error: error.message });
    }
  }

  function setControlPoints(controlPoints) {
    store.set({ controlPoints });
    rebuild();
  }

  function setIndex(index) {
    const { traversal } = store.get();
    if (!traversal) return;
    store.set({ traversal: { ...traversal, index: Math.max(0, Math.min(traversal.images.length - 1, index)) } });
  }

  function advance() {
    const { traversal } = store.get();
    if (!traversal) store.set({ playing: false });
    else setIndex((traversal.index + 1) % traversal.images.length);
  }

  store.subscribe((state, previous) => {
    if (state.playing === previous.playing) return;
    clearInterval(playTimer);
    playTimer = state.playing ? setInterval(advance, PLAY_FRAME_MS) : null;
  });

  return {
    /** Add the data point (or the empty-space position) under canvas position (x, y). Returns whether one was added. */
    addAt(x, y) {
      const state = store.get();
      if (!state.points || !state.camera) return false;
      const index = pickAt(state, x, y);
      const point = index !== null ? latentOf(state, index) : spaceAt(state, x, y);
      const last = state.controlPoints[state.controlPoints.length - 1];
      // The spline needs distinct consecutive points; a second click on the same spot adds nothing.
      if (last && last.every((value, axis) => Math.abs(value - point[axis]) < 1e-6)) return false;
      setControlPoints([...state.controlPoints, point]);
      return true;
    },
    remove: (index) => setControlPoints(store.get().controlPoints.filter((_, i) => i !== index)),
    clear: () => setControlPoints([]),
    setClosed(closed) {
      store.set({ closed });
      rebuild();
    },
    setSteps(steps) {
      if (steps === null || steps === store.get().steps) return;
      store.set({ steps });
      rebuild();
    },
    setIndex,
    togglePlay() {
      if (store.get().traversal) store.set({ playing: !store.get().playing });
    },
    cancel: () => requests.cancel(),
  };
}
