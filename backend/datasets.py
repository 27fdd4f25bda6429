"""The data-set registry: everything that differs between data sets, and loading them.

Adding a data set (say KMNIST) is one entry in ``DATASETS``.
"""
from dataclasses import dataclass
from pathlib import Path

import torch
from torchvision import datasets as tv_datasets

from backend.layout import DATA_ROOT_ENV, default_data_root


@dataclass(frozen=True)
class DatasetSpec:
    id: str
    title: str
    torchvision_class: type
    classes: tuple

    @property
    def folder_name(self):
        """The folder torchvision reads under the data root, e.g. ``MNIST``."""
        return self.torchvision_class.__name__


DATASETS = {
    spec.id: spec
    for spec in (
        DatasetSpec("mnist", "MNIST", tv_datasets.MNIST, tuple(str(digit) for digit in range(10))),
        DatasetSpec(
            "fashion-mnist",
            "Fashion-MNIST",
            tv_datasets.FashionMNIST,
            ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
             "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
        ),
    )
}


class DatasetNotFound(Exception):
    """The raw images of a data set are neither on disk nor downloadable."""


def get_spec(dataset_id):
    try:
        return DATASETS[dataset_id]
    except KeyError:
        raise KeyError(f"unknown data set {dataset_id!r}; known: {', '.join(DATASETS)}") from None


def load_split(dataset_id, train, data_root=None, download=True):
    """Return ``(images, labels)``: uint8 ``(N, 28, 28)`` and int64 ``(N,)``, in torchvision's order."""
    spec = get_spec(dataset_id)
    root = Path(data_root or default_data_root())
    try:
        dataset = spec.torchvision_class(str(root), train=train, download=download)
    except Exception as error:  # torchvision raises RuntimeError, URLError, OSError...
        looked_in = root / spec.folder_name / "raw"
        reason = " ".join(str(error).split())
        raise DatasetNotFound(
            f"{spec.title} is not in {looked_in} and could not be downloaded ({reason}). "
            f"Download it on a machine with internet access, or point --data-root or "
            f"${DATA_ROOT_ENV} at a folder holding {spec.folder_name}/raw/."
        ) from error
    return dataset.data, dataset.targets


def to_unit_float(images):
    """uint8 ``(N, 28, 28)`` -> float32 ``(N, 1, 28, 28)`` grey levels in [0, 1]."""
    return images.unsqueeze(1).to(torch.float32) / 255.0
