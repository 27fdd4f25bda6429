"""The class map's classifier: trained repeatably, its card written, its ONNX graph reading as the checkpoint does."""
import json

import numpy as np

from needs_torch import import_torch

import_torch()

from latent_explorer.cli import main as cli
from latent_explorer.files import sha256_of
from latent_explorer.raw_data import load_split
from latent_explorer.served_model import ServedClassifier, session
from latent_explorer.training.classifier import load_classifier, read_classes


def train(folder, data_root):
    assert cli(["train-classifier", "mnist", "--data-root", str(data_root), "--epochs", "2", "--batch-size", "50",
                "--threads", "1", "--quiet", "--models-dir", str(folder), "--points-dir", str(folder)]) == 0
    return folder / "mnist-classifier.pt", folder / "mnist-classifier.json", folder / "mnist" / "classifier.onnx"


def test_training_writes_a_card_and_a_graph_that_reads_as_the_checkpoint(trained_pipeline, tmp_path):
    checkpoint, card_path, graph = train(tmp_path, trained_pipeline["DATA_ROOT"])
    card = json.loads(card_path.read_text())
    assert [entry["epoch"] for entry in card["history"]] == [1, 2]
    assert 0 <= card["history"][-1]["test_accuracy"] <= 1 and card["training"]["threads"] == 1
    assert card["checkpoint_sha256"] == sha256_of(checkpoint) and card["onnx_sha256"] == sha256_of(graph)
    images, _ = load_split("mnist", train=False, data_root=trained_pipeline["DATA_ROOT"])
    classes, confidences = read_classes(load_classifier(checkpoint), images)
    served_classes, served_confidences = ServedClassifier(session(graph.read_bytes())).read(images / 255.0)
    np.testing.assert_array_equal(served_classes, classes)
    np.testing.assert_allclose(served_confidences, confidences, atol=1e-5)


def test_training_is_repeatable(trained_pipeline, tmp_path):
    first = train(tmp_path / "first", trained_pipeline["DATA_ROOT"])
    second = train(tmp_path / "second", trained_pipeline["DATA_ROOT"])
    assert first[0].read_bytes() == second[0].read_bytes() and first[2].read_bytes() == second[2].read_bytes()


def test_a_bad_setting_is_a_clear_error(trained_pipeline, capsys):
    assert cli(["train-classifier", "mnist", "--epochs", "0", "--data-root", str(trained_pipeline["DATA_ROOT"])]) == 2
    assert "epochs must be at least 1" in capsys.readouterr().err
