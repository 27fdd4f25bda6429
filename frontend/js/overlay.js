// The adapter from selection state to the renderer's overlay: the traversal curve, the
// numbered control-point markers, the moving traversal marker, the hover ring, the 3-D
// cursor, the decoded grid's footprint, and posteriors' 1-σ ellipsoids (the hovered point's and
// an encoded drawing's, with its marker). Pure: state in, {lines, marks} for cloud.setOverlay out.

const WHITE = [1, 1, 1, 1];
const MARKER_FILL = [0.07, 0.09, 0.13, 1];  // dark discs, so the white numbers on them read
const TRAVERSAL_MARKER = [1, 0.3, 0.55, 1]; // the page's accent colour
const LIT_NEIGHBOUR = [1, 0.85, 0.25, 1];    // the neighbour the pointer is on, in the strip
const GRID_OUTLINE = [0.35, 0.85, 1, 0.9];   // cyan: apart from the white path and every class colour's lightness
const ENCODED = [1, 0.3, 0.55, 1];           // the accent: the user's own drawing
const ELLIPSE_SEGMENTS = 48;

/**
 * A 1-σ ellipsoid of a diagonal Gaussian as three closed rings, its sections by the three axis
 * planes through `center`: wire rings read in depth as the view turns, without hiding the points.
 */
export function ellipsoidRings(center, std) {
  return [[0, 1], [1, 2], [0, 2]].map(([a, b]) => Array.from({ length: ELLIPSE_SEGMENTS }, (_, i) => {
    const angle = (2 * Math.PI * i) / ELLIPSE_SEGMENTS;
    const point = [...center];
    point[a] += std[a] * Math.cos(angle);
    point[b] += std[b] * Math.sin(angle);
    return point;
  }));
}

/**
 * `traversal` {path, index, closed} or null; `controlPoints` [[x, y, z]...]; `hovered` the
 * hovered data point's position or null; `cursor` the empty-space position or null; `lit`
 * the position of the neighbour pointed at in the strip, or null; `gridCorners` the four corners of
 * the decoded grid's square, or null; `spread` the hovered point's posterior {center, std}, or null;
 * `encoded` an encoded drawing's posterior {mean, std}, or null.
 * `cursorArm` is the half-length of the cursor's strokes in world units; sizes scale with
 * `pixelRatio` so they look the same on every screen.
 */
export function buildOverlay(
  { traversal, controlPoints, hovered, cursor, lit = null, gridCorners = null, spread = null, encoded = null },
  { cursorArm, pixelRatio },
) {
  const lines = [];
  const marks = [];
  const rings = (center, std, color) => {
    for (const ring of ellipsoidRings(center, std)) lines.push({ points: ring, closed: true, color, width: 1.5 * pixelRatio });
  };
  if (gridCorners) lines.push({ points: gridCorners, closed: true, color: GRID_OUTLINE, width: 2 * pixelRatio });
  if (spread) rings(spread.center, spread.std, [1, 1, 1, 0.7]);
  if (encoded) {
    rings(encoded.mean, encoded.std, ENCODED);
    marks.push({ position: encoded.mean, color: ENCODED, size: 16 * pixelRatio, ring: false });
  }
  if (traversal) {
    lines.push({ points: traversal.path, closed: traversal.closed, color: [1, 1, 1, 0.95], width: 3 * pixelRatio });
  }
  for (const point of controlPoints) {
    marks.push({ position: point, color: MARKER_FILL, size: 22 * pixelRatio, ring: false });
  }
  if (traversal) {
    // A ring, so a control point's number still reads when the marker passes over it.
    marks.push({ position: traversal.path[traversal.index], color: TRAVERSAL_MARKER, size: 30 * pixelRatio, ring: true });
  }
  if (hovered) {
    marks.push({ position: hovered, color: WHITE, size: 18 * pixelRatio, ring: true });
  }
  if (cursor) {
    // Three axis-aligned strokes: unlike a flat cross, its depth reads as the view turns.
    for (let axis = 0; axis < 3; axis++) {
      const from = [...cursor];
      const to = [...cursor];
      from[axis] -= cursorArm;
      to[axis] += cursorArm;
      lines.push({ points: [from, to], closed: false, color: [1, 1, 1, 0.9], width: 2 * pixelRatio });
    }
    marks.push({ position: cursor, color: WHITE, size: 12 * pixelRatio, ring: true });
  }
  if (lit) {
    marks.push({ position: lit, color: LIT_NEIGHBOUR, size: 26 * pixelRatio, ring: true });
  }
  return { lines, marks };
}
