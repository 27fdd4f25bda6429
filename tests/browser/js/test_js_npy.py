"""Unit tests of frontend/js/npy.js, the .npy reader, in headless Chromium."""
import base64
import io

import numpy as np
import pytest

def npy_bytes(array, version=None):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, version=version, allow_pickle=False)
    return buffer.getvalue()


PARSE = """async ([encoded]) => {
  const { parseNpy } = await import('/js/npy.js');
  const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  try {
    const { shape, dtype, data } = parseNpy(bytes.buffer);
    return { shape, dtype, type: data.constructor.name, data: Array.from(data) };
  } catch (error) {
    return { error: error.message, name: error.name };
  }
}"""


def parse(js, raw):
    return js.evaluate(PARSE, [base64.b64encode(raw).decode()])


@pytest.mark.parametrize("dtype, typed_array", [
    ("<f4", "Float32Array"), ("<f8", "Float64Array"), ("|u1", "Uint8Array"), ("<i4", "Int32Array"),
    ("<u2", "Uint16Array"), ("|i1", "Int8Array"),
])
def test_npy_reads_numeric_arrays(js, dtype, typed_array):
    array = (np.arange(24).reshape(8, 3) * 1.5 - 6).astype(dtype)
    result = parse(js, npy_bytes(array))
    assert result["shape"] == [8, 3]
    assert result["dtype"] == np.dtype(dtype).str
    assert result["type"] == typed_array
    np.testing.assert_array_equal(np.array(result["data"], dtype=dtype), array.ravel())


def test_npy_widens_half_precision_floats_to_float32(js):
    halves = np.array([0, -0.0, 1.5, -2.25, 65504, 6e-8, 1e-5, np.inf, -np.inf, 0.1], dtype="<f2")
    result = parse(js, npy_bytes(halves.reshape(5, 2)))
    assert result["shape"] == [5, 2] and result["dtype"] == "<f2" and result["type"] == "Float32Array"
    np.testing.assert_array_equal(np.array(result["data"], dtype="<f4"), halves.astype("<f4"))


@pytest.mark.parametrize("version", [(1, 0), (2, 0), (3, 0)])
def test_npy_reads_every_format_version(js, version):
    array = np.linspace(-1, 1, 12, dtype="<f4").reshape(4, 3)
    result = parse(js, npy_bytes(array, version))
    assert result["shape"] == [4, 3]
    np.testing.assert_array_equal(np.array(result["data"], dtype="<f4"), array.ravel())


def test_npy_reads_the_shapes_of_scalars_vectors_and_empty_arrays(js):
    assert parse(js, npy_bytes(np.array(7, dtype="|u1")))["shape"] == []
    assert parse(js, npy_bytes(np.array(7, dtype="|u1")))["data"] == [7]
    assert parse(js, npy_bytes(np.arange(5, dtype="|u1")))["shape"] == [5]
    assert parse(js, npy_bytes(np.zeros((0, 3), dtype="<f4")))["shape"] == [0, 3]


def test_npy_copies_data_that_is_not_aligned(js):
    array = np.array([1.5, -2.25, 3.0], dtype="<f4")
    header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"
    header += b" " * (7 - (10 + len(header) + 1) % 8) + b"\n"  # data starts at 10 + len: not a multiple of 4
    assert (10 + len(header)) % 4 != 0
    raw = b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header + array.tobytes()
    assert parse(js, raw)["data"] == [1.5, -2.25, 3.0]


@pytest.mark.parametrize("raw, message", [
    (b"PK\x03\x04 not numpy at all", "not an .npy file"),
    (b"\x93NUMPY\x04\x00" + b"\x00" * 60, "unsupported .npy format version 4.0"),
    (npy_bytes(np.arange(3, dtype=">f4")), "unsupported dtype '>f4' (big-endian"),
    (npy_bytes(np.arange(3, dtype="<c8")), "unsupported dtype '<c8'"),
    (npy_bytes(np.asfortranarray(np.ones((2, 3), dtype="<f4"))), "Fortran-ordered arrays are not supported"),
    (npy_bytes(np.ones((10, 3), dtype="<f4"))[:-8], "truncated .npy data: shape (10, 3) needs 120 bytes"),
    (b"\x93NUMPY\x01\x00\x20\x00" + b"{'descr': '<f4', 'shape': (3,)}\n", "malformed .npy header"),
])
def test_npy_errors_say_what_is_wrong(js, raw, message):
    result = parse(js, raw)
    assert result.get("name") == "NpyError", result
    assert message in result["error"]
