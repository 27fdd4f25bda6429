"""Concurrent requests to the real WSGI server on loopback: no errors, and the same answers as one at a time;
and a few seconds of the benchmark's classroom, 30 hovering clients with traversals, without an error."""
import json
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import waitress

from latent_explorer.tools.harness import ServerProcess
from latent_explorer.tools.load import CLASSROOM, classroom, hover_beside_heavy_work

CLIENTS = 8
TIME_LIMIT_SECONDS = 60


@pytest.fixture
def server_url(app):
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=CLIENTS)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=10)


def mixed_requests(count, seed=0):
    rng = np.random.default_rng(seed)
    requests = []
    for number in range(count):
        kind = number % 4
        if kind == 0:
            requests.append(("/api/datasets/mnist/decode", {"points": rng.uniform(-3, 3, (1, 3)).tolist()}))
        elif kind == 1:
            requests.append(("/api/datasets/fashion-mnist/decode", {"points": rng.uniform(-3, 3, (16, 3)).tolist()}))
        elif kind == 2:
            requests.append(("/api/datasets/mnist/traversal",
                             {"control_points": rng.uniform(-3, 3, (5, 3)).tolist(), "steps": 32}))
        else:
            requests.append(("/api/datasets/fashion-mnist/latents.npy", None))
    return requests


def fetch(base_url, path, body):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base_url + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def test_concurrent_answers_match_sequential_ones(server_url):
    requests = mixed_requests(160)
    sequential = [fetch(server_url, path, body) for path, body in requests]
    assert all(status == 200 for status, _ in sequential)
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(fetch, server_url, path, body) for path, body in requests * 2]
        concurrent = [future.result(timeout=max(1.0, deadline - time.monotonic())) for future in futures]
    assert concurrent == sequential * 2


def test_a_classroom_gets_every_answer(pipeline, tmp_path):
    options = ["--models-dir", pipeline["MODELS_DIR"], "--points-dir", pipeline["POINTS_DIR"],
               "--data-root", pipeline["DATA_ROOT"]]
    with ServerProcess(tmp_path / "server.log", options) as server:
        figures = classroom(server, "mnist", seconds=3.0)
    assert figures["clients"] == CLASSROOM["clients"] and figures["seconds"] < TIME_LIMIT_SECONDS
    assert figures["errors"] == 0, figures["first_errors"]
    assert figures["hover"]["count"] > 30 * 3 and figures["traversal"]["count"] > 0


def test_hovers_are_answered_while_eight_clients_ask_for_the_largest_gifs(pipeline, tmp_path):
    """The benchmark's heavy run, for a few seconds: every hover answered, the GIFs made in turn, the rest sent
    away with 503 (how fast the hovers stay is the benchmark's figure, not a test's)."""
    options = ["--models-dir", pipeline["MODELS_DIR"], "--points-dir", pipeline["POINTS_DIR"], "--heavy-jobs", 1]
    with ServerProcess(tmp_path / "server.log", options) as server:
        figures = hover_beside_heavy_work(server, "mnist", seconds=3.0)
    assert figures["errors"] == 0, figures["first_errors"]
    assert figures["hover_beside_heavy"]["count"] >= 25 and figures["hover_idle"]["count"] >= 25
    assert figures["gifs_made"] >= 1 and figures["turned_away_503"] >= 1
