"""Fixtures: tiny data sets in torchvision's layout, a tiny trained pipeline, its app, and the real data sets."""
import os
from pathlib import Path

import pytest

from latent_explorer.app import create_app
from latent_explorer.cli import main as cli
from latent_explorer.datasets import DATASETS
from latent_explorer.layout import DATA_ROOT_ENV, REPO_ROOT
from latent_explorer.tools import harness
from tiny_data import make_raw_dataset


@pytest.fixture(scope="session")
def real_data_root():
    """The official raw data sets: $LATENT_EXPLORER_DATA, else ``../shared/datasets`` beside the repository.

    Tests that need them skip, saying where they looked, when neither holds them.
    """
    root = harness.real_data_root()
    if root is None:
        looked = Path(os.environ.get(DATA_ROOT_ENV) or REPO_ROOT.parent / "shared" / "datasets")
        pytest.skip(f"needs the raw data sets (MNIST/raw/, FashionMNIST/raw/) in {looked}; set ${DATA_ROOT_ENV}")
    return root


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
                    "--kl-warmup-epochs", "1", "--threads", "1", "--quiet"]) == 0
        assert cli(["evaluate", *common]) == 0
        assert cli(["export", *common, "--points-dir", str(points_dir)]) == 0
    return {"MODELS_DIR": models_dir, "POINTS_DIR": points_dir, "DATA_ROOT": raw_root}


@pytest.fixture
def app(pipeline):
    return create_app(pipeline)


@pytest.fixture
def client(app):
    return app.test_client()
