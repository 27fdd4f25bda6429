// What lies under a position on the canvas: the front-most pickable data point, or the
// empty-space position on the plane through the orbit target. Queries of the state.
import { unprojectToTargetPlane } from "./camera.js";
import { IMAGE_SIZE_PX } from "./gl/images-layer.js";
import { pickPoint } from "./picking.js";
import { fitDistance, pointSizePx, screenProjection } from "./selectors.js";

/** Index of the data point drawn at canvas position (x, y) in CSS pixels, or null. */
export function pickAt(state, x, y) {
  if (!state.points || !state.camera) return null;
  const lit = new Set(state.highlighted);
  // Dots grow slower than perspective; images grow with it.
  const pointRadius = state.imagesShown
    ? (IMAGE_SIZE_PX * fitDistance(state) / state.camera.distance) / 2
    : pointSizePx(state) * Math.sqrt(fitDistance(state) / state.camera.distance) / 2;
  return pickPoint(screenProjection(state), state.points.labels, x, y, {
    hitRadius: Math.max(pointRadius, 2),
    searchRadius: 8,
    pickable: lit.size ? (label) => lit.has(label) : () => true,
  });
}

/** The latent position under (x, y) in empty space, kept inside what the server decodes. */
export function spaceAt(state, x, y) {
  const limit = state.limits.coordinate;
  return unprojectToTargetPlane(state.camera, x, y, state.viewport.width, state.viewport.height)
    .map((value) => Math.max(-limit, Math.min(limit, value)));
}
