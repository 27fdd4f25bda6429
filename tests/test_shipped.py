"""The checkpoints, model cards and points committed in the repo load, agree, and meet the quality bar."""
import json

import numpy as np
import pytest

from latent_explorer.app import create_app
from latent_explorer.classmap import cloud_box
from latent_explorer.datasets import DATASETS
from latent_explorer.raw_data import load_images
from latent_explorer.files import sha256_of
from latent_explorer.layout import (CLASSIFIER, DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR, TIMELINE_DIR, TIMELINE_INFO,
                                    TIMELINE_POINTS, card_path, checkpoint_path, classifier_paths, points_dir)
from latent_explorer.images import IMAGE_PIXELS
from latent_explorer.model_card import LOSS
from latent_explorer.neighbors import knn_accuracy
from latent_explorer.store import load_dataset
from needs_torch import import_torch

# Images per class, training + test, from the official files (shared/datasets/README.md).
CLASS_COUNTS = {
    "mnist": [6903, 7877, 6990, 7141, 6824, 6313, 6876, 7293, 6825, 6958],
    "fashion-mnist": [7000] * 10,
}
THRESHOLDS = {"mnist": (127.0, 0.89), "fashion-mnist": (245.0, 0.77)}
# Largest relative difference allowed between a shipped standard deviation and the served encoder's.
STD_TOLERANCE = 1e-4


@pytest.mark.parametrize("dataset_id", list(CLASS_COUNTS))
def test_shipped_points_have_the_promised_shapes_and_labels(dataset_id):
    folder = points_dir(DEFAULT_POINTS_DIR, dataset_id)
    latents, labels = np.load(folder / "latents.npy"), np.load(folder / "labels.npy")
    assert latents.dtype == np.float32 and latents.shape == (70000, 3) and np.all(np.isfinite(latents))
    assert labels.dtype == np.uint8 and labels.shape == (70000,)
    assert np.bincount(labels, minlength=10).tolist() == CLASS_COUNTS[dataset_id]
    stds = np.load(folder / "stds.npy")
    assert stds.dtype == np.float32 and stds.shape == (70000, 3) and np.all(np.isfinite(stds) & (stds > 0))


@pytest.mark.slow
@pytest.mark.parametrize("dataset_id", list(CLASS_COUNTS))
def test_shipped_stds_are_the_served_encoders_on_real_images(dataset_id, real_data_root):
    """stds.npy holds exp(log_variance / 2) of the shipped encoder, in the order of latents.npy (train, then test)."""
    images = load_images(dataset_id, real_data_root, download=False)
    indices = np.random.default_rng(0).choice(len(images), 2000, replace=False)
    served = load_dataset(DATASETS[dataset_id], DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR).model
    _, log_variance = served.encode(images[indices].reshape(len(indices), IMAGE_PIXELS).astype(np.float32) / 255)
    stds = np.load(points_dir(DEFAULT_POINTS_DIR, dataset_id) / "stds.npy")[indices]
    assert np.allclose(stds, np.exp(0.5 * log_variance), rtol=STD_TOLERANCE, atol=0)


@pytest.mark.parametrize("dataset_id", list(CLASS_COUNTS))
def test_shipped_model_card_is_complete_and_matches_its_checkpoint(dataset_id):
    card = json.loads(card_path(DEFAULT_MODELS_DIR, dataset_id).read_text())
    assert card["metrics"]["test_images"] == 10000 and card["metrics"]["active_dims"] == 3
    assert card["checkpoint_sha256"] == sha256_of(checkpoint_path(DEFAULT_MODELS_DIR, dataset_id))
    for key in ("wall_time_seconds", "versions", "training", "architecture", "history"):
        assert card[key]
    assert card["loss"] == LOSS  # what the loss is, not a likelihood for grey levels


@pytest.mark.parametrize("dataset_id", list(THRESHOLDS))
def test_shipped_model_meets_the_quality_bar(dataset_id):
    metrics = json.loads(card_path(DEFAULT_MODELS_DIR, dataset_id).read_text())["metrics"]
    max_loss, min_knn = THRESHOLDS[dataset_id]
    assert metrics["knn5_accuracy"] >= min_knn
    assert metrics["test_loss"] <= max_loss


@pytest.mark.parametrize("dataset_id", list(CLASS_COUNTS))
def test_shipped_points_agree_with_the_model_card(dataset_id):
    """The card's 5-NN accuracy, measured from the checkpoint, comes out again from the exported points."""
    card = json.loads(card_path(DEFAULT_MODELS_DIR, dataset_id).read_text())
    folder = points_dir(DEFAULT_POINTS_DIR, dataset_id)
    latents, labels = np.load(folder / "latents.npy"), np.load(folder / "labels.npy")
    train = card["training"]["train_images"]
    accuracy = knn_accuracy(latents[:train], labels[:train], latents[train:], labels[train:])
    assert round(accuracy, 4) == card["metrics"]["knn5_accuracy"]


@pytest.mark.parametrize("dataset_id", list(CLASS_COUNTS))
def test_shipped_checkpoints_load_without_unpickling_code(dataset_id):
    import_torch()
    from latent_explorer.training.model import load_model
    load_model(checkpoint_path(DEFAULT_MODELS_DIR, dataset_id))


def test_server_serves_both_shipped_data_sets():
    listing = create_app().test_client().get("/api/datasets").get_json()
    assert listing["unavailable"] == []
    assert [(d["id"], d["count"], d["train_count"]) for d in listing["datasets"]] == [
        ("mnist", 70000, 60000), ("fashion-mnist", 70000, 60000)]


CLASSIFIER_GOALS = {"mnist": 0.990, "fashion-mnist": 0.900}


@pytest.mark.parametrize("dataset_id", list(CLASSIFIER_GOALS))
def test_shipped_classifier_meets_its_goal_and_is_the_one_served(dataset_id):
    checkpoint, card_file = classifier_paths(DEFAULT_MODELS_DIR, dataset_id)
    card = json.loads(card_file.read_text())
    assert card["metrics"]["test_images"] == 10000 and card["metrics"]["test_accuracy"] >= CLASSIFIER_GOALS[dataset_id]
    assert len(card["metrics"]["test_accuracy_per_class"]) == 10
    assert card["checkpoint_sha256"] == sha256_of(checkpoint)
    assert card["onnx_sha256"] == sha256_of(points_dir(DEFAULT_POINTS_DIR, dataset_id) / CLASSIFIER)


@pytest.mark.parametrize("dataset_id", list(CLASSIFIER_GOALS))
def test_shipped_class_map_is_served_and_describes_its_lattice(dataset_id):
    loaded = load_dataset(DATASETS[dataset_id], DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR)
    description = loaded.class_map.description
    assert loaded.class_map.missing is None and description["shape"] == [64, 64, 64, 12]
    latents = np.load(points_dir(DEFAULT_POINTS_DIR, dataset_id) / "latents.npy")
    np.testing.assert_allclose(np.array([description["low"], description["high"]]), cloud_box(latents), atol=1e-5)
    assert sum(description["decoder_shares"]) == pytest.approx(1, abs=1e-3)


@pytest.mark.parametrize("dataset_id", list(CLASS_COUNTS))
def test_shipped_timelines_were_recorded_by_the_shipped_training_and_end_where_the_points_are(dataset_id):
    folder = points_dir(DEFAULT_POINTS_DIR, dataset_id) / TIMELINE_DIR
    card = json.loads(card_path(DEFAULT_MODELS_DIR, dataset_id).read_text())
    info = json.loads((folder / TIMELINE_INFO).read_text())
    epochs = card["training"]["epochs"]
    assert info["checkpoint_sha256"] == card["checkpoint_sha256"]
    assert info["epochs"] == epochs and sorted(map(int, info["decoders"])) == sorted({1, 2, 5, 10, 20, epochs})
    positions = np.load(folder / TIMELINE_POINTS)
    assert positions.dtype == np.float16 and positions.shape == (epochs + 1, 10000, 3)
    # The last epoch's test posteriors are the exported test points, to float16's precision.
    test_points = np.load(points_dir(DEFAULT_POINTS_DIR, dataset_id) / "latents.npy")[60000:]
    assert np.allclose(positions[-1].astype(np.float32), test_points, rtol=2 ** -10, atol=2 ** -14)
    dataset = load_dataset(DATASETS[dataset_id], DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR)
    assert dataset.timeline.missing is None and dataset.timeline.description["epochs"] == epochs
