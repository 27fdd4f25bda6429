// The class map's lattice and its slice, pure: which cell holds a position, the lattice packed for
// the GPU, which cells hold data and where the decoder and the data disagree, and the plane a
// slice lies in. The lattice is placed as backend/latent_explorer/classmap.py places it
// (`lattice_centres`, `summary`), the reference; tests/browser/js/test_js_classmap.py holds this to it.
//
// classmap.npy is uint8 (S, S, S, 2 + C) [z, y, x, channel], x fastest: the class read in the image
// decoded at the cell's centre, its confidence x 255, then each class's density (255: the highest anywhere).
// Cell (i, j, k) of the box low..high has its centre at low + (index + 0.5) (high - low) / S on each axis.
import { cameraAxes, eyePosition, unprojectToPlane } from "./camera.js";

export const CLASSMAP_AXES = ["x", "y", "z", "view"];
export const CLASSMAP_MODES = ["decoder", "data"];
/**
 * The slice a class map opens with: through the middle of the box, across z, as the classifier reads it, over the
 * points dimmed (among them at full strength, most of the slice's cells inside the cloud are hidden by points in front).
 */
export const DEFAULT_CLASSMAP = { axis: "z", position: 0.5, mode: "decoder", disagreeing: false, dim: true };
const TEXEL_BYTES = 4;

/**
 * The lattice a listing's class-map description ({size, low, high, data_floor}) names: {size, low, high, floorLevel},
 * floorLevel the least density level (0 to 255) of a cell that holds data, as classmap.py's `>= DATA_FLOOR * 255`.
 */
export function latticeOf({ size, low, high, data_floor: dataFloor }) {
  return { size, low: [...low], high: [...high], floorLevel: Math.ceil(dataFloor * 255) };
}

/** The index of the cell along one axis that holds `value`, or null outside low..high (high itself is in the last). */
export function cellIndex(value, low, high, size) {
  if (!(value >= low && value <= high)) return null;
  return Math.min(size - 1, Math.floor(((value - low) / (high - low)) * size));
}

/** The cell [i, j, k] (along x, y, z) of `lattice` that holds `position` [x, y, z], or null outside its box. */
export function cellOf({ size, low, high }, position) {
  const cell = position.map((value, axis) => cellIndex(value, low[axis], high[axis], size));
  return cell.includes(null) ? null : cell;
}

/** The centre of cell [i, j, k] of `lattice`, as lattice_centres places it. */
export function cellCentre({ size, low, high }, cell) {
  return cell.map((index, axis) => low[axis] + ((index + 0.5) * (high[axis] - low[axis])) / size);
}

/** The index of cell [i, j, k] in the lattice's x-fastest order (classmap.npy's, and the packed texels'). */
export const cellNumber = (size, [i, j, k]) => (k * size + j) * size + i;

/**
 * The map's parsed .npy {shape: [S, S, S, 2 + C], data} packed for one RGBA8 3-D texture, x fastest: per cell the class
 * read, its confidence, the densest class (the first of a tie, as numpy's argmax) and its density: Uint8Array(4 S³).
 */
export function packLattice({ shape, data }) {
  const channels = shape[3];
  const cells = shape[0] * shape[1] * shape[2];
  const texels = new Uint8Array(cells * TEXEL_BYTES);
  for (let cell = 0; cell < cells; cell++) {
    const at = cell * channels;
    let densest = 0;
    let density = data[at + 2];
    for (let label = 1; label < channels - 2; label++) {
      if (data[at + 2 + label] > density) [densest, density] = [label, data[at + 2 + label]];
    }
    const out = cell * TEXEL_BYTES;
    [texels[out], texels[out + 1], texels[out + 2], texels[out + 3]] = [data[at], data[at + 1], densest, density];
  }
  return texels;
}

/** What packed cell number `cell` shows: {read, confidence, densest, density} (levels of 0 to 255). */
export function cellReading(texels, cell) {
  const [read, confidence, densest, density] = texels.subarray(cell * TEXEL_BYTES, (cell + 1) * TEXEL_BYTES);
  return { read, confidence, densest, density };
}

/** Whether a cell holds data: its densest class reaches the floor. */
export const holdsData = ({ density }, floorLevel) => density >= floorLevel;
/** Whether the decoder and the data disagree in a cell: it holds data, and the class read is not the densest. */
export const disagrees = (reading, floorLevel) => holdsData(reading, floorLevel) && reading.read !== reading.densest;

/** The layer (0 to S - 1) an axis slice at `position` (0 to 1 across the box) shows. */
export const sliceLayer = (position, size) => Math.min(size - 1, Math.max(0, Math.floor(position * size)));

/**
 * Of the layer `layer` across axis `axis` (0, 1, 2: x, y, z) of the packed lattice: {withData, disagreeing}, the cells
 * that hold data and those where the decoder and the data disagree.
 */
export function layerCounts(texels, { size, floorLevel }, axis, layer) {
  const strides = [1, size, size * size];
  const [first, second] = strides.filter((_, other) => other !== axis);
  let withData = 0;
  let disagreeing = 0;
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      const reading = cellReading(texels, layer * strides[axis] + a * first + b * second);
      if (holdsData(reading, floorLevel)) withData += 1;
      if (disagrees(reading, floorLevel)) disagreeing += 1;
    }
  }
  return { withData, disagreeing };
}

const add = (a, b) => a.map((value, i) => value + b[i]);
const sub = (a, b) => a.map((value, i) => value - b[i]);
const scale = (a, s) => a.map((value) => value * s);
const dot = (a, b) => a.reduce((sum, value, i) => sum + value * b[i], 0);

/**
 * The plane of the slice `classmap` {axis, position} through `lattice`'s box: {point, normal, corners, axis, layer}.
 * An axis slice ("x", "y", "z") crosses the box at `position` (0 to 1) of its extent, and its corners are the box's
 * there; `axis` is 0, 1 or 2 and `layer` the lattice's layer it shows. The "view" slice faces `camera` through its
 * focus (the orbit target) at position 0.5, moved along the view direction by up to half the box's diagonal either
 * way; its corners hold the whole box's section (the renderer draws only what lies inside the box); axis -1.
 * Corners are in triangle-strip order.
 */
export function slicePlane({ axis, position }, { size, low, high }, camera) {
  if (axis !== "view") {
    const index = "xyz".indexOf(axis);
    const [u, v] = [0, 1, 2].filter((other) => other !== index);
    const point = low.map((value, i) => (value + high[i]) / 2);
    point[index] = low[index] + position * (high[index] - low[index]);
    const corner = (atU, atV) => {
      const c = [...point];
      [c[u], c[v]] = [atU[u], atV[v]];
      return c;
    };
    const normal = [0, 0, 0];
    normal[index] = 1;
    return { point, normal, corners: [corner(low, low), corner(high, low), corner(low, high), corner(high, high)],
             axis: index, layer: sliceLayer(position, size) };
  }
  const { right, up, back } = cameraAxes(camera);
  const diagonal = Math.hypot(...sub(high, low));
  const point = add(camera.target, scale(back, -(position - 0.5) * diagonal));
  const centre = scale(add(low, high), 0.5);
  const middle = sub(centre, scale(back, dot(sub(centre, point), back))); // the box's centre, onto the plane
  const reach = diagonal / 2;
  const corner = (a, b) => add(middle, add(scale(right, a * reach), scale(up, b * reach)));
  return { point, normal: back, corners: [corner(-1, -1), corner(1, -1), corner(-1, 1), corner(1, 1)], axis: -1, layer: -1 };
}

/**
 * The position on `plane` (slicePlane's) under CSS pixel (x, y) of a `width` x `height` view from `camera`, or null
 * when it lies outside `lattice`'s box or the ray runs along the plane or meets it behind the eye.
 */
export function slicePointAt(plane, lattice, camera, x, y, width, height) {
  const eye = eyePosition(camera);
  const ray = sub(unprojectToPlane(camera, x, y, width, height), eye);
  const across = dot(plane.normal, ray);
  if (Math.abs(across) < 1e-12) return null;
  const t = dot(plane.normal, sub(plane.point, eye)) / across;
  if (!(t > 0)) return null;
  const hit = add(eye, scale(ray, t));
  return cellOf(lattice, hit) ? hit : null;
}
