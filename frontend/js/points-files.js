// The exported points' files, parsed and checked the same way whoever answers: the server's
// API or a published site's files.
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

/** The points of data set `id` from its parsed files: {latents: Float32Array(3N), labels: Uint8Array(N), count}. */
export function pointsOf(id, latentsFile, labelsFile) {
  const [count, dims] = latentsFile.shape;
  if (latentsFile.dtype !== "<f4" || latentsFile.shape.length !== 2 || dims !== 3) {
    throw new ApiError(`latents.npy of ${id} should be float32 (N, 3), got ${latentsFile.dtype} (${latentsFile.shape.join(", ")})`);
  }
  if (labelsFile.shape.length !== 1 || labelsFile.shape[0] !== count || !(labelsFile.data instanceof Uint8Array)) {
    throw new ApiError(`labels.npy of ${id} should be uint8 (${count},), got ${labelsFile.dtype} (${labelsFile.shape.join(", ")})`);
  }
  return { latents: latentsFile.data, labels: labelsFile.data, count };
}

/** The posterior standard deviations of data set `id` from its parsed stds.npy: Float32Array(3N). */
export function stdsOf(id, file) {
  if (file.dtype !== "<f4" || file.shape.length !== 2 || file.shape[1] !== 3) {
    throw new ApiError(`stds.npy of ${id} should be float32 (N, 3), got ${file.dtype} (${file.shape.join(", ")})`);
  }
  return file.data;
}
