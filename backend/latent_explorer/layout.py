"""Where every file of the data path lives, and the one command that rebuilds each missing one.

Two kinds of place. What ships with the explorer (the page, the exported points and graphs, the
model cards) is read-only: in a checkout it sits at the top of the repository (``frontend/``,
``data/``, ``models/``); an installed wheel carries copies inside the package. What a copy
writes (downloaded raw data) goes to the data root: ``data/raw/`` in a checkout (git-ignored),
else the per-user folder ``home()``, so an installed copy never writes where it was installed.
"""
import os
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent
# backend/latent_explorer/ inside a checkout; site-packages/latent_explorer/ when installed.
_TOP = PACKAGE_DIR.parent.parent
CHECKOUT = _TOP if PACKAGE_DIR.parent.name == "backend" and (_TOP / "setup.cfg").is_file() else None
_SHIPPED = CHECKOUT or PACKAGE_DIR
FRONTEND_DIR = _SHIPPED / "frontend"
DEFAULT_MODELS_DIR = _SHIPPED / "models"
DEFAULT_POINTS_DIR = _SHIPPED / "data"

HOME_ENV = "LATENT_EXPLORER_HOME"
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
# The class map's (train-classifier, then classmap): the classifier the server runs, the lattice of what the
# decoder draws as it reads it, and the lattice's description, which ties it to the decoder and classifier.
CLASSIFIER = "classifier.onnx"
CLASSMAP = "classmap.npy"
CLASSMAP_INFO = "classmap.json"
# train --timeline's: the test posteriors through training and the decoder at a few epochs, in a folder of their own
# (<models>/<name>-timeline/, copied by export to data/<id>/timeline/), described by timeline.json.
TIMELINE_DIR = "timeline"
TIMELINE_POINTS = "timeline.npy"
TIMELINE_INFO = "timeline.json"


def home():
    """Where this copy writes what it downloads: $LATENT_EXPLORER_HOME, else the platform's per-user data folder
    (``~/.local/share/latent-explorer`` on Linux)."""
    return Path(os.environ.get(HOME_ENV) or platformdirs.user_data_dir("latent-explorer", appauthor=False))


def default_data_root():
    """torchvision's root for raw downloads: $LATENT_EXPLORER_DATA, else ``data/raw/`` in a checkout, else
    ``home()/raw``.

    Raw downloads live apart from the exported points in ``data/<id>/``: on a
    case-insensitive file system ``data/MNIST`` and ``data/mnist`` would be one folder.
    """
    if os.environ.get(DATA_ROOT_ENV):
        return Path(os.environ[DATA_ROOT_ENV])
    return CHECKOUT / "data" / "raw" if CHECKOUT else home() / "raw"


def written_models_dir():
    """Where `train` writes (and `evaluate` and `export` read) by default: the shipped ``models/`` in a checkout,
    which retraining replaces (scripts/reproduce.sh), else ``home()/models``."""
    return DEFAULT_MODELS_DIR if CHECKOUT else home() / "models"


def written_points_dir():
    """Where `export` writes by default: the shipped ``data/`` in a checkout, else ``home()/data``."""
    return DEFAULT_POINTS_DIR if CHECKOUT else home() / "data"


def raw_folder(spec, root):
    """The folder torchvision keeps a data set's raw files in: ``<root>/<Name>/raw/``."""
    return Path(root) / spec.folder_name / "raw"


def raw_data_fix(spec):
    """The sentence that says where the raw data of ``spec`` can come from instead."""
    return (f"point --data-root or ${DATA_ROOT_ENV} at a folder holding {spec.folder_name}/raw/, or download it "
            f"with: latent-explorer fetch {spec.id}")


def checkpoint_path(models_dir, dataset_id):
    return Path(models_dir) / f"{dataset_id}.pt"


def card_path(models_dir, dataset_id):
    return Path(models_dir) / f"{dataset_id}.json"


def classifier_paths(models_dir, dataset_id):
    """The class-map classifier's checkpoint and card: ``<id>-classifier.pt`` and ``.json``."""
    return Path(models_dir) / f"{dataset_id}-classifier.pt", Path(models_dir) / f"{dataset_id}-classifier.json"


def timeline_path(models_dir, name):
    """Where ``train --timeline`` writes the latent space through training: ``<name>-timeline/``."""
    return Path(models_dir) / f"{name}-timeline"


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
