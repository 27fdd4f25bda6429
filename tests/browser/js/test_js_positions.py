"""Unit tests of frontend/js/positions.js, when two latent positions are one place, in headless Chromium."""
from module_runner import run_module


def test_positions_closer_than_the_tolerance_on_every_axis_are_one_place(js):
    result = run_module(js, "/js/positions.js", """
      const same = (a, b) => module.samePoint(a, b);
      return [same([1, 2, 3], [1, 2, 3]), same([1, 2, 3], [1 + 1e-7, 2 - 1e-7, 3]), same([0, 0, 0], [-0, 0, 0]),
              same([1, 2, 3], [1, 2, 3 + 1e-5]), same([1, 2, 3], [1.0001, 2, 3]), same([1, 2], [1, 2, 0])];
    """)
    assert result == [True, True, True, False, False, False]
