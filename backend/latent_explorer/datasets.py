"""The data-set registry: everything that differs between data sets, and reading their raw images.

Adding a data set (say KMNIST) is one entry in ``DATASETS``. The raw files are read with
numpy and downloaded by fetch.py, from torchvision's mirrors with its checksums, so that
neither serving nor fetching needs torch.
"""
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from latent_explorer.layout import DATA_ROOT_ENV, default_data_root
from latent_explorer.preprocess import fit_box_by_centre_of_mass, fit_field_centred

IDX_UBYTE = 0x08  # the IDX files' code for unsigned bytes


@dataclass(frozen=True)
class DatasetSpec:
    id: str
    title: str
    torchvision_name: str  # the class in torchvision.datasets, which is also its folder under the data root
    classes: tuple
    mirrors: tuple  # base URLs, tried in order, each ending in "/"
    resources: tuple  # (file name, MD5 of the file) of the four .gz files, downloaded from a mirror
    # Light ink on black (H, W) -> the (28, 28) image the encoder expects, made as this data set's images were
    # (preprocess.py); raises preprocess.ImageRejected when there is nothing to encode.
    preprocess: Callable

    @property
    def folder_name(self):
        """The folder torchvision reads under the data root, e.g. ``MNIST``."""
        return self.torchvision_name


# The mirrors and checksums are torchvision's own (torchvision 0.29, torchvision/datasets/mnist.py:
# MNIST.mirrors and .resources, FashionMNIST.mirrors and .resources), so that a fetch writes the
# files torchvision's downloader would.
DATASETS = {
    spec.id: spec
    for spec in (
        DatasetSpec(
            "mnist",
            "MNIST",
            "MNIST",
            tuple(str(digit) for digit in range(10)),
            mirrors=("https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"),
            resources=(("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
                       ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
                       ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
                       ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c")),
            preprocess=fit_box_by_centre_of_mass,
        ),
        DatasetSpec(
            "fashion-mnist",
            "Fashion-MNIST",
            "FashionMNIST",
            ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
             "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            mirrors=("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",),
            resources=(("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                       ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
                       ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
                       ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310")),
            preprocess=fit_field_centred,
        ),
    )
}


class DatasetNotFound(Exception):
    """The raw images of a data set are neither on disk nor downloadable."""


class FetchError(Exception):
    """A raw file could not be downloaded from any mirror; the message names each mirror's failure and the fix."""


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

    Missing files are downloaded (fetch.py) when ``download`` is true. ``memory_map``
    leaves the images on disk until they are read, as the server wants.
    """
    spec = get_spec(dataset_id)
    root = Path(data_root or default_data_root())
    paths = raw_paths(spec, train, root)
    try:
        if download and not all(path.exists() for path in paths):
            from latent_explorer.fetch import fetch_dataset  # imported here: fetch.py reads this registry
            fetch_dataset(spec, root)
        return tuple(read_idx(path, memory_map) for path in paths)
    except (OSError, ValueError, FetchError) as error:
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
