"""train --timeline: the test posteriors through training and the kept decoders, without changing the training."""
import json

import numpy as np

from needs_torch import import_torch

import_torch()

from latent_explorer.cli import main as cli
from latent_explorer.files import sha256_of
from latent_explorer.raw_data import load_split
from latent_explorer.served_model import ServedModel, session
from latent_explorer.training.inference import posterior
from latent_explorer.training.model import load_model
from latent_explorer.training.timeline import kept_epochs

EPOCHS = 3


def train(folder, data_root, *extra):
    assert cli(["train", "mnist", "--data-root", str(data_root), "--epochs", str(EPOCHS), "--batch-size", "50",
                "--hidden-sizes", "32", "16", "--kl-warmup-epochs", "1", "--threads", "1", "--quiet",
                "--models-dir", str(folder), *extra]) == 0
    return folder


def test_the_timeline_leaves_the_checkpoint_s_bytes_as_they_are(trained_pipeline, tmp_path):
    plain = train(tmp_path / "plain", trained_pipeline["DATA_ROOT"])
    recorded = train(tmp_path / "recorded", trained_pipeline["DATA_ROOT"], "--timeline")
    assert (plain / "mnist.pt").read_bytes() == (recorded / "mnist.pt").read_bytes()
    assert not (plain / "mnist-timeline").exists()
    cards = [json.loads((folder / "mnist.json").read_text()) for folder in (plain, recorded)]
    assert cards[0]["history"] == cards[1]["history"]


def test_the_timeline_holds_every_epoch_and_the_kept_decoders(trained_pipeline, tmp_path):
    folder = train(tmp_path, trained_pipeline["DATA_ROOT"], "--timeline")
    timeline = folder / "mnist-timeline"
    points = np.load(timeline / "timeline.npy")
    test_images, _ = load_split("mnist", train=False, data_root=trained_pipeline["DATA_ROOT"])
    assert points.dtype == np.float16 and points.shape == (EPOCHS + 1, len(test_images), 3)
    final = posterior(load_model(folder / "mnist.pt"), test_images)[0]
    np.testing.assert_allclose(points[-1], final, rtol=1e-3, atol=1e-3)  # float16
    assert not np.allclose(points[0], points[-1], atol=1e-2)  # the space moved
    info = json.loads((timeline / "timeline.json").read_text())
    assert info["epochs"] == EPOCHS and info["checkpoint_sha256"] == sha256_of(folder / "mnist.pt")
    assert sorted(map(int, info["decoders"])) == kept_epochs(EPOCHS) == [1, 2, 3]
    assert {"test_loss", "test_reconstruction", "test_kl", "test_knn5"} <= set(info["epoch_0"])
    last = ServedModel(None, session((timeline / info["decoders"][str(EPOCHS)]).read_bytes()))
    reference = ServedModel(None, session((folder / "mnist-timeline" / info["decoders"]["1"]).read_bytes()))
    z = np.random.default_rng(0).normal(size=(8, 3)).astype(np.float32)
    import torch
    with torch.inference_mode():
        expected = load_model(folder / "mnist.pt").decode(torch.from_numpy(z)).numpy().reshape(8, 28, 28, 1)
    np.testing.assert_allclose(last.decode(z), expected, atol=5e-3)  # float16 weights
    assert not np.allclose(reference.decode(z), expected, atol=1e-3)  # epoch 1 drew something else
    history = json.loads((folder / "mnist.json").read_text())["history"]
    assert all(0 <= entry["test_knn5"] <= 1 for entry in history)


def test_kept_epochs_are_the_early_ones_and_the_last():
    assert kept_epochs(60) == [1, 2, 5, 10, 20, 60]
    assert kept_epochs(1) == [1]


def test_export_copies_the_timeline_of_its_checkpoint_beside_the_points(trained_pipeline, tmp_path):
    folder = train(tmp_path / "models", trained_pipeline["DATA_ROOT"], "--timeline")
    points = tmp_path / "points"
    assert cli(["export", "mnist", "--models-dir", str(folder), "--points-dir", str(points),
                "--data-root", str(trained_pipeline["DATA_ROOT"])]) == 0
    copied = points / "mnist" / "timeline"
    assert sorted(path.name for path in copied.iterdir()) == sorted(path.name for path in (folder / "mnist-timeline").iterdir())
    assert (copied / "timeline.npy").read_bytes() == (folder / "mnist-timeline" / "timeline.npy").read_bytes()


def test_export_leaves_out_a_timeline_of_another_run(trained_pipeline, tmp_path, capsys):
    folder = train(tmp_path / "models", trained_pipeline["DATA_ROOT"], "--timeline")
    info = folder / "mnist-timeline" / "timeline.json"
    info.write_text(info.read_text().replace(sha256_of(folder / "mnist.pt"), "0" * 64))
    assert cli(["export", "mnist", "--models-dir", str(folder), "--points-dir", str(tmp_path / "points"),
                "--data-root", str(trained_pipeline["DATA_ROOT"])]) == 0
    assert "another training run" in capsys.readouterr().out
    assert not (tmp_path / "points" / "mnist" / "timeline").exists()
