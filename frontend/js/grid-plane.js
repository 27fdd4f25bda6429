// The decoded grid's plane: its axes (facing the camera, or an axis plane), the position of
// each cell, the footprint drawn in the cloud, and the cell under a point of the mosaic.
// Pure. The server places the cells the same way (backend/latent_explorer/grid.py): `right` runs along a
// row, `up` along a column, row 0 is the top.
import { cameraAxes } from "./camera.js";

export const GRID_PLANES = ["view", "xy", "yz", "xz"];
const AXIS_PLANES = {
  xy: { right: [1, 0, 0], up: [0, 1, 0] },
  yz: { right: [0, 1, 0], up: [0, 0, 1] },
  xz: { right: [1, 0, 0], up: [0, 0, 1] },
};

/** The plane's unit axes {right, up}: the camera's own for "view", so the grid faces it. */
export function planeAxes(plane, camera) {
  if (plane !== "view") return AXIS_PLANES[plane];
  const { right, up } = cameraAxes(camera);
  return { right, up };
}

const along = (center, { right, up }, a, b) => center.map((value, axis) => value + a * right[axis] + b * up[axis]);

/** The position of the cell in `row` (0 at the top) and `column` (0 at the left) of `grid` {center, size, spacing}. */
export function cellPosition({ center, size, spacing }, axes, row, column) {
  const half = (size - 1) / 2;
  return along(center, axes, (column - half) * spacing, (half - row) * spacing);
}

/** The four corners of the square the cells cover (their outer edges), clockwise from the top left. */
export function footprint({ center, size, spacing }, axes) {
  const reach = (size * spacing) / 2;
  return [[-1, 1], [1, 1], [1, -1], [-1, -1]].map(([a, b]) => along(center, axes, a * reach, b * reach));
}

/** The cell {row, column} at fractions (`fx`, `fy`) of the mosaic's width and height, clamped to the grid. */
export function cellAt(size, fx, fy) {
  const index = (fraction) => Math.min(size - 1, Math.max(0, Math.floor(fraction * size)));
  return { row: index(fy), column: index(fx) };
}
