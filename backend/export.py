"""Writing a data set's points as ``.npy`` files: every image's posterior mean, and its label."""
import numpy as np

from backend.datasets import load_split
from backend.files import atomic_path
from backend.inference import posterior_means


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
