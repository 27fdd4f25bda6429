"""Unit tests of frontend/js/selection-shapes.js (box and lasso over projected points) in headless Chromium."""
import numpy as np

from module_runner import run_module

MODULE = "/js/selection-shapes.js"


def call(js, body, args=None):
    return run_module(js, MODULE, body, args)


def test_point_in_polygon_follows_the_even_odd_rule_on_a_concave_lasso(js):
    # A "U": the notch between its arms is outside.
    u_shape = [[0, 0], [30, 0], [30, 30], [20, 30], [20, 10], [10, 10], [10, 30], [0, 30]]
    inside = call(js, "return args.probes.map(([x, y]) => module.insidePolygon(args.polygon, x, y));",
                  {"polygon": u_shape, "probes": [[5, 20], [25, 20], [15, 20], [15, 5], [35, 5], [-1, 5]]})
    assert inside == [True, True, False, True, False, False]


def test_a_box_and_the_same_box_as_a_lasso_select_the_same_points_and_only_on_screen(js):
    rng = np.random.default_rng(3)
    screen = rng.uniform(-50, 450, (2000, 2)).round(3)
    depth = rng.uniform(1, 5, 2000)
    depth[::10] = np.inf  # behind the camera
    result = call(js, """
      const projected = { screen: Float32Array.from(args.screen.flat()), depth: Float64Array.from(args.depth, (d) => d ?? Infinity) };
      const size = { width: 400, height: 300 };
      const box = module.pointsInShape(projected, { kind: "box", points: [[350, 320], [-20, 40]] }, size);
      const lasso = module.pointsInShape(projected, { kind: "lasso", points: [[-20, 40], [350, 40], [350, 320], [-20, 320]] }, size);
      const odd = module.pointsInShape(projected, { kind: "box", points: [[350, 320], [-20, 40]] }, { ...size, selectable: (i) => i % 2 === 1 });
      return { box, lasso, odd, tooFew: module.pointsInShape(projected, { kind: "lasso", points: [[0, 0], [9, 9]] }, size) };
    """, {"screen": screen.tolist(), "depth": [None if np.isinf(d) else d for d in depth]})
    x, y = screen[:, 0].astype(np.float32), screen[:, 1].astype(np.float32)
    expected = np.flatnonzero((x >= 0) & (x <= 350) & (y >= 40) & (y <= 300) & np.isfinite(depth)).tolist()
    assert result["box"] == expected
    assert result["lasso"] == expected
    assert result["odd"] == [i for i in expected if i % 2 == 1]
    assert result["tooFew"] == []


def test_combining_replaces_adds_and_removes_keeping_order(js):
    result = call(js, """return ["replace", "add", "remove"].map((operation) => module.combineSelection([1, 4, 6, 9], [2, 4, 10], operation));""")
    assert result == [[2, 4, 10], [1, 2, 4, 6, 9, 10], [1, 6, 9]]


def test_indices_from_outside_are_cleaned_and_what_was_dropped_counted(js):
    result = call(js, "return module.cleanIndices([5, 3, 3, -1, 7.5, 10, '2', null, 0, 9], 10);")
    assert result == {"indices": [0, 3, 5, 9], "dropped": 5}  # a repeat is kept once, not dropped


def test_the_banded_polygon_test_answers_as_the_plain_one_on_random_lassos(js):
    mismatches = call(js, """
      let seed = 11;
      const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      let mismatches = 0;
      for (let shape = 0; shape < 40; shape++) {
        // Star-shaped, self-crossing and thin lassos, some with vertices on the probes' rows.
        const sides = 3 + Math.floor(random() * 80);
        const polygon = Array.from({ length: sides }, () => [Math.round(random() * 300), shape % 3 ? random() * 200 : Math.round(random() * 20) * 10]);
        const inside = module.polygonTester(polygon);
        for (let probe = 0; probe < 2000; probe++) {
          const [x, y] = [random() * 320 - 10, probe % 4 ? random() * 220 - 10 : Math.round(random() * 20) * 10];
          if (inside(x, y) !== module.insidePolygon(polygon, x, y)) mismatches++;
        }
      }
      return mismatches;
    """)
    assert mismatches == 0
