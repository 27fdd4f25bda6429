"""Unit tests of frontend/js/picking.js in headless Chromium."""


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
