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

const BAND_MOST = 512; // horizontal bands a lasso's edges are sorted into

/**
 * insidePolygon for many points: `(x, y) => boolean`, the same answer for every point, faster. The polygon's edges are
 * sorted once into horizontal bands, and a point tests only the edges of its band (a point can be crossed only by an
 * edge that spans its y), so a 64-sided lasso costs a few edge tests a point, not 64.
 */
export function polygonTester(points) {
  const count = points.length;
  const [, top, , bottom] = boundsOf(points);
  const bands = Math.max(1, Math.min(BAND_MOST, Math.ceil(bottom - top)));
  const bandOf = (y) => Math.min(bands - 1, Math.max(0, Math.floor(((y - top) / (bottom - top || 1)) * bands)));
  const edges = Array.from({ length: bands }, () => []);
  for (let i = 0, j = count - 1; i < count; j = i++) {
    const [low, high] = [bandOf(Math.min(points[i][1], points[j][1])), bandOf(Math.max(points[i][1], points[j][1]))];
    for (let band = low; band <= high; band++) edges[band].push(points[i][0], points[i][1], points[j][0], points[j][1]);
  }
  const packed = edges.map((list) => Float64Array.from(list));
  return (x, y) => {
    const edge = packed[bandOf(y)];
    let inside = false;
    for (let k = 0; k < edge.length; k += 4) {
      const yi = edge[k + 1]; // plain reads: this loop runs for every point in the lasso's bounds
      const yj = edge[k + 3];
      if ((yi > y) !== (yj > y) && x < ((edge[k + 2] - edge[k]) * (y - yi)) / (yj - yi) + edge[k]) inside = !inside;
    }
    return inside;
  };
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
  const inside = shape.kind === "lasso" ? polygonTester(shape.points) : null;
  for (let i = 0; i < depth.length; i++) {
    if (depth[i] === Infinity) continue;
    const x = screen[i * 2];
    const y = screen[i * 2 + 1];
    // The bounding box first: most points of a cloud fail it, and it is all a box needs.
    if (x < x0 || x > x1 || y < y0 || y > y1) continue;
    if (inside && !inside(x, y)) continue;
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
