// Decoded pixels as the pictures the page shows, as the server makes them (images.py): grey
// levels rounded as grey_levels rounds them, images tiled side by side as `tiled` does, and 8-bit
// greyscale PNGs written by hand (a canvas would make RGBA ones, and refuses sides over 65,535).

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
  const scaled = probabilities instanceof Float32Array ? (p) => Math.fround(p * 255) : (p) => p * 255;
  return Uint8Array.from(probabilities, (p) => roundHalfEven(scaled(p)));
}

/** `frames` (Uint8Array(width × height) each) side by side in reading order, `columns` to a row, the last row padded black. */
export function tiled(frames, width, height, columns) {
  const rows = Math.ceil(frames.length / columns);
  const wide = columns * width;
  const image = new Uint8Array(wide * rows * height);
  frames.forEach((frame, index) => {
    const left = (index % columns) * width;
    const top = Math.floor(index / columns) * height;
    for (let y = 0; y < height; y++) image.set(frame.subarray(y * width, (y + 1) * width), (top + y) * wide + left);
  });
  return image;
}

/** `count` images of `side`² laid one after another in `levels` → an array of views, one per image. */
export const imagesOf = (levels, side) =>
  Array.from({ length: levels.length / (side * side) }, (_, image) => levels.subarray(image * side * side, (image + 1) * side * side));

/** uint8 levels of images of `side`², one after another → one greyscale PNG data URI each. */
export function dataUris(levels, side) {
  return imagesOf(levels, side).map((image) => {
    const png = greyPng(image, side, side, storedZlib(scanlines(image, side, side)));
    let binary = "";
    for (const byte of png) binary += String.fromCharCode(byte);
    return `data:image/png;base64,${btoa(binary)}`;
  });
}

/** uint8 levels (width × height) → a compressed greyscale PNG Blob. */
export async function greyPngBlob(levels, width, height) {
  const zlib = new Blob([scanlines(levels, width, height)]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Blob([greyPng(levels, width, height, new Uint8Array(await new Response(zlib).arrayBuffer()))], { type: "image/png" });
}

/** Tile `index` of a data set's atlases ({tile, columns, per_atlas}) from `atlas`, its atlas's ImageBitmap → uint8 levels. */
export function atlasTile(atlas, layout, index) {
  const place = index % layout.per_atlas;
  const canvas = new OffscreenCanvas(layout.tile, layout.tile);
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(atlas, (place % layout.columns) * layout.tile, Math.floor(place / layout.columns) * layout.tile,
    layout.tile, layout.tile, 0, 0, layout.tile, layout.tile);
  const rgba = context.getImageData(0, 0, layout.tile, layout.tile).data;
  return Uint8Array.from({ length: layout.tile * layout.tile }, (_, pixel) => rgba[4 * pixel]);
}

function scanlines(levels, width, height) {
  const rows = new Uint8Array((width + 1) * height); // each row after its filter byte, 0: none
  for (let y = 0; y < height; y++) rows.set(levels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
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

function greyPng(levels, width, height, zlib) {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8); // 8 bits, greyscale, deflate, adaptive filtering, no interlace
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
