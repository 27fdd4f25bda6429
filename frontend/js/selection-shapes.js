// Box and lasso selection as arrays in, arrays out: which projected points lie inside a shape drawn
// on the canvas, and how a new set of indices combines with the selection. Pure: no DOM, no state.
//
// A shape is {kind: "box", points: [[x, y], [x, y]]} (two opposite corners) or {kind: "lasso", points:
// [[x, y], ...]} (a closed polygon, its last vertex joined to its first), in CSS pixels of the canvas.

export const SHAPES = ["lasso", "box"];

/** [left, top, right, bottom] around `points` [[x, y], ...]. */
export function boundsOf(points) {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    left = Math.min(left, x);
    right = Math.max(right, x);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  }
  return [left, top, right, bottom];
}

/** Whether (x, y) lies inside the polygon `points` [[x, y], ...] (even-odd rule: a lasso that crosses itself leaves its knots out). */
export function insidePolygon(points, x, y) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The indices, ascending, of the projected points (picking.js's projectAll: {screen, depth}) inside `shape` and
 * inside the `width` × `height` canvas (a point off screen is not drawn, so not selected), for which
 * `selectable(i)` holds. Points behind the camera never are.
 */
export function pointsInShape({ screen, depth }, shape, { width, height, selectable = () => true }) {
  const found = [];
  if (shape.points.length < (shape.kind === "box" ? 2 : 3)) return found;
  const [left, top, right, bottom] = boundsOf(shape.points);
  const [x0, y0, x1, y1] = [Math.max(left, 0), Math.max(top, 0), Math.min(right, width), Math.min(bottom, height)];
  const lasso = shape.kind === "lasso";
  for (let i = 0; i < depth.length; i++) {
    if (depth[i] === Infinity) continue;
    const x = screen[i * 2];
    const y = screen[i * 2 + 1];
    // The bounding box first: most points of a cloud fail it, and it is all a box needs.
    if (x < x0 || x > x1 || y < y0 || y > y1) continue;
    if (lasso && !insidePolygon(shape.points, x, y)) continue;
    if (selectable(i)) found.push(i);
  }
  return found;
}

/** `current` and `found` (each ascending, without repeats) combined by `operation`: "replace", "add" or "remove"; ascending. */
export function combineSelection(current, found, operation) {
  if (operation === "replace") return found.slice();
  const result = [];
  let [i, j] = [0, 0];
  while (i < current.length || j < found.length) {
    const a = i < current.length ? current[i] : Infinity;
    const b = j < found.length ? found[j] : Infinity;
    if (a < b) {
      result.push(a);
      i++;
    } else if (b < a) {
      if (operation === "add") result.push(b);
      j++;
    } else {
      if (operation === "add") result.push(a);
      i++;
      j++;
    }
  }
  return result;
}

/**
 * `indices` (from anywhere: a link, a notebook) as a selection of `count` points: whole numbers from 0 to count - 1,
 * ascending, each once. Returns {indices, dropped}: `dropped` counts what was not such a number.
 */
export function cleanIndices(indices, count) {
  const kept = [];
  let dropped = 0;
  for (const index of indices ?? []) {
    if (Number.isInteger(index) && index >= 0 && index < count) kept.push(index);
    else dropped++;
  }
  kept.sort((a, b) => a - b);
  return { indices: kept.filter((index, at) => at === 0 || index !== kept[at - 1]), dropped };
}

/** Whether two ascending index arrays hold the same indices. */
export function sameIndices(a, b) {
  return a.length === b.length && a.every((index, at) => index === b[at]);
}
