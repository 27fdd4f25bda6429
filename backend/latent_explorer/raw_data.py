"""Reading the raw data sets: the IDX files torchvision keeps under ``<data root>/<Name>/raw/``, downloaded
(fetch.py) when missing."""
from pathlib import Path

import numpy as np

from latent_explorer.datasets import get_spec
from latent_explorer.fetch import FetchError, fetch_dataset
from latent_explorer.layout import default_data_root, raw_data_fix, raw_folder

IDX_UBYTE = 0x08  # the IDX files' code for unsigned bytes


class DatasetNotFound(Exception):
    """The raw images of a data set are neither on disk nor downloadable."""


def raw_paths(spec, train, root):
    """The ``(images, labels)`` IDX files of a split, where torchvision keeps them under ``root``."""
    raw = raw_folder(spec, root)
    prefix = "train" if train else "t10k"
    return raw / f"{prefix}-images-idx3-ubyte", raw / f"{prefix}-labels-idx1-ubyte"


def load_split(dataset_id, train, data_root=None, download=True):
    """Return ``(images, labels)``: uint8 ``(N, 28, 28)`` and uint8 ``(N,)``, in the files' (torchvision's) order.

    Missing files are downloaded (fetch.py) when ``download`` is true.
    """
    spec = get_spec(dataset_id)
    root = Path(data_root or default_data_root())
    paths = raw_paths(spec, train, root)
    try:
        if download and not all(path.exists() for path in paths):
            fetch_dataset(spec, root)
        return tuple(read_idx(path) for path in paths)
    except (OSError, ValueError, FetchError) as error:
        reason = " ".join(str(error).split())
        raise DatasetNotFound(f"{spec.title} could not be read from {paths[0].parent} or downloaded ({reason}); "
                              f"{raw_data_fix(spec)}") from error


def load_images(dataset_id, data_root=None, download=True):
    """uint8 ``(N, 28, 28)``: every image of the data set, training images first, the order of latents.npy."""
    return np.concatenate([load_split(dataset_id, train, data_root, download)[0] for train in (True, False)])


def read_idx(path):
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
    return np.fromfile(path, np.uint8, offset=offset).reshape(shape)
