// The exported points' files (and the class map's and the timeline's), parsed and checked the same way whoever
// answers: the server's API or a published site's files.
import { ApiError } from "./api-error.js";
import { parseNpy } from "./npy.js";

/** The bytes of the .npy file `where` names, parsed: {dtype, shape, data}; ApiError naming `where` if it is not one. */
export function parsedNpy(buffer, where) {
  try {
    return parseNpy(buffer);
  } catch (error) {
    throw new ApiError(`${where}: ${error.message}`);
  }
}

/**
 * The points of data set `id` from its parsed files: {latents: Float32Array(N·d), dims: d, labels: Uint8Array(N), count},
 * for a latent space of any size d from 2 (the page shows more than three through latent-view.js).
 */
export function pointsOf(id, latentsFile, labelsFile) {
  const [count, dims] = latentsFile.shape;
  if (latentsFile.dtype !== "<f4" || latentsFile.shape.length !== 2 || !(dims >= 2)) {
    throw new ApiError(`latents.npy of ${id} should be float32 (N, d) with d of 2 or more, got ${latentsFile.dtype} (${latentsFile.shape.join(", ")})`);
  }
  if (labelsFile.shape.length !== 1 || labelsFile.shape[0] !== count || !(labelsFile.data instanceof Uint8Array)) {
    throw new ApiError(`labels.npy of ${id} should be uint8 (${count},), got ${labelsFile.dtype} (${labelsFile.shape.join(", ")})`);
  }
  return { latents: latentsFile.data, dims, labels: labelsFile.data, count };
}

/** The posterior standard deviations of data set `id` (`dims` of them a point) from its parsed stds.npy: Float32Array(N·d). */
export function stdsOf(id, file, dims) {
  if (file.dtype !== "<f4" || file.shape.length !== 2 || file.shape[1] !== dims) {
    throw new ApiError(`stds.npy of ${id} should be float32 (N, ${dims}), got ${file.dtype} (${file.shape.join(", ")})`);
  }
  return file.data;
}

/** The class map of data set `id` from its parsed classmap.npy: uint8 (S, S, S, 2 + C), as classmap.py writes it. */
export function classMapOf(id, file) {
  const [size, ...rest] = file.shape;
  if (!(file.data instanceof Uint8Array) || file.shape.length !== 4 || rest[0] !== size || rest[1] !== size || !(rest[2] >= 3)) {
    throw new ApiError(`classmap.npy of ${id} should be uint8 (S, S, S, 2 + classes), got ${file.dtype} (${file.shape.join(", ")}); `
      + `make it again with: latent-explorer classmap ${id}`);
  }
  return file;
}

/**
 * The timeline of data set `id` from its parsed timeline.npy, checked against its listing's `timeline` ({epochs,
 * points}): {positions: Float32Array((epochs + 1)·points·3), epochs, count}, epoch by epoch, widened from float16.
 */
export function timelineOf(id, file, { epochs, points }) {
  const [recorded, count, dims] = file.shape;
  if (file.dtype !== "<f2" || file.shape.length !== 3 || recorded !== epochs + 1 || count !== points || dims !== 3) {
    throw new ApiError(`timeline.npy of ${id} should be float16 (${epochs + 1}, ${points}, 3), as its listing says, got ${file.dtype} `
      + `(${file.shape.join(", ")}); record it again with: latent-explorer train ${id} --timeline, then latent-explorer export ${id}`);
  }
  return { positions: file.data, epochs, count };
}
