// A latent space of any size d seen as the 3-D cloud: one linear map from a latent to its position in
// the view, and its way back. Pure. The page holds every position (the cursor, control points, the
// grid's centre, the path it draws) in view coordinates and turns it into a latent only where it asks
// for an answer, so this is the one place that knows d.
//
//   d = 3  the identity: the same numbers, untouched.
//   d = 2  the plane z = 0: [x, y] is drawn at [x, y, 0], and a position maps back to its x and y.
//   d > 3  the listing's principal view (the top three principal axes through the data's mean), or three
//          latent dimensions i, j, k shown as they are, the others held at the data's mean.
//
// Every view is {kind, dims, choice, origin: [d], axes: three rows of d, explained}: a latent z is drawn
// at position_a = axes[a] · (z − origin), and position p stands for origin + Σ_a p_a axes[a]. The rows
// are orthonormal (a 2-D space's third row is zero), so positions map back to the same positions,
// and lengths and right angles in the view are those of the latent space: what is decoded between the
// points is the 3-D slice the view shows.

/** The default choice, and the only one for d ≤ 3: the principal view (for d ≤ 3, the space itself). */
export const PCA = "pca";

const unitRows = (dims, picked) => picked.map((axis) => Array.from({ length: dims }, (_, j) => (j === axis ? 1 : 0)));

/** Why `axes` is no choice of three latent dimensions of a `dims`-D space (null when it is one). */
export function axesProblem(axes, dims) {
  if (!Array.isArray(axes) || axes.length !== 3 || !axes.every(Number.isInteger)) return "three whole numbers are needed";
  if (!axes.every((axis) => axis >= 0 && axis < dims)) return `each must be from 0 to ${dims - 1}`;
  if (new Set(axes).size !== 3) return "the three must differ";
  return null;
}

/** Whether two choices ("pca" or [i, j, k]) are the same. */
export const sameChoice = (a, b) => (Array.isArray(a) && Array.isArray(b) ? a.every((axis, i) => axis === b[i]) : a === b);

/**
 * The view of the listing's data set `entry` ({latent_dim, view}) for `choice`: "pca", or [i, j, k] for
 * three latent dimensions (d > 3 only; any other choice is the principal view).
 */
export function viewOf(entry, choice = PCA) {
  const dims = entry.latent_dim;
  if (dims === 3) return { kind: "identity", dims, choice: PCA, origin: [0, 0, 0], axes: unitRows(3, [0, 1, 2]), explained: null };
  if (dims === 2) return { kind: "plane", dims, choice: PCA, origin: [0, 0], axes: [[1, 0], [0, 1], [0, 0]], explained: null };
  const { origin, axes, explained, mean } = entry.view;
  if (Array.isArray(choice) && axesProblem(choice, dims) === null) {
    // Zero on the three shown, so that they are drawn as they are: position = [z_i, z_j, z_k].
    const held = mean.map((value, j) => (choice.includes(j) ? 0 : value));
    return { kind: "axes", dims, choice: [...choice], origin: held, axes: unitRows(dims, choice), explained: null };
  }
  return { kind: "pca", dims, choice: PCA, origin, axes, explained };
}

/**
 * The positions of `latents` (Float32Array, `dims` per point) in `view`: Float32Array(3N). The identity
 * gives back `latents` itself: a 3-D cloud is drawn from the array it came in, with no copy.
 */
export function toPositions(latents, dims, view) {
  if (view.kind === "identity") return latents;
  const count = latents.length / dims;
  const positions = new Float32Array(3 * count);
  // Only each row's non-zero weights, in typed arrays: a view of three chosen dimensions reads three numbers a point.
  const rows = view.axes.map((row) => {
    const used = row.flatMap((weight, j) => (weight === 0 ? [] : [j]));
    return { used: Int32Array.from(used), weights: Float64Array.from(used, (j) => row[j]), origin: Float64Array.from(used, (j) => view.origin[j]) };
  });
  for (let point = 0; point < count; point++) {
    const at = point * dims;
    for (let a = 0; a < 3; a++) {
      const { used, weights, origin } = rows[a];
      let sum = 0;
      for (let n = 0; n < used.length; n++) sum += weights[n] * (latents[at + used[n]] - origin[n]);
      positions[3 * point + a] = sum;
    }
  }
  return positions;
}

/** The position [x, y, z] of one latent (`dims` numbers) in `view`. */
export function fromLatent(view, latent) {
  if (view.kind === "identity") return [...latent];
  return view.axes.map((row) => row.reduce((sum, weight, j) => sum + weight * (latent[j] - view.origin[j]), 0));
}

/** The latent (`dims` numbers) that position [x, y, z] of `view` stands for. */
export function toLatent(view, position) {
  if (view.kind === "identity") return [...position];
  return view.origin.map((value, j) => value + position[0] * view.axes[0][j] + position[1] * view.axes[1][j] + position[2] * view.axes[2][j]);
}

/**
 * A direction of the view (a grid's right or up) as a direction of the latent space: toLatent of its tip
 * less toLatent of the view's 0. A unit direction stays one, and perpendicular ones stay perpendicular,
 * except that the plane of a 2-D space loses what points along z.
 */
export function toLatentDirection(view, direction) {
  if (view.kind === "identity") return [...direction];
  return view.origin.map((_, j) => direction[0] * view.axes[0][j] + direction[1] * view.axes[1][j] + direction[2] * view.axes[2][j]);
}

/**
 * A diagonal posterior's standard deviations `std` (`dims` numbers) as seen in the view: the spread along
 * each of its three axes, sqrt(Σ_j axes[a][j]² std_j²), which is what the cloud's 1-σ rings can show.
 */
export function spreadOf(view, std) {
  if (view.kind === "identity") return [...std];
  return view.axes.map((row) => Math.sqrt(row.reduce((sum, weight, j) => sum + (weight * std[j]) ** 2, 0)));
}
