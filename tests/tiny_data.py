"""Tiny data sets in torchvision's layout, for tests that need no real data."""
import struct

import numpy as np

from latent_explorer.datasets import DATASETS
from latent_explorer.layout import raw_folder

TINY_TRAIN, TINY_TEST = 300, 100


def write_idx(path, array):
    """Write ``array`` (uint8) in the IDX format of the MNIST files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    path.write_bytes(header + array.astype(np.uint8).tobytes())


def make_raw_dataset(root, spec, seed=0):
    """Images whose class is visible (a bright bar whose row is the label), so a VAE can learn them."""
    rng = np.random.default_rng(seed)
    for prefix, count in (("train", TINY_TRAIN), ("t10k", TINY_TEST)):
        labels = np.arange(count) % len(spec.classes)
        images = rng.integers(0, 40, size=(count, 28, 28))
        for image, label in zip(images, labels):
            image[2 + 2 * label:4 + 2 * label, 4:24] = 255
        raw = raw_folder(spec, root)
        write_idx(raw / f"{prefix}-images-idx3-ubyte", images)
        write_idx(raw / f"{prefix}-labels-idx1-ubyte", labels)


def make_raw_datasets(root):
    """Every registered data set's tiny raw files under ``root``, each from its own seed (its place in the registry)."""
    for seed, spec in enumerate(DATASETS.values()):
        make_raw_dataset(root, spec, seed)
    return root
