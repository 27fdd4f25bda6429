// Talking to the server: one function per endpoint, errors as ApiError with a message a
// person can act on, and `latestWins` for requests fired on every mouse move.
import { parseNpy } from "./npy.js";

export class ApiError extends Error {
  constructor(message, status = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(path, options);
  } catch (error) {
    throw new ApiError(`The server is not answering (${path}: ${error.message}). Is "latent-explorer serve" still running?`);
  }
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).error ?? detail;
    } catch {
      // Not JSON (e.g. a proxy's HTML page): the status text is all there is.
    }
    throw new ApiError(`${detail} (HTTP ${response.status} from ${path})`, response.status);
  }
  return response;
}

async function getJson(path) {
  return (await request(path)).json();
}

function post(path, body) {
  return request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

async function postJson(path, body) {
  return (await post(path, body)).json();
}

const datasetPath = (id) => `/api/datasets/${encodeURIComponent(id)}`;

export function fetchDatasets() {
  return getJson("/api/datasets");
}

/** A served .npy file, parsed: {dtype, shape, data}. */
async function fetchNpy(path) {
  const buffer = await (await request(path)).arrayBuffer();
  try {
    return parseNpy(buffer);
  } catch (error) {
    throw new ApiError(`${path}: ${error.message}`);
  }
}

/** The exported points: {latents: Float32Array(3N), labels: Uint8Array(N), count}. */
export async function fetchPoints(id) {
  const [latentsFile, labelsFile] = await Promise.all(["latents.npy", "labels.npy"].map((name) => fetchNpy(`${datasetPath(id)}/${name}`)));
  const [count, dims] = latentsFile.shape;
  if (latentsFile.dtype !== "<f4" || latentsFile.shape.length !== 2 || dims !== 3) {
    throw new ApiError(`latents.npy of ${id} should be float32 (N, 3), got ${latentsFile.dtype} (${latentsFile.shape.join(", ")})`);
  }
  if (labelsFile.shape.length !== 1 || labelsFile.shape[0] !== count || !(labelsFile.data instanceof Uint8Array)) {
    throw new ApiError(`labels.npy of ${id} should be uint8 (${count},), got ${labelsFile.dtype} (${labelsFile.shape.join(", ")})`);
  }
  return { latents: latentsFile.data, labels: labelsFile.data, count };
}

/** The posterior standard deviations of the exported points: Float32Array(3N). */
export async function fetchStds(id) {
  const file = await fetchNpy(`${datasetPath(id)}/stds.npy`);
  if (file.dtype !== "<f4" || file.shape.length !== 2 || file.shape[1] !== 3) {
    throw new ApiError(`stds.npy of ${id} should be float32 (N, 3), got ${file.dtype} (${file.shape.join(", ")})`);
  }
  return file.data;
}

export async function decodePoints(id, points) {
  return (await postJson(`${datasetPath(id)}/decode`, { points })).images;
}

export function fetchTraversal(id, controlPoints, steps, closed) {
  return postJson(`${datasetPath(id)}/traversal`, { control_points: controlPoints, steps, closed });
}

/** The `k` nearest data points of `point`: {neighbors: [{index, label, split, distance, latent, image}], image_kind}. */
export function fetchNeighbors(id, point, k) {
  return postJson(`${datasetPath(id)}/neighbors`, { point, k });
}

/** The texture atlases' layout: {tile, size, columns, per_atlas, count, atlases: [url]}. */
export function fetchAtlasLayout(id) {
  return getJson(`${datasetPath(id)}/atlas`);
}

/** One atlas, decoded: an ImageBitmap. */
export async function fetchAtlas(url) {
  return createImageBitmap(await (await request(url)).blob());
}

/** The traversal as a file, `format` "gif" or "png": {blob, filename (from the server, or null)}. */
export async function fetchTraversalFile(id, format, body) {
  const response = await post(`${datasetPath(id)}/traversal.${format}`, body);
  const filename = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? null;
  return { blob: await response.blob(), filename };
}

/** The decoded grid `body` {center, right, up, size, spacing} asks for, as one mosaic PNG: a Blob. */
export async function fetchGrid(id, body) {
  return (await post(`${datasetPath(id)}/grid.png`, body)).blob();
}

/** Where the encoder puts an image (`body`: {image: PNG data URI} or {pixels}): {mean, std, input, reconstruction, neighbors}. */
export function encodeImage(id, body) {
  return postJson(`${datasetPath(id)}/encode`, body);
}

export function fetchSample(id, index) {
  return getJson(`${datasetPath(id)}/samples/${index}`);
}

/**
 * Wrap an async `task(args)` so that calls start at most every `minInterval` ms and only
 * the latest call's answer is delivered: `run(args)` resolves to {stale: true} when a
 * newer call (or `cancel()`) superseded it, else to {stale: false, value}. Errors of the
 * latest call reject; errors of superseded calls are dropped with their answers.
 */
export function latestWins(task, minInterval = 50) {
  let latest = 0;
  let lastStart = -Infinity;
  let waiting = null; // the call waiting for its slot: {id, args, resolve, reject}
  let timer = null;

  function start(call) {
    lastStart = performance.now();
    Promise.resolve()
      .then(() => task(call.args))
      .then(
        (value) => call.resolve(call.id === latest ? { stale: false, value } : { stale: true }),
        (error) => (call.id === latest ? call.reject(error) : call.resolve({ stale: true })),
      );
  }

  function startWaiting() {
    timer = null;
    const call = waiting;
    waiting = null;
    if (call) start(call);
  }

  return {
    run(args) {
      const id = ++latest;
      return new Promise((resolve, reject) => {
        if (waiting) waiting.resolve({ stale: true });
        waiting = { id, args, resolve, reject };
        const wait = lastStart + minInterval - performance.now();
        if (wait <= 0 && timer === null) startWaiting();
        else if (timer === null) timer = setTimeout(startWaiting, Math.max(wait, 0));
      });
    },
    cancel() {
      latest++;
      if (waiting) waiting.resolve({ stale: true });
      waiting = null;
    },
  };
}
