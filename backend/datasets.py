"""The data-set registry: everything that differs between data sets, and reading their raw images.

Adding a data set (say KMNIST) is one entry in ``DATASETS``. The raw files are read with
numpy, so that the server can show original images without torch; torchvision is imported
only to download missing files (the training extra).
"""
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backend.layout import DATA_ROOT_ENV, default_data_root

IDX_UBYTE = 0x08  # the IDX files' code for unsigned bytes


@dataclass(frozen=True)
class DatasetSpec:
    id: str
    title: str
    torchvision_name: str  # the class in torchvision.datasets, which is also its folder under the data root
    classes: tuple

    @property
    def folder_name(self):
        """The folder torchvision reads under the data root, e.g. ``MNIST``."""
        return self.torchvision_name


DATASETS = {
    spec.id: spec
    for spec in (
        DatasetSpec("mnist", "MNIST", "MNIST", tuple(str(digit) for digit in range(10))),
        DatasetSpec(
            "fashion-mnist",
            "Fashion-MNIST",
            "FashionMNIST",
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


def raw_paths(spec, train, root):
    """The ``(images, labels)`` IDX files of a split, where torchvision keeps them under ``root``."""
    raw = Path(root) / spec.folder_name / "raw"
    prefix = "train" if train else "t10k"
    return raw / f"{prefix}-images-idx3-ubyte", raw / f"{prefix}-labels-idx1-ubyte"


def load_split(dataset_id, train, data_root=None, download=True, memory_map=False):
    """Return ``(images, labels)``: uint8 ``(N, 28, 28)`` and uint8 ``(N,)``, in the files' (torchvision's) order.

    Missing files are downloaded by torchvision when ``download`` is true. ``memory_map``
    leaves the images on disk until they are read, as the server wants.
    """
    spec = get_spec(dataset_id)
    root = Path(data_root or default_data_root())
    paths = raw_paths(spec, train, root)
    try:
        if download and not all(path.exists() for path in paths):
            _download(spec, root, train)
        return tuple(read_idx(path, memory_map) for path in paths)
    except (OSError, ValueError, RuntimeError) as error:  # torchvision raises RuntimeError, URLError (OSError)...
        reason = " ".join(str(error).split())
        raise DatasetNotFound(
            f"{spec.title} could not be read from {paths[0].parent} or downloaded ({reason}). "
            f"Download it on a machine with internet access, or point --data-root or "
            f"${DATA_ROOT_ENV} at a folder holding {spec.folder_name}/raw/."
        ) from error


def read_idx(path, memory_map=False):
    """An unsigned-byte array from an IDX file, the format of the MNIST files (big-endian sizes after a 4-byte magic)."""
    with open(path, "rb") as file:
        magic = file.read(4)
        if len(magic) < 4 or magic[:3] != b"\0\0" + bytes([IDX_UBYTE]) or not 1 <= magic[3] <= 3:
            raise ValueError(f"{path} is not an IDX file of unsigned bytes")
        shape = tuple(np.frombuffer(file.read(4 * magic[3]), ">u4").astype(int))
    offset = 4 + 4 * len(shape)
    expected = offset + int(np.prod(shape))
    if Path(path).stat().st_size != expected:
        raise ValueError(f"{path} holds {Path(path).stat().st_size} bytes; its header {shape} asks for {expected}")
    if memory_map:
        return np.memmap(path, np.uint8, "r", offset, shape)
    return np.fromfile(path, np.uint8, offset=offset).reshape(shape)


def _download(spec, root, train):
    try:
        from torchvision import datasets
    except ImportError:
        raise RuntimeError("downloading needs torchvision, from the training extra: pip install -e '.[train]'") from None
    getattr(datasets, spec.torchvision_name)(str(root), train=train, download=True)
