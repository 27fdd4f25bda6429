"""Unit tests of frontend/js/in-page/traversal-path.js, the page's port of traversal.py, in headless Chromium.

The server is the reference: the page must draw the same curve, refuse the same control points, and word the
refusal as the API does.
"""
import json

import numpy as np
import pytest

from latent_explorer.traversal import DuplicateControlPoints, traversal_path
from module_runner import run_module

MODULE = "/js/in-page/traversal-path.js"
TOLERANCE = 1e-6
CASES_PER_CALL = 50  # a few evaluate calls carry all 200 curves


def call(js, body, *args):
    return run_module(js, MODULE, body, list(args))


def random_cases(count, seed=0):
    """(control points, steps, closed) that the server accepts: most uniform in ±3, some very unevenly spaced."""
    rng = np.random.default_rng(seed)
    cases = []
    while len(cases) < count:
        k = int(rng.integers(2, 13))
        if len(cases) % 10 == 9:
            # Hops from 1e-5 to 10 long in random directions.
            hops = rng.normal(size=(k, 3)) * 10 ** rng.uniform(-5, 1, (k, 1))
            points = np.cumsum(hops, axis=0)
        else:
            points = rng.uniform(-3, 3, (k, 3))
        case = (points.tolist(), int(rng.integers(2, 1001)), bool(rng.integers(2)))
        try:
            traversal_path(*case)
        except DuplicateControlPoints:
            continue
        cases.append(case)
    return cases


def test_paths_match_the_servers(js):
    cases = random_cases(200)
    largest = 0.0
    for start in range(0, len(cases), CASES_PER_CALL):
        batch = cases[start:start + CASES_PER_CALL]
        pages = call(js, "return args[0].map((curve) => module.traversalPath(...curve));", batch)
        for case, page in zip(batch, pages):
            server = traversal_path(*case)
            assert np.shape(page) == server.shape
            largest = max(largest, float(np.max(np.abs(np.array(page) - server))))
    assert largest <= TOLERANCE, f"the page's paths differ from the server's by up to {largest:.3g}"


@pytest.mark.parametrize("points, closed", [
    ([[0, 0, 0], [1, 1, 1]], False),
    ([[0, 0, 0], [1, 1, 1]], True),
    ([[0.1, 0.2, 3], [1e-05, -2, 0.5], [4, 4, -1]], True),
])
def test_small_curves_match_the_servers(js, points, closed):
    """Two points open (a straight segment) and closed (scipy's hand-made periodic case), and three closed."""
    page = call(js, "return module.traversalPath(...args);", points, 17, closed)
    assert np.max(np.abs(np.array(page) - traversal_path(points, 17, closed))) <= TOLERANCE


# Each set is refused by the server: the same point twice, the closed join, and pairs too close to bend through.
REFUSED = [
    ([[0, 0, 0], [1, 2, 3], [1, 2, 3]], False),
    ([[1, 2, 3], [1, 2, 3], [4, 5, 6]], True),
    ([[0.1, 0.2, 3], [1, 1, 1], [0.1, 0.2, 3]], True),
    ([[1e-05, -0.0001, 3], [1e-05, -0.0001, 3]], True),
    ([[1e-05, -0.0001, 3], [1e-05, -0.0001, 3]], False),
    ([[-100, -100, -100], [0, 0, 0], [0, 0, 1e-40]], False),
    ([[0, 0, 0], [99, 99, 99], [99.0000000001, 99.0000000001, 99]], False),
    ([[0.1, 0.2, 3], [2, 2, 2], [0.1, 0.2, 3.0000000000001]], True),
    ([[1e-07, 2.5, -7], [0.3, 0.30000000000000004, 1e-07], [1e-07, 2.5, -7.000000000001]], True),
]


def test_refusals_match_the_servers_and_its_words(js, client):
    pages = call(js, """return args[0].map(([points, closed]) => {
        try { module.traversalPath(points, 8, closed); return null; } catch (error) {
          return { duplicate: error instanceof module.DuplicateControlPoints, indices: error.indices,
                   distance: error.distance, message: error.message,
                   words: module.duplicateMessage(error, points),
                   body: JSON.stringify({ control_points: points, steps: 8, closed }) };
        }
      });""", REFUSED)
    for (points, closed), page in zip(REFUSED, pages):
        with pytest.raises(DuplicateControlPoints) as server:
            traversal_path(points, 8, closed)
        assert page["duplicate"] and tuple(page["indices"]) == server.value.indices
        assert page["distance"] == server.value.distance and page["message"] == str(server.value)
        # The page's own JSON, as the server reads it.
        answer = client.post("/api/datasets/mnist/traversal", data=page["body"], content_type="application/json")
        assert answer.status_code == 400 and page["words"] == answer.get_json()["error"]
