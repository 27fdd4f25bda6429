"""Encoding every image to its posterior mean, and dumping the points as ``.npy`` files."""
from contextlib import contextmanager

import numpy as np
import torch

from backend.datasets import load_split, to_unit_float
from backend.files import atomic_path

# Fixed so that the same checkpoint always gives the same bytes.
ENCODE_BATCH = 1000


@contextmanager
def one_torch_thread():
    """Sums split across threads round differently; one thread gives the same bits on any machine."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def posterior_means(model, images):
    """uint8 images ``(N, 28, 28)`` -> float32 ``(N, latent_dim)`` posterior means, the same bits anywhere."""
    with one_torch_thread(), torch.inference_mode():
        return torch.cat([model.encode(to_unit_float(images[start:start + ENCODE_BATCH]))[0]
                          for start in range(0, len(images), ENCODE_BATCH)]).numpy().astype(np.float32)


def export_points(model, dataset_id, points_dir, data_root=None):
    """Write ``latents.npy`` (float32 ``(N, 3)``) and ``labels.npy`` (uint8 ``(N,)``) to ``points_dir``.

    The training images come first, then the test images, each in torchvision's order.
    Returns ``(latents, labels)``.
    """
    splits = [load_split(dataset_id, train=train, data_root=data_root) for train in (True, False)]
    latents = np.concatenate([posterior_means(model, images) for images, _ in splits])
    labels = np.concatenate([labels.numpy() for _, labels in splits]).astype(np.uint8)
    for name, array in (("latents.npy", latents), ("labels.npy", labels)):
        with atomic_path(points_dir / name) as temporary:
            with open(temporary, "wb") as file:
                np.save(file, array)
    return latents, labels
