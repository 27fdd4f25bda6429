// The decoded grid: its options, its centre (where the focus in the cloud rests, unless pinned)
// and its mosaic from the server, one request per refresh, throttled and latest-wins. The plane
// that faces the camera turns with it, so a turn of the view refreshes the grid too. The grid lies
// in the view: the server is sent the latent its centre stands for, and its axes as latent directions.
// With its class borders on (a data set with a classifier), each mosaic comes with one more request:
// the class each of its cells reads as, the cells' centres decoded and classified at once.
import { decodeAndClassify, fetchGrid } from "../api.js";
import { cellPosition } from "../grid-plane.js";
import { samePoint } from "../positions.js";
import { datasetEntry, gridAxes, latentAt, latentDirectionAt, latentOf } from "../selectors.js";
import { latestAnswers } from "./requests.js";

const GRID_INTERVAL_MS = 60; // at most about 16 refreshes a second: the server's 15 x 15 grid takes a few ms
// The centre moves to a focus only once it has rested this long: the pointer on its way from the
// cloud to the grid's panel crosses other positions, and the grid must stay where the user looked.
const REST_MS = 250;

/** The position the grid follows: the hovered data point, else the empty-space position under the cursor. */
const focusOf = (state) => (state.hovered !== null && state.points ? latentOf(state, state.hovered) : state.cursor);

/**
 * What the server is asked for, or null while there is nothing to show: the grid and its plane's axes in the
 * view, the view they lie in, and the `body` that names them in the latent space.
 */
function requestOf(state) {
  const { grid, camera, dataset, latentView } = state;
  if (!grid || !camera || !dataset) return null;
  const { right, up } = gridAxes(state);
  const body = { center: latentAt(state, grid.center), right: latentDirectionAt(state, right), up: latentDirectionAt(state, up),
                 size: grid.size, spacing: grid.spacing };
  return { dataset, latentView, center: grid.center, right, up, size: grid.size, spacing: grid.spacing, body };
}

/** The view positions of the cells of `request` (requestOf's), row by row from the top left, as the mosaic tiles them. */
function cellPositions({ center, right, up, size, spacing }) {
  const cells = [];
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) cells.push(cellPosition({ center, size, spacing }, { right, up }, row, column));
  }
  return cells;
}

/** Whether the grid on screen wants its cells' classes: the option on, and a classifier to read them. */
const wantsClasses = (state) => Boolean(state.grid?.classes && datasetEntry(state)?.classifier);

const sameRequest = (a, b) => a && b && a.dataset === b.dataset && a.latentView === b.latentView && a.size === b.size
  && a.spacing === b.spacing && samePoint(a.center, b.center) && samePoint(a.right, b.right) && samePoint(a.up, b.up);

export function createGridController(store, { hover, traversal }) {
  // A failure is not asked again until the request changes or the server is back: the
  // failure's own state change must not send the same request again.
  const requests = latestAnswers(store, ({ dataset, body }) => fetchGrid(dataset, body), {
    minInterval: GRID_INTERVAL_MS,
    onAnswer(mosaic, request) {
      const shown = store.get().gridImage;
      store.set({ gridImage: { ...request, url: URL.createObjectURL(mosaic) } });
      if (shown) URL.revokeObjectURL(shown.url); // the panel's image now shows the new one
    },
  });
  // The classes of a mosaic's cells, keyed to it by its request's body (the same object the mosaic keeps).
  const classReads = latestAnswers(store, ({ dataset, latents }) => decodeAndClassify(dataset, latents), {
    minInterval: GRID_INTERVAL_MS,
    onAnswer: ({ classes }, { body }) => store.set({ gridClasses: { body, classes } }),
  });
  let asked = null; // the last request sent
  let classesAsked = null; // the request whose cells' classes were last asked for
  let kept = null; // the options of the grid last closed
  let resting = null; // {focus, timer}: the focus waiting to have rested

  function refresh(request) {
    asked = request;
    requests.ask(request);
  }

  /** Centre the grid on `focus` once the pointer has rested there; a new focus, or none, starts over. */
  function follow(focus) {
    if (resting && focus && samePoint(resting.focus, focus)) return;
    clearTimeout(resting?.timer);
    resting = focus ? { focus, timer: null } : null;
    if (resting) settle(resting, REST_MS);
  }

  /**
   * After `ms`, and the animation frame after that, is the pointer still at rest? A move waits for
   * a frame, so on a slow page the next one may be due although none has come in for a while.
   */
  function settle(rest, ms) {
    rest.timer = setTimeout(() => requestAnimationFrame(() => {
      if (resting !== rest) return; // a new focus, or none, since
      const still = REST_MS - hover.sinceMoved();
      if (still > 0) return settle(rest, still);
      resting = null;
      const { grid } = store.get();
      if (grid && !grid.pinned) store.set({ grid: { ...grid, center: [...rest.focus] } });
    }), ms);
  }

  store.subscribe((state, previous) => {
    const { grid } = state;
    if (!grid) return;
    const focus = focusOf(state);
    follow(!grid.pinned && focus && !samePoint(focus, grid.center) ? focus : null);
    const request = requestOf(state);
    const serverBack = previous.serverAway && !state.serverAway;
    if (request && (serverBack || !sameRequest(request, asked))) refresh(request);
    if (!wantsClasses(state)) {
      if (classesAsked) classReads.cancel();
      classesAsked = null;
    } else if (asked && (serverBack || classesAsked !== asked)) {
      classesAsked = asked;
      classReads.ask({ dataset: asked.dataset, body: asked.body, latents: cellPositions(asked).map((position) => latentAt(state, position)) });
    }
  });

  const change = (patch) => {
    const { grid } = store.get();
    if (grid) store.set({ grid: { ...grid, ...patch } });
  };

  return {
    /**
     * Show or hide the grid. It opens with the options it last had (or `options`, from a link),
     * around the focus, or the centre of the view.
     */
    setOpen(open, options = {}) {
      const state = store.get();
      if (!open) {
        requests.cancel();
        classReads.cancel();
        [asked, classesAsked] = [null, null];
        if (state.gridImage) URL.revokeObjectURL(state.gridImage.url);
        if (state.grid) kept = { size: state.grid.size, spacing: state.grid.spacing, plane: state.grid.plane, classes: state.grid.classes };
        store.set({ grid: null, gridImage: null, gridClasses: null });
        return;
      }
      const { limits, camera } = state;
      const center = focusOf(state) ?? camera?.target ?? [0, 0, 0];
      store.set({ grid: { size: limits.default_grid_size, spacing: limits.default_grid_spacing, plane: "view",
                          pinned: false, classes: false, ...kept, ...state.grid, center: [...center], ...options } });
    },
    setSize: (size) => change({ size }),
    setSpacing: (spacing) => change({ spacing }),
    setPlane: (plane) => change({ plane }),
    setPinned: (pinned) => change({ pinned }),
    /** Show each cell's class read as a coloured border. */
    setClasses: (classes) => change({ classes }),
    /** Make the cell at (`row`, `column`) of the mosaic on screen the focus: the grid centres there and it is inspected. */
    chooseCell(row, column) {
      const { gridImage, latentView } = store.get();
      // A mosaic of another view, until its successor comes, shows cells of positions that now mean other latents.
      if (!gridImage || gridImage.latentView !== latentView) return;
      // The mosaic on screen, not the grid's latest options: the click is on the cells it shows.
      const { right, up } = gridImage;
      const position = cellPosition(gridImage, { right, up }, row, column);
      change({ center: position });
      hover.showPosition(position);
    },
    /** Add the grid's centre as a control point. */
    addCentre() {
      const { grid } = store.get();
      if (grid) traversal.add([...grid.center]);
    },
  };
}
