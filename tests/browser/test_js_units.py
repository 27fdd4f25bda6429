"""Unit tests of the page's pure JavaScript modules, run inside the same headless Chromium.

Each test imports the module from the running server and asserts in Python, so the test
command needs nothing beyond Python and Chromium (no node).
"""
import base64
import io
import math

import numpy as np
import pytest


@pytest.fixture(scope="module")
def js(chromium, explorer_server):
    """A page on the server's origin (a static file, not the app) for `import()`-ing modules."""
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{explorer_server.url}/js/npy.js")
    yield page
    context.close()


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


CAMERA = """async ([body, args]) => {
  const camera = await import('/js/camera.js');
  return new Function('camera', 'args', body)(camera, args);
}"""


def camera_eval(js, body, args=None):
    return js.evaluate(CAMERA, [body, args])


START = """
const start = camera.fitCamera([1, -2, 0.5], 4);
const width = 800, height = 600;
const matrixOf = (c) => camera.viewProjectionMatrix(c, width / height);
"""


def test_camera_frames_its_target_at_the_centre_and_the_sphere_on_screen(js):
    result = camera_eval(js, START + """
      const center = camera.projectPoint(matrixOf(start), start.target, width, height);
      const eye = camera.eyePosition(start);
      const edges = [[5, -2, 0.5], [-3, -2, 0.5], [1, 2, 0.5], [1, -6, 0.5], [1, -2, 4.5], [1, -2, -3.5]]
        .map((p) => camera.projectPoint(matrixOf(start), p, width, height));
      return { center, eyeDistance: Math.hypot(eye[0] - 1, eye[1] + 2, eye[2] - 0.5), distance: start.distance, edges };
    """)
    assert result["center"]["x"] == pytest.approx(400, abs=1e-3)
    assert result["center"]["y"] == pytest.approx(300, abs=1e-3)
    assert result["eyeDistance"] == pytest.approx(result["distance"], rel=1e-6)
    for edge in result["edges"]:
        assert 0 <= edge["x"] <= 800 and 0 <= edge["y"] <= 600, edge


def test_camera_unproject_is_the_inverse_of_project_on_the_target_plane(js):
    result = camera_eval(js, START + """
      let c = camera.pan(camera.orbit(start, 130, -70, height), 25, 40, height);
      return [[0, 0], [400, 300], [799, 10], [123.5, 456.25]].map(([x, y]) => {
        const world = camera.unprojectToTargetPlane(c, x, y, width, height);
        const back = camera.projectPoint(matrixOf(c), world, width, height);
        const { back: axis } = camera.cameraAxes(c);
        const offset = world.map((v, i) => v - c.target[i]);
        return { x, y, backX: back.x, backY: back.y, alongView: offset[0] * axis[0] + offset[1] * axis[1] + offset[2] * axis[2] };
      });
    """)
    for row in result:
        assert row["backX"] == pytest.approx(row["x"], abs=1e-2)
        assert row["backY"] == pytest.approx(row["y"], abs=1e-2)
        assert row["alongView"] == pytest.approx(0, abs=1e-9), "the point lies on the plane facing the camera"


def test_camera_orbit_keeps_distance_and_never_flips_over_the_pole(js):
    result = camera_eval(js, START + """
      // Drag straight down by four viewport heights in small steps: 720 degrees over the poles.
      let c = start;
      const ups = [];
      for (let i = 0; i < 400; i++) {
        c = camera.orbit(c, 0, 6, height);
        ups.push(camera.cameraAxes(c).up);
      }
      let smallestStepDot = 1;
      for (let i = 1; i < ups.length; i++) {
        const d = ups[i][0] * ups[i - 1][0] + ups[i][1] * ups[i - 1][1] + ups[i][2] * ups[i - 1][2];
        smallestStepDot = Math.min(smallestStepDot, d);
      }
      const eye = camera.eyePosition(c);
      const back = camera.orbit(camera.orbit(start, 90, 0, height), -90, 0, height);
      return {
        norm: Math.hypot(...c.rotation),
        eyeDistance: Math.hypot(eye[0] - 1, eye[1] + 2, eye[2] - 0.5),
        distance: start.distance,
        smallestStepDot,
        rotationAfterFullTurns: c.rotation, startRotation: start.rotation,
        backAndForth: back.rotation,
      };
    """)
    assert result["norm"] == pytest.approx(1, abs=1e-9)
    assert result["eyeDistance"] == pytest.approx(result["distance"], rel=1e-9)
    # Each 6-pixel step turns the up vector by ~1.8 degrees; a flip would turn it by 180.
    assert result["smallestStepDot"] > math.cos(math.radians(3))
    # 4 heights = 720 degrees: back where it started (q and -q are the same rotation).
    end, begin = np.array(result["rotationAfterFullTurns"]), np.array(result["startRotation"])
    assert min(np.abs(end - begin).max(), np.abs(end + begin).max()) < 1e-6
    np.testing.assert_allclose(result["backAndForth"], result["startRotation"], atol=1e-12)


def test_camera_zoom_is_clamped_and_never_passes_the_target(js):
    result = camera_eval(js, START + """
      let near = start;
      for (let i = 0; i < 50; i++) near = camera.zoom(near, 0.5);
      const far = camera.zoom(start, 1e9);
      const center = camera.projectPoint(matrixOf(near), near.target, width, height);
      const planes = camera.clipPlanes(near);
      return { near: near.distance, min: start.minDistance, far: far.distance, max: start.maxDistance, center, nearPlane: planes.near };
    """)
    assert result["near"] == pytest.approx(result["min"]) and result["min"] > 0
    assert result["far"] == pytest.approx(result["max"])
    assert result["center"] is not None and result["center"]["x"] == pytest.approx(400, abs=1e-3)
    assert result["nearPlane"] < result["near"], "the target stays in front of the near plane"


def test_camera_pan_moves_what_is_under_the_cursor_with_the_drag(js):
    result = camera_eval(js, START + """
      const c = camera.orbit(start, -40, 25, height);
      const grabbed = camera.unprojectToTargetPlane(c, 300, 200, width, height);
      const moved = camera.pan(c, 35, -20, height);
      return { at: camera.projectPoint(matrixOf(moved), grabbed, width, height), distance: moved.distance, before: c.distance };
    """)
    assert result["at"]["x"] == pytest.approx(335, abs=1e-2)
    assert result["at"]["y"] == pytest.approx(180, abs=1e-2)
    assert result["distance"] == result["before"]


def test_camera_cloud_extent_is_centred_on_the_mean_and_ignores_outliers(js):
    rng = np.random.default_rng(0)
    points = rng.normal(size=(1000, 3)) + [1, 2, -1]
    points[0] = [500, 0, 0]  # one outlier must not decide the framing
    result = camera_eval(js, "return camera.cloudExtent(new Float32Array(args), 0.99);", points.astype("<f4").ravel().tolist())
    center, radius = np.array(result["center"]), result["radius"]
    np.testing.assert_allclose(center, points.mean(axis=0), atol=1e-4)
    inside = (np.linalg.norm(points - center, axis=1) <= radius + 1e-5).mean()
    assert inside == pytest.approx(0.99, abs=0.001)
    assert radius < 5


def test_picking_prefers_the_front_point_and_skips_unpickable_classes(js):
    result = js.evaluate("""async () => {
      const { projectAll, pickPoint } = await import('/js/picking.js');
      const camera = await import('/js/camera.js');
      const view = camera.fitCamera([0, 0, 0], 2);
      const matrix = camera.viewProjectionMatrix(view, 1);
      const { back } = camera.cameraAxes(view);
      // Two points on the line of sight through the centre (one nearer the eye), one off to the side.
      const positions = new Float32Array([...back.map((v) => -v), ...back, 1.5, 1.5, 1.5]);
      const labels = new Uint8Array([0, 1, 2]);
      const projected = projectAll(positions, matrix, 400, 400);
      return {
        front: pickPoint(projected, labels, 200, 200),
        onlyClass0: pickPoint(projected, labels, 200, 200, { pickable: (label) => label === 0 }),
        nothing: pickPoint(projected, labels, 5, 5),
        none: pickPoint(projected, labels, 200, 200, { pickable: () => false }),
      };
    }""")
    assert result == {"front": 1, "onlyClass0": 0, "nothing": None, "none": None}


def test_latest_wins_never_delivers_a_stale_answer(js):
    result = js.evaluate("""async () => {
      const { latestWins } = await import('/js/api.js');
      const delays = { slow: 120, fast: 5, middle: 30 };
      const started = [];
      const request = latestWins(async (name) => {
        started.push(name);
        await new Promise((resolve) => setTimeout(resolve, delays[name]));
        return name;
      }, 20);
      const slow = request.run('slow');             // starts at once, answers last
      await new Promise((resolve) => setTimeout(resolve, 2));
      const skipped = request.run('middle');        // waits for its slot, replaced before starting
      const fast = request.run('fast');             // the latest call
      const outcomes = await Promise.all([slow, skipped, fast]);
      const cancelled = request.run('fast');
      request.cancel();
      return { outcomes, started, cancelled: await cancelled };
    }""")
    assert result["outcomes"] == [{"stale": True}, {"stale": True}, {"stale": False, "value": "fast"}]
    # 'middle' was replaced while waiting for its slot, so it was never sent; the last
    # 'fast' was sent (its slot was free) but cancelled, so its answer is dropped.
    assert result["started"] == ["slow", "fast", "fast"]
    assert result["cancelled"] == {"stale": True}


def test_camera_orbit_turns_the_near_side_of_the_cloud_with_the_drag(js):
    result = camera_eval(js, START + """
      const { back } = camera.cameraAxes(start);
      const near = start.target.map((v, i) => v + back[i] * 2);  // between the target and the eye
      const at = (c) => camera.projectPoint(matrixOf(c), near, width, height);
      return { before: at(start), right: at(camera.orbit(start, 40, 0, height)), down: at(camera.orbit(start, 0, 40, height)) };
    """)
    before, right, down = result["before"], result["right"], result["down"]
    assert right["x"] > before["x"] + 10 and right["y"] == pytest.approx(before["y"], abs=1e-3)
    assert down["y"] > before["y"] + 10 and down["x"] == pytest.approx(before["x"], abs=1e-3)
