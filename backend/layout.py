"""Where every file of the data path lives, and the one command that rebuilds each missing one."""
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
FRONTEND_DIR = REPO_ROOT / "frontend"
DEFAULT_MODELS_DIR = REPO_ROOT / "models"
DEFAULT_POINTS_DIR = REPO_ROOT / "data"
DATA_ROOT_ENV = "LATENT_EXPLORER_DATA"

# What `export` writes to data/<id>/ from one checkpoint: the points the page draws (posterior
# means and labels), the posterior standard deviations the page fetches only to show uncertainty,
# the encoder and decoder the server runs, and last the manifest that ties them to the checkpoint.
LATENTS = "latents.npy"
LABELS = "labels.npy"
STDS = "stds.npy"
ENCODER = "encoder.onnx"
DECODER = "decoder.onnx"
MANIFEST = "manifest.json"


def default_data_root():
    """torchvision's root for raw downloads: $LATENT_EXPLORER_DATA, else ``data/raw``.

    Raw downloads live apart from the exported points in ``data/<id>/``: on a
    case-insensitive file system ``data/MNIST`` and ``data/mnist`` would be one folder.
    """
    return Path(os.environ.get(DATA_ROOT_ENV) or DEFAULT_POINTS_DIR / "raw")


def checkpoint_path(models_dir, dataset_id):
    return Path(models_dir) / f"{dataset_id}.pt"


def card_path(models_dir, dataset_id):
    return Path(models_dir) / f"{dataset_id}.json"


def points_dir(points_root, dataset_id):
    """The folder of everything `export` writes for a data set (``data/<id>/``)."""
    return Path(points_root) / dataset_id


def rebuild_hint(dataset_id, artefact):
    """How to rebuild a missing or broken ``artefact``: 'model' (checkpoint or card) or 'points' (what export writes)."""
    if artefact == "model":
        command = (f"latent-explorer train {dataset_id} && latent-explorer evaluate {dataset_id} "
                   f"&& latent-explorer export {dataset_id}")
    else:
        command = f"latent-explorer export {dataset_id}"
    return f"rebuild it with: {command}"
