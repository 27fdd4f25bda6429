// A reader for NumPy's .npy format (versions 1.0, 2.0 and 3.0), enough for the
// exported latents (float32) and labels (uint8) and for other plain numeric arrays.
// Half-precision floats (the timeline's '<f2') are widened to a Float32Array: no browser
// array holds them everywhere yet.
// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

// descr -> typed array; '|' and '<' are the byte orders a little-endian reader can view directly.
const DTYPES = {
  "|u1": Uint8Array, "<u1": Uint8Array, "|i1": Int8Array, "<i1": Int8Array,
  "<u2": Uint16Array, "<i2": Int16Array, "<u4": Uint32Array, "<i4": Int32Array,
  "<f2": Uint16Array, "<f4": Float32Array, "<f8": Float64Array,
};

export class NpyError extends Error {
  constructor(message) {
    super(message);
    this.name = "NpyError";
  }
}

/** Parse an .npy file. Returns {shape: number[], dtype: string, data: TypedArray}. */
export function parseNpy(buffer) {
  if (!(buffer instanceof ArrayBuffer)) throw new NpyError("parseNpy expects an ArrayBuffer");
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 10 || MAGIC.some((byte, i) => bytes[i] !== byte)) {
    throw new NpyError("not an .npy file: it does not start with \\x93NUMPY");
  }
  const major = bytes[6];
  const minor = bytes[7];
  const view = new DataView(buffer);
  let headerStart;
  let headerLength;
  if (major === 1) {
    headerStart = 10;
    headerLength = view.getUint16(8, true);
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyError("truncated .npy header");
    headerStart = 12;
    headerLength = view.getUint32(8, true);
  } else {
    throw new NpyError(`unsupported .npy format version ${major}.${minor}; this reader knows 1.0, 2.0 and 3.0`);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new NpyError("truncated .npy header");
  // Version 3.0 differs from 2.0 only in allowing UTF-8 in the header.
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(headerStart, dataStart));
  const { descr, fortranOrder, shape } = parseHeader(header);

  const ArrayType = DTYPES[descr];
  if (!ArrayType) {
    const hint = descr.startsWith(">") ? " (big-endian data: save it little-endian with arr.astype(arr.dtype.newbyteorder('<')))" : "";
    throw new NpyError(`unsupported dtype '${descr}'${hint}; supported: ${Object.keys(DTYPES).join(", ")}`);
  }
  if (fortranOrder && shape.length > 1) {
    throw new NpyError("Fortran-ordered arrays are not supported; save with np.ascontiguousarray(arr)");
  }
  const count = shape.reduce((product, size) => product * size, 1);
  const byteLength = count * ArrayType.BYTES_PER_ELEMENT;
  if (dataStart + byteLength > bytes.length) {
    throw new NpyError(`truncated .npy data: shape (${shape.join(", ")}) needs ${byteLength} bytes, the file holds ${bytes.length - dataStart}`);
  }
  // Typed arrays need aligned offsets; numpy aligns the data to 64 bytes, others may not.
  const data = dataStart % ArrayType.BYTES_PER_ELEMENT === 0
    ? new ArrayType(buffer, dataStart, count)
    : new ArrayType(buffer.slice(dataStart, dataStart + byteLength));
  return { shape, dtype: descr, data: descr === "<f2" ? widenHalves(data) : data };
}

/** IEEE 754 half-precision bit patterns (Uint16Array) as a Float32Array of the same values. */
export function widenHalves(halves) {
  const floats = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) {
    const bits = halves[i];
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >> 10) & 0x1f;
    const fraction = bits & 0x3ff;
    if (exponent === 0) floats[i] = sign * fraction * 2 ** -24; // zero and subnormals
    else if (exponent === 31) floats[i] = fraction ? NaN : sign * Infinity;
    else floats[i] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return floats;
}

function parseHeader(header) {
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) throw new NpyError(`malformed .npy header: ${header.trim()}`);
  const sizes = shape[1].split(",").map((part) => part.trim()).filter((part) => part !== "");
  if (sizes.some((size) => !/^\d+$/.test(size))) throw new NpyError(`malformed shape in .npy header: (${shape[1]})`);
  return { descr: descr[1], fortranOrder: fortran[1] === "True", shape: sizes.map(Number) };
}
