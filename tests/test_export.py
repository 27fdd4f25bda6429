"""Export: the posterior of every image in torchvision's order and the served graphs, the same bytes whatever the thread count."""
import json

import numpy as np
import pytest

from needs_torch import import_torch

torch = import_torch()

from latent_explorer.cli import main as cli
from latent_explorer.datasets import DATASETS
from latent_explorer.raw_data import load_images, load_split
from latent_explorer.files import sha256_of
from latent_explorer.training.inference import to_unit_float
from latent_explorer.training.model import load_model
from latent_explorer.served_model import session
from tiny_data import TINY_TEST, TINY_TRAIN


@pytest.mark.parametrize("dataset_id", list(DATASETS))
def test_export_writes_train_then_test_points_in_torchvision_order(trained_pipeline, dataset_id):
    folder = trained_pipeline["POINTS_DIR"] / dataset_id
    latents, labels = np.load(folder / "latents.npy"), np.load(folder / "labels.npy")
    assert latents.dtype == np.float32 and latents.shape == (TINY_TRAIN + TINY_TEST, 3)
    assert labels.dtype == np.uint8 and labels.shape == (TINY_TRAIN + TINY_TEST,)
    expected = np.concatenate([load_split(dataset_id, train, trained_pipeline["DATA_ROOT"])[1] for train in (True, False)])
    assert np.array_equal(labels, expected)


@pytest.mark.parametrize("dataset_id", list(DATASETS))
def test_export_writes_the_checkpoints_posterior_means_and_standard_deviations(trained_pipeline, dataset_id):
    folder = trained_pipeline["POINTS_DIR"] / dataset_id
    latents, stds = np.load(folder / "latents.npy"), np.load(folder / "stds.npy")
    assert stds.dtype == np.float32 and stds.shape == (TINY_TRAIN + TINY_TEST, 3) and np.all(stds > 0)
    images = load_images(dataset_id, trained_pipeline["DATA_ROOT"])
    with torch.inference_mode():
        mean, log_variance = load_model(trained_pipeline["MODELS_DIR"] / f"{dataset_id}.pt").encode(to_unit_float(images))
    assert np.allclose(latents, mean.numpy(), rtol=0, atol=1e-6)
    assert np.allclose(stds, torch.exp(0.5 * log_variance).numpy(), rtol=1e-6, atol=0)


def test_export_is_deterministic_whatever_the_thread_count(trained_pipeline, tmp_path):
    args = ["export", "mnist", "--models-dir", str(trained_pipeline["MODELS_DIR"]), "--data-root", str(trained_pipeline["DATA_ROOT"]),
            "--points-dir", str(tmp_path)]
    previous = torch.get_num_threads()
    torch.set_num_threads(1 if previous > 1 else 2)
    try:
        assert cli(args) == 0
    finally:
        torch.set_num_threads(previous)
    for name in ("latents.npy", "labels.npy", "stds.npy", "encoder.onnx", "decoder.onnx", "manifest.json"):
        assert (tmp_path / "mnist" / name).read_bytes() == (trained_pipeline["POINTS_DIR"] / "mnist" / name).read_bytes()


def test_export_writes_the_served_graphs_and_a_manifest_tied_to_the_checkpoint(trained_pipeline):
    folder = trained_pipeline["POINTS_DIR"] / "mnist"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["checkpoint_sha256"] == sha256_of(trained_pipeline["MODELS_DIR"] / "mnist.pt")
    assert manifest["architecture"] == {"kind": "mlp-vae", "hidden_sizes": [32, 16], "latent_dim": 3}
    assert manifest["files"] == {name: sha256_of(folder / name) for name in ("encoder.onnx", "decoder.onnx")}
    encoder, decoder = (session((folder / name).read_bytes()) for name in ("encoder.onnx", "decoder.onnx"))
    for name in ("encoder.onnx", "decoder.onnx"):  # the same bytes wherever the code lives
        assert b"export.py" not in (folder / name).read_bytes()
    assert [output.name for output in encoder.get_outputs()] == ["mean", "log_variance"]
    assert [output.name for output in decoder.get_outputs()] == ["pixels"]
