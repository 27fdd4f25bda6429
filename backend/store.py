"""What the server holds per data set: its model, its points and their served bytes.

Each data set loads on its own: a missing or corrupt file makes that one unavailable, with
a message naming the file and the command that rebuilds it, while the others still serve.
"""
import gzip
import hashlib
import io
import json
import threading
from dataclasses import dataclass, field

import numpy as np

from backend.datasets import DATASETS, DatasetNotFound, load_split
from backend.files import sha256_of
from backend.layout import card_path, checkpoint_path, points_dir, rebuild_hint
from backend.model import CheckpointError, load_model


class DatasetUnavailable(Exception):
    """A data set's files are missing or inconsistent; the message says which and how to rebuild."""


@dataclass(frozen=True)
class ServedFile:
    """A file's bytes, its gzip-compressed bytes and a strong ETag, computed once at start-up."""
    raw: bytes
    compressed: bytes
    etag: str

    @classmethod
    def of(cls, path):
        raw = path.read_bytes()
        # mtime=0 keeps the compressed bytes, and so their ETag, the same across restarts.
        return cls(raw, gzip.compress(raw, compresslevel=9, mtime=0), hashlib.sha256(raw).hexdigest()[:32])


@dataclass
class LoadedDataset:
    spec: object
    model: object
    card: dict
    latents: np.ndarray  # (N, 3) float32
    labels: np.ndarray  # (N,) uint8
    train_count: int
    files: dict  # "latents.npy" / "labels.npy" -> ServedFile
    data_root: object = None
    _originals: object = field(default=None, repr=False)
    _originals_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def summary(self):
        return {"id": self.spec.id, "title": self.spec.title, "classes": list(self.spec.classes),
                "count": len(self.latents), "train_count": self.train_count,
                "latent_dim": self.latents.shape[1], "metrics": self.card.get("metrics", {})}

    def original_image(self, index):
        """uint8 ``(28, 28)`` of the raw image at ``index``, or None when the raw data set is absent."""
        with self._originals_lock:
            if self._originals is None:
                try:
                    self._originals = [load_split(self.spec.id, train, self.data_root, download=False)[0]
                                       for train in (True, False)]
                except DatasetNotFound:
                    self._originals = False
        if self._originals is False:
            return None
        train_images, test_images = self._originals
        if index < self.train_count:
            return train_images[index].numpy()
        return test_images[index - self.train_count].numpy()


def load_dataset(spec, models_dir, points_root, data_root=None):
    """Load and cross-check one data set's checkpoint, model card and points; raise DatasetUnavailable."""
    model_file, card_file = checkpoint_path(models_dir, spec.id), card_path(models_dir, spec.id)
    model_fix = rebuild_hint(spec.id, "model")
    try:
        model = load_model(model_file)
    except CheckpointError as error:
        raise DatasetUnavailable(f"{error}; {model_fix}") from None
    try:
        card = json.loads(card_file.read_text())
        card_architecture = {key: card["architecture"][key] for key in model.architecture()}
        recorded_digest = card["checkpoint_sha256"]
        train_count = int(card["training"]["train_images"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DatasetUnavailable(f"model card {card_file} is missing or unreadable ({error!r}); {model_fix}") from None
    if card_architecture != model.architecture() or recorded_digest != sha256_of(model_file):
        raise DatasetUnavailable(f"model card {card_file} does not describe checkpoint {model_file} "
                                 f"(architecture or checksum differ); {model_fix}")

    folder = points_dir(points_root, spec.id)
    points_fix = rebuild_hint(spec.id, "points")
    files = {name: _served_file(folder / name, points_fix) for name in ("latents.npy", "labels.npy")}
    latents = _parse_array(files["latents.npy"].raw, folder / "latents.npy", np.float32, 2, points_fix)
    labels = _parse_array(files["labels.npy"].raw, folder / "labels.npy", np.uint8, 1, points_fix)
    if latents.shape[1] != model.latent_dim or not np.all(np.isfinite(latents)):
        raise DatasetUnavailable(f"{folder / 'latents.npy'} must hold finite (N, {model.latent_dim}) points, "
                                 f"found shape {latents.shape}; {points_fix}")
    if len(labels) != len(latents) or (len(labels) and labels.max() >= len(spec.classes)):
        raise DatasetUnavailable(f"{folder / 'labels.npy'} must hold {len(latents)} labels below "
                                 f"{len(spec.classes)}, one per point in latents.npy; {points_fix}")
    if not 0 < train_count <= len(latents):
        raise DatasetUnavailable(f"{folder / 'latents.npy'} holds {len(latents)} points, fewer than the "
                                 f"{train_count} training images of {card_file}; {points_fix}")
    return LoadedDataset(spec, model, card, latents, labels, train_count, files, data_root)


def _served_file(path, fix):
    try:
        return ServedFile.of(path)
    except FileNotFoundError:
        raise DatasetUnavailable(f"points file {path} does not exist; {fix}") from None
    except OSError as error:
        raise DatasetUnavailable(f"points file {path} cannot be read ({error}); {fix}") from None


def _parse_array(raw, path, dtype, ndim, fix):
    """The array in the bytes served for ``path``: parsed from them, so that the API serves exactly what was checked."""
    try:
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    except (OSError, ValueError) as error:
        raise DatasetUnavailable(f"points file {path} is not a valid .npy file ({error}); {fix}") from None
    if array.dtype != dtype or array.ndim != ndim:
        raise DatasetUnavailable(f"points file {path} must be {np.dtype(dtype).name} with {ndim} dimension(s), "
                                 f"found {array.dtype} {array.shape}; {fix}")
    return array


def load_all(models_dir, points_root, data_root=None):
    """Return ``(available, unavailable)``: id -> LoadedDataset, and id -> error message."""
    available, unavailable = {}, {}
    for spec in DATASETS.values():
        try:
            available[spec.id] = load_dataset(spec, models_dir, points_root, data_root)
        except DatasetUnavailable as error:
            unavailable[spec.id] = str(error)
    return available, unavailable
