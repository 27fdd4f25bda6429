// The page's one interface for answers: every controller calls these functions, and never
// knows who answers. Three ways of answering, chosen at start from what the page holds: the
// server over HTTP (api-served.js); in a site that `latent-explorer publish` wrote, the page
// itself (in-page/answers.js), which runs the models in the browser (such a site names its
// listing in a <meta> tag of its index.html); or, in a notebook, the kernel (api-kernel.js),
// which answers the server's requests through the widget (a <meta> tag says so). Plus
// `latestWins`, for requests fired on every move.
import { ApiError } from "./api-error.js";
import { createServedAnswers } from "./api-served.js";

export { ApiError };

const listingMeta = globalThis.document?.querySelector('meta[name="latent-explorer-listing"]');
const kernelMeta = globalThis.document?.querySelector('meta[name="latent-explorer-kernel"]');

/** "served" (a latent-explorer server answers), "static" (a published site: the page answers) or "kernel" (a notebook's). */
export const mode = listingMeta ? "static" : kernelMeta ? "kernel" : "served";

// Each mode loads only its own modules: the server's page never fetches the in-page ones.
const answers = {
  static: () => import("./in-page/answers.js").then((module) => module.createInPageAnswers(new URL(listingMeta.content, document.baseURI))),
  kernel: () => import("./api-kernel.js").then((module) => module.createKernelAnswers()),
  served: () => Promise.resolve(createServedAnswers()),
}[mode]();

const answer = (name) => async (...args) => (await answers)[name](...args);

/**
 * The listing: {datasets: [{id, title, classes, count, train_count, latent_dim, image_shape: [H, W, C], kind ("shipped" or
 * "added"), encoder, stds (whether pictures can be encoded, and the points sized by their spread), view (null for
 * latent_dim ≤ 3, else the principal view: {origin, axes, explained, mean}), metrics, originals, originals_missing}],
 * unavailable, limits}. Every latent a request names or an answer holds has latent_dim numbers.
 */
export const fetchDatasets = answer("fetchDatasets");
/** The exported points: {latents: Float32Array(N·d), dims: d, labels: Uint8Array(N), count}. */
export const fetchPoints = answer("fetchPoints");
/** The posterior standard deviations of the exported points, `dims` a point: Float32Array(N·d). */
export const fetchStds = answer("fetchStds");
/** PNG data URIs (H × W, grey or RGB) of the decoded latents `points` [[d numbers], ...]. */
export const decodePoints = answer("decodePoints");
/** The traversal through the latents `controlPoints`: {path: [[d numbers], ...], images: [data URI]}. */
export const fetchTraversal = answer("fetchTraversal");
/** The `k` nearest data points of the latent `point`: {neighbors: [{index, label, split, distance, latent, image}], image_kind}. */
export const fetchNeighbors = answer("fetchNeighbors");
/** The texture atlases' layout: {tile, size, columns, per_atlas, count, atlases: [url]}; an image sits in its square tile's top-left corner. */
export const fetchAtlasLayout = answer("fetchAtlasLayout");
/** One atlas, decoded: an ImageBitmap. */
export const fetchAtlas = answer("fetchAtlas");
/** The traversal as a file, `format` "gif" or "png": {blob, filename (or null)}. */
export const fetchTraversalFile = answer("fetchTraversalFile");
/** The decoded grid `body` {center, right, up (latents), size, spacing} asks for, as one mosaic PNG of size·H × size·W: a Blob. */
export const fetchGrid = answer("fetchGrid");
/** Where the encoder puts an image (`body`: {image: PNG data URI} or {pixels}): {mean, std, input, reconstruction, neighbors}. */
export const encodeImage = answer("encodeImage");
/**
 * Data point `index`: {index, label, split, latent, std, reconstruction, original}; asked with {classify: true} (of a
 * data set whose listing says `classifier`), also class_read: {label, confidence}, the class its reconstruction reads as.
 */
export const fetchSample = answer("fetchSample");
/**
 * The decoded latents `points` [[d numbers], ...] and the class each image reads as, in one answer (the decode endpoint
 * with "classify": true; a data set whose listing says `classifier`): {images: [data URI], classes: [{label, confidence}]}.
 */
export const decodeAndClassify = answer("decodeAndClassify");
/**
 * The class map of a data set whose listing has one (`classmap`), its classmap.npy parsed: {shape: [S, S, S, 2 + C],
 * dtype, data: Uint8Array}, indexed [z, y, x, channel] (classmap.js says what the channels hold).
 */
export const fetchClassMap = answer("fetchClassMap");
/**
 * The timeline of a data set whose listing has one (`timeline`: {epochs, points}): {positions: Float32Array((epochs + 1)·
 * points·3), epochs, count}, the test points' posterior means after each epoch (0: before training), epoch by epoch.
 */
export const fetchTimeline = answer("fetchTimeline");
/** The latent `point` decoded by each decoder the timeline kept: [{epoch, image (data URI)}], in epoch order. */
export const decodeTimeline = answer("decodeTimeline");
/**
 * Call once the first cloud is drawn, with the data set shown: the in-page answers load their
 * runtime (14 MB), its decoder and its classifier (where the data set has one) then, never before,
 * so that the cloud's bytes come first.
 */
export const prepareAnswers = answer("prepare");

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
