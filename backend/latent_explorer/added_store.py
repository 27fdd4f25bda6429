"""An added model as the server holds it: the folder `latent-explorer add` wrote, loaded like a shipped data set.

Everything was checked when it was added; loading checks again only what could have changed since (a file
gone or damaged), and names the folder and the command that fixes it.
"""
import hashlib
import json
from dataclasses import dataclass

import numpy as np

from latent_explorer.added_models import IMAGES, INFO, added_models
from latent_explorer.atlas import AtlasGrid
from latent_explorer.layout import DECODER, ENCODER, LABELS, LATENTS, STDS
from latent_explorer.served_model import ImageLayout, ServedModel, session
from latent_explorer.served_files import DatasetUnavailable, ServedFile, parse_array
from latent_explorer.store import LoadedDataset


@dataclass(frozen=True)
class AddedSpec:
    """What the page and the API need of an added model, in the shape of a shipped DatasetSpec."""
    id: str
    title: str
    classes: tuple
    kind: str = "added"
    preprocess = None  # a picture to encode is only resized to the model's images


@dataclass(frozen=True)
class AddedCard:
    """An added model's metrics: a model card's, for one this project trained (export --name), else none."""
    metrics: dict


class ImagesGiven:
    """The originals of an added model or a notebook's: the images given with it, or none."""

    def __init__(self, images, missing):
        self._images, self._missing = images, missing  # missing: what to say while there are none

    def images(self):
        return None if self._images is None else (self._images,)

    def image(self, index):
        return None if self._images is None else self._images[index]

    def when_found(self, callback):
        """Added models' images never arrive later."""

    def missing_message(self):
        return self._missing


def load_added(name, folder, sample_cache_size):
    fix = f"latent-explorer remove {name}, then add it again"
    try:
        info = json.loads((folder / INFO).read_text())
        height, width, channels = info["image_shape"]
        served = {file_name: ServedFile.of(folder / file_name)
                  for file_name in (LATENTS, LABELS, STDS) if (folder / file_name).exists()}
        graphs = {file_name: (folder / file_name).read_bytes()
                  for file_name in (ENCODER, DECODER) if file_name == DECODER or info["encoder"]}
        decoder = session(graphs[DECODER])
        encoder = session(graphs[ENCODER]) if info["encoder"] else None
        images = np.load(folder / IMAGES, mmap_mode="r", allow_pickle=False) if info["images"] else None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DatasetUnavailable(f"added model {name} in {folder} cannot be read ({error}); {fix}") from None
    except Exception as error:  # noqa: BLE001: onnxruntime's own error types, for a graph damaged since add
        raise DatasetUnavailable(f"added model {name}'s graphs in {folder} cannot be loaded ({error}); {fix}") from None
    latents = parse_array(served[LATENTS].raw, folder / LATENTS, np.float32, 2, fix)
    labels = parse_array(served[LABELS].raw, folder / LABELS, np.uint8, 1, fix)
    stds = parse_array(served[STDS].raw, folder / STDS, np.float32, 2, fix) if STDS in served else None
    layout = ImageLayout(info["decoder"]["layout"], height, width, channels)
    model = ServedModel(encoder, decoder, layout, info["encoder"] and info["encoder"]["outputs"])
    if latents.shape != (info["count"], info["latent_dim"]) or len(labels) != len(latents):
        raise DatasetUnavailable(f"added model {name}'s points in {folder} are not the {info['count']} it was added "
                                 f"with; {fix}")
    # A copy in memory: a memory map of a file replaced while serving would end the server with SIGBUS. Grey ones
    # as (N, H, W), as the shipped originals are.
    images = None if images is None else np.array(images[..., 0] if channels == 1 else images)
    spec = AddedSpec(name, info["title"], tuple(info["classes"]))
    digests = {file_name: (folder / file_name, hashlib.sha256(data).hexdigest()) for file_name, data in graphs.items()}
    return LoadedDataset(spec, model, AddedCard(info["metrics"]), latents, labels, stds, info["train_count"], served,
                         ImagesGiven(images, f"{name} was added without its original images, so reconstructions stand in; "
                                             f"add them with latent-explorer remove {name}, then latent-explorer add "
                                             f"{name} ... --images images.npy"), digests, sample_cache_size, AtlasGrid(max(height, width)))


def load_all_added(root, sample_cache_size):
    """``(available, unavailable)`` of the models added under ``root``."""
    available, unavailable = {}, {}
    for name in added_models(root):
        try:
            available[name] = load_added(name, root / name, sample_cache_size)
        except DatasetUnavailable as error:
            unavailable[name] = str(error)
    return available, unavailable
