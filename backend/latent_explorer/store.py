"""What the server holds per data set: its served model, its points and their served bytes, a k-d tree over the
points, and the raw images with their atlases once they are there. No torch here.

Each data set loads on its own: a missing or corrupt file makes that one unavailable, with
a message naming the file and the command that rebuilds it, while the others still serve.
The checks tie the served model to one checkpoint without reading it (serving has no torch,
and an installed wheel carries no checkpoints): the model card and the export manifest both
record the checkpoint's checksum, and the manifest records the checksums of the ONNX graphs
exported from it. Where the checkpoint is there too (a checkout), it must be that one.
"""
import gzip
import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from latent_explorer.atlas import SHIPPED_GRID, Atlases
from latent_explorer.datasets import DATASETS, split_name
from latent_explorer.files import sha256_of
from latent_explorer.images import decode_to_data_uris, png_data_uri
from latent_explorer.latent_view import principal_view
from latent_explorer.classmap import ClassMapError, read_description
from latent_explorer.layout import (CLASSIFIER, CLASSMAP, DECODER, ENCODER, LABELS, LATENTS, MANIFEST, STDS, card_path,
                                    checkpoint_path, points_dir, rebuild_hint)
from latent_explorer.model_card import ModelCardError, read_card
from latent_explorer.neighbors import latent_tree
from latent_explorer.originals import Originals
from latent_explorer.served_model import ServedClassifier, ServedModel, session

# What the listing says of a class map: its lattice and what it shows, not the checksums that tie it to its graphs.
CLASSMAP_LISTED = ("shape", "size", "low", "high", "kernel_sigma", "data_floor", "decoder_shares", "data_shares",
                   "cells_with_data", "disagreeing_cells", "disagreeing_share")
# Samples kept per data set (about 1.5 KB each): a hover that returns to a point costs no decode.
SAMPLE_CACHE_SIZE = 4096


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


@dataclass(frozen=True)
class ClassMap:
    """A data set's class-map parts: the classifier (a ServedClassifier, or None), the map's description
    (classmap.json, or None; its ServedFile is the data set's ``files["classmap.npy"]``), and, while either is not
    there, why not and the command that makes it."""
    classifier: object = None
    description: dict = None
    missing: str = "class maps are made for the shipped data sets (latent-explorer train-classifier, then classmap)"


class LoadedDataset:
    def __init__(self, spec, model, card, latents, labels, stds, train_count, files, originals, graphs,
                 sample_cache_size=SAMPLE_CACHE_SIZE, grid=SHIPPED_GRID, class_map=ClassMap()):
        self.spec, self.model, self.card = spec, model, card
        self.latents, self.labels, self.train_count = latents, labels, train_count  # (N, d) float32, (N,) uint8
        self.stds = stds  # (N, d) float32: the posterior's standard deviation around each point, or None
        self.files = files  # "latents.npy" / "labels.npy" / "stds.npy" (when there) -> ServedFile
        # "encoder.onnx" (when there) / "decoder.onnx" / "classifier.onnx" (when there) -> (path, sha256 of what was loaded)
        self.graphs = graphs
        self.class_map = class_map
        self.originals = originals  # an Originals: the raw images, found when they arrive
        self.tree = latent_tree(latents)  # for the nearest neighbours of any position
        self.atlases = Atlases(originals, len(latents), grid)
        # The page's default view of a latent of more than three dimensions.
        self.view = principal_view(latents) if latents.shape[1] > 3 else None
        # A sample is a fixed function of its index, so a cached one is the same answer, until the originals arrive.
        self.sample = lru_cache(maxsize=sample_cache_size)(self._sample)
        originals.when_found(self.sample.cache_clear)

    def summary(self):
        return {"id": self.spec.id, "title": self.spec.title, "classes": list(self.spec.classes),
                "count": len(self.latents), "train_count": self.train_count,
                "latent_dim": self.latents.shape[1], "metrics": self.card.metrics,
                "kind": self.spec.kind, "image_shape": list(self.model.layout.shape),
                "encoder": self.model.can_encode, "stds": self.stds is not None, "view": self.view,
                "originals": self.originals.images() is not None,
                "classifier": self.class_map.classifier is not None, "classmap": self.class_map.description,
                "classmap_missing": self.class_map.missing,
                # Why not, and how to add them, while they are not there.
                "originals_missing": None if self.originals.images() is not None else self.originals.missing_message()}

    def original_image(self, index):
        """uint8 ``(H, W[, C])`` of the original image at ``index``, or None when there is none."""
        return self.originals.image(index)

    def _sample(self, index):
        latent = self.latents[index]
        original = self.original_image(index)
        return {
            "index": index,
            "label": int(self.labels[index]),
            "split": split_name(index, self.train_count),
            "latent": latent.tolist(),
            "std": None if self.stds is None else self.stds[index].tolist(),
            "reconstruction": decode_to_data_uris(self.model, latent[None])[0],
            "original": None if original is None else png_data_uri(original),
        }


def load_dataset(spec, models_dir, points_root, data_root=None, sample_cache_size=SAMPLE_CACHE_SIZE):
    """Load and cross-check one data set's checkpoint, model card, points and served model; raise DatasetUnavailable."""
    model_file, card_file = checkpoint_path(models_dir, spec.id), card_path(models_dir, spec.id)
    model_fix, points_fix = rebuild_hint(spec.id, "model"), rebuild_hint(spec.id, "points")
    try:
        card = read_card(card_file)
    except ModelCardError as error:
        raise DatasetUnavailable(f"{error}; {model_fix}") from None
    if model_file.exists() and sha256_of(model_file) != card.checkpoint_sha256:
        raise DatasetUnavailable(f"model file {model_file} is not the checkpoint that model card {card_file} "
                                 f"records (their checksums differ: a damaged file, or a card from another run); "
                                 f"{model_fix}")
    train_count = card.train_count

    folder = points_dir(points_root, spec.id)
    files = {name: _served_file(folder / name, points_fix) for name in (LATENTS, LABELS, STDS)}
    latents = parse_array(files[LATENTS].raw, folder / LATENTS, np.float32, 2, points_fix)
    labels = parse_array(files[LABELS].raw, folder / LABELS, np.uint8, 1, points_fix)
    stds = parse_array(files[STDS].raw, folder / STDS, np.float32, 2, points_fix)
    manifest = _manifest(folder, card, card_file, points_fix)
    if {key: card.architecture.get(key) for key in manifest["architecture"]} != manifest["architecture"]:
        raise DatasetUnavailable(f"model card {card_file} does not describe the model exported to {folder} "
                                 f"(their architectures differ); {model_fix}")
    sessions = {name: _session(folder / name, manifest, points_fix) for name in (ENCODER, DECODER)}
    model = ServedModel(sessions[ENCODER], sessions[DECODER])

    if latents.shape[1] != model.latent_dim or not np.all(np.isfinite(latents)):
        raise DatasetUnavailable(f"{folder / LATENTS} must hold finite (N, {model.latent_dim}) points, "
                                 f"found shape {latents.shape}; {points_fix}")
    if len(labels) != len(latents) or (len(labels) and labels.max() >= len(spec.classes)):
        raise DatasetUnavailable(f"{folder / LABELS} must hold {len(latents)} labels below "
                                 f"{len(spec.classes)}, one per point in {LATENTS}; {points_fix}")
    if stds.shape != latents.shape:
        raise DatasetUnavailable(f"{folder / STDS} must hold {latents.shape} standard deviations, one row per point "
                                 f"in {LATENTS}, found shape {stds.shape}; {points_fix}")
    # Export writes exp(log_variance / 2): a value that is zero, negative or not finite came from elsewhere.
    not_positive = ~(np.isfinite(stds) & (stds > 0))
    if not_positive.any():
        raise DatasetUnavailable(f"{folder / STDS} must hold finite positive standard deviations, found "
                                 f"{int(not_positive.sum())} that are not (the first: {stds[not_positive][0]}); "
                                 f"{points_fix}")
    if not 0 < train_count <= len(latents):
        raise DatasetUnavailable(f"{folder / LATENTS} holds {len(latents)} points, fewer than the "
                                 f"{train_count} training images of {card_file}; {points_fix}")
    graphs = {name: (folder / name, manifest["files"][name]) for name in (ENCODER, DECODER)}
    class_map = _class_map(spec, folder, manifest["files"][DECODER], files, graphs)
    return LoadedDataset(spec, model, card, latents, labels, stds, train_count, files,
                         Originals(spec, data_root, train_count, len(latents)), graphs, sample_cache_size,
                         class_map=class_map)


def _class_map(spec, folder, decoder_digest, files, graphs):
    """The class map's parts in ``folder``, adding its files to ``files`` and ``graphs``. Its absence, or a map
    made with another decoder or classifier, leaves the data set served without it, saying why."""
    make = f"latent-explorer classmap {spec.id}"
    try:
        classifier_graph = (folder / CLASSIFIER).read_bytes()
        classifier = ServedClassifier(session(classifier_graph))
    except FileNotFoundError:
        return ClassMap(missing=f"{spec.id} has no classifier yet; make the class map with: latent-explorer "
                                f"train-classifier {spec.id} && {make}")
    except Exception as error:  # onnxruntime raises its own exception types for a graph it cannot load
        return ClassMap(missing=f"{folder / CLASSIFIER} cannot be run ({' '.join(str(error).split())[:200]}); "
                                f"train it again: latent-explorer train-classifier {spec.id}")
    classifier_digest = hashlib.sha256(classifier_graph).hexdigest()
    graphs[CLASSIFIER] = (folder / CLASSIFIER, classifier_digest)
    try:
        description = read_description(folder)
        if (description.get("decoder_sha256"), description.get("classifier_sha256")) != (decoder_digest,
                                                                                         classifier_digest):
            raise ClassMapError(f"{folder / CLASSMAP} was made with another decoder or classifier")
        served = ServedFile.of(folder / CLASSMAP)
        array = parse_array(served.raw, folder / CLASSMAP, np.uint8, 4, "")
        size = description["size"]
        if array.shape != (size, size, size, 2 + len(spec.classes)):
            raise ClassMapError(f"{folder / CLASSMAP} holds {array.shape}, not the lattice its description says")
    except (ClassMapError, DatasetUnavailable, OSError, KeyError, TypeError) as error:
        return ClassMap(classifier, missing=f"no class map to show ({str(error).rstrip('; ')}); make it with: {make}")
    files[CLASSMAP] = served
    return ClassMap(classifier, {key: description[key] for key in CLASSMAP_LISTED}, None)


def _manifest(folder, card, card_file, fix):
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text())
        recorded_digest = manifest["checkpoint_sha256"]
        if not (isinstance(manifest["files"], dict) and isinstance(manifest["architecture"], dict)):
            raise TypeError("'files' and 'architecture' must be objects")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DatasetUnavailable(f"export manifest {path} is missing or unreadable ({error!r}); {fix}") from None
    if recorded_digest != card.checkpoint_sha256:
        raise DatasetUnavailable(f"{path} records another checkpoint than model card {card_file}: the files beside "
                                 f"it were exported from another model; {fix}")
    return manifest


def _session(path, manifest, fix):
    try:
        graph = path.read_bytes()
    except OSError as error:
        raise DatasetUnavailable(f"exported file {path} cannot be read ({error.strerror}); {fix}") from None
    _check_digest(path, hashlib.sha256(graph).hexdigest(), manifest, fix)
    try:
        return session(graph)
    except Exception as error:  # onnxruntime raises its own exception types for a graph it cannot load
        raise DatasetUnavailable(f"exported file {path} is not an ONNX graph that ONNX Runtime can run "
                                 f"({' '.join(str(error).split())}); {fix}") from None


def _check_digest(path, digest, manifest, fix):
    if manifest["files"].get(path.name) != digest:
        raise DatasetUnavailable(f"{path} is not the file that export wrote (its checksum differs from "
                                 f"{path.parent / MANIFEST}); {fix}")


def _served_file(path, fix):
    try:
        return ServedFile.of(path)
    except FileNotFoundError:
        raise DatasetUnavailable(f"points file {path} does not exist; {fix}") from None
    except OSError as error:
        raise DatasetUnavailable(f"points file {path} cannot be read ({error}); {fix}") from None


def parse_array(raw, path, dtype, ndim, fix):
    """The array in the bytes served for ``path``: parsed from them, so that the API serves exactly what was checked."""
    try:
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    except (OSError, ValueError) as error:
        raise DatasetUnavailable(f"points file {path} is not a valid .npy file ({error}); {fix}") from None
    if array.dtype != dtype or array.ndim != ndim:
        raise DatasetUnavailable(f"points file {path} must be {np.dtype(dtype).name} with {ndim} dimension(s), "
                                 f"found {array.dtype} {array.shape}; {fix}")
    return array


def load_all(models_dir, points_root, data_root=None, sample_cache_size=SAMPLE_CACHE_SIZE, added_root=None):
    """Return ``(available, unavailable)``: id -> LoadedDataset, and id -> error message; the shipped data sets
    first, then the models added under ``added_root`` (None: none)."""
    from latent_explorer.added_store import load_all_added
    available, unavailable = {}, {}
    for spec in DATASETS.values():
        try:
            available[spec.id] = load_dataset(spec, models_dir, points_root, data_root, sample_cache_size)
        except DatasetUnavailable as error:
            unavailable[spec.id] = str(error)
    if added_root is not None:
        added, broken = load_all_added(added_root, sample_cache_size)
        available.update(added)
        unavailable.update(broken)
    return available, unavailable
