// The traversal as files to keep, made in the page where no server encodes them: an animated
// GIF and a PNG film strip of the decoded frames. A port of backend/latent_explorer/media.py,
// held to it by tests/browser/js/test_js_media_files.py: the same frames give the same pixels,
// delays and options, and the same refusals in the same words.
//
// `frames` is an array of Uint8Array(width × height × channels), one grey level (channels 1) or
// red, green and blue (channels 3) per pixel, row by row, so that a frame can be a view
// (`subarray`) of the decoder's batch and ping-pong reuses frames without copying them. Ranges and
// defaults come from the listing's `limits` (backend/latent_explorer/limits.py). A grey file keeps
// every level of every frame, as the server's does; a colour GIF's 256 colours are gifenc's choice
// for all its frames together, as the server's are Pillow's, so the two are alike, not the same.
import { applyPalette, GIFEncoder, quantize } from "../../vendor/gifenc/gifenc.esm.js";
import { greyPngBlob, tiled } from "./pictures.js";

// Pixels in one file, all frames counted, as the server allows (media.py explains the figure).
export const MAX_PIXELS = 64_000_000;
// GIF delays are whole hundredths of a second, and browsers play delays below 2 of them at
// 10 frames per second: 50 frames per second is the fastest a GIF really plays.
const MIN_DELAY_CS = 2;
export const OPTIONS = { gif: ["scale", "fps", "ping_pong"], png: ["scale", "columns"] };
const KIND_NAMES = { gif: "a GIF", png: "a PNG film strip" };
// The grey levels as a palette: index i is grey i, so a frame's pixels are its own palette indices.
const GREYS = Array.from({ length: 256 }, (_, level) => [level, level, level]);

/** The file would hold more than MAX_PIXELS pixels; the message says how many and what to lower. */
export class OutputTooLarge extends Error {
  name = "OutputTooLarge";
}

/** An option a file cannot take, or a value out of its range. `name` is the option (not the class: the
 *  caller words it, as the API does: `'${name}' must be ${expected}, got ${value}`). */
export class BadOption extends Error {
  constructor(name, expected) {
    super(`${name} must be ${expected}`);
    this.name = name;
    this.expected = expected;
  }
}

/** The options of a `kind` file ("gif" or "png") of a `steps`-frame path: `given` (name -> value, null or
 *  absent where not given) checked, the defaults filled in from `limits`; throw BadOption for the first bad one. */
export function fileOptions(kind, steps, given, limits) {
  for (const [name, value] of Object.entries(given)) {
    if (value != null && !OPTIONS[kind].includes(name)) throw new BadOption(name, `left out of ${KIND_NAMES[kind]}`);
  }
  const defaults = { scale: limits.default_scale, fps: limits.default_fps, ping_pong: false, columns: null };
  const ranges = { scale: limits.scale, fps: limits.fps, columns: [1, steps] };
  const options = {};
  for (const name of OPTIONS[kind]) {
    const value = given[name] ?? defaults[name];
    if (name === "ping_pong") {
      if (typeof value !== "boolean") throw new BadOption(name, "true or false");
    } else if (value !== null && !(Number.isInteger(value) && ranges[name][0] <= value && value <= ranges[name][1])) {
      throw new BadOption(name, `an integer from ${ranges[name][0]} to ${ranges[name][1]}`);
    }
    options[name] = value;
  }
  return options;
}

/** A `width` × `height` image as Uint8Array((width·scale) × (height·scale) × channels): each pixel a `scale`² block, no blur. */
export function enlarge(pixels, width, height, scale, channels = 1) {
  const wide = width * scale * channels;
  const enlarged = new Uint8Array(wide * height * scale);
  for (let y = 0; y < height; y++) {
    const start = y * scale * wide;
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      if (channels === 1) enlarged.fill(pixels[at], start + x * scale, start + (x + 1) * scale);
      else for (let copy = 0; copy < scale; copy++) enlarged.set(pixels.subarray(at, at + channels), start + (x * scale + copy) * channels);
    }
    for (let copy = 1; copy < scale; copy++) enlarged.copyWithin(start + copy * wide, start, start + wide);
  }
  return enlarged;
}

/** `frames` one after another in one array. */
function joined(frames) {
  const all = new Uint8Array(frames.reduce((sum, frame) => sum + frame.length, 0));
  frames.reduce((at, frame) => (all.set(frame, at), at + frame.length), 0);
  return all;
}

/** RGB levels → RGBA, opaque: what gifenc's quantize and applyPalette read. */
function rgba(rgb) {
  const out = new Uint8Array((rgb.length / 3) * 4).fill(255);
  for (let pixel = 0; pixel < rgb.length / 3; pixel++) out.set(rgb.subarray(3 * pixel, 3 * pixel + 3), 4 * pixel);
  return out;
}

/** Frames forward then backward without repeating either end: 2N - 2 frames for N >= 2. */
export function pingPongFrames(frames) {
  return [...frames, ...frames.slice(1, -1).reverse()];
}

/** GIF delays, in hundredths of a second, of `count` frames at `fps` frames per second: each frame ends at its
 *  own time rounded to the hundredth (halves up), so a loop lasts count / fps seconds to within a hundredth. */
export function frameDelays(count, fps) {
  const end = (frame) => Math.floor((200 * frame + fps) / (2 * fps));
  return Array.from({ length: count }, (_, frame) => Math.max(end(frame + 1) - end(frame), MIN_DELAY_CS));
}

/** The bytes of a GIF of `frames` that loops forever, one GIF frame per frame (identical ones kept). A grey GIF's
 *  palette is the grey levels, so that every pixel keeps its value; a colour one's is the 256 colours that best
 *  cover all its frames together, so that no frame flickers to another palette. `options` as fileOptions("gif",
 *  ...) returns them. */
export function animatedGif(frames, width, height, { scale, fps, ping_pong }, channels = 1) {
  checkFrames(frames, width, height, channels);
  const played = ping_pong ? pingPongFrames(frames) : frames;
  checkSize(played.length * height * width * scale ** 2,
    `the GIF would hold ${played.length} frames of ${width * scale}×${height * scale} pixels`);
  const palette = channels === 3 ? quantize(rgba(joined(frames)), 256) : GREYS;
  // A grey frame's levels are its own palette indices.
  const indices = (frame) => (channels === 3 ? applyPalette(rgba(frame), palette) : frame);
  const gif = GIFEncoder();
  const delays = frameDelays(played.length, fps);
  played.forEach((frame, index) => {
    // The palette goes with the first frame only: gifenc writes it there as the global one, and on any
    // later frame as a local copy.
    gif.writeFrame(indices(enlarge(frame, width, height, scale, channels)), width * scale, height * scale,
      { palette: index === 0 ? palette : null, delay: delays[index] * 10, repeat: 0 });  // gifenc takes milliseconds
  });
  gif.finish();
  return gif.bytes();
}

/** A PNG, grey or RGB (a Promise of its Blob), of `frames` side by side in reading order, `columns` to a row (null:
 *  all in one row), the last row padded with black. `options` as fileOptions("png", ...) returns them. */
export async function filmStrip(frames, width, height, { scale, columns }, channels = 1) {
  checkFrames(frames, width, height, channels);
  const across = columns ?? frames.length;
  const rows = Math.ceil(frames.length / across);
  checkSize(rows * across * height * width * scale ** 2,
    `the film strip would be ${across * width * scale}×${rows * height * scale} pixels`);
  const strip = tiled(frames, width, height, across, channels);
  // Written by hand (pictures.js), not drawn on a canvas: a strip within MAX_PIXELS can be 252,000 pixels
  // wide (1000 frames at scale 9), and Chromium refuses a canvas side over 65,535.
  return greyPngBlob(enlarge(strip, across * width, rows * height, scale, channels), across * width * scale, rows * height * scale,
    channels);
}

function checkFrames(frames, width, height, channels) {
  const levels = width * height * channels;
  const bad = frames.findIndex((frame) => !(frame instanceof Uint8Array) || frame.length !== levels);
  if (bad >= 0) {
    const what = channels === 1 ? `${width}×${height} = ${levels} grey levels` : `${width}×${height}×${channels} = ${levels} levels`;
    throw new TypeError(`frame ${bad} should be a Uint8Array of ${what}, got ${frames[bad]?.constructor?.name} of length ${frames[bad]?.length}`);
  }
}

const withCommas = (number) => number.toLocaleString("en-US");  // 64,000,000, as Python's {:,} writes it

function checkSize(pixels, what) {
  if (pixels > MAX_PIXELS) {
    throw new OutputTooLarge(`${what}, ${withCommas(pixels)} pixels in all, more than the limit of ${withCommas(MAX_PIXELS)}; ` +
      "use fewer steps or a smaller scale");
  }
}
