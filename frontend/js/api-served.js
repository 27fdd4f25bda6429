// The server's answers: one function per endpoint of its JSON API, over HTTP. URLs are relative
// to the page, which the server serves at its root.
import { ApiError } from "./api-error.js";
import { classMapOf, parsedNpy, pointsOf, stdsOf, timelineOf } from "./points-files.js";

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

const datasetPath = (id) => `api/datasets/${encodeURIComponent(id)}`;

async function fetchNpy(path) {
  return parsedNpy(await (await request(path)).arrayBuffer(), path);
}

export function fetchDatasets() {
  return getJson("api/datasets");
}

export async function fetchPoints(id) {
  const [latentsFile, labelsFile] = await Promise.all(["latents.npy", "labels.npy"].map((name) => fetchNpy(`${datasetPath(id)}/${name}`)));
  return pointsOf(id, latentsFile, labelsFile);
}

export async function fetchStds(id, dims) {
  return stdsOf(id, await fetchNpy(`${datasetPath(id)}/stds.npy`), dims);
}

export async function decodePoints(id, points) {
  return (await postJson(`${datasetPath(id)}/decode`, { points })).images;
}

export function decodeAndClassify(id, points) {
  return postJson(`${datasetPath(id)}/decode`, { points, classify: true });
}

export async function fetchClassMap(id) {
  return classMapOf(id, await fetchNpy(`${datasetPath(id)}/classmap.npy`));
}

export async function fetchTimeline(id, timeline) {
  return timelineOf(id, await fetchNpy(`${datasetPath(id)}/timeline.npy`), timeline);
}

export async function decodeTimeline(id, point) {
  return (await postJson(`${datasetPath(id)}/timeline/decode`, { point })).images;
}

export function fetchTraversal(id, controlPoints, steps, closed) {
  return postJson(`${datasetPath(id)}/traversal`, { control_points: controlPoints, steps, closed });
}

export function fetchNeighbors(id, point, k) {
  return postJson(`${datasetPath(id)}/neighbors`, { point, k });
}

export function fetchAtlasLayout(id) {
  return getJson(`${datasetPath(id)}/atlas`);
}

export async function fetchAtlas(url) {
  return createImageBitmap(await (await request(url)).blob());
}

export async function fetchTraversalFile(id, format, body) {
  const response = await post(`${datasetPath(id)}/traversal.${format}`, body);
  const filename = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? null;
  return { blob: await response.blob(), filename };
}

export async function fetchGrid(id, body) {
  return (await post(`${datasetPath(id)}/grid.png`, body)).blob();
}

export function encodeImage(id, body) {
  return postJson(`${datasetPath(id)}/encode`, body);
}

export function fetchSample(id, index, { classify = false } = {}) {
  return getJson(`${datasetPath(id)}/samples/${index}${classify ? "?classify=true" : ""}`);
}

/** The server holds its models already: nothing to prepare. */
export function prepare() {}
