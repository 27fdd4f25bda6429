// CPU picking: project the points once per view, then find the point under the cursor.
// No GPU read-back: projecting 70,000 points takes about a millisecond and is redone only
// when the camera or the canvas size changed.

/**
 * Project interleaved xyz `positions` with a column-major view-projection `matrix` into
 * CSS pixels of a width x height viewport. Returns {screen: Float32Array(2N) of x, y;
 * depth: Float32Array(N) of clip w, Infinity for points behind the camera}, written into
 * the arrays of `reuse` (an earlier result) when it holds as many points.
 */
export function projectAll(positions, matrix, width, height, reuse = null) {
  const count = positions.length / 3;
  const fits = reuse?.depth.length === count;
  const screen = fits ? reuse.screen : new Float32Array(count * 2);
  const depth = fits ? reuse.depth : new Float32Array(count);
  const [m0, m1, m3, m4, m5, m7, m8, m9, m11, m12, m13, m15] =
    [matrix[0], matrix[1], matrix[3], matrix[4], matrix[5], matrix[7], matrix[8], matrix[9], matrix[11], matrix[12], matrix[13], matrix[15]];
  for (let i = 0; i < count; i++) {
    const x = positions[i * 3];
    const y = positions[i * 3 + 1];
    const z = positions[i * 3 + 2];
    const w = m3 * x + m7 * y + m11 * z + m15;
    if (w <= 0) {
      depth[i] = Infinity;
      continue;
    }
    screen[i * 2] = (((m0 * x + m4 * y + m8 * z + m12) / w + 1) / 2) * width;
    screen[i * 2 + 1] = ((1 - (m1 * x + m5 * y + m9 * z + m13) / w) / 2) * height;
    depth[i] = w;
  }
  return { screen, depth };
}

/**
 * The index of the point under (x, y), or null. Among points whose drawn disc
 * (`hitRadius` px) covers the cursor the front one wins, as it is the one you see;
 * failing that, the nearest within `searchRadius` px. `pickable(label, i)` says whether
 * point i of class `label` takes part (dimmed classes do not).
 */
export function pickPoint({ screen, depth }, labels, x, y, { hitRadius = 3, searchRadius = 8, pickable = () => true } = {}) {
  const hitSquared = hitRadius * hitRadius;
  const searchSquared = searchRadius * searchRadius;
  let front = null;
  let frontDepth = Infinity;
  let nearest = null;
  let nearestSquared = Infinity;
  for (let i = 0; i < depth.length; i++) {
    if (depth[i] === Infinity) continue;
    const dx = screen[i * 2] - x;
    const dy = screen[i * 2 + 1] - y;
    const squared = dx * dx + dy * dy;
    if (squared > searchSquared || !pickable(labels[i], i)) continue;
    if (squared <= hitSquared && depth[i] < frontDepth) {
      front = i;
      frontDepth = depth[i];
    }
    if (squared < nearestSquared) {
      nearest = i;
      nearestSquared = squared;
    }
  }
  return front ?? nearest;
}
