// `window.explorer`: the hooks automated tests and the benchmark drive the page with. A
// stable contract: keep the names and meanings.
import { mode } from "./api.js";
import { projectPoint } from "./camera.js";
import { latentOf, shownPoints, viewProjection } from "./selectors.js";
import { pickAt } from "./targets.js";

export function exposeAutomationHooks(store, { canvas, cloudView, view, classMap, timeline, selection }) {
  const toCanvas = (clientX, clientY) => {
    const rect = canvas.getBoundingClientRect();
    return [clientX - rect.left, clientY - rect.top];
  };
  const clientPosition = (point) => {
    const state = store.get();
    if (!state.camera) return null;
    const { width, height } = state.viewport;
    const position = projectPoint(viewProjection(state), point, width, height);
    if (!position || position.x < 0 || position.y < 0 || position.x > width || position.y > height) return null;
    const rect = canvas.getBoundingClientRect();
    return { x: rect.left + position.x, y: rect.top + position.y };
  };
  window.explorer = {
    /** "served" or "static": who answers (api.js). */
    mode,
    state() {
      const state = store.get();
      return {
        dataset: state.dataset,
        count: state.points?.count ?? 0,
        hovered: state.hovered,
        cursor: state.cursor && [...state.cursor],
        highlighted: [...state.highlighted],
        colourBy: state.colourBy,
        controlPoints: state.controlPoints.map((point) => [...point]),
        traversal: state.traversal ? {
          steps: state.traversal.images.length, index: state.traversal.index, shownFps: state.shownFps,
          path: state.traversal.path.map((position) => [...position]),
        } : null,
        neighbors: state.neighbors ? state.neighbors.items.map((item) => item.index) : [],
        imagesShown: state.imagesShown,
        uncertainty: state.uncertainty,
        grid: state.grid && { size: state.grid.size, spacing: state.grid.spacing, plane: state.grid.plane,
                              pinned: state.grid.pinned, center: [...state.grid.center] },
        encoded: state.encoded && { mean: [...state.encoded.mean], std: [...state.encoded.std] },
        camera: state.camera ? { target: [...state.camera.target], rotation: [...state.camera.rotation], distance: state.camera.distance } : null,
        // The class the hover's decoded image reads as, of a data set with a classifier.
        hoverClass: state.hoverInfo?.classRead ? { ...state.hoverInfo.classRead } : null,
        classmap: state.classmap && { axis: state.classmap.axis, position: state.classmap.position, mode: state.classmap.mode },
        // The Training control's epoch shown (between two whole ones while it moves), null when closed.
        epoch: state.epoch,
        // The points drawn: all of them, or while a timeline is shown its test points.
        shownCount: state.points ? shownPoints(state).count : 0,
        // The selected data points, ascending; whether selection mode is on.
        selection: [...state.selection],
        selecting: state.selecting,
      };
    },
    /** The client (page) position of data point `index`, or null when it is off the canvas. */
    screenPosition(index) {
      const state = store.get();
      if (!state.points || !(index >= 0 && index < state.points.count)) return null;
      return clientPosition(latentOf(state, index));
    },
    /** The client position of the view position `point` [x, y, z], or null when it is off the canvas. */
    screenPositionOf: (point) => clientPosition(point),
    /** The client position of control point `index`'s marker, or null. */
    markerPosition(index) {
      const point = store.get().controlPoints[index];
      return point ? clientPosition(point) : null;
    },
    /** The client position of the encoded drawing's marker, or null. */
    encodedPosition() {
      const { encoded } = store.get();
      return encoded ? clientPosition(encoded.mean) : null;
    },
    /** The index the find box showed, or null. */
    get focus() {
      return store.get().found;
    },
    get drawCount() {
      return cloudView.drawCount;
    },
    drawNow: () => cloudView.drawNow(),
    orbit: (dx, dy) => view.orbit(dx, dy),
    setPointsVisible: (visible) => cloudView.setPointsVisible(visible),
    /**
     * Show the class map's slice with the options given ({axis, position, mode, disagreeing, dim}, each optional; a
     * data set with a map only), or hide it (null). The first frame drawn with a data set's map is marked
     * `classmap-drawn:<id>` (performance.mark).
     */
    setClassMap: (options) => classMap.setOpen(options !== null, options ?? {}),
    /**
     * Select the points drawn inside `shape` {kind: "lasso" | "box", points: [[clientX, clientY], ...]} as a drag would, by
     * `operation` ("replace", "add" or "remove"). Returns the selection's size.
     */
    selectIn: ({ kind, points }, operation = "replace") => selection.selectIn({ kind, points: points.map(([x, y]) => toCanvas(x, y)) }, operation),
    /** Make `indices` the selection (what a notebook sets); out-of-range ones are left out. Returns how many were. */
    select: (indices) => selection.replace(indices),
    /** The data point a hover at client position (x, y) picks, or null. */
    pick: (clientX, clientY) => pickAt(store.get(), ...toCanvas(clientX, clientY)),
  };
}
