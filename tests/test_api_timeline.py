"""The timeline as served: its points file, the kept decoders answering a position, the listing, and what is left out."""
import base64
import io
import json
import shutil

import numpy as np
import pytest
from PIL import Image

from latent_explorer.app import create_app
from latent_explorer.publish import publish
from made_models import decoder_graph

EPOCHS = 4
KEPT = (1, 2, 4)


@pytest.fixture
def recorded(pipeline, tmp_path):
    """A copy of the tiny pipeline whose MNIST holds a timeline (made here, as export copies one)."""
    for name in ("MODELS_DIR", "POINTS_DIR"):
        shutil.copytree(pipeline[name], tmp_path / name)
    card = json.loads((tmp_path / "MODELS_DIR" / "mnist.json").read_text())
    test_count = len(np.load(tmp_path / "POINTS_DIR" / "mnist" / "latents.npy")) - card["training"]["train_images"]
    folder = tmp_path / "POINTS_DIR" / "mnist" / "timeline"
    folder.mkdir()
    points = np.random.default_rng(0).normal(size=(EPOCHS + 1, test_count, 3)).astype(np.float16)
    np.save(folder / "timeline.npy", points)
    for epoch in KEPT:
        (folder / f"decoder-epoch-{epoch:03d}.onnx").write_bytes(decoder_graph(3, 28, 28, layout="flat", seed=epoch)[0])
    (folder / "timeline.json").write_text(json.dumps({
        "epochs": EPOCHS, "decoders": {str(epoch): f"decoder-epoch-{epoch:03d}.onnx" for epoch in KEPT},
        "epoch_0": {"test_loss": 543.2}, "checkpoint_sha256": card["checkpoint_sha256"]}))
    return {**pipeline, "MODELS_DIR": tmp_path / "MODELS_DIR", "POINTS_DIR": tmp_path / "POINTS_DIR",
            "points": points, "train_count": card["training"]["train_images"]}


def listing_entry(client, dataset_id):
    return {entry["id"]: entry for entry in client.get("/api/datasets").get_json()["datasets"]}[dataset_id]


def test_the_listing_says_how_many_epochs_and_which_decoders(recorded):
    client = create_app(recorded).test_client()
    mnist = listing_entry(client, "mnist")
    history = mnist["timeline"].pop("history")
    assert mnist["timeline"] == {"epochs": EPOCHS, "decoders": list(KEPT), "points": recorded["points"].shape[1],
                                 "epoch_0": {"test_loss": 543.2}, "first_index": recorded["train_count"]}
    card = json.loads((recorded["MODELS_DIR"] / "mnist.json").read_text())
    assert [entry["epoch"] for entry in history] == [entry["epoch"] for entry in card["history"]]
    assert all(set(entry) == {"epoch", "test_loss", "test_reconstruction", "test_kl", "test_knn5"} for entry in history)
    assert history[-1]["test_loss"] == card["history"][-1]["test_loss"]
    assert mnist["timeline_missing"] is None
    fashion = listing_entry(client, "fashion-mnist")
    assert fashion["timeline"] is None and "train fashion-mnist --timeline" in fashion["timeline_missing"]


def test_the_points_are_served_with_etag_and_gzip(recorded):
    client = create_app(recorded).test_client()
    response = client.get("/api/datasets/mnist/timeline.npy", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip" and response.headers["ETag"]
    import gzip
    np.testing.assert_array_equal(np.load(io.BytesIO(gzip.decompress(response.data))), recorded["points"])
    missing = client.get("/api/datasets/fashion-mnist/timeline.npy")
    assert missing.status_code == 404 and "--timeline" in missing.get_json()["error"]


def test_a_position_is_decoded_by_every_kept_decoder(recorded):
    client = create_app(recorded).test_client()
    answer = client.post("/api/datasets/mnist/timeline/decode", json={"point": [0.3, -0.1, 0.5]}).get_json()
    assert [entry["epoch"] for entry in answer["images"]] == list(KEPT)
    for entry in answer["images"]:
        _, weights, bias = decoder_graph(3, 28, 28, layout="flat", seed=entry["epoch"])
        expected = np.rint(255 / (1 + np.exp(-(np.array([0.3, -0.1, 0.5], np.float32) @ weights + bias)))).reshape(28, 28)
        shown = np.asarray(Image.open(io.BytesIO(base64.b64decode(entry["image"].split(",", 1)[1]))))
        assert np.abs(shown.astype(int) - expected).max() <= 1


@pytest.mark.parametrize("body, status, message", [
    ({"point": [0, 0]}, 400, "'point'"), ({"point": [0, 0, 0], "steps": 3}, 400, "steps"), ({}, 400, "'point'"),
])
def test_a_bad_request_is_refused_by_name(recorded, body, status, message):
    response = create_app(recorded).test_client().post("/api/datasets/mnist/timeline/decode", json=body)
    assert response.status_code == status and message in response.get_json()["error"]


def test_a_timeline_of_another_training_run_is_left_out_saying_why(recorded):
    info = recorded["POINTS_DIR"] / "mnist" / "timeline" / "timeline.json"
    info.write_text(info.read_text().replace('"checkpoint_sha256": "', '"checkpoint_sha256": "0'))
    client = create_app(recorded).test_client()
    mnist = listing_entry(client, "mnist")
    assert mnist["timeline"] is None and "another training run" in mnist["timeline_missing"]
    response = client.post("/api/datasets/mnist/timeline/decode", json={"point": [0, 0, 0]})
    assert response.status_code == 404 and "record it again" in response.get_json()["error"]


def test_publish_takes_the_timeline_into_the_site(recorded, tmp_path):
    site = tmp_path / "site"
    publish(site, create_app(recorded), ["mnist"], originals=False)
    folder = recorded["POINTS_DIR"] / "mnist" / "timeline"
    assert (site / "datasets/mnist/timeline.npy").read_bytes() == (folder / "timeline.npy").read_bytes()
    for epoch in KEPT:
        name = f"decoder-epoch-{epoch:03d}.onnx"
        assert (site / "datasets/mnist/timeline" / name).read_bytes() == (folder / name).read_bytes()


def test_the_chart_history_lists_a_figure_the_card_lacks_as_none():
    from latent_explorer.extras import charted_history
    assert charted_history([{"epoch": 1, "train_loss": 9.0, "test_loss": 8.0, "test_reconstruction": 6.0, "test_kl": 2.0}]) == [
        {"epoch": 1, "test_loss": 8.0, "test_reconstruction": 6.0, "test_kl": 2.0, "test_knn5": None}]
