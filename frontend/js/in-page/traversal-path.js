// Traversal curves: a cubic spline through control points, sampled evenly along its arc length.
// Pure. The server draws the same curve (backend/latent_explorer/traversal.py, with scipy's CubicSpline), and
// tests/browser/js/test_js_traversal_path.py holds this port to it: the same points, the same refusals, and the
// same words for them as the server's API. Each step below follows scipy's and numpy's order of operations, so the
// two agree to rounding (about 1e-13), not merely to the test's tolerance.
import { formatG, pythonRepr } from "./checks.js";


// Dense samples per spline segment for measuring arc length (as traversal.py).
export const SAMPLES_PER_SEGMENT = 256;
// A segment's share of the knot span below which its two ends count as one point (as traversal.py).
export const MIN_KNOT_SHARE = 1e-6;

/** Two consecutive control points coincide or lie too close together (a closed curve's last and first count). */
export class DuplicateControlPoints extends Error {
  constructor(indices, distance) {
    super(`control points ${indices[0]} and ${indices[1]} are ${formatG(distance, 3)} apart; consecutive control `
      + "points must differ by more");
    this.name = "DuplicateControlPoints";
    this.indices = indices; // the zero-based positions of the pair, e.g. [2, 0] for a closed curve's join
    this.distance = distance; // how far apart they are: 0 for the same point
  }
}

/** The server's words for refusing `controlPoints` with `error` (api/core.py, traversal_request). */
export function duplicateMessage({ indices: [first, second], distance }, controlPoints) {
  const how = distance === 0 ? `are the same point ${pythonRepr(controlPoints[first])}`
    : `(${pythonRepr(controlPoints[first])} and ${pythonRepr(controlPoints[second])}) are too close together to `
      + `build a curve through: ${formatG(distance, 3)} apart`;
  return `control points ${first} and ${second} ${how}; consecutive control points must differ`;
}

/** `steps` points evenly spaced in arc length along the spline through `controlPoints` (of any one size: [x, y, z], or d numbers).
 *
 * Starts at the first control point; an open curve ends at the last one, a closed loop stops one step short of
 * returning to the start. Throws DuplicateControlPoints where the server refuses the points.
 */
export function traversalPath(controlPoints, steps, closed = false) {
  const { curve, end } = splineThrough(controlPoints, closed);
  const segments = closed ? controlPoints.length : controlPoints.length - 1;
  const denseT = linspace(end, segments * SAMPLES_PER_SEGMENT + 1);
  const dense = denseT.map(curve);
  const arcLength = [0];
  for (let i = 1; i < dense.length; i++) arcLength.push(arcLength[i - 1] + distance(dense[i - 1], dense[i]));
  const total = arcLength[arcLength.length - 1];
  const targets = closed ? Array.from({ length: steps }, (_, i) => i * (total / steps)) : linspace(total, steps);
  const path = interpolate(targets, arcLength, denseT).map(curve);
  path[0] = [...controlPoints[0]];
  if (!closed) path[path.length - 1] = [...controlPoints[controlPoints.length - 1]];
  return path;
}

/** The curve t -> point through the control points, centripetally parameterised, and its domain's end. */
function splineThrough(controlPoints, closed) {
  const points = closed ? [...controlPoints, controlPoints[0]] : controlPoints;
  const chords = points.slice(1).map((point, i) => distance(points[i], point));
  const knots = [0];
  for (const chord of chords) knots.push(knots[knots.length - 1] + Math.sqrt(chord));
  const end = knots[knots.length - 1];
  // Negated so that a NaN fails too, as in traversal.py.
  const first = chords.findIndex((_, i) => !(knots[i + 1] - knots[i] > MIN_KNOT_SHARE * end));
  if (first >= 0) throw new DuplicateControlPoints([first, (first + 1) % controlPoints.length], chords[first]);
  const axes = points[0].map((_, axis) => cubicSpline(knots, points.map((point) => point[axis]), closed));
  // scipy's periodic spline wraps its argument into the period, so the loop's end is evaluated as its start.
  const curve = (t) => {
    const wrapped = closed ? t % end : t;
    const segment = knotInterval(knots, wrapped);
    return axes.map((axis) => axis(segment, wrapped - knots[segment]));
  };
  return { curve, end };
}

/** One coordinate of scipy's CubicSpline: (segment, offset into it) -> value, in PPoly's local power form. */
function cubicSpline(knots, values, periodic) {
  const dx = knots.slice(1).map((knot, i) => knot - knots[i]);
  const slope = dx.map((h, i) => (values[i + 1] - values[i]) / h);
  const s = periodic ? periodicDerivatives(dx, slope) : naturalDerivatives(dx, slope, values);
  // CubicHermiteSpline's coefficients, highest power first.
  const coefficients = dx.map((h, i) => {
    const t = (s[i] + s[i + 1] - 2 * slope[i]) / h;
    return [t / h, (slope[i] - s[i]) / h - t, s[i], values[i]];
  });
  return (segment, offset) => {
    const [cubic, square, linear, constant] = coefficients[segment];
    // PPoly sums the powers from the lowest; it does not use Horner's rule.
    return constant + linear * offset + square * (offset * offset) + cubic * (offset * offset * offset);
  };
}

// Row r of the system that makes the spline's second derivative continuous at knot r, in the first derivatives s:
// dx[r] s[r-1] + 2 (dx[r-1] + dx[r]) s[r] + dx[r-1] s[r+1] = 3 (dx[r] slope[r-1] + dx[r-1] slope[r]),
// with the indices taken around the loop for a periodic spline.
function continuityRow(dx, slope, r) {
  const m = dx.length;
  const before = (r - 1 + m) % m;
  return { lower: dx[r], diagonal: 2 * (dx[before] + dx[r]), upper: dx[before],
    rhs: 3 * (dx[r] * slope[before] + dx[before] * slope[r]) };
}

/** The first derivatives at the knots with zero second derivative at both ends, as scipy sets the system up. */
function naturalDerivatives(dx, slope, values) {
  const m = dx.length;
  const rows = [{ lower: 0, diagonal: 2 * dx[0], upper: dx[0], rhs: 3 * (values[1] - values[0]) }];
  for (let r = 1; r < m; r++) rows.push(continuityRow(dx, slope, r));
  rows.push({ lower: dx[m - 1], diagonal: 2 * dx[m - 1], upper: 0, rhs: 3 * (values[m] - values[m - 1]) });
  return solveTridiagonal(rows, rows.map((row) => row.rhs));
}

/** The first derivatives at the knots of a periodic spline (the last knot closes the loop), as scipy finds them. */
function periodicDerivatives(dx, slope) {
  const m = dx.length;
  if (m === 2) {
    // Two segments: the cyclic rows would name one unknown twice, so scipy solves them by hand.
    const t = (slope[0] / dx[0] + slope[1] / dx[1]) / (1 / dx[0] + 1 / dx[1]);
    return [t, t, t];
  }
  // The cyclic system is solved as scipy does: the first m - 1 rows without their corners, once for the right-hand
  // side and once for the corner column, and the last row then gives the last unknown.
  const rows = Array.from({ length: m }, (_, r) => continuityRow(dx, slope, r));
  const condensed = rows.slice(0, m - 1);
  const s1 = solveTridiagonal(condensed, condensed.map((row) => row.rhs));
  const s2 = solveTridiagonal(condensed, condensed.map((_, r) => (r === 0 ? -dx[0] : r === m - 2 ? -dx[m - 3] : 0)));
  const last = rows[m - 1];
  const sLast = (last.rhs - last.upper * s1[0] - last.lower * s1[m - 2])
    / (last.diagonal + last.upper * s2[0] + last.lower * s2[m - 2]);
  const s = s1.map((value, r) => value + sLast * s2[r]);
  return [...s, sLast, s[0]];
}

/** x with rows[i].lower x[i-1] + rows[i].diagonal x[i] + rows[i].upper x[i+1] = rhs[i] (the rows dominate their
 * diagonals, so elimination needs no pivoting). */
function solveTridiagonal(rows, rhs) {
  const n = rows.length;
  const diagonal = rows.map((row) => row.diagonal);
  const x = [...rhs];
  for (let i = 1; i < n; i++) {
    const factor = rows[i].lower / diagonal[i - 1];
    diagonal[i] -= factor * rows[i - 1].upper;
    x[i] -= factor * x[i - 1];
  }
  x[n - 1] /= diagonal[n - 1];
  for (let i = n - 2; i >= 0; i--) x[i] = (x[i] - rows[i].upper * x[i + 1]) / diagonal[i];
  return x;
}

/** The segment i with knots[i] <= t < knots[i + 1], the last one for t at or past the end (as PPoly finds it). */
function knotInterval(knots, t) {
  let low = 0;
  let high = knots.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (knots[middle] <= t) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** numpy's interp of ascending `targets` in the ascending table (xs, ys). */
function interpolate(targets, xs, ys) {
  const last = xs.length - 1;
  let j = 0;
  return targets.map((x) => {
    if (x <= xs[0]) return ys[0];
    if (x >= xs[last]) return ys[last];
    while (xs[j + 1] <= x) j += 1;
    if (xs[j] === x) return ys[j];
    return ((ys[j + 1] - ys[j]) / (xs[j + 1] - xs[j])) * (x - xs[j]) + ys[j];
  });
}

/** numpy's linspace(0, stop, count): its points are i * step, and the last is `stop` itself. */
function linspace(stop, count) {
  const step = stop / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === 0 ? 0 : i === count - 1 ? stop : i * step));
}

// numpy's norm: the square root of the sum of squares, summed in order (as numpy sums fewer than 8; more it
// sums pairwise, which differs in the last bits only).
function distance(a, b) {
  let sum = 0;
  for (let axis = 0; axis < a.length; axis++) {
    const difference = b[axis] - a[axis];
    sum += difference * difference;
  }
  return Math.sqrt(sum);
}
