// The answers of a published static site, made in the page: the same functions as
// api-served.js, with the same answers and the same refusals as the server's API, from the
// site's files (written by `latent-explorer publish`, backend/latent_explorer/publish.py) and
// the models run in the browser (runtime.js). Each piece of maths has its reference on the
// server and a test holding the page to it: the spline (traversal-path.js), the picture's
// preprocessing (preprocess.js), the GIF and film strip (media-files.js), the nearest points
// (nearest.js), the grid's cells (../grid-plane.js) and the checks of a request (checks.js). Latents have
// the listing's `latent_dim` numbers and images its `image_shape` [H, W, C], as on the server. A data set
// with a classifier has its classifier.onnx beside its decoder.onnx, run on the decoder's own output, as
// the server's served_model.py runs it; its class map is a file, classmap.npy.
import { ApiError } from "../api-error.js";
import { cellPosition } from "../grid-plane.js";
import { classMapOf, parsedNpy, pointsOf, stdsOf, timelineOf } from "../points-files.js";
import {
  asSent, booleanField, brief, classifyField, formatG, integerField, jsonObject, latentPoint, numberField, pointsField, pythonRepr,
  refused, urlIndex,
} from "./checks.js";
import { animatedGif, BadOption, filmStrip, fileOptions, OPTIONS, OutputTooLarge } from "./media-files.js";
import { nearest } from "./nearest.js";
import { atlasLevels, atlasTile, dataUris, greyLevels, greyPngBlob, imagesInRows, imagesOf, tiled } from "./pictures.js";
import { encoderInput, greyField, ImageRejected, pngPixels } from "./preprocess.js";
import { pageModel } from "./runtime.js";
import { DuplicateControlPoints, duplicateMessage, traversalPath } from "./traversal-path.js";

// The keys each request's body may hold, as the server's routes allow them.
const TRAVERSAL_KEYS = ["control_points", "steps", "closed"];
const GRID_KEYS = new Set(["center", "right", "up", "size", "spacing"]);
const DECODE_KEYS = new Set(["points", "classify"]);
const DATA_URI_PREFIX = "data:image/png;base64,";

/** The in-page answers of the site whose listing is at `listingUrl` (a URL). */
export function createInPageAnswers(listingUrl) {
  const root = new URL(".", listingUrl);
  const listingPath = listingUrl.href.slice(root.href.length);
  let listed = null; // the latest listing
  const datasets = new Map(); // id -> what the page keeps of it (files, models), made on first use

  async function siteFile(path) {
    let response;
    try {
      response = await fetch(new URL(path, root));
    } catch (error) {
      throw new ApiError(`The site is not answering (${path}: ${error.message}); check the connection and reload.`);
    }
    if (!response.ok) {
      throw new ApiError(`The site has no ${path} (HTTP ${response.status}); publish it again with "latent-explorer publish".`, response.status);
    }
    return response;
  }

  const siteBytes = async (path) => (await siteFile(path)).arrayBuffer();

  async function fetchDatasets() {
    const response = await siteFile(listingPath);
    try {
      listed = await response.json();
    } catch (error) {
      throw new ApiError(`${listingPath} is not valid JSON (${error.message}); publish the site again.`, 500);
    }
    return listed;
  }

  async function limits() {
    return (listed ?? (await fetchDatasets())).limits;
  }

  /** Data set `id` as the page keeps it; refused as the server refuses an unknown id. */
  async function dataset(id) {
    const listing = listed ?? (await fetchDatasets());
    const entry = listing.datasets.find((candidate) => candidate.id === id);
    if (!entry) throw refused(`unknown data set ${brief(id)}; known: ${listing.datasets.map(({ id: known }) => known).join(", ")}`, 404);
    if (!datasets.has(id)) {
      const folder = `datasets/${id}`;
      const npy = async (name) => parsedNpy(await siteBytes(`${folder}/${name}`), `${folder}/${name}`);
      const once = (make) => {
        let made = null;
        return () => {
          made ??= make().catch((error) => {
            made = null;
            throw error;
          });
          return made;
        };
      };
      datasets.set(id, {
        entry,
        folder,
        points: once(async () => pointsOf(id, ...(await Promise.all([npy("latents.npy"), npy("labels.npy")])))),
        stds: once(async () => stdsOf(id, await npy("stds.npy"), entry.latent_dim)),
        classMap: once(async () => classMapOf(id, await npy("classmap.npy"))),
        timeline: once(async () => timelineOf(id, await npy("timeline.npy"), entry.timeline)),
        // Each kept decoder, loaded the first time a position is decoded through training (as publish names them).
        timelineDecoders: new Map((entry.timeline?.decoders ?? []).map((epoch) => [
          epoch, pageModel(`${folder}/timeline/decoder-epoch-${String(epoch).padStart(3, "0")}.onnx`, siteBytes)])),
        atlasLayout: once(async () => (await siteFile(`${folder}/atlas.json`)).json()),
        atlasBlobs: new Map(), // atlas URL -> promise of its Blob
        atlasPixels: new Map(), // atlas URL -> promise of its levels (atlasLevels), for the originals shown
        decoder: pageModel(`${folder}/decoder.onnx`, siteBytes),
        encoder: pageModel(`${folder}/encoder.onnx`, siteBytes),
        classifier: pageModel(`${folder}/classifier.onnx`, siteBytes),
      });
    }
    return datasets.get(id);
  }

  /** float32 latents `positions` [[d numbers], ...] → their decoded images, floats in [0, 1], (N, H, W, C) as the listing's image_shape. */
  async function decoded(model, positions, decoder = model.decoder) {
    // The graph's own names: an added model's are its maker's, not the shipped "z" and "pixels".
    const { inputs: [input], outputs: [output] } = await decoder.names();
    const outputs = await decoder.run({ [input]: [Float32Array.from(positions.flat()), [positions.length, positions[0].length]] });
    return imagesInRows(outputs[output]);
  }

  /** The uint8 levels of the decoded images of `positions`. */
  const decodedLevels = async (model, positions) => greyLevels(await decoded(model, positions));

  function uris(model, levels) {
    const [height, width, channels] = model.entry.image_shape;
    return dataUris(levels, width, height, channels);
  }

  const decodedUris = async (model, positions) => uris(model, await decodedLevels(model, positions));

  /** core.py's read_as: the class each of the `count` decoded `images` (decoded's) reads as, and its probability. */
  async function readAs(model, images, count) {
    const { inputs: [input], outputs: [output] } = await model.classifier.names();
    const outputs = await model.classifier.run({ [input]: [images, [count, images.length / count]] });
    return mostLikely(outputs[output].data, count);
  }

  /** A decode request's `body` as core.py's decode_request reads it: {points, classify}. */
  async function decodeRequest(model, body) {
    const limit = await limits();
    const sent = jsonObject(asSent(body), DECODE_KEYS);
    const points = pointsField(sent.points ?? null, "points", limit.decode_points, model.entry.latent_dim, limit.coordinate);
    return { points, classify: classifyField(model.entry, sent) };
  }

  function atlasBlob(model, url) {
    if (!model.atlasBlobs.has(url)) {
      const blob = siteFile(url).then((response) => response.blob());
      blob.catch(() => model.atlasBlobs.delete(url));
      model.atlasBlobs.set(url, blob);
    }
    return model.atlasBlobs.get(url);
  }

  /** The original image of point `index` as a data URI, cut from its atlas; null without originals. */
  function atlasPixels(model, url) {
    if (!model.atlasPixels.has(url)) {
      const pixels = atlasBlob(model, url).then(async (blob) => {
        const bitmap = await createImageBitmap(blob);
        try {
          return atlasLevels(bitmap, model.entry.image_shape[2]);
        } finally {
          bitmap.close();
        }
      });
      pixels.catch(() => model.atlasPixels.delete(url));
      model.atlasPixels.set(url, pixels);
    }
    return model.atlasPixels.get(url);
  }

  async function original(model, index) {
    if (!model.entry.originals) return null;
    const layout = await model.atlasLayout();
    const atlas = await atlasPixels(model, layout.atlases[Math.floor(index / layout.per_atlas)]);
    const [height, width, channels] = model.entry.image_shape;
    return dataUris(atlasTile(atlas, layout, index, model.entry.image_shape), width, height, channels)[0];
  }

  async function traversalPathOf(model, body) {
    const { control_points: controlPoints = null } = body;
    const limit = await limits();
    pointsField(controlPoints, "control_points", limit.control_points, model.entry.latent_dim, limit.coordinate);
    const steps = integerField(body, "steps", limit.steps, limit.default_steps);
    const closed = booleanField(body, "closed", false);
    try {
      return traversalPath(controlPoints, steps, closed);
    } catch (error) {
      if (error instanceof DuplicateControlPoints) throw refused(duplicateMessage(error, controlPoints));
      throw error;
    }
  }

  const split = (model, index) => (index < model.entry.train_count ? "train" : "test");
  const latentOf = (latents, dims, index) => Array.from(latents.subarray(dims * index, dims * (index + 1)));

  return {
    fetchDatasets,

    async fetchPoints(id) {
      return (await dataset(id)).points();
    },

    async fetchStds(id) {
      return (await dataset(id)).stds();
    },

    async decodePoints(id, points) {
      const model = await dataset(id);
      return decodedUris(model, (await decodeRequest(model, { points })).points);
    },

    async decodeAndClassify(id, points) {
      const model = await dataset(id);
      const { points: positions } = await decodeRequest(model, { points, classify: true });
      const images = await decoded(model, positions);
      return { images: uris(model, greyLevels(images)), classes: await readAs(model, images, positions.length) };
    },

    async fetchClassMap(id) {
      const model = await dataset(id);
      if (!model.entry.classmap) throw refused(model.entry.classmap_missing, 404);
      return model.classMap();
    },

    async fetchTimeline(id) {
      const model = await dataset(id);
      if (!model.entry.timeline) throw refused(model.entry.timeline_missing, 404);
      return model.timeline();
    },

    /** api/timeline.py's timeline_decode: the point checked as the server checks it, then each kept decoder in turn. */
    async decodeTimeline(id, point) {
      const model = await dataset(id);
      const limit = await limits();
      const body = jsonObject(asSent({ point }), new Set(["point"]));
      const at = latentPoint(body.point ?? null, "point", model.entry.latent_dim, limit.coordinate);
      if (!model.entry.timeline) throw refused(model.entry.timeline_missing, 404);
      const images = [];
      for (const [epoch, decoder] of model.timelineDecoders) {
        images.push({ epoch, image: uris(model, greyLevels(await decoded(model, [at], decoder)))[0] });
      }
      return images;
    },

    async fetchTraversal(id, controlPoints, steps, closed) {
      const model = await dataset(id);
      const path = await traversalPathOf(model, jsonObject(asSent({ control_points: controlPoints, steps, closed }), new Set(TRAVERSAL_KEYS)));
      return { path, images: await decodedUris(model, path) };
    },

    async fetchNeighbors(id, point, k) {
      const model = await dataset(id);
      const limit = await limits();
      const body = jsonObject(asSent({ point, k }), new Set(["point", "k"]));
      const at = latentPoint(body.point ?? null, "point", model.entry.latent_dim, limit.coordinate);
      const count = integerField(body, "k", limit.neighbors, limit.default_neighbors);
      const { latents, dims, labels } = await model.points();
      const { indices, distances } = nearest(latents, dims, at, count);
      const positions = indices.map((index) => latentOf(latents, dims, index));
      const images = model.entry.originals
        ? await Promise.all(indices.map((index) => original(model, index)))
        : await decodedUris(model, positions);
      return {
        neighbors: indices.map((index, place) => ({
          index, label: labels[index], split: split(model, index), distance: distances[place], latent: positions[place], image: images[place],
        })),
        image_kind: model.entry.originals ? "original" : "reconstruction",
      };
    },

    async fetchAtlasLayout(id) {
      const model = await dataset(id);
      if (!model.entry.originals) throw refused(model.entry.originals_missing, 404);
      return model.atlasLayout();
    },

    async fetchAtlas(url) {
      const id = [...datasets.keys()].find((key) => url.startsWith(`datasets/${key}/`));
      const blob = id ? await atlasBlob(datasets.get(id), url) : await (await siteFile(url)).blob();
      return createImageBitmap(blob);
    },

    async fetchTraversalFile(id, format, body) {
      const model = await dataset(id);
      const sent = jsonObject(asSent(body), new Set([...TRAVERSAL_KEYS, ...OPTIONS[format]]));
      const path = await traversalPathOf(model, sent);
      const steps = path.length;
      let options;
      try {
        options = fileOptions(format, steps, Object.fromEntries(OPTIONS[format].map((name) => [name, sent[name] ?? null])), await limits());
      } catch (error) {
        if (error instanceof BadOption) throw refused(`'${error.name}' must be ${error.expected}, got ${brief(sent[error.name] ?? null)}`);
        throw error;
      }
      const [height, width, channels] = model.entry.image_shape;
      const frames = imagesOf(await decodedLevels(model, path), width, height, channels);
      let blob;
      try {
        blob = format === "gif"
          ? new Blob([animatedGif(frames, width, height, options, channels)], { type: "image/gif" })
          : await filmStrip(frames, width, height, options, channels);
      } catch (error) {
        if (error instanceof OutputTooLarge) throw refused(error.message);
        throw error;
      }
      return { blob, filename: `${id}-traversal-${steps}-steps.${format}` };
    },

    async fetchGrid(id, body) {
      const model = await dataset(id);
      const limit = await limits();
      const sent = jsonObject(asSent(body), GRID_KEYS);
      const dims = model.entry.latent_dim;
      const center = latentPoint(sent.center ?? null, "center", dims, limit.coordinate);
      const [right, up] = ["right", "up"].map((name) => {
        const axis = latentPoint(sent[name] ?? null, name, dims, limit.coordinate);
        const length = Math.hypot(...axis);
        if (Math.abs(length - 1) > limit.grid_axis_tolerance) {
          throw refused(`'${name}' must be a unit vector, got ${pythonRepr(axis)} of length ${formatG(length, 4)}`);
        }
        return axis;
      });
      if (Math.abs(right.reduce((sum, value, axis) => sum + value * up[axis], 0)) > limit.grid_axis_tolerance) {
        throw refused(`'right' ${pythonRepr(right)} and 'up' ${pythonRepr(up)} must be perpendicular`);
      }
      const size = integerField(sent, "size", limit.grid_size, limit.default_grid_size);
      const spacing = numberField(sent, "spacing", limit.grid_spacing, limit.default_grid_spacing);
      const cells = [];
      for (let row = 0; row < size; row++) {
        for (let column = 0; column < size; column++) cells.push(cellPosition({ center, size, spacing }, { right, up }, row, column));
      }
      const [height, width, channels] = model.entry.image_shape;
      const images = imagesOf(await decodedLevels(model, cells), width, height, channels);
      return greyPngBlob(tiled(images, width, height, size, channels), size * width, size * height, channels);
    },

    async encodeImage(id, body) {
      const model = await dataset(id);
      if (!model.entry.encoder) {
        throw refused(`${id} was added without an encoder, so pictures cannot be encoded; add it again with --encoder encoder.onnx`, 404);
      }
      // An added model's picture is resized to its images with Pillow on the server, which the page does not repeat.
      if (model.entry.kind !== "shipped") {
        throw refused(`a published site encodes pictures for the shipped models only; open ${id} with "latent-explorer serve" to encode one`);
      }
      const limit = await limits();
      const sent = jsonObject(asSent(body), new Set(["image", "pixels", "preprocess"]));
      let levels;
      try {
        levels = await encoderLevels(sent, id, limit);
      } catch (error) {
        if (error instanceof ImageRejected) throw refused(error.message);
        throw error;
      }
      const pixels = Float32Array.from(levels, (level) => level / 255);
      const outputs = await model.encoder.run({ pixels: [pixels, [1, pixels.length]] });
      const mean = Array.from(outputs.mean.data);
      const { latents, dims, labels } = await model.points();
      const { indices, distances } = nearest(latents, dims, mean, limit.encode_neighbors);
      const side = Math.round(Math.sqrt(levels.length));
      return {
        mean,
        std: Array.from(outputs.log_variance.data, (value) => Math.fround(Math.exp(Math.fround(0.5 * value)))),
        input: dataUris(levels, side)[0],
        reconstruction: (await decodedUris(model, [mean]))[0],
        neighbors: indices.map((index, place) => ({ index, label: labels[index], distance: distances[place] })),
      };
    },

    async fetchSample(id, index, { classify = false } = {}) {
      const model = await dataset(id);
      // A model added without its points' spreads has no stds.npy.
      const [{ latents, dims, labels, count }, stds] = await Promise.all([model.points(), model.entry.stds ? model.stds() : null]);
      const at = urlIndex(String(index), count, "sample index");
      classifyField(model.entry, { classify });
      const latent = latentOf(latents, dims, at);
      const [images, originalImage] = await Promise.all([decoded(model, [latent]), original(model, at)]);
      const answer = {
        index: at, label: labels[at], split: split(model, at), latent, std: stds && latentOf(stds, dims, at),
        reconstruction: uris(model, greyLevels(images))[0], original: originalImage,
      };
      if (classify) answer.class_read = (await readAs(model, images, 1))[0];
      return answer;
    },

    async prepare(id) {
      const model = await dataset(id);
      await model.decoder.prepare();
      if (model.entry.classifier) await model.classifier.prepare();
      performance.mark(`in-page-ready:${id}`);
    },
  };
}

/**
 * Of `count` rows of class probabilities (Float32Array, row by row): [{label, confidence}], the likeliest class (the
 * first of a tie, as numpy's argmax) and its probability to 4 decimals, as core.py's read_as words them.
 */
function mostLikely(probabilities, count) {
  const classes = probabilities.length / count;
  return Array.from({ length: count }, (_, row) => {
    let label = 0;
    for (let other = 1; other < classes; other++) {
      if (probabilities[row * classes + other] > probabilities[row * classes + label]) label = other;
    }
    return { label, confidence: Number(probabilities[row * classes + label].toFixed(4)) };
  });
}

const PIXELS_FORM = (side) => `${side} rows of ${side} numbers from 0 to 1`;

/** encode.py's `picture` and what follows it: the uint8 levels the encoder sees of the picture a body holds. */
async function encoderLevels(body, id, limit) {
  const given = ["image", "pixels"].filter((key) => key in body);
  const side = 28;
  if (given.length !== 1) {
    throw refused(`send exactly one of 'image' (a PNG data URI) and 'pixels' (${PIXELS_FORM(side)}), got ${given.join(" and ") || "neither"}`);
  }
  const preprocess = booleanField(body, "preprocess", true);
  if (given[0] === "pixels") return greyLevels(greyField(pixelGrid(body.pixels, side), side, side, id, preprocess));
  const image = body.image;
  if (typeof image !== "string" || !image.startsWith(DATA_URI_PREFIX)) {
    const isDataUri = typeof image === "string" && image.startsWith("data:");
    const got = isDataUri ? `a data URI of ${brief(image.split(",")[0])}` : brief(image);
    throw refused(`'image' must be a PNG data URI, "${DATA_URI_PREFIX}...", got ${got}; convert other formats to PNG first`);
  }
  let bytes;
  try {
    bytes = Uint8Array.from(atob(image.slice(DATA_URI_PREFIX.length)), (character) => character.charCodeAt(0));
  } catch {
    throw refused(`'image' is not valid base64 after "${DATA_URI_PREFIX}"; send it unbroken, without spaces or line breaks`);
  }
  const { rgba, width, height } = await pngPixels(new Blob([bytes], { type: "image/png" }), limit.encode_image_side);
  return encoderInput(rgba, width, height, id, preprocess, limit.encode_image_side);
}

/** encode.py's `pixel_grid`: `side` rows of `side` grey levels from 0 to 1 → Float64Array. */
function pixelGrid(value, side) {
  if (!Array.isArray(value) || value.length !== side) {
    throw refused(`'pixels' must be ${PIXELS_FORM(side)}, got ${Array.isArray(value) ? `${value.length} rows` : brief(value)}`);
  }
  value.forEach((row, rowNumber) => {
    if (!Array.isArray(row) || row.length !== side) {
      throw refused(`'pixels' must be ${PIXELS_FORM(side)}; row ${rowNumber} holds ${Array.isArray(row) ? `${row.length} numbers` : brief(row)}`);
    }
    row.forEach((level, column) => {
      if (typeof level !== "number" || !(level >= 0 && level <= 1)) {
        throw refused(`'pixels[${rowNumber}][${column}]' must be a number from 0 to 1, got ${brief(level)}`);
      }
    });
  });
  return Float64Array.from(value.flat());
}
