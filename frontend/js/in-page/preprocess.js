// The server's picture preprocessing (backend/latent_explorer/preprocess.py) repeated on the page, so that a
// static site encodes a drawing from the same 8-bit 28x28 input the server's encoder would see: a PNG's
// pixels composited on white paper as grey levels, turned light-on-black, then cropped, scaled and placed
// as the data set's images were. tests/browser/js/test_js_preprocess.py holds every step to the server's.
//
// Pure functions of arrays, except pngPixels at the end, which reads a PNG in the browser. Images are
// row-major typed arrays with their width and height beside them.
import { greyLevels, roundHalfEven } from "./pictures.js";


export const IMAGE_SIDE = 28;
// preprocess.py's INK_THRESHOLD, MNIST_BOX and MNIST_CENTRE; the reasons for each are given there.
export const INK_THRESHOLD = 0.05;
const MNIST_BOX = 20;
const MNIST_CENTRE = 14;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = [0x49, 0x48, 0x44, 0x52];

/** A picture that cannot be read or has nothing to encode, in the server's words for it. */
export class ImageRejected extends Error {
  constructor(message) {
    super(message);
    this.name = "ImageRejected";
  }
}

// --- Floating point as numpy computes it -------------------------------------------------------------

/** The sum of `values` in the order numpy's `add.reduce` takes over a contiguous float64 axis: its pairwise
 * summation (numpy/_core/src/umath/loops_utils.h.src, pairwise_sum), from an initial 0. The order decides
 * the last bit, and a centre of mass exactly half a pixel from a whole one is rounded on that bit. */
export function pairwiseSum(values, start = 0, count = values.length - start) {
  if (count < 8) {
    let sum = 0;
    for (let i = start; i < start + count; i++) sum += values[i];
    return sum;
  }
  if (count <= 128) {
    const lanes = Array.from(values.subarray(start, start + 8));
    let i = 8;
    for (; i < count - (count % 8); i += 8) {
      for (let lane = 0; lane < 8; lane++) lanes[lane] += values[start + i + lane];
    }
    let sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    for (; i < count; i++) sum += values[start + i];
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}

// A fused multiply-add, a * b + c rounded once, which JavaScript lacks: the exact product as two doubles
// (Dekker's product with Veltkamp's split), the exact sum with c as two, and the two small parts added with
// rounding to odd so that the last rounding is correct (Boldo and Melquiond, "Emulation of FMA and
// correctly-rounded sums: proved algorithms using rounding to odd", IEEE Trans. Computers 57(4), 2008).
const SPLITTER = 134217729; // 2^27 + 1
const bits = new Float64Array(1);
const bitsAsInteger = new BigInt64Array(bits.buffer);

function exactProduct(a, b) {
  const product = a * b;
  const [aHigh, aLow] = split(a);
  const [bHigh, bLow] = split(b);
  return [product, ((aHigh * bHigh - product) + aHigh * bLow + aLow * bHigh) + aLow * bLow];
}

function split(a) {
  const scaled = SPLITTER * a;
  const high = scaled - (scaled - a);
  return [high, a - high];
}

function exactSum(a, b) {
  const sum = a + b;
  const part = sum - a;
  return [sum, (a - (sum - part)) + (b - part)];
}

function sumRoundedToOdd(a, b) {
  const [sum, error] = exactSum(a, b);
  if (error === 0) return sum;
  bits[0] = sum;
  if (bitsAsInteger[0] & 1n) return sum;
  // The other neighbour of the exact sum, one unit in the last place towards it, is the odd one.
  bitsAsInteger[0] += (error > 0) === (sum > 0) ? 1n : -1n;
  return bits[0];
}

function fusedMultiplyAdd([product, productError], addend) {
  const [sum, sumError] = exactSum(addend, product);
  return sum + sumRoundedToOdd(sumError, productError);
}

// --- Grey levels ----------------------------------------------------------------------------------------

// preprocess.py's LUMA (ITU-R 601-2), as exact products of each 8-bit level's fraction of full intensity.
const LUMA = [0.299, 0.587, 0.114];
const LEVEL_TIMES_LUMA = LUMA.map((weight) => Array.from({ length: 256 }, (_, level) => exactProduct(level / 255, weight)));

/** 8-bit straight-alpha RGBA (`width` x `height`) -> Float64Array grey levels in [0, 1], composited on white as
 * the server's `_grey_on_white` does: `rgb/255 @ LUMA * alpha + (1 - alpha)`.
 *
 * numpy's `@` runs OpenBLAS's dgemv, whose kernel on every x86 CPU with fused multiply-adds (Haswell,
 * Skylake-X, Zen) computes fma(b, 0.114, fma(r, 0.299, g * 0.587)) for a picture at least 2 pixels wide; this
 * does the same, so the levels are numpy's to the bit. (For a 1-pixel-wide picture, and on CPUs without
 * fused multiply-adds, numpy rounds otherwise, a unit in the last place at most.) */
export function greyOnWhite(rgba, width, height) {
  const [red, green, blue] = LEVEL_TIMES_LUMA;
  const grey = new Float64Array(width * height);
  for (let i = 0; i < grey.length; i++) {
    const luma = fusedMultiplyAdd(blue[rgba[4 * i + 2]], fusedMultiplyAdd(red[rgba[4 * i]], green[rgba[4 * i + 1]][0]));
    const alpha = rgba[4 * i + 3] / 255;
    grey[i] = luma * alpha + (1 - alpha);
  }
  return grey;
}

/** Grey levels (`width` x `height`) -> ink in [0, 1] on a background of 0, as the server's `light_ink_on_black`:
 * the background is the median of the outermost pixels; a light one is paper, and the picture is inverted. */
export function lightInkOnBlack(grey, width, height) {
  const border = [];
  // The rows and columns numpy concatenates: grey[0], grey[-1], grey[1:-1, 0], grey[1:-1, -1].
  for (const row of [0, height - 1]) for (let x = 0; x < width; x++) border.push(grey[row * width + x]);
  for (const column of [0, width - 1]) for (let y = 1; y < height - 1; y++) border.push(grey[y * width + column]);
  const background = median(border);
  const inverted = background > 0.5;
  const paper = Math.min(background, 1 - background);
  return Float64Array.from(grey, (level) => Math.min(Math.max(((inverted ? 1 - level : level) - paper) / (1 - paper), 0), 1));
}

/** numpy's median: the middle value, or the mean of the two middle values of an even count. */
function median(values) {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// --- Fitting the ink to the field -------------------------------------------------------------------------

/** Ink (`width` x `height`) -> Float64Array (28 x 28) as MNIST was made: cropped to the ink, scaled so its longer
 * side is 20, brightened to full ink, and moved by whole pixels to put its centre of mass at the centre. */
export function fitBoxByCentreOfMass(ink, width, height) {
  const scaled = scaledToLongest(cropped(ink, width, height), MNIST_BOX);
  const peak = scaled.pixels.reduce((a, b) => Math.max(a, b));
  const glyph = { ...scaled, pixels: scaled.pixels.map((level) => level / peak) };
  const [row, column] = centreOfMass(glyph);
  const place = (mass, size) => Math.min(Math.max(roundHalfEven(MNIST_CENTRE - mass), 0), IMAGE_SIDE - size);
  return placed(glyph, place(row, glyph.height), place(column, glyph.width));
}

/** Ink (`width` x `height`) -> Float64Array (28 x 28) as Fashion-MNIST was made: cropped to the object, scaled so
 * its longer side is 28, and centred in the field. */
export function fitFieldCentred(ink, width, height) {
  const glyph = scaledToLongest(cropped(ink, width, height), IMAGE_SIDE);
  return placed(glyph, (IMAGE_SIDE - glyph.height) >> 1, (IMAGE_SIDE - glyph.width) >> 1);
}

/** The fit each data set's images were made with, by the listing's data-set `id` (datasets.py's `preprocess`). */
export const PREPROCESS_BY_DATASET = { mnist: fitBoxByCentreOfMass, "fashion-mnist": fitFieldCentred };

function cropped(ink, width, height) {
  let [top, bottom, left, right] = [height, -1, width, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > INK_THRESHOLD) {
        [top, bottom, left, right] = [Math.min(top, y), y, Math.min(left, x), Math.max(right, x)];
      }
    }
  }
  if (bottom < 0) {
    throw new ImageRejected(`the drawing is empty: no pixel differs from the background by more than ` +
      `${Math.round(INK_THRESHOLD * 100)}%; draw something, or send "preprocess": false to encode it as it is`);
  }
  const [croppedWidth, croppedHeight] = [right - left + 1, bottom - top + 1];
  const pixels = new Float64Array(croppedWidth * croppedHeight);
  for (let y = 0; y < croppedHeight; y++) {
    for (let x = 0; x < croppedWidth; x++) pixels[y * croppedWidth + x] = ink[(top + y) * width + left + x];
  }
  return { pixels, width: croppedWidth, height: croppedHeight };
}

/** `image` resized as the server's `_scaled` does, keeping its aspect ratio, so that its longer side is `longest`:
 * in float32, by area when shrinking and bilinearly when enlarging. */
function scaledToLongest({ pixels, width, height }, longest) {
  const scale = longest / Math.max(height, width);
  const [outWidth, outHeight] = [width, height].map((side) => Math.max(1, roundHalfEven(side * scale)));
  const filter = scale < 1 ? "box" : "bilinear";
  const resized = resizeFloat32(Float32Array.from(pixels), width, height, outWidth, outHeight, filter);
  return { pixels: Float64Array.from(resized), width: outWidth, height: outHeight };
}

/** The (row, column) centre of mass of `glyph`, summed as numpy's `np.average(np.indices(...), weights=...)`. */
function centreOfMass({ pixels, width }) {
  const rows = pixels.map((weight, i) => Math.floor(i / width) * weight);
  const columns = pixels.map((weight, i) => (i % width) * weight);
  const total = pairwiseSum(pixels);
  return [pairwiseSum(rows) / total, pairwiseSum(columns) / total];
}

function placed({ pixels, width, height }, top, left) {
  const field = new Float64Array(IMAGE_SIDE * IMAGE_SIDE);
  for (let y = 0; y < height; y++) field.set(pixels.subarray(y * width, (y + 1) * width), (top + y) * IMAGE_SIDE + left);
  return field;
}

// --- Pillow's resampling of a float32 ("F") image -------------------------------------------------------
// Pillow's Image.resize(size, BOX or BILINEAR) with no box and no reducing_gap, as libImaging/Resample.c does it:
// each output pixel a normalised weighted sum over a window of input pixels, accumulated in double and stored
// as float32, one dimension at a time.

const FILTERS = {
  box: { support: 0.5, weight: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  bilinear: { support: 1, weight: (x) => (Math.abs(x) < 1 ? 1 - Math.abs(x) : 0) },
};

/** Pillow's `precompute_coeffs`: for each output pixel the first input pixel of its window and the weights. */
function resampleWindows(inSize, outSize, filter) {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filter.support * filterScale;
  return Array.from({ length: outSize }, (_, out) => {
    const centre = (out + 0.5) * scale;
    const first = Math.max(0, Math.trunc(centre - support + 0.5));
    const weights = new Float64Array(Math.min(inSize, Math.trunc(centre + support + 0.5)) - first);
    let total = 0;
    for (let x = 0; x < weights.length; x++) {
      weights[x] = filter.weight((x + first - centre + 0.5) * (1 / filterScale));
      total += weights[x];
    }
    if (total !== 0) for (let x = 0; x < weights.length; x++) weights[x] /= total;
    return { first, weights };
  });
}

/** One resampling pass along rows (`horizontal`) or columns: Pillow's ImagingResample{Horizontal,Vertical}_32bpc. */
function resamplePass(pixels, width, height, outSize, filter, horizontal) {
  const windows = resampleWindows(horizontal ? width : height, outSize, filter);
  const [outWidth, outHeight] = horizontal ? [outSize, height] : [width, outSize];
  const out = new Float32Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const { first, weights } = windows[horizontal ? x : y];
      let sum = 0;
      for (let k = 0; k < weights.length; k++) {
        sum += pixels[horizontal ? y * width + first + k : (first + k) * width + x] * weights[k];
      }
      out[y * outWidth + x] = sum;
    }
  }
  return out;
}

/** A float32 image (`width` x `height`) resized to `outWidth` x `outHeight` with Pillow's "box" or "bilinear"
 * filter, to the bit: a dimension that keeps its size is not resampled, and the rows go first, except for an
 * image over 100 times taller than wide that gets shorter, where Image.resize takes the columns first. */
export function resizeFloat32(pixels, width, height, outWidth, outHeight, filterName) {
  const filter = FILTERS[filterName];
  const columnsFirst = height > width * 100 && outHeight < height;
  let image = Float32Array.from(pixels);
  let [currentWidth, currentHeight] = [width, height];
  for (const horizontal of columnsFirst ? [false, true] : [true, false]) {
    const [size, target] = horizontal ? [currentWidth, outWidth] : [currentHeight, outHeight];
    if (size === target) continue;
    image = resamplePass(image, currentWidth, currentHeight, target, filter, horizontal);
    [currentWidth, currentHeight] = horizontal ? [target, currentHeight] : [currentWidth, target];
  }
  return image;
}

// --- The encoder's input --------------------------------------------------------------------------------

/** Refuse a picture wider or taller than `maxSide` (the listing's `limits.encode_image_side`), as the server does. */
export function checkSize(width, height, maxSide) {
  if (!(width > 0 && width <= maxSide && height > 0 && height <= maxSide)) {
    throw new ImageRejected(`the image is ${width}x${height} pixels; its width and height must each be from 1 to ` +
      `${maxSide}: scale it down before sending it`);
  }
}

/** 8-bit straight-alpha RGBA (`width` x `height`) -> Float64Array (28 x 28) of levels in [0, 1]: the picture
 * the server's encode route makes of it before rounding, with `preprocess` as in its request body. */
export function encoderField(rgba, width, height, datasetId, preprocess = true, maxSide = Infinity) {
  checkSize(width, height, maxSide);
  return greyField(greyOnWhite(rgba, width, height), width, height, datasetId, preprocess);
}

/** Grey levels in [0, 1] (`width` x `height`, Float64Array) -> the Float64Array (28 x 28) the encode route makes
 * of them before rounding: the route's own steps after reading a picture, for an image and for `pixels` alike. */
export function greyField(grey, width, height, datasetId, preprocess = true) {
  if (!preprocess) {
    if (width !== IMAGE_SIDE || height !== IMAGE_SIDE) {
      throw new ImageRejected(`the image is ${width}x${height} pixels; without preprocessing it must be ` +
        `${IMAGE_SIDE}x${IMAGE_SIDE}. Send "preprocess": true to have it cropped, scaled and centred`);
    }
    return grey;
  }
  const fit = PREPROCESS_BY_DATASET[datasetId];
  if (!fit) {
    throw new Error(`no preprocessing is known for data set "${datasetId}"; known: ` +
      `${Object.keys(PREPROCESS_BY_DATASET).join(", ")}`);
  }
  return fit(lightInkOnBlack(grey, width, height), width, height);
}

/** Uint8Array (784): the 8-bit levels the server's encoder would see for this picture (see encoderField). */
export function encoderInput(rgba, width, height, datasetId, preprocess = true, maxSide = Infinity) {
  return greyLevels(encoderField(rgba, width, height, datasetId, preprocess, maxSide));
}

/** The {width, height} a PNG's header gives, refusing what the server refuses before decoding: bytes that are not
 * a PNG, and a size over `maxSide`. */
export function pngSize(bytes, maxSide = Infinity) {
  const starts = (expected, at) => expected.every((byte, i) => bytes[at + i] === byte);
  if (bytes.length < 24 || !starts(PNG_SIGNATURE, 0) || !starts(IHDR, 12)) {
    throw new ImageRejected("the image is not a PNG file; send a PNG (canvas.toDataURL('image/png') makes one)");
  }
  const header = new DataView(bytes.buffer, bytes.byteOffset + 16, 8);
  const [width, height] = [header.getUint32(0), header.getUint32(4)];
  checkSize(width, height, maxSide);
  return { width, height };
}

// --- Reading a PNG in the browser -----------------------------------------------------------------------

/** A PNG Blob -> {rgba, width, height}: its 8-bit straight-alpha RGBA, as Pillow reads it, with no colour
 * management. Browser only. WebCodecs' ImageDecoder gives the pixels unpremultiplied; a 2-D canvas, the fallback
 * where it is missing, stores them premultiplied and so shifts the colour of semi-transparent pixels. */
export async function pngPixels(blob, maxSide = Infinity) {
  const { width, height } = pngSize(new Uint8Array(await blob.slice(0, 24).arrayBuffer()), maxSide);
  try {
    const webCodecs = typeof ImageDecoder === "function" && (await ImageDecoder.isTypeSupported("image/png"));
    return (webCodecs && (await decodedByWebCodecs(blob, width, height))) || (await decodedByCanvas(blob, width, height));
  } catch (error) {
    if (error instanceof ImageRejected) throw error;
    throw new ImageRejected(`the PNG could not be decoded (${error.message || error.name}); send a complete, ` +
      "undamaged PNG");
  }
}

// VideoFrame pixel formats an image decodes to, by where red and alpha lie in each 4 bytes (null: opaque).
const FRAME_LAYOUTS = { RGBA: [0, 3], RGBX: [0, null], BGRA: [2, 3], BGRX: [2, null] };

async function decodedByWebCodecs(blob, width, height) {
  const decoder = new ImageDecoder({ data: await blob.arrayBuffer(), type: "image/png",
    premultiplyAlpha: "none", colorSpaceConversion: "none" });
  try {
    const { image } = await decoder.decode();
    try {
      const layout = FRAME_LAYOUTS[image.format];
      if (!layout || image.visibleRect.width !== width || image.visibleRect.height !== height) return null;
      const frame = new Uint8Array(width * height * 4);
      await image.copyTo(frame, { layout: [{ offset: 0, stride: width * 4 }] });
      const [red, alpha] = layout;
      const rgba = new Uint8ClampedArray(frame.length);
      for (let i = 0; i < frame.length; i += 4) {
        rgba[i] = frame[i + red];
        rgba[i + 1] = frame[i + 1];
        rgba[i + 2] = frame[i + 2 - red];
        rgba[i + 3] = alpha === null ? 255 : frame[i + alpha];
      }
      return { rgba, width, height };
    } finally {
      image.close();
    }
  } finally {
    decoder.close();
  }
}

async function decodedByCanvas(blob, width, height) {
  const bitmap = await createImageBitmap(blob, { premultiplyAlpha: "none", colorSpaceConversion: "none" });
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d", { colorSpace: "srgb" });
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { rgba: context.getImageData(0, 0, width, height).data, width, height };
}
