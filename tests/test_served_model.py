"""The served model (ONNX Runtime, no torch) computes what the checkpoint computes in torch."""
import numpy as np
import pytest

from needs_torch import import_torch

torch = import_torch()

from latent_explorer.datasets import DATASETS
from latent_explorer.raw_data import load_images
from latent_explorer.training.inference import to_unit_float
from latent_explorer.layout import DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR, checkpoint_path
from latent_explorer.training.model import IMAGE_PIXELS, load_model
from latent_explorer.store import load_dataset

TOLERANCE = 1e-5  # pixel probabilities in [0, 1]
BATCH = 5000


def largest_differences(served, model, images, latents):
    """The largest absolute differences between the served model and torch over ``images``, batch by batch:
    posterior means and log-variances, reconstructions (encode then decode), and the decoded exported points."""
    largest = dict.fromkeys(("mean", "log_variance", "reconstruction", "hover_reconstruction"), 0.0)
    with torch.inference_mode():
        for start in range(0, len(images), BATCH):
            x = to_unit_float(images[start:start + BATCH])
            mean, log_variance = model.encode(x)
            reconstruction = model.decode(mean).reshape(len(x), IMAGE_PIXELS).numpy()
            served_mean, served_log_variance = served.encode(x.reshape(len(x), IMAGE_PIXELS).numpy())
            points = latents[start:start + BATCH]  # what a hover on a data point shows: its exported point, decoded
            got = {"mean": (served_mean, mean.numpy()), "log_variance": (served_log_variance, log_variance.numpy()),
                   "reconstruction": (served.decode(served_mean), reconstruction),
                   "hover_reconstruction": (served.decode(points),
                                            model.decode(torch.from_numpy(points)).reshape(len(x), IMAGE_PIXELS).numpy())}
            for name, (served_value, torch_value) in got.items():
                largest[name] = max(largest[name], float(np.abs(served_value - torch_value).max()))
    return largest


def test_served_model_agrees_with_torch_on_the_tiny_pipeline(pipeline):
    served = load_dataset(DATASETS["mnist"], pipeline["MODELS_DIR"], pipeline["POINTS_DIR"]).model
    images = load_images("mnist", pipeline["DATA_ROOT"])
    latents = np.load(pipeline["POINTS_DIR"] / "mnist" / "latents.npy")
    largest = largest_differences(served, load_model(pipeline["MODELS_DIR"] / "mnist.pt"), images, latents)
    assert max(largest.values()) < TOLERANCE, largest


@pytest.mark.slow
@pytest.mark.parametrize("dataset_id", list(DATASETS))
def test_shipped_served_model_agrees_with_torch_on_all_70000_images(dataset_id, real_data_root, record_property):
    served = load_dataset(DATASETS[dataset_id], DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR).model
    images = load_images(dataset_id, real_data_root, download=False)
    latents = np.load(DEFAULT_POINTS_DIR / dataset_id / "latents.npy")
    largest = largest_differences(served, load_model(checkpoint_path(DEFAULT_MODELS_DIR, dataset_id)), images, latents)
    for name, value in largest.items():
        record_property(f"largest_{name}_difference", value)
    print(f"\n{dataset_id}, {len(images)} images, largest |served - torch|: "
          + ", ".join(f"{name} {value:.3g}" for name, value in largest.items()))
    assert len(images) == 70000
    assert largest["reconstruction"] < TOLERANCE and largest["hover_reconstruction"] < TOLERANCE, largest
