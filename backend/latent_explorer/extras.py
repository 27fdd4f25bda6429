"""A shipped data set's optional parts, each served when its files are there and tie to the exported decoder, and
otherwise left out with why and the command that makes it: the class map (train-classifier, then classmap) and
the timeline (train --timeline, then export). No torch."""
import hashlib
import json
from dataclasses import dataclass

import numpy as np

from latent_explorer.classmap import ClassMapError, read_description
from latent_explorer.layout import CLASSIFIER, CLASSMAP, TIMELINE_DIR, TIMELINE_INFO, TIMELINE_POINTS
from latent_explorer.served_files import DatasetUnavailable, ServedFile, parse_array
from latent_explorer.served_model import ServedClassifier, ServedModel, session

# What the listing says of a class map: its lattice and what it shows, not the checksums that tie it to its graphs.
CLASSMAP_LISTED = ("shape", "size", "low", "high", "kernel_sigma", "data_floor", "decoder_shares", "data_shares",
                   "cells_with_data", "disagreeing_cells", "disagreeing_share")
# A map's 3 MB take 0.8 s to gzip at level 9 and 0.07 s at 6, which is 6% larger: level 9 had doubled start-up.
CLASSMAP_GZIP_LEVEL = 6
# What the page's loss chart shows of each epoch in the model card's history; a card from before the timeline lacks
# test_knn5, listed as None.
CHARTED = ("test_loss", "test_reconstruction", "test_kl", "test_knn5")

@dataclass(frozen=True)
class ClassMap:
    """A data set's class-map parts: the classifier (a ServedClassifier, or None), the map's description
    (classmap.json, or None; its ServedFile is the data set's ``files["classmap.npy"]``), and, while either is not
    there, why not and the command that makes it."""
    classifier: object = None
    description: dict = None
    missing: str = "class maps are made for the shipped data sets (latent-explorer train-classifier, then classmap)"


def load_class_map(spec, folder, decoder_digest, files, graphs):
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
        served = ServedFile.of(folder / CLASSMAP, CLASSMAP_GZIP_LEVEL)
        array = parse_array(served.raw, folder / CLASSMAP, np.uint8, 4, "")
        size = description["size"]
        if array.shape != (size, size, size, 2 + len(spec.classes)):
            raise ClassMapError(f"{folder / CLASSMAP} holds {array.shape}, not the lattice its description says")
    except (ClassMapError, DatasetUnavailable, OSError, KeyError, TypeError) as error:
        return ClassMap(classifier, missing=f"no class map to show ({str(error).rstrip('; ')}); make it with: {make}")
    files[CLASSMAP] = served
    return ClassMap(classifier, {key: description[key] for key in CLASSMAP_LISTED}, None)


@dataclass(frozen=True)
class Timeline:
    """A data set's timeline: the kept decoders (epoch -> ServedModel), the listing's description, or why not. Its
    points (``timeline.npy``) are the data set's ``files["timeline.npy"]``."""
    decoders: dict = None
    description: dict = None
    missing: str = "timelines are recorded for the shipped data sets (latent-explorer train <id> --timeline)"


def load_timeline(spec, folder, checkpoint_sha256, test_count, files, graphs):
    """The timeline export copied to ``folder/timeline/``, adding its points to ``files`` and its decoders to ``graphs``
    (as ``timeline/<file>``, which publish keeps); one that is absent, broken,
    or recorded by another training run than ``checkpoint_sha256``'s leaves the data set served without it."""
    make = f"latent-explorer train {spec.id} --timeline, then latent-explorer export {spec.id}"
    path = folder / TIMELINE_DIR
    if not path.is_dir():
        return Timeline(missing=f"{spec.id} has no timeline yet; record one with: {make} (about an hour)")
    try:
        info = json.loads((path / TIMELINE_INFO).read_text())
        if info.get("checkpoint_sha256") != checkpoint_sha256:
            raise ValueError("it was recorded by another training run than the served model's")
        served = ServedFile.of(path / TIMELINE_POINTS)
        points = parse_array(served.raw, path / TIMELINE_POINTS, np.float16, 3, "")
        if points.shape != (info["epochs"] + 1, test_count, 3):
            raise ValueError(f"{TIMELINE_POINTS} holds {points.shape}, not {info['epochs'] + 1} epochs of the "
                             f"{test_count} test points")
        kept = sorted(info["decoders"].items(), key=lambda item: int(item[0]))
        decoder_graphs = {name: (path / name).read_bytes() for _, name in kept}
        decoders = {int(epoch): ServedModel(None, session(decoder_graphs[name])) for epoch, name in kept}
    except Exception as error:  # a file missing or unreadable, or a graph ONNX Runtime cannot load
        reason = " ".join(str(error).split())[:300].rstrip("; ")
        return Timeline(missing=f"the timeline in {path} cannot be served ({reason}); record it again with: {make}")
    files[TIMELINE_POINTS] = served
    graphs.update({f"{TIMELINE_DIR}/{name}": (path / name, hashlib.sha256(data).hexdigest())
                   for name, data in decoder_graphs.items()})
    return Timeline(decoders, {"epochs": info["epochs"], "decoders": list(decoders), "points": test_count,
                               "epoch_0": info["epoch_0"]}, None)


def charted_history(history):
    """The chart's figures of each epoch in a model card's ``history``: [{epoch, test_loss, ..., test_knn5}], a figure
    the card lacks as None."""
    return [{"epoch": entry["epoch"], **{key: entry.get(key) for key in CHARTED}} for entry in history]
