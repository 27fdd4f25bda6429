"""Fixtures: tiny data sets in torchvision's layout, the tiny pipeline made from them, its app, and the real data sets.

The serving tests need no torch: the tiny pipeline's models, points and graphs are kept in
tests/fixtures/tiny/ (made by tests/fixtures/make_tiny.py). Tests marked ``torch`` train their
own with the same script, and are skipped, saying why, where torch is not installed.
"""
import importlib.util
import shutil

import pytest

from latent_explorer.app import create_app
from latent_explorer.layout import DATA_ROOT_ENV
from latent_explorer.tools import harness
from fixtures.make_tiny import FIXTURE, make_tiny
from tiny_data import make_raw_datasets

TORCH_MISSING = "needs torch, the training extra: bash scripts/setup.sh --train (bash scripts/test.sh installs it)"


def pytest_collection_modifyitems(items):
    if importlib.util.find_spec("torch") is None:
        for item in items:
            if "torch" in item.keywords:
                item.add_marker(pytest.mark.skip(reason=TORCH_MISSING))


@pytest.fixture(scope="session")
def real_data_root():
    """The official raw data sets: $LATENT_EXPLORER_DATA, else ``../shared/datasets`` beside the checkout.

    Tests that need them skip, saying where they looked, when neither holds them.
    """
    root = harness.real_data_root()
    if root is None:
        pytest.skip(f"needs the raw data sets (MNIST/raw/, FashionMNIST/raw/) in {harness.real_data_location()}; "
                    f"set ${DATA_ROOT_ENV}")
    return root


@pytest.fixture(scope="session")
def raw_root(tmp_path_factory):
    return make_raw_datasets(tmp_path_factory.mktemp("raw"))


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory, raw_root):
    """A copy of the kept tiny pipeline (tests may not change the fixture itself); return its folders."""
    root = tmp_path_factory.mktemp("tiny")
    for name in ("models", "points"):
        shutil.copytree(FIXTURE / name, root / name)
    (root / "added").mkdir()
    return {"MODELS_DIR": root / "models", "POINTS_DIR": root / "points", "DATA_ROOT": raw_root,
            "ADDED_DIR": root / "added"}


@pytest.fixture(scope="session")
def trained_pipeline(tmp_path_factory, raw_root):
    """The tiny pipeline trained now, through the real command line, by the script that made the fixture."""
    root = tmp_path_factory.mktemp("trained")
    make_tiny(root / "models", root / "points", raw_root)
    return {"MODELS_DIR": root / "models", "POINTS_DIR": root / "points", "DATA_ROOT": raw_root}


@pytest.fixture
def app(pipeline):
    return create_app(pipeline)


@pytest.fixture
def client(app):
    return app.test_client()
