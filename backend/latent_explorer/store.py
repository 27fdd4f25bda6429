"""What the server holds per data set: its served model, its points and their served bytes, a k-d tree over the
points, and the raw images with their atlases once they are there. No torch here.

Each data set loads on its own: a missing or corrupt file makes that one unavailable, with
a message naming the file and the command that rebuilds it, while the others still serve.
The checks tie the served model to one checkpoint without reading it (serving has no torch,
and an installed wheel carries no checkpoints): the model card and the export manifest both
record the checkpoint's checksum, and the manifest records the checksums of the ONNX graphs
exported from it. Where the checkpoint is there too (a checkout), it must be that one.
"""
import hashlib
import json
from functools import lru_cache

import numpy as np

from latent_explorer.atlas import SHIPPED_GRID, Atlases
from latent_explorer.datasets import DATASETS, split_name
from latent_explorer.files import sha256_of
from latent_explorer.images import grey_levels, png_data_uri, png_data_uris
from latent_explorer.latent_view import principal_view
from latent_explorer.extras import ClassMap, Timeline, charted_history, load_class_map, load_timeline
from latent_explorer.layout import (DECODER, ENCODER, LABELS, LATENTS, MANIFEST, STDS, card_path,
                                    checkpoint_path, points_dir, rebuild_hint)
from latent_explorer.model_card import ModelCardError, read_card
from latent_explorer.neighbors import latent_tree
from latent_explorer.originals import Originals
from latent_explorer.served_files import DatasetUnavailable, parse_array, served_file
from latent_explorer.served_model import ServedModel, session

# Samples kept per data set (about 1.5 KB each): a hover that returns to a point costs no decode.
SAMPLE_CACHE_SIZE = 4096


class LoadedDataset:
    def __init__(self, spec, model, card, latents, labels, stds, train_count, files, originals, graphs,
                 sample_cache_size=SAMPLE_CACHE_SIZE, grid=SHIPPED_GRID, class_map=ClassMap(), timeline=Timeline()):
        self.spec, self.model, self.card = spec, model, card
        self.latents, self.labels, self.train_count = latents, labels, train_count  # (N, d) float32, (N,) uint8
        self.stds = stds  # (N, d) float32: the posterior's standard deviation around each point, or None
        self.files = files  # "latents.npy" / "labels.npy" / "stds.npy" (when there) -> ServedFile
        # "encoder.onnx" (when there) / "decoder.onnx" / "classifier.onnx" (when there) -> (path, sha256 of what was loaded)
        self.graphs = graphs
        self.class_map, self.timeline = class_map, timeline
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
                "timeline": self.timeline.description and {**self.timeline.description, "first_index": self.train_count,
                                                            "history": charted_history(self.card.data.get("history", []))},
                "timeline_missing": self.timeline.missing,
                # Why not, and how to add them, while they are not there.
                "originals_missing": None if self.originals.images() is not None else self.originals.missing_message()}

    def original_image(self, index):
        """uint8 ``(H, W[, C])`` of the original image at ``index``, or None when there is none."""
        return self.originals.image(index)

    def _sample(self, index, classify=False):
        """A data point's answer; with ``classify``, the class its reconstruction reads as, from the same decode."""
        latent = self.latents[index]
        original = self.original_image(index)
        images = self.model.decode(latent[None])
        answer = {
            "index": index,
            "label": int(self.labels[index]),
            "split": split_name(index, self.train_count),
            "latent": latent.tolist(),
            "std": None if self.stds is None else self.stds[index].tolist(),
            "reconstruction": png_data_uris(grey_levels(images))[0],
            "original": None if original is None else png_data_uri(original),
        }
        if classify:
            answer["class_read"] = self.class_map.classifier.classes_read(images)[0]
        return answer


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
    files = {name: served_file(folder / name, points_fix) for name in (LATENTS, LABELS, STDS)}
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
    class_map = load_class_map(spec, folder, manifest["files"][DECODER], files, graphs)
    timeline = load_timeline(spec, folder, card.checkpoint_sha256, len(latents) - train_count, files, graphs)
    return LoadedDataset(spec, model, card, latents, labels, stds, train_count, files,
                         Originals(spec, data_root, train_count, len(latents)), graphs, sample_cache_size,
                         class_map=class_map, timeline=timeline)


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
