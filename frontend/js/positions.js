// Positions in the latent space, [x, y, z]: when two of them are one place. Pure.

// Closer than this on every axis is one place: far below anything the page shows (2 decimals)
// or a link keeps (4), far above a float's rounding. One tolerance serves every caller: a
// control point this near its neighbour is refused as a repeat (the server refuses only equal
// ones), and a grid that moves less than this is not decoded again.
const SAME_PLACE = 1e-6;

/** Whether positions `a` and `b` are one place. */
export function samePoint(a, b) {
  return a.length === b.length && a.every((value, axis) => Math.abs(value - b[axis]) < SAME_PLACE);
}
