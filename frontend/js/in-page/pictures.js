// Decoded pixels as the pictures the page shows, as the server makes them (images.py): levels
// rounded as grey_levels rounds them, images tiled side by side as `tiled` does, and 8-bit greyscale
// or RGB PNGs written by hand (a canvas would make RGBA ones, and refuses sides over 65,535). An image
// is `width` × `height` pixels of `channels` levels each (1: grey, 3: red, green, blue), row by row.

/** Round half to even, as numpy's `rint` and Python's `round` do (Math.round rounds half up). */
export function roundHalfEven(x) {
  const nearest = Math.round(x);
  return nearest - x === 0.5 && nearest % 2 !== 0 ? nearest - 1 : nearest;
}

/**
 * Pixel probabilities in [0, 1] → uint8 levels, as images.py's grey_levels: rint(p · 255), halves to even. As in
 * numpy, the product is float32 for a Float32Array (a decoder's output) and float64 otherwise (a preprocessed picture).
 */
export function greyLevels(probabilities) {
  // A plain loop: a grid's 176,400 values through Uint8Array.from's callback took a third of its refresh.
  const single = probabilities instanceof Float32Array;
  const levels = new Uint8Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) {
    levels[i] = roundHalfEven(single ? Math.fround(probabilities[i] * 255) : probabilities[i] * 255);
  }
  return levels;
}

/**
 * A decoder's output {data, dims} as images row by row with their channels together, (N, H, W, C), as served_model.py's
 * ImageLayout.as_hwc gives them: a graph's (N, H·W·C), (N, H, W) and (N, H, W, C) already are, its (N, C, H, W) is
 * reordered (a 4-D output whose last size is 1 or 3 holds its channels last, as added_models.py reads it).
 */
export function imagesInRows({ data, dims }) {
  if (dims.length !== 4 || dims[3] === 1 || dims[3] === 3) return data;
  const [count, channels, height, width] = dims;
  const rows = new Float32Array(data.length);
  for (let image = 0; image < count; image++) {
    for (let channel = 0; channel < channels; channel++) {
      for (let pixel = 0; pixel < height * width; pixel++) {
        rows[(image * height * width + pixel) * channels + channel] = data[(image * channels + channel) * height * width + pixel];
      }
    }
  }
  return rows;
}

/**
 * `frames` (Uint8Array(width × height × channels) each) side by side in reading order, `columns` to a row, the last
 * row padded black.
 */
export function tiled(frames, width, height, columns, channels = 1) {
  const rows = Math.ceil(frames.length / columns);
  const row = width * channels; // the levels of one row of one frame
  const wide = columns * row;
  const image = new Uint8Array(wide * rows * height);
  frames.forEach((frame, index) => {
    const left = (index % columns) * row;
    const top = Math.floor(index / columns) * height;
    for (let y = 0; y < height; y++) image.set(frame.subarray(y * row, (y + 1) * row), (top + y) * wide + left);
  });
  return image;
}

/** The images of `width` × `height` × `channels` laid one after another in `levels` → an array of views, one per image. */
export function imagesOf(levels, width, height = width, channels = 1) {
  const size = width * height * channels;
  return Array.from({ length: levels.length / size }, (_, image) => levels.subarray(image * size, (image + 1) * size));
}

/** uint8 levels of images of `width` × `height` × `channels`, one after another → one PNG data URI each. */
export function dataUris(levels, width, height = width, channels = 1) {
  return imagesOf(levels, width, height, channels).map((image) => {
    const png = pngFile(width, height, channels, storedZlib(scanlines(image, width * channels, height)));
    let binary = "";
    for (const byte of png) binary += String.fromCharCode(byte);
    return `data:image/png;base64,${btoa(binary)}`;
  });
}

/** uint8 levels (width × height × channels) → a compressed PNG Blob, greyscale for 1 channel and RGB for 3. */
export async function greyPngBlob(levels, width, height, channels = 1) {
  const zlib = new Blob([scanlines(levels, width * channels, height)]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Blob([pngFile(width, height, channels, new Uint8Array(await new Response(zlib).arrayBuffer()))], { type: "image/png" });
}

/**
 * An atlas's ImageBitmap → its pixels as levels, `channels` a pixel ({levels, width, channels}). Read once per
 * atlas: cutting each tile through a canvas decoded the whole 2048-pixel PNG again for every neighbour shown.
 */
export function atlasLevels(bitmap, channels) {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(bitmap, 0, 0);
  const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const levels = new Uint8Array(bitmap.width * bitmap.height * channels);
  for (let pixel = 0, at = 0; at < levels.length; pixel++) {
    for (let channel = 0; channel < channels; channel++) levels[at++] = rgba[4 * pixel + channel];
  }
  return { levels, width: bitmap.width, channels };
}

/** Image `index` (H × W × C levels) from its atlas's levels (atlasLevels), laid out as `layout` ({tile, columns, per_atlas}). */
export function atlasTile(atlas, layout, index, [height, width, channels]) {
  const place = index % layout.per_atlas;
  const left = (place % layout.columns) * layout.tile;
  const top = Math.floor(place / layout.columns) * layout.tile;
  const tile = new Uint8Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * atlas.width + left) * channels;
    tile.set(atlas.levels.subarray(from, from + width * channels), y * width * channels);
  }
  return tile;
}

function scanlines(levels, rowLength, height) {
  const rows = new Uint8Array((rowLength + 1) * height); // each row after its filter byte, 0: none
  for (let y = 0; y < height; y++) rows.set(levels.subarray(y * rowLength, (y + 1) * rowLength), y * (rowLength + 1) + 1);
  return rows;
}

// A zlib stream of stored (uncompressed) blocks: made at once, without a stream, for the small images a hover shows.
function storedZlib(bytes) {
  const blocks = Math.max(1, Math.ceil(bytes.length / 65535));
  const zlib = new Uint8Array(2 + bytes.length + 5 * blocks + 4);
  zlib.set([0x78, 0x01]);
  let at = 2;
  for (let block = 0; block < blocks; block++) {
    const part = bytes.subarray(block * 65535, (block + 1) * 65535);
    zlib.set([block === blocks - 1 ? 1 : 0, part.length & 0xff, part.length >> 8, ~part.length & 0xff, (~part.length >> 8) & 0xff], at);
    zlib.set(part, at + 5);
    at += 5 + part.length;
  }
  new DataView(zlib.buffer).setUint32(at, adler32(bytes));
  return zlib;
}

function adler32(bytes) {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function pngFile(width, height, channels, zlib) {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, channels === 3 ? 2 : 0, 0, 0, 0], 8); // 8 bits, greyscale (0) or RGB (2), deflate, adaptive filtering, no interlace
  const chunks = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), pngChunk("IHDR", header), pngChunk("IDAT", zlib),
    pngChunk("IEND", new Uint8Array(0))];
  const png = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  chunks.reduce((at, chunk) => (png.set(chunk, at), at + chunk.length), 0);
  return png;
}

function pngChunk(type, data) {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set([...type].map((letter) => letter.charCodeAt(0)), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, byte) => {
  let crc = byte;
  for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  return crc;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
