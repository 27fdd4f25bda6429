// What lies under a position on the canvas: the front-most pickable data point, or the
// empty-space position on the class map's slice where it is drawn there, else on the plane
// through the orbit target. Queries of the state.
import { unprojectToTargetPlane } from "./camera.js";
import { slicePointAt } from "./classmap.js";
import { IMAGE_SIZE_PX } from "./gl/images-layer.js";
import { pickPoint } from "./picking.js";
import { classSlice, fitDistance, onlySelection, pointSizePx, screenProjection, selectionFlags, shownPoints } from "./selectors.js";

/**
 * Whether shown point i (selectors.shownPoints' numbering) can be picked or selected: not dimmed by the legend's highlight,
 * and with "Show only the selection", selected. Null when every point can.
 */
export function shownPointFilter(state) {
  const lit = state.highlighted.length ? new Set(state.highlighted) : null;
  const only = onlySelection(state) ? selectionFlags(state) : null;
  if (!lit && !only) return null;
  const { labels, first } = shownPoints(state);
  return (i) => (!lit || lit.has(labels[i])) && (!only || only[first + i] === 1);
}

/** Index of the data point drawn at canvas position (x, y) in CSS pixels (where it is shown: selectors.shownPoints), or null. */
export function pickAt(state, x, y) {
  if (!state.points || !state.camera) return null;
  const filter = shownPointFilter(state);
  // Dots grow slower than perspective; images grow with it.
  const pointRadius = state.imagesShown && state.epoch === null // the Training control draws dots
    ? (IMAGE_SIZE_PX * fitDistance(state) / state.camera.distance) / 2
    : pointSizePx(state) * Math.sqrt(fitDistance(state) / state.camera.distance) / 2;
  const shown = shownPoints(state);
  const index = pickPoint(screenProjection(state), shown.labels, x, y, {
    hitRadius: Math.max(pointRadius, 2),
    searchRadius: 8,
    pickable: filter ? (label, i) => filter(i) : () => true,
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
