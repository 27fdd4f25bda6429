"""What the browser tests and the screenshot script share beyond backend.harness: which
models and points the server runs on, and opening the page.

The server runs on the shipped models and points (models/, data/) unless
LATENT_EXPLORER_TEST_MODELS_DIR and LATENT_EXPLORER_TEST_POINTS_DIR point elsewhere.
"""
import os
from pathlib import Path

from backend.datasets import REPO_ROOT
from backend.harness import ServerProcess


def models_dir():
    return Path(os.environ.get("LATENT_EXPLORER_TEST_MODELS_DIR") or REPO_ROOT / "models")


def points_dir():
    return Path(os.environ.get("LATENT_EXPLORER_TEST_POINTS_DIR") or REPO_ROOT / "data")


def start_explorer_server(log_path, points=None):
    """The real server on the test models and ``points`` (default: the test points folder)."""
    return ServerProcess(log_path, ["--threads", 4, "--models-dir", models_dir(), "--points-dir", points or points_dir()])


def open_explorer(page, base_url, dataset="mnist", query=""):
    """Open the page and wait until the first frame of `dataset`'s points is drawn."""
    page.goto(f"{base_url}/{query}")
    page.wait_for_function("id => performance.getEntriesByName('cloud-drawn:' + id).length > 0", arg=dataset)
    return page
