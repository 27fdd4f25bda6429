"""Fixtures: tiny data sets in torchvision's layout, a tiny trained pipeline, and its app."""
import struct

import numpy as np
import pytest

from backend.app import create_app
from backend.cli import main as cli
from backend.datasets import DATASETS

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
        raw = root / spec.folder_name / "raw"
        write_idx(raw / f"{prefix}-images-idx3-ubyte", images)
        write_idx(raw / f"{prefix}-labels-idx1-ubyte", labels)


@pytest.fixture(scope="session")
def raw_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("raw")
    for seed, spec in enumerate(DATASETS.values()):
        make_raw_dataset(root, spec, seed)
    return root


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory, raw_root):
    """Run the real command line, train -> evaluate -> export, on the tiny data; return its folders."""
    models_dir = tmp_path_factory.mktemp("models")
    points_dir = tmp_path_factory.mktemp("points")
    for dataset_id in DATASETS:
        common = [dataset_id, "--models-dir", str(models_dir), "--data-root", str(raw_root)]
        assert cli(["train", *common, "--epochs", "2", "--batch-size", "50", "--hidden-sizes", "32", "16",
                    "--kl-warmup-epochs", "1", "--quiet"]) == 0
        assert cli(["evaluate", *common]) == 0
        assert cli(["export", *common, "--points-dir", str(points_dir)]) == 0
    return {"MODELS_DIR": models_dir, "POINTS_DIR": points_dir, "DATA_ROOT": raw_root}


@pytest.fixture
def app(pipeline):
    return create_app(pipeline)


@pytest.fixture
def client(app):
    return app.test_client()
