// What lies under a position on the canvas: the front-most pickable data point, or the
// empty-space position on the class map's slice where it is drawn there, else on the plane
// through the orbit target. Queries of the state.
import { unprojectToTargetPlane } from "./camera.js";
import { slicePointAt } from "./classmap.js";
import { IMAGE_SIZE_PX } from "./gl/images-layer.js";
import { pickPoint } from "./picking.js";
import { classSlice, fitDistance, pointSizePx, screenProjection, shownPoints } from "./selectors.js";

/** Index of the data point drawn at canvas position (x, y) in CSS pixels (where it is shown: selectors.shownPoints), or null. */
export function pickAt(state, x, y) {
  if (!state.points || !state.camera) return null;
  const lit = new Set(state.highlighted);
  // Dots grow slower than perspective; images grow with it.
  const pointRadius = state.imagesShown && state.epoch === null // the Training control draws dots
    ? (IMAGE_SIZE_PX * fitDistance(state) / state.camera.distance) / 2
    : pointSizePx(state) * Math.sqrt(fitDistance(state) / state.camera.distance) / 2;
  const shown = shownPoints(state);
  const index = pickPoint(screenProjection(state), shown.labels, x, y, {
    hitRadius: Math.max(pointRadius, 2),
    searchRadius: 8,
    pickable: lit.size ? (label) => lit.has(label) : () => true,
  });
  return index === null ? null : shown.first + index;
}

/**
 * The position under (x, y) in empty space, kept inside what the server decodes: on the class map's slice where the
 * pointer is over it (the hover then reads what the map shows there), else on the plane through the orbit target.
 */
export function spaceAt(state, x, y) {
  const limit = state.limits.coordinate;
  const { camera, viewport: { width, height } } = state;
  const slice = classSlice(state);
  const onSlice = slice && slicePointAt(slice, state.classLattice.lattice, camera, x, y, width, height);
  return (onSlice || unprojectToTargetPlane(camera, x, y, width, height)).map((value) => Math.max(-limit, Math.min(limit, value)));
}
