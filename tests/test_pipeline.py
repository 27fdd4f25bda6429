"""The tiny data path end to end: train -> evaluate -> export -> serve through the test client."""
import json
import signal
import subprocess
import sys

import numpy as np
import pytest
import torch

from backend.cli import main as cli
from backend.datasets import DATASETS, load_split
from backend.model import load_model
from tiny_data import TINY_TEST, TINY_TRAIN


@pytest.mark.parametrize("dataset_id", list(DATASETS))
def test_model_card_records_settings_versions_and_metrics(pipeline, dataset_id):
    card = json.loads((pipeline["MODELS_DIR"] / f"{dataset_id}.json").read_text())
    assert card["dataset"] == dataset_id
    assert card["architecture"]["hidden_sizes"] == [32, 16] and card["architecture"]["latent_dim"] == 3
    assert card["training"]["epochs"] == 2 and card["training"]["seed"] == 0
    assert {"torch", "torchvision", "numpy", "python"} <= set(card["versions"])
    assert len(card["history"]) == 2 and card["wall_time_seconds"] > 0
    metrics = card["metrics"]
    assert metrics["test_loss"] == pytest.approx(metrics["test_reconstruction"] + metrics["test_kl"], abs=0.01)
    assert 0 <= metrics["knn5_accuracy"] <= 1 and metrics["test_images"] == TINY_TEST


@pytest.mark.parametrize("dataset_id", list(DATASETS))
def test_export_writes_train_then_test_points_in_torchvision_order(pipeline, dataset_id):
    folder = pipeline["POINTS_DIR"] / dataset_id
    latents, labels = np.load(folder / "latents.npy"), np.load(folder / "labels.npy")
    assert latents.dtype == np.float32 and latents.shape == (TINY_TRAIN + TINY_TEST, 3)
    assert labels.dtype == np.uint8 and labels.shape == (TINY_TRAIN + TINY_TEST,)
    expected = np.concatenate([load_split(dataset_id, train, pipeline["DATA_ROOT"])[1].numpy() for train in (True, False)])
    assert np.array_equal(labels, expected)


def test_export_is_deterministic_whatever_the_thread_count(pipeline, tmp_path):
    args = ["export", "mnist", "--models-dir", str(pipeline["MODELS_DIR"]), "--data-root", str(pipeline["DATA_ROOT"]),
            "--points-dir", str(tmp_path)]
    previous = torch.get_num_threads()
    torch.set_num_threads(1 if previous > 1 else 2)
    try:
        assert cli(args) == 0
    finally:
        torch.set_num_threads(previous)
    for name in ("latents.npy", "labels.npy"):
        assert (tmp_path / "mnist" / name).read_bytes() == (pipeline["POINTS_DIR"] / "mnist" / name).read_bytes()


def test_training_is_reproducible(pipeline, tmp_path):
    args = ["mnist", "--data-root", str(pipeline["DATA_ROOT"]), "--epochs", "2", "--batch-size", "50",
            "--hidden-sizes", "32", "16", "--kl-warmup-epochs", "1", "--threads", "1", "--quiet"]
    assert cli(["train", *args, "--models-dir", str(tmp_path)]) == 0
    retrained = load_model(tmp_path / "mnist.pt").state_dict()
    shipped = load_model(pipeline["MODELS_DIR"] / "mnist.pt").state_dict()
    assert all(np.array_equal(retrained[name], shipped[name]) for name in shipped)


def test_served_pipeline_decodes_and_lists_its_points(client):
    listing = client.get("/api/datasets").get_json()
    assert [d["id"] for d in listing["datasets"]] == list(DATASETS) and listing["unavailable"] == []
    assert listing["datasets"][0]["count"] == TINY_TRAIN + TINY_TEST
    assert listing["datasets"][0]["train_count"] == TINY_TRAIN
    response = client.post("/api/datasets/mnist/decode", json={"points": [[0, 0, 0]]})
    assert response.status_code == 200 and len(response.get_json()["images"]) == 1


def test_missing_raw_data_names_the_folder_and_the_fix(tmp_path, capsys):
    assert cli(["export", "mnist", "--data-root", str(tmp_path / "empty"), "--models-dir", str(tmp_path)]) == 2
    assert "latent-explorer train mnist" in capsys.readouterr().err  # no model there: says how to make one


def test_missing_data_set_message(pipeline, tmp_path, capsys):
    models_dir, empty = tmp_path / "models", tmp_path / "empty"
    models_dir.mkdir()
    for name in ("mnist.pt", "mnist.json"):
        (models_dir / name).write_bytes((pipeline["MODELS_DIR"] / name).read_bytes())
    assert cli(["evaluate", "mnist", "--models-dir", str(models_dir), "--data-root", str(empty)]) == 2
    error = capsys.readouterr().err
    assert str(empty / "MNIST" / "raw") in error and "LATENT_EXPLORER_DATA" in error


def test_bad_training_setting_is_a_clear_error(pipeline, capsys):
    assert cli(["train", "mnist", "--epochs", "0", "--data-root", str(pipeline["DATA_ROOT"])]) == 2
    assert "epochs must be at least 1" in capsys.readouterr().err


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_training_keeps_the_last_good_checkpoint(pipeline, tmp_path, stop):
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    for name in ("mnist.pt", "mnist.json"):
        (models_dir / name).write_bytes((pipeline["MODELS_DIR"] / name).read_bytes())
    before = (models_dir / "mnist.pt").read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "train", "mnist", "--models-dir", str(models_dir),
         "--data-root", str(pipeline["DATA_ROOT"]), "--epochs", "1000", "--hidden-sizes", "32"],
        stderr=subprocess.PIPE, text=True)
    progress = ""
    while "epoch 2/1000" not in progress:  # the progress bar: training is under way
        character = process.stderr.read(1)
        assert character, f"training ended before it could be interrupted: {progress}"
        progress += character
    process.send_signal(stop)
    stderr = progress + process.communicate(timeout=60)[1]
    if stop == signal.SIGINT:
        assert process.returncode == 130 and "interrupted" in stderr
    assert (models_dir / "mnist.pt").read_bytes() == before
    assert sorted(p.name for p in models_dir.iterdir()) == ["mnist.json", "mnist.pt"]
    load_model(models_dir / "mnist.pt")

