"""The served model (ONNX Runtime, no torch) computes what the checkpoint computes in torch."""
import numpy as np
import pytest

from needs_torch import import_torch

import_torch()

from latent_explorer.datasets import DATASETS
from latent_explorer.layout import DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR, checkpoint_path
from latent_explorer.raw_data import load_images
from latent_explorer.store import load_dataset
from latent_explorer.training.export import AGREEMENT_TOLERANCE, largest_differences
from latent_explorer.training.model import load_model


def test_served_model_agrees_with_torch_on_the_tiny_pipeline(pipeline):
    served = load_dataset(DATASETS["mnist"], pipeline["MODELS_DIR"], pipeline["POINTS_DIR"]).model
    images = load_images("mnist", pipeline["DATA_ROOT"])
    latents = np.load(pipeline["POINTS_DIR"] / "mnist" / "latents.npy")
    largest = largest_differences(load_model(pipeline["MODELS_DIR"] / "mnist.pt"), served, images, latents)
    assert max(largest.values()) <= AGREEMENT_TOLERANCE, largest


@pytest.mark.slow
@pytest.mark.parametrize("dataset_id", list(DATASETS))
def test_shipped_served_model_agrees_with_torch_on_all_70000_images(dataset_id, real_data_root, record_property):
    served = load_dataset(DATASETS[dataset_id], DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR).model
    images = load_images(dataset_id, real_data_root, download=False)
    latents = np.load(DEFAULT_POINTS_DIR / dataset_id / "latents.npy")
    largest = largest_differences(load_model(checkpoint_path(DEFAULT_MODELS_DIR, dataset_id)), served, images, latents)
    for name, value in largest.items():
        record_property(f"largest_{name}_difference", value)
    print(f"\n{dataset_id}, {len(images)} images, largest |served - torch|: "
          + ", ".join(f"{name} {value:.3g}" for name, value in largest.items()))
    assert len(images) == 70000
    assert largest["reconstruction"] <= AGREEMENT_TOLERANCE and largest["point"] <= AGREEMENT_TOLERANCE, largest
