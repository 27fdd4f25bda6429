// The page's side of the notebook widget's traits (notebook.py's ExplorerWidget): what the page shows is
// reported to the kernel as it changes, and what the notebook sets is applied here. The notebook speaks in
// latents: a control point or a path position of a space of more than three dimensions is reported as the latent
// it stands for, and a control point set from the notebook is placed at its latent's position in the view (the
// latent itself for d ≤ 3, its projection beyond).
import { kernelBridge } from "../api-kernel.js";
import { fromLatent } from "../latent-view.js";
import { classNames, latentAt } from "../selectors.js";

const CAMERA_REPORT_MS = 200; // a drag moves the camera every frame: its reports wait and go together

/** Each trait the page reports: the state it follows, and its value. */
const REPORTED = {
  selection: [["selection"], (state) => state.selection ?? []],
  control_points: [["controlPoints", "latentView"], (state) => state.controlPoints.map((point) => latentAt(state, point))],
  closed: [["closed"], (state) => state.closed],
  path: [["traversal", "latentView"], (state) => state.traversal?.path.map((point) => latentAt(state, point)) ?? []],
  hovered: [["hovered"], (state) => state.hovered],
  highlight: [["highlighted"], (state) => state.highlighted],
  camera: [["camera"], ({ camera }) => camera && { target: [...camera.target], rotation: [...camera.rotation], distance: camera.distance }],
};

const isLatent = (value, dims) => Array.isArray(value) && value.length === dims && value.every(Number.isFinite);

/** Connect the page to its widget, once its first view is shown; nothing outside a notebook. */
export function connectNotebook(store, { traversal, selection }) {
  const bridge = kernelBridge();
  if (!bridge) return;
  let waiting = {};
  let timer = null;
  const flush = () => {
    clearTimeout(timer);
    timer = null;
    if (Object.keys(waiting).length) bridge.report(waiting);
    waiting = {};
  };
  const reportAll = () => {
    const state = store.get();
    waiting = Object.fromEntries(Object.entries(REPORTED).map(([name, [, value]]) => [name, value(state)]));
    flush();
  };

  const refuse = (message) => {
    store.set({ error: message });
    reportAll(); // the trait returns to what the page shows
  };
  const apply = (name, value) => {
    const state = store.get();
    if (!state.points) return;
    const dims = state.points.full.dims;
    if (name === "control_points") {
      const wrong = value.findIndex((latent) => !isLatent(latent, dims));
      if (wrong >= 0) return refuse(`control_points[${wrong}] must be a latent of ${dims} finite numbers; found ${JSON.stringify(value[wrong])}`);
      traversal.replace(value.map((latent) => fromLatent(state.latentView, latent)), state.closed);
    } else if (name === "closed") {
      traversal.setClosed(Boolean(value));
    } else if (name === "highlight") {
      const classes = classNames(state).length;
      const wrong = value.find((label) => !(Number.isInteger(label) && label >= 0 && label < classes));
      if (wrong !== undefined) return refuse(`highlight holds ${wrong}, which is not a class index of this data set (0 to ${classes - 1})`);
      store.set({ highlighted: [...new Set(value)].sort((a, b) => a - b), hovered: null });
    } else if (name === "selection") {
      const dropped = selection.replace(value);
      if (dropped) refuse(`${dropped} of the selection's indices are not points of this data set (0 to ${state.points.count - 1}); the rest are selected`);
    }
  };

  store.subscribe((state, previous) => {
    if (!state.points || !state.latentView) return;
    for (const [name, [follows, value]] of Object.entries(REPORTED)) {
      if (follows.some((key) => state[key] !== previous[key])) waiting[name] = value(state);
    }
    const names = Object.keys(waiting);
    if (names.length === 0) return;
    if (names.length === 1 && names[0] === "camera") timer ??= setTimeout(flush, CAMERA_REPORT_MS);
    else flush();
  });

  // What the notebook set before the page was shown, then everything the page shows.
  const wanted = bridge.onSet(apply);
  if (wanted.highlight.length) apply("highlight", wanted.highlight);
  if (wanted.selection.length) apply("selection", wanted.selection);
  if (wanted.control_points.length) apply("control_points", wanted.control_points);
  if (wanted.closed) apply("closed", true);
  reportAll();
}
