// Values derived from the state: computed when asked, cached on the inputs they read, so
// nothing derivable is stored beside the state it comes from.
import { cloudExtent, FACING, fitCamera, viewProjectionMatrix } from "./camera.js";
import { slicePlane } from "./classmap.js";
import { planeAxes } from "./grid-plane.js";
import { toLatent, toLatentDirection } from "./latent-view.js";
import { classColors } from "./palette.js";
import { projectAll } from "./picking.js";
import { positionsAt } from "./timeline.js";

const POINT_SIZE_PX = 3; // CSS pixels of a point at the orbit target, on a 650 px high canvas

/** Cache the last result of `compute(...inputs)`, recomputed when any input changes identity. */
export function lastOf(compute) {
  let inputs = null;
  let result;
  return (...args) => {
    if (!inputs || args.length !== inputs.length || args.some((arg, i) => arg !== inputs[i])) {
      inputs = args;
      result = compute(...args);
    }
    return result;
  };
}

export function datasetEntry(state) {
  return state.datasets.find((entry) => entry.id === state.dataset) ?? null;
}

export function classNames(state) {
  return datasetEntry(state)?.classes ?? [];
}

/** One CSS colour per class of the data set on screen. */
export const classPalette = (state) => paletteFor(classNames(state).length);
const paletteFor = lastOf((count) => classColors(count));

/** Points per class of the data set on screen. */
export const classCounts = (state) => countsFor(state.points?.labels ?? null, classNames(state).length);
const countsFor = lastOf((labels, classCount) => {
  const counts = new Array(classCount).fill(0);
  if (labels) for (const label of labels) counts[label] += 1;
  return counts;
});

/** The class most of `neighbors` ([{label}], at least one) belong to, the first met of a tie: {label, count}. */
export function majorityClass(neighbors) {
  const counts = new Map();
  for (const { label } of neighbors) counts.set(label, (counts.get(label) ?? 0) + 1);
  const [label, count] = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  return { label, count };
}

/** Whether the cloud is flat: the points of a 2-D latent space lie on the plane z = 0 of the view. */
const isFlat = (state) => state.latentView?.kind === "plane";

/**
 * The camera that frames the cloud on screen in the canvas's shape (where Reset view goes); a flat cloud
 * is faced square on, looking along -z, so that its plane is not seen at a slant.
 */
export const homeCamera = (state) => (state.points ? homeFor(state.points, state.viewport.width / state.viewport.height, isFlat(state)) : null);
// 99.8% of the points: a handful of far outliers must not shrink the cloud, but the visible rim must not clip.
const extentOf = lastOf((points) => cloudExtent(points.latents, 0.998));
const homeFor = lastOf((points, aspect, flat) => {
  const { center, radius } = extentOf(points);
  return fitCamera(center, radius, flat ? { aspect, rotation: FACING } : { aspect });
});

export const viewProjection = (state) => matrixFor(state.camera, state.viewport);
const matrixFor = lastOf((camera, viewport) => viewProjectionMatrix(camera, viewport.width / viewport.height));

/** The timeline drawn: the state's while the Training control is open and it has come, else null. */
export const shownTimeline = (state) => (state.epoch !== null && state.timeline?.dataset === state.dataset ? state.timeline : null);

/**
 * The points drawn, {latents: Float32Array(3·count) (view positions), labels, count, first}: the data points, or while a
 * timeline is shown its test points at the epoch shown (point i is data point first + i), computed when first asked
 * after the epoch changed, not every frame.
 */
export const shownPoints = (state) => {
  const timeline = shownTimeline(state);
  return timeline ? timelinePointsFor(timeline, state.points, state.epoch) : allPointsFor(state.points);
};
const allPointsFor = lastOf((points) => ({ latents: points.latents, labels: points.labels, count: points.count, first: 0 }));
const timelinePointsFor = lastOf((timeline, points, epoch) => ({
  latents: positionsAt(timeline.positions, timeline.count, epoch), count: timeline.count, first: timeline.first,
  labels: points.labels.subarray(timeline.first, timeline.first + timeline.count),
}));

/** The shown points' screen positions and depths for the current view (picking.js); computed on the first pick after a change. */
export const screenProjection = (state) => projectionFor(shownPoints(state).latents, viewProjection(state), state.viewport);
// Each new view writes into the previous view's arrays (12 MB for a million points): allocating them afresh
// cost more than the projection itself. Only picking reads them, and only for the current view.
let lastProjection;
const projectionFor = lastOf((latents, matrix, viewport) =>
  (lastProjection = projectAll(latents, matrix, viewport.width, viewport.height, lastProjection)));

/** CSS pixels of a point at the orbit target: a little larger on a tall canvas, so a projected cloud does not look sparse. */
export function pointSizePx(state) {
  return POINT_SIZE_PX * Math.min(1.6, Math.max(0.8, Math.sqrt(state.viewport.height / 650)));
}

/** The distance that frames the cloud in a square: points grow as you zoom in from it, whatever the window's shape. */
export function fitDistance(state) {
  return state.points ? homeFor(state.points, 1, isFlat(state)).distance : 1;
}

/** Data point `index`'s position in the view, [x, y, z]: where it is drawn (a test point at the epoch shown, while a timeline is). */
export function latentOf(state, index) {
  const shown = shownPoints(state);
  const at = index - shown.first;
  if (at >= 0 && at < shown.count) return Array.from(shown.latents.subarray(at * 3, at * 3 + 3));
  return Array.from(state.points.latents.subarray(index * 3, index * 3 + 3));
}

/** Data point `index`'s own latent, all d numbers: its neighbours are its nearest in the full space, not at its place in the view. */
export function fullLatentOf(state, index) {
  const { latents, dims } = state.points.full;
  return Array.from(latents.subarray(index * dims, (index + 1) * dims));
}

/**
 * The latent (d numbers) that view position `position` stands for, kept inside what the server decodes: what
 * every request that names a place sends. (A view's axes mix the dimensions, so a position inside the
 * limit on each of its three axes may stand for a latent just outside it on one.)
 */
export function latentAt(state, position) {
  const limit = state.limits.coordinate;
  return toLatent(state.latentView, position).map((value) => Math.max(-limit, Math.min(limit, value)));
}

/** A direction of the view (a grid's right or up) as a direction of the latent space. */
export const latentDirectionAt = (state, direction) => toLatentDirection(state.latentView, direction);

/**
 * The decoded grid's axes {right, up} in the view. A flat cloud's grid always lies in its plane: any other
 * plane would reach along z, which stands for nothing in a 2-D space.
 */
export const gridAxes = (state) => planeAxes(isFlat(state) ? "xy" : state.grid.plane, state.camera);

/**
 * With "size by uncertainty", each point's size factor: the mean of its d posterior standard
 * deviations over the data set's median, clamped to [0.35, 3] so that no point vanishes or fills
 * the screen. Null when the option is off or the deviations are still on their way.
 */
export const pointScales = (state) => (state.uncertainty && state.stds?.dataset === state.dataset
  ? scalesFor(state.stds.values, state.points.count) : null);
const scalesFor = lastOf((stds, count) => {
  const dims = stds.length / count;
  const spreads = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let axis = 0; axis < dims; axis++) sum += stds[dims * i + axis];
    spreads[i] = sum / dims;
  }
  const median = Float32Array.from(spreads).sort()[count >> 1] || 1;
  return spreads.map((spread) => Math.min(3, Math.max(0.35, spread / median)));
});

/**
 * The class map's slice as the renderer draws it: its plane (classmap.js's slicePlane), `mode` and `disagreeingOnly`;
 * null while the map is hidden or its lattice not yet here. A slice facing the camera turns with it; an axis slice
 * does not, so turning the view leaves it the same object.
 */
export const classSlice = (state) => {
  const { classmap, classLattice } = state;
  const lattice = classmap && classLattice?.dataset === state.dataset ? classLattice.lattice : null;
  return sliceFor(classmap, lattice, classmap?.axis === "view" ? state.camera : null);
};
const sliceFor = lastOf((classmap, lattice, camera) => (lattice && (camera || classmap.axis !== "view")
  ? { ...slicePlane(classmap, lattice, camera), mode: classmap.mode, disagreeingOnly: classmap.disagreeing } : null));

/** One byte per data point, 1 where it is selected (what the points layer uploads once per selection); null with nothing selected. */
export const selectionFlags = (state) => (state.points && state.selection.length ? flagsFor(state.selection, state.points.count) : null);
const flagsFor = lastOf((selection, count) => {
  const flags = new Uint8Array(count);
  for (const index of selection) flags[index] = 1;
  return flags;
});

/** Whether only the selected points are drawn and picked: "Show only the selection" ticked, and something selected. */
export const onlySelection = (state) => state.selectionOnly && state.selection.length > 0;
