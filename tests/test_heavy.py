"""Heavy requests take turns: with every slot taken a file, a large grid or a large decode gets 503 and Retry-After
at once, while hovers and small requests are answered; a slot's encoding runs in a worker process."""
import pytest

from latent_explorer.api.heavy import HEAVY_IMAGES, in_worker
from latent_explorer.app import create_app
from latent_explorer.media import encode_frames, traversal_file, traversal_frames
from latent_explorer.store import load_dataset
from latent_explorer.datasets import DATASETS

TWO = [[0, 0, 0], [1, 1, 1]]
AXES = {"center": [0, 0, 0], "right": [1, 0, 0], "up": [0, 1, 0]}


@pytest.fixture
def busy(pipeline):
    """A client of an app with one heavy slot, and a way to hold that slot."""
    app = create_app({**pipeline, "HEAVY_JOBS": 1})
    return app.test_client(), app.extensions["heavy_slots"].slot


@pytest.mark.parametrize("url, body", [
    ("traversal.gif", {"control_points": TWO, "steps": 4}),
    ("traversal.png", {"control_points": TWO, "steps": 4}),
    ("grid.png", {**AXES, "size": 17}),
    ("decode", {"points": [[0, 0, 0]] * (HEAVY_IMAGES + 1)}),
    ("traversal", {"control_points": TWO, "steps": HEAVY_IMAGES + 1}),
])
def test_heavy_requests_get_503_and_retry_after_while_the_slots_are_taken(busy, url, body):
    client, slot = busy
    with slot():
        response = client.post(f"/api/datasets/mnist/{url}", json=body)
        assert response.status_code == 503 and response.headers["Retry-After"] == "2"
        assert "busy" in response.get_json()["error"]
    assert client.post(f"/api/datasets/mnist/{url}", json=body).status_code == 200  # its turn, once free


@pytest.mark.parametrize("url, body", [
    ("decode", {"points": [[0, 0, 0]]}), ("decode", {"points": [[0, 0, 0]] * HEAVY_IMAGES}),
    ("traversal", {"control_points": TWO, "steps": 64}), ("grid.png", {**AXES, "size": 15}),
    ("neighbors", {"point": [0, 0, 0]}),
])
def test_hovers_and_small_requests_are_answered_while_the_slots_are_taken(busy, url, body):
    client, slot = busy
    with slot():
        assert client.post(f"/api/datasets/mnist/{url}", json=body).status_code == 200
        assert client.get("/api/datasets/mnist/samples/5").status_code == 200


def test_a_worker_process_encodes_the_same_bytes(pipeline):
    model = load_dataset(DATASETS["mnist"], pipeline["MODELS_DIR"], pipeline["POINTS_DIR"]).model
    frames = traversal_frames(model, [[0, 0, 0], [0.5, 0, 0], [1, 0, 0]])
    assert in_worker(encode_frames, frames, "gif", scale=2, fps=15, ping_pong=True) == traversal_file(
        model, [[0, 0, 0], [0.5, 0, 0], [1, 0, 0]], "gif", scale=2, fps=15, ping_pong=True)
