// The server's answers: one function per endpoint of its JSON API. URLs are relative to the page, which the server
// serves at its root. Over HTTP by default; the page in a notebook sends the same requests to the kernel instead
// (api-kernel.js), which answers them with the server's own app, so each answer has one definition.
import { ApiError } from "./api-error.js";
import { classMapOf, parsedNpy, pointsOf, stdsOf, timelineOf } from "./points-files.js";

const OVER_HTTP = { send: (path, options) => fetch(path, options), answerer: "server", check: 'Is "latent-explorer serve" still running?' };

/**
 * The answers, their requests sent by `send(path, options)` (fetch's arguments, resolving to a Response); a request
 * that gets no answer says the `answerer` is not answering, and what to `check`.
 */
export function createServedAnswers({ send, answerer, check } = OVER_HTTP) {
  async function request(path, options = {}) {
    let response;
    try {
      response = await send(path, options);
    } catch (error) {
      throw new ApiError(`The ${answerer} is not answering (${path}: ${error.message}). ${check}`);
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

  const datasetPath = (id) => `api/datasets/${encodeURIComponent(id)}`;

  async function fetchNpy(path) {
    return parsedNpy(await (await request(path)).arrayBuffer(), path);
  }

  function fetchDatasets() {
    return getJson("api/datasets");
  }

  async function fetchPoints(id) {
    const [latentsFile, labelsFile] = await Promise.all(["latents.npy", "labels.npy"].map((name) => fetchNpy(`${datasetPath(id)}/${name}`)));
    return pointsOf(id, latentsFile, labelsFile);
  }

  async function fetchStds(id, dims) {
    return stdsOf(id, await fetchNpy(`${datasetPath(id)}/stds.npy`), dims);
  }

  async function decodePoints(id, points) {
    return (await postJson(`${datasetPath(id)}/decode`, { points })).images;
  }

  function decodeAndClassify(id, points) {
    return postJson(`${datasetPath(id)}/decode`, { points, classify: true });
  }

  async function fetchClassMap(id) {
    return classMapOf(id, await fetchNpy(`${datasetPath(id)}/classmap.npy`));
  }

  async function fetchTimeline(id, timeline) {
    return timelineOf(id, await fetchNpy(`${datasetPath(id)}/timeline.npy`), timeline);
  }

  async function decodeTimeline(id, point) {
    return (await postJson(`${datasetPath(id)}/timeline/decode`, { point })).images;
  }

  function fetchTraversal(id, controlPoints, steps, closed) {
    return postJson(`${datasetPath(id)}/traversal`, { control_points: controlPoints, steps, closed });
  }

  function fetchNeighbors(id, point, k) {
    return postJson(`${datasetPath(id)}/neighbors`, { point, k });
  }

  function fetchAtlasLayout(id) {
    return getJson(`${datasetPath(id)}/atlas`);
  }

  async function fetchAtlas(url) {
    return createImageBitmap(await (await request(url)).blob());
  }

  async function fetchTraversalFile(id, format, body) {
    const response = await post(`${datasetPath(id)}/traversal.${format}`, body);
    const filename = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? null;
    return { blob: await response.blob(), filename };
  }

  async function fetchGrid(id, body) {
    return (await post(`${datasetPath(id)}/grid.png`, body)).blob();
  }

  function encodeImage(id, body) {
    return postJson(`${datasetPath(id)}/encode`, body);
  }

  function fetchSample(id, index, { classify = false } = {}) {
    return getJson(`${datasetPath(id)}/samples/${index}${classify ? "?classify=true" : ""}`);
  }

  /** The server holds its models already: nothing to prepare. */
  function prepare() {}

  return {
    fetchDatasets, fetchPoints, fetchStds, decodePoints, decodeAndClassify, fetchClassMap, fetchTimeline, decodeTimeline, fetchTraversal,
    fetchNeighbors, fetchAtlasLayout, fetchAtlas, fetchTraversalFile, fetchGrid, encodeImage, fetchSample, prepare,
  };
}
