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


def test_a_projection_written_into_an_earlier_one_equals_a_fresh_one(js):
    result = js.evaluate("""async () => {
      const { projectAll } = await import('/js/picking.js');
      const camera = await import('/js/camera.js');
      const positions = new Float32Array([0, 0, 0, 1, -1, 0.5, 0, 0, 40, -2, 1, 1]);
      const [first, second] = [camera.fitCamera([0, 0, 0], 2), camera.fitCamera([0, 0, 30], 2)]
        .map((view) => camera.viewProjectionMatrix(view, 1.5));
      const earlier = projectAll(positions, first, 600, 400);
      const reused = projectAll(positions, second, 600, 400, earlier);
      const fresh = projectAll(positions, second, 600, 400);
      const visible = (p) => Array.from(p.depth, (d, i) => (d === Infinity ? null : [p.screen[2 * i], p.screen[2 * i + 1], d]));
      return { same: JSON.stringify(visible(reused)) === JSON.stringify(visible(fresh)), reusedArrays: reused.depth === earlier.depth,
               other: projectAll(positions.subarray(0, 6), second, 600, 400, earlier).depth.length };
    }""")
    assert result == {"same": True, "reusedArrays": True, "other": 2}
