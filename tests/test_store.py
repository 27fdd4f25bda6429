"""The store: a broken file makes its data set unavailable with a message naming the file and the fix; the other serves."""
import hashlib
import json
import shutil

import numpy as np
import pytest

from latent_explorer.app import create_app


@pytest.fixture
def broken_copy(pipeline, tmp_path):
    """A copy of the tiny pipeline's models and points, free to damage."""
    config = {**pipeline, "MODELS_DIR": tmp_path / "models", "POINTS_DIR": tmp_path / "points"}
    shutil.copytree(pipeline["MODELS_DIR"], config["MODELS_DIR"])
    shutil.copytree(pipeline["POINTS_DIR"], config["POINTS_DIR"])
    return config


def truncate(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def disagreeing_card(path):
    card = json.loads(path.read_text())
    card["architecture"]["hidden_sizes"] = [64, 32]
    path.write_text(json.dumps(card))


def wrong_shape(path):
    np.save(path, np.zeros((10, 2), np.float32))


def a_negative_std(path):
    stds = np.load(path)
    stds[7, 1] = -stds[7, 1]
    np.save(path, stds)


def foreign_checkpoint(path):
    card = json.loads(path.read_text())
    card["checkpoint_sha256"] = "0" * 64
    path.write_text(json.dumps(card))


def other_checkpoint_in_manifest(path):
    manifest = json.loads(path.read_text())
    manifest["checkpoint_sha256"] = "0" * 64
    path.write_text(json.dumps(manifest))


def recorded_garbage(path):
    """Not a graph, with its checksum recorded in the manifest as if export had written it."""
    path.write_bytes(b"not an ONNX graph")
    manifest_path = path.parent / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"][path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest))


@pytest.mark.parametrize("relative, damage, fragment, command", [
    ("models/mnist.pt", truncate, "is not the checkpoint that model card", "latent-explorer train mnist"),
    ("models/mnist.json", lambda path: path.unlink(), "missing or unreadable", "latent-explorer train mnist"),
    ("models/mnist.json", lambda path: path.write_text('{"architecture": []}'), "missing or unreadable",
     "latent-explorer train mnist"),
    ("models/mnist.json", disagreeing_card, "does not describe the model exported", "latent-explorer train mnist"),
    ("models/mnist.json", foreign_checkpoint, "is not the checkpoint that model card", "latent-explorer train mnist"),
    ("points/mnist/latents.npy", lambda path: path.unlink(), "does not exist", "latent-explorer export mnist"),
    ("points/mnist/latents.npy", truncate, "not a valid .npy", "latent-explorer export mnist"),
    ("points/mnist/latents.npy", wrong_shape, "(N, 3)", "latent-explorer export mnist"),
    ("points/mnist/stds.npy", lambda path: path.unlink(), "does not exist", "latent-explorer export mnist"),
    ("points/mnist/stds.npy", truncate, "not a valid .npy", "latent-explorer export mnist"),
    ("points/mnist/stds.npy", wrong_shape, "one row per point", "latent-explorer export mnist"),
    ("points/mnist/stds.npy", a_negative_std, "finite positive standard deviations", "latent-explorer export mnist"),
    ("points/mnist/stds.npy", lambda path: np.save(path, np.load(path).astype(np.float64)), "must be float32",
     "latent-explorer export mnist"),
    ("points/mnist/labels.npy", lambda path: np.save(path, np.zeros(5, np.uint8)), "one per point",
     "latent-explorer export mnist"),
    ("points/mnist/labels.npy", lambda path: np.save(path, np.zeros(5, np.int64)), "must be uint8",
     "latent-explorer export mnist"),
    ("points/mnist/manifest.json", lambda path: path.unlink(), "missing or unreadable", "latent-explorer export mnist"),
    ("points/mnist/manifest.json", other_checkpoint_in_manifest, "records another checkpoint",
     "latent-explorer export mnist"),
    ("points/mnist/decoder.onnx", lambda path: path.unlink(), "cannot be read", "latent-explorer export mnist"),
    ("points/mnist/decoder.onnx", truncate, "not the file that export wrote", "latent-explorer export mnist"),
    ("points/mnist/encoder.onnx", recorded_garbage, "not an ONNX graph", "latent-explorer export mnist"),
])
def test_damaged_file_is_named_with_its_fix_and_the_other_data_set_serves(
        broken_copy, relative, damage, fragment, command):
    root = broken_copy["MODELS_DIR"].parent
    damage(root / relative)
    client = create_app(broken_copy).test_client()
    listing = client.get("/api/datasets").get_json()
    assert [d["id"] for d in listing["datasets"]] == ["fashion-mnist"]
    [unavailable] = listing["unavailable"]
    assert unavailable["id"] == "mnist"
    # The client reads the file by the flag that names its folder; the server's own log has the full path.
    folder, name = relative.split("/", 1)
    assert f"<--{folder}-dir>/{name}" in unavailable["error"] and str(root) not in unavailable["error"]
    assert str(root / relative) in client.application.extensions["datasets"].unavailable["mnist"]
    assert fragment in unavailable["error"] and command in unavailable["error"]
    response = client.post("/api/datasets/mnist/decode", json={"points": [[0, 0, 0]]})
    assert response.status_code == 503 and command in response.get_json()["error"]
    assert client.post("/api/datasets/fashion-mnist/decode", json={"points": [[0, 0, 0]]}).status_code == 200


def test_serving_needs_no_checkpoint_the_manifest_records_which_one_the_card_describes(broken_copy):
    """An installed wheel carries no checkpoints: the card and the manifest must agree on which one they describe."""
    for checkpoint in broken_copy["MODELS_DIR"].glob("*.pt"):
        checkpoint.unlink()
    client = create_app(broken_copy).test_client()
    assert [d["id"] for d in client.get("/api/datasets").get_json()["datasets"]] == ["mnist", "fashion-mnist"]

    foreign_checkpoint(broken_copy["MODELS_DIR"] / "mnist.json")
    [unavailable] = create_app(broken_copy).test_client().get("/api/datasets").get_json()["unavailable"]
    assert "records another checkpoint than model card" in unavailable["error"]
    assert "latent-explorer export mnist" in unavailable["error"]
