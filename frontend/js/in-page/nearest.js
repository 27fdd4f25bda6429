// The data points nearest a position, for the page that answers itself: every point's Euclidean
// distance in float64, as the server's k-d tree (backend/latent_explorer/neighbors.py) measures
// it, so both give the same points. 70,000 points in 3-D take about a millisecond.

/** The `k` points of `latents` (Float32Array, `dims` per point) nearest `point`, nearest first: {indices, distances}. */
export function nearest(latents, dims, point, k) {
  const count = latents.length / dims;
  const kept = Math.min(k, count);
  const indices = [];
  const distances = []; // squared, ascending; the last is the farthest kept
  for (let index = 0; index < count; index++) {
    let squared = 0;
    for (let axis = 0; axis < dims; axis++) {
      const difference = latents[index * dims + axis] - point[axis];
      squared += difference * difference;
    }
    if (indices.length === kept && !(squared < distances[kept - 1])) continue;
    let place = indices.length === kept ? kept - 1 : indices.length;
    // Ties keep the lower index first, as the tree's query does.
    while (place > 0 && distances[place - 1] > squared) {
      distances[place] = distances[place - 1];
      indices[place] = indices[place - 1];
      place--;
    }
    distances[place] = squared;
    indices[place] = index;
  }
  return { indices, distances: distances.map(Math.sqrt) };
}
