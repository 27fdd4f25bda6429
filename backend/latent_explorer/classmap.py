"""The class map: what the decoder draws all over the latent space as the data set's classifier reads it, beside
where the data lies, on one regular lattice over the cloud's box. No torch.

``classmap.npy`` is uint8 ``(S, S, S, 2 + C)`` indexed ``[z, y, x, channel]`` (x varies fastest, the order a
WebGL 3-D texture is uploaded in): channel 0 is the class the classifier reads in the image decoded at the
cell's centre, 1 its confidence (the class's probability x 255), and 2 + c class c's density of data points
there, scaled so that 255 is the highest density of any class anywhere on the lattice. ``classmap.json``
describes the lattice (its corners, size and kernel), ties the map to the decoder and classifier it was
made with (their checksums), and summarises it: the share of the lattice each class takes and where the
decoder and the data disagree.
"""
import io
import json
import time

import numpy as np
from scipy.ndimage import gaussian_filter

from latent_explorer.files import atomic_path, sha256_of, write_json
from latent_explorer.layout import CLASSIFIER, CLASSMAP, CLASSMAP_INFO, DECODER, LABELS, LATENTS
from latent_explorer.served_model import ServedClassifier, ServedModel, session

# 64 cells a side: 262,144 decoded images, about a minute here; a cell is about 0.1 latent units across a cloud
# some 7 units wide, finer than the blur of a decoded image, and the map is 3 MB before gzip. 32 would miss
# the thin borders between classes; 128 would take eight times as long and as many bytes.
LATTICE = 64
# The density's Gaussian kernel, in latent units: about 1.5 cells, which smooths the ~6,000 points of a class into
# a continuous field over 262,144 cells, and stays well below a class cluster's own spread (about 1 unit).
KERNEL_SIGMA = 0.15
# The share of the points (per axis) left outside the lattice's box: 0.2%, as the page frames the cloud.
BOX_OUTSIDE = 0.002
# A cell holds data when its densest class reaches this share of the highest density: the data mode's cells, and
# the only cells where the decoder and the data can disagree.
DATA_FLOOR = 0.02
BATCH = 4096  # decoded and read at once: 13 MB of images


class ClassMapError(Exception):
    """The class map cannot be built: a file it needs is missing or unreadable; the message says which and how."""


def cloud_box(latents):
    """``(low, high)`` float64 ``(3,)``: the box that holds all but the farthest BOX_OUTSIDE of the points on each
    axis (half below, half above). The whole bounding box of MNIST's points is 11.4 x 10.0 x 8.7 units for a cloud
    that is mostly within 6 x 6 x 6: a few far points would spend half the cells on empty space and make the
    slice far larger than the cloud the page frames."""
    low, high = np.percentile(latents, [50 * BOX_OUTSIDE, 100 - 50 * BOX_OUTSIDE], axis=0)
    return low.astype(np.float64), high.astype(np.float64)


def lattice_centres(low, high, size):
    """The ``size``³ cell centres of the box ``low``..``high`` (each ``(3,)``), float32 ``(size³, 3)``, x fastest."""
    axes = [low[axis] + (np.arange(size) + 0.5) * (high[axis] - low[axis]) / size for axis in range(3)]
    z, y, x = np.meshgrid(axes[2], axes[1], axes[0], indexing="ij")
    return np.stack([x.ravel(), y.ravel(), z.ravel()], axis=1).astype(np.float32)


def read_lattice(model, classifier, centres):
    """The class the classifier reads in the image decoded at each of ``centres``, and its confidence."""
    read = [classifier.read(model.decode(centres[start:start + BATCH])) for start in range(0, len(centres), BATCH)]
    return np.concatenate([classes for classes, _ in read]), np.concatenate([confidences for _, confidences in read])


def class_densities(latents, labels, class_count, low, high, size, sigma=KERNEL_SIGMA):
    """float ``(C, size, size, size)`` [class, z, y, x]: each class's points counted into the lattice's cells, then
    smoothed by a Gaussian of ``sigma`` latent units (in cells, per axis, as the cells need not be cubes)."""
    cell = (np.asarray(high) - np.asarray(low)) / size
    sigma_cells = (sigma / cell)[::-1]  # z, y, x
    edges = [np.linspace(low[axis], high[axis], size + 1) for axis in (2, 1, 0)]
    densities = np.zeros((class_count, size, size, size))
    for label in range(class_count):
        mine = latents[labels == label]
        counts, _ = np.histogramdd(mine[:, ::-1], bins=edges)
        densities[label] = gaussian_filter(counts, sigma_cells, mode="constant")
    return densities


def build_classmap(model, classifier, latents, labels, class_count, size=LATTICE, sigma=KERNEL_SIGMA):
    """``(classmap uint8 (S, S, S, 2 + C), description)`` of the decoder ``model`` read by ``classifier`` over the
    box of ``latents`` ``(N, 3)`` (cloud_box), with the densities of their ``labels``."""
    low, high = cloud_box(latents)
    classes, confidences = read_lattice(model, classifier, lattice_centres(low, high, size))
    densities = class_densities(latents, labels, class_count, low, high, size, sigma)
    scaled = densities / densities.max()
    array = np.empty((size, size, size, 2 + class_count), np.uint8)
    array[..., 0] = classes.reshape(size, size, size)
    array[..., 1] = np.round(confidences * 255).reshape(size, size, size)
    array[..., 2:] = np.round(np.moveaxis(scaled, 0, -1) * 255)
    return array, {"size": size, "low": low.round(6).tolist(), "high": high.round(6).tolist(),
                   "kernel_sigma": sigma, "data_floor": DATA_FLOOR, **summary(array, class_count)}


def summary(array, class_count):
    """The share of the lattice each class takes as the decoder draws it, as the data has it (of the cells with
    data), and the cells with data where the two disagree."""
    read, densities = array[..., 0].ravel(), array[..., 2:].reshape(-1, class_count)
    densest = densities.argmax(axis=1)
    with_data = densities.max(axis=1) >= DATA_FLOOR * 255
    disagree = with_data & (read != densest)
    return {"decoder_shares": _shares(read, class_count), "data_shares": _shares(densest[with_data], class_count),
            "cells_with_data": int(with_data.sum()), "disagreeing_cells": int(disagree.sum()),
            "disagreeing_share": round(float(disagree.sum() / max(1, with_data.sum())), 4)}


def _shares(classes, class_count):
    return [round(float(share), 4) for share in np.bincount(classes, minlength=class_count) / max(1, len(classes))]


def write_classmap(folder, spec, size=LATTICE):
    """Build the map of the data set ``spec`` exported in ``folder`` and write classmap.npy, then classmap.json, each
    atomically; return the description."""
    started = time.perf_counter()
    try:
        latents, labels = (np.load(folder / name, allow_pickle=False) for name in (LATENTS, LABELS))
        decoder_graph, classifier_graph = ((folder / name).read_bytes() for name in (DECODER, CLASSIFIER))
    except (OSError, ValueError) as error:
        missing = getattr(error, "filename", None) or str(error)
        fix = (f"train the classifier with: latent-explorer train-classifier {spec.id}"
               if str(missing).endswith(CLASSIFIER) else f"export first: latent-explorer export {spec.id}")
        raise ClassMapError(f"cannot read {missing} ({getattr(error, 'strerror', None) or error}); {fix}") from None
    if latents.ndim != 2 or latents.shape[1] != 3:
        raise ClassMapError(f"{folder / LATENTS} holds {latents.shape} points; the class map is of a 3-D latent")
    model = ServedModel(None, session(decoder_graph))
    classifier = ServedClassifier(session(classifier_graph))
    if classifier.classes != len(spec.classes):
        raise ClassMapError(f"{folder / CLASSIFIER} reads {classifier.classes} classes, {spec.title} has "
                            f"{len(spec.classes)}; train it again: latent-explorer train-classifier {spec.id}")
    array, description = build_classmap(model, classifier, latents, labels, len(spec.classes), size)
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    with atomic_path(folder / CLASSMAP) as temporary:
        temporary.write_bytes(buffer.getvalue())
    description = {"dataset": spec.id, "shape": list(array.shape), **description,
                   "decoder_sha256": sha256_of(folder / DECODER), "classifier_sha256": sha256_of(folder / CLASSIFIER),
                   "build_seconds": round(time.perf_counter() - started, 1), "bytes": len(buffer.getvalue())}
    write_json(folder / CLASSMAP_INFO, description)
    return description


def read_description(folder):
    """classmap.json of ``folder`` as a dict; raise ClassMapError when it is missing or unreadable."""
    try:
        return json.loads((folder / CLASSMAP_INFO).read_text())
    except (OSError, ValueError) as error:
        raise ClassMapError(f"{folder / CLASSMAP_INFO} is missing or unreadable ({error})") from None
