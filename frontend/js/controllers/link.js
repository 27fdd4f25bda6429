// The whole view in the link. The URL follows the state: deliberate changes (a data-set
// switch, a control-point edit, a highlight, the steps) push a history entry, so Back
// undoes them; continuous ones (turning the view, scrubbing) replace it. Opening a link,
// or going Back, applies the view it names; what a link held that could not be used is said
// in a note at the bottom, one line each, out of the cloud's way. Of a latent space of more than
// three dimensions the link keeps the view (principal axes, or three chosen ones) its positions lie in.
// A selection of more than LINK_SELECTION_MOST points is left out of the link, and a note says so.
import { mode } from "../api.js";
import { PCA, sameChoice } from "../latent-view.js";
import { datasetEntry, homeCamera } from "../selectors.js";
import { decodeView, encodeView, LINK_SELECTION_MOST } from "../url-state.js";

const REPLACE_DELAY_MS = 250; // a drag rewrites the link at most four times a second

/** The parts of the state a link keeps. */
export function viewOf(state) {
  const { target, rotation, distance } = state.camera ?? {};
  return {
    dataset: state.dataset,
    latentView: state.latentView?.choice,
    camera: state.camera ? { target, rotation, distance } : undefined,
    highlighted: state.highlighted,
    colourBy: state.colourBy,
    controlPoints: state.controlPoints,
    closed: state.closed,
    steps: state.steps,
    step: state.traversal?.index ?? 0,
    images: state.imagesShown,
    grid: state.grid ?? undefined,
    uncertainty: state.uncertainty,
    classmap: state.classmap ?? undefined,
    epoch: state.epoch,
    selection: state.selection,
  };
}

/** Whether the selection is too large for a link. */
export const selectionLeftOut = (state) => state.selection.length > LINK_SELECTION_MOST;

const MOST_DETAILS = 5; // a longer report is cut, with a count of the rest

export function createLinkController(store, { datasets, traversal, grid, classMap, timeline, selection, notify }) {
  let applying = false; // true while a link's view is being applied: that is not a change to record
  let timer = null;

  const linkOf = (state) => encodeView(viewOf(state), { limits: state.limits });
  const shownLink = () => window.location.search.replace(/^\?/, "");
  const write = (search, push) => {
    clearTimeout(timer);
    timer = null;
    // A notebook's page is a frame with no address of its own (and its history is the notebook's): the widget's
    // traits keep what the notebook needs of the view.
    if (mode === "kernel") return;
    const url = `${window.location.pathname}${search ? `?${search}` : ""}${window.location.hash}`;
    window.history[push ? "pushState" : "replaceState"](null, "", url);
  };

  /** Decode the current URL; report what it held that cannot be used. */
  function read() {
    const { datasets: listed, limits } = store.get();
    const { view, ignored } = decodeView(window.location.search, { datasets: listed, limits });
    if (ignored.length) {
      const rest = ignored.length - MOST_DETAILS;
      notify("Part of this link was not used:", null,
             rest > 1 ? [...ignored.slice(0, MOST_DETAILS), `and ${rest} more`] : ignored);
    }
    return { ...view, dataset: view.dataset ?? listed[0].id };
  }

  /** Show `view`: its data set in its latent view, then its camera, classes, control points, place on the path, grid, class map and epoch. */
  async function apply(view) {
    applying = true;
    try {
      const choice = view.latentView ?? PCA;
      const shown = store.get();
      if (view.dataset !== shown.dataset || !sameChoice(choice, shown.latentView?.choice)) {
        await datasets.select(view.dataset, { quiet: true, view: choice });
      }
      if (store.get().dataset !== view.dataset) return;
      const home = homeCamera(store.get());
      const wanted = { ...home, ...view.camera };
      const camera = { ...wanted, distance: Math.min(home.maxDistance, Math.max(home.minDistance, wanted.distance)) };
      const entry = datasetEntry(store.get());
      store.set({ camera, highlighted: view.highlighted ?? [], colourBy: view.colourBy ?? "class", steps: view.steps ?? store.get().limits.default_steps,
                  imagesShown: Boolean(view.images) && entry?.originals !== false,
                  uncertainty: Boolean(view.uncertainty) && entry?.stds !== false });
      traversal.replace(view.controlPoints ?? [], view.closed ?? false, view.step ?? 0);
      grid.setOpen(Boolean(view.grid), view.grid);
      classMap.setOpen(Boolean(view.classmap), view.classmap);
      timeline.setOpen(view.epoch !== undefined, view.epoch);
      selection.replace(view.selection ?? []);
    } finally {
      applying = false;
    }
  }

  store.subscribe((state, previous) => {
    if (mode === "kernel" || applying || !state.dataset || !state.camera) return; // a notebook's page: no link
    if (state.selection !== previous.selection && selectionLeftOut(state) && !selectionLeftOut(previous)) {
      notify(`The link leaves out the selection: ${state.selection.length.toLocaleString("en")} points, and a link keeps at most ${LINK_SELECTION_MOST.toLocaleString("en")}.`);
    }
    const deliberate = ["dataset", "latentView", "history", "highlighted", "colourBy", "steps", "imagesShown", "uncertainty", "selection"].some((key) => state[key] !== previous[key]);
    const continuous = ["camera", "controlPoints", "closed", "traversal", "grid", "classmap", "epoch"].some((key) => state[key] !== previous[key]);
    if (!deliberate && !continuous) return;
    const search = linkOf(state);
    if (search === shownLink()) return;
    if (deliberate) write(search, true);
    else {
      clearTimeout(timer);
      timer = setTimeout(() => write(linkOf(store.get()), false), REPLACE_DELAY_MS);
    }
  });

  window.addEventListener("popstate", () => {
    if (store.get().datasets.length) apply(read());
  });

  return {
    read,
    /** Open the first view, then write the link back in its canonical form. */
    async open(view) {
      await apply(view);
      if (store.get().dataset) write(linkOf(store.get()), false);
    },
    /** The link to this view, as a full URL. */
    url: () => `${window.location.origin}${window.location.pathname}?${linkOf(store.get())}`,
  };
}
