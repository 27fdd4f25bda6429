"""The tiny data path end to end: train -> evaluate -> export -> serve through the test client."""
import json

import pytest

from latent_explorer.datasets import DATASETS
from latent_explorer.model_card import LOSS
from tiny_data import TINY_TEST, TINY_TRAIN


@pytest.mark.parametrize("dataset_id", list(DATASETS))
def test_model_card_records_settings_versions_and_metrics(pipeline, dataset_id):
    card = json.loads((pipeline["MODELS_DIR"] / f"{dataset_id}.json").read_text())
    assert card["dataset"] == dataset_id
    assert card["architecture"]["hidden_sizes"] == [32, 16] and card["architecture"]["latent_dim"] == 3
    assert card["training"]["epochs"] == 2 and card["training"]["seed"] == 0
    assert {"torch", "torchvision", "numpy", "python"} <= set(card["versions"])
    assert card["loss"] == LOSS and "not a log-likelihood" in card["loss"]
    assert len(card["history"]) == 2 and card["wall_time_seconds"] > 0
    metrics = card["metrics"]
    assert metrics["test_loss"] == pytest.approx(metrics["test_reconstruction"] + metrics["test_kl"], abs=0.01)
    assert 0 <= metrics["knn5_accuracy"] <= 1 and metrics["test_images"] == TINY_TEST


def test_served_pipeline_decodes_and_lists_its_points(client):
    listing = client.get("/api/datasets").get_json()
    assert [d["id"] for d in listing["datasets"]] == list(DATASETS) and listing["unavailable"] == []
    assert listing["datasets"][0]["count"] == TINY_TRAIN + TINY_TEST
    assert listing["datasets"][0]["train_count"] == TINY_TRAIN
    response = client.post("/api/datasets/mnist/decode", json={"points": [[0, 0, 0]]})
    assert response.status_code == 200 and len(response.get_json()["images"]) == 1
