"""Where each artefact of the data path lives, and the command that rebuilds it."""
from pathlib import Path

from backend.datasets import REPO_ROOT

DEFAULT_MODELS_DIR = REPO_ROOT / "models"
DEFAULT_POINTS_DIR = REPO_ROOT / "data"


def checkpoint_path(models_dir, dataset_id):
    return Path(models_dir) / f"{dataset_id}.pt"


def card_path(models_dir, dataset_id):
    return Path(models_dir) / f"{dataset_id}.json"


def points_dir(points_root, dataset_id):
    return Path(points_root) / dataset_id


def rebuild_hint(dataset_id, artefact):
    """The command a user runs to rebuild ``artefact`` ('model' or 'points')."""
    if artefact == "model":
        return (f"latent-explorer train {dataset_id} && latent-explorer evaluate {dataset_id} "
                f"&& latent-explorer export {dataset_id}")
    return f"latent-explorer export {dataset_id}"
