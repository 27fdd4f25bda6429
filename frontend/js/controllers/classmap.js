// The class map: its slice's options, and the map of the data set on screen, fetched the first time
// it is shown (most visits never need its megabytes), packed for the GPU once (classmap.js) and kept
// per data set, so switching back costs no second download. The map opens with the options it last
// had; switching to a data set without one closes it.
import { ApiError, fetchClassMap } from "../api.js";
import { CLASSMAP_AXES, CLASSMAP_MODES, DEFAULT_CLASSMAP, latticeOf, packLattice } from "../classmap.js";
import { datasetEntry } from "../selectors.js";
import { markAnswered, markFailed } from "./connection.js";

/** The map of listing `entry`, packed: {dataset, lattice, texels}; refused when it is not the lattice the listing describes. */
async function packedMap(entry) {
  const file = await fetchClassMap(entry.id);
  const { shape } = entry.classmap;
  if (file.shape.some((size, axis) => size !== shape[axis])) {
    throw new ApiError(`classmap.npy of ${entry.id} holds (${file.shape.join(", ")}), not the (${shape.join(", ")}) its listing `
      + `describes; make it again with: latent-explorer classmap ${entry.id}`);
  }
  return { dataset: entry.id, lattice: latticeOf(entry.classmap), texels: packLattice(file) };
}

export function createClassMapController(store) {
  const maps = new Map(); // data-set id -> promise of its packed map, dropped if it fails
  let loading = null; // the data set whose map is on its way into the state
  let kept = null; // the options of the map last closed

  async function load(entry) {
    loading = entry.id;
    if (!maps.has(entry.id)) maps.set(entry.id, packedMap(entry));
    try {
      const classLattice = await maps.get(entry.id);
      markAnswered(store);
      const { dataset, classmap } = store.get();
      if (dataset === entry.id && classmap) store.set({ classLattice });
    } catch (error) {
      maps.delete(entry.id);
      markFailed(store, error, { classmap: null });
    } finally {
      loading = null;
    }
  }

  store.subscribe((state) => {
    if (!state.classmap || !state.dataset) return;
    const entry = datasetEntry(state);
    if (!entry?.classmap) store.set({ classmap: null });
    else if (state.classLattice?.dataset !== state.dataset && loading !== state.dataset) load(entry);
  });

  const change = (patch) => {
    const { classmap } = store.get();
    if (classmap) store.set({ classmap: { ...classmap, ...patch } });
  };

  return {
    /** Show or hide the map, with the options it last had (or `options`, from a link or a test). */
    setOpen(open, options = {}) {
      const { classmap } = store.get();
      if (!open) {
        if (classmap) kept = classmap;
        store.set({ classmap: null });
        return;
      }
      if (!datasetEntry(store.get())?.classmap) return;
      store.set({ classmap: { ...DEFAULT_CLASSMAP, ...kept, ...classmap, ...options } });
    },
    setAxis: (axis) => CLASSMAP_AXES.includes(axis) && change({ axis }),
    setPosition: (position) => change({ position: Math.min(1, Math.max(0, position)) }),
    setMode: (mode) => CLASSMAP_MODES.includes(mode) && change({ mode }),
    setDisagreeing: (disagreeing) => change({ disagreeing }),
    setDim: (dim) => change({ dim }),
  };
}
