"""Unit tests of frontend/js/camera.js, the orbit-camera maths, in headless Chromium."""
import math

import numpy as np
import pytest

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
