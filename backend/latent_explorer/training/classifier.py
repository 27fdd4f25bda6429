"""The classifier that reads what the decoder draws: a small convnet trained on a data set's 60,000 training images.

It exists for the class map (classmap.py), which asks it the class of images decoded all over the
latent space; the server runs its ONNX export, as it runs the decoder's. Three 3x3 convolutions
with batch norm, each halving the image (28 -> 14 -> 7 -> 3), then a hidden layer: enough for the
goals (99.0% on MNIST, 90.0% on Fashion-MNIST) in a few minutes an epoch on one CPU thread.
"""
import io
import math
import platform
import time
from dataclasses import asdict

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from latent_explorer.datasets import get_spec
from latent_explorer.files import atomic_path, sha256_of
from latent_explorer.images import IMAGE_PIXELS, IMAGE_SIDE
from latent_explorer.model_card import new_classifier_card, write_card
from latent_explorer.raw_data import load_split
from latent_explorer.training.export import onnx_graph
from latent_explorer.training.inference import ENCODE_BATCH, one_torch_thread, to_unit_float
from latent_explorer.training.model import load_checkpoint

CLASSIFIER_FORMAT = 1
HIDDEN = 128
DROPOUT = 0.3


class Classifier(nn.Module):
    def __init__(self, classes, channels=(32, 64, 64)):
        super().__init__()
        self.classes, self.channels = classes, tuple(channels)
        layers, width = [], 1
        for size in self.channels:
            layers += [nn.Conv2d(width, size, 3, padding=1), nn.BatchNorm2d(size), nn.ReLU(), nn.MaxPool2d(2)]
            width = size
        self.features = nn.Sequential(*layers)
        side = IMAGE_SIDE // 2 // 2 // 2
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(DROPOUT), nn.Linear(width * side * side, HIDDEN), nn.ReLU(),
                                  nn.Dropout(DROPOUT), nn.Linear(HIDDEN, classes))

    def forward(self, x):
        """``x`` float ``(N, 1, 28, 28)`` in [0, 1] -> class logits ``(N, classes)``."""
        return self.head(self.features(x))

    def architecture(self):
        return {"kind": "convnet-classifier", "classes": self.classes, "channels": list(self.channels),
                "hidden": HIDDEN, "dropout": DROPOUT}


class _Probabilities(nn.Module):
    """pixels float32 ``(N, 784)`` in [0, 1], as the decoder draws them -> class probabilities ``(N, classes)``."""

    def __init__(self, classifier):
        super().__init__()
        self.classifier = classifier

    def forward(self, pixels):
        return torch.softmax(self.classifier(pixels.reshape(-1, 1, IMAGE_SIDE, IMAGE_SIDE)), dim=1)


def train_classifier(dataset_id, settings, checkpoint_path, card_path, onnx_path, data_root=None, progress=True):
    """Train on the training images with ``settings`` (a ClassifierSettings); write the checkpoint, its card and
    the ONNX graph the server runs, each atomically and only once training is done. Returns the card."""
    spec = get_spec(dataset_id)
    train_images, train_labels = (torch.from_numpy(array) for array in load_split(dataset_id, True, data_root))
    test_images, test_labels = load_split(dataset_id, False, data_root)
    if settings.threads:
        torch.set_num_threads(settings.threads)
    torch.manual_seed(settings.seed)
    shuffle_generator = torch.Generator().manual_seed(settings.seed)
    model = Classifier(len(spec.classes), settings.channels)
    optimizer = torch.optim.Adam(model.parameters(), lr=settings.learning_rate)
    steps_per_epoch = math.ceil(len(train_images) / settings.batch_size)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps_per_epoch * settings.epochs)
    history = []
    started = time.perf_counter()
    for epoch in range(1, settings.epochs + 1):
        model.train()
        order = torch.randperm(len(train_images), generator=shuffle_generator)
        bar = tqdm(range(steps_per_epoch), desc=f"{dataset_id} classifier epoch {epoch}/{settings.epochs}",
                   disable=not progress, leave=False)
        loss_sum = 0.0
        for batch in bar:
            chosen = order[batch * settings.batch_size:(batch + 1) * settings.batch_size]
            loss = nn.functional.cross_entropy(model(to_unit_float(train_images[chosen])), train_labels[chosen].long())
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            loss_sum += loss.item() * len(chosen)
        accuracy = float(np.mean(read_classes(model, test_images)[0] == test_labels))
        history.append({"epoch": epoch, "train_loss": round(loss_sum / len(train_images), 4),
                        "test_accuracy": round(accuracy, 4)})
        if progress:
            tqdm.write(f"{dataset_id} classifier epoch {epoch:3d}: train loss {loss_sum / len(train_images):.4f}  "
                       f"test accuracy {accuracy:.2%}")
    wall_time = time.perf_counter() - started

    graph = onnx_graph(_Probabilities(model), ["pixels"], ["probabilities"], IMAGE_PIXELS)
    buffer = io.BytesIO()  # through memory: saved to a path, torch names the archive's records after the file
    torch.save({"format": CLASSIFIER_FORMAT, "architecture": model.architecture(), "state_dict": model.state_dict()},
               buffer)
    with atomic_path(checkpoint_path) as temporary:
        temporary.write_bytes(buffer.getvalue())
    with atomic_path(onnx_path) as temporary:
        temporary.write_bytes(graph)
    card = new_classifier_card(
        spec, {**model.architecture(), "parameters": sum(p.numel() for p in model.parameters())},
        {**asdict(settings), "channels": list(settings.channels), "threads": torch.get_num_threads(),
         "optimizer": "Adam", "schedule": "cosine learning rate over all steps", "train_images": len(train_images)},
        history, wall_time, versions={"python": platform.python_version(), "torch": torch.__version__,
                                      "numpy": np.__version__},
        checkpoint_sha256=sha256_of(checkpoint_path), onnx_sha256=sha256_of(onnx_path))
    write_card(card_path, card)
    return card


def read_classes(model, images):
    """uint8 ``(N, 28, 28)`` (or float pixels in [0, 1], any shape of N x 784 values) -> ``(classes, confidences)``:
    the most probable class of each image and its probability, on one thread, in eval mode."""
    model.eval()
    classes, confidences = [], []
    with one_torch_thread(), torch.inference_mode():
        for start in range(0, len(images), ENCODE_BATCH):
            batch = images[start:start + ENCODE_BATCH]
            x = to_unit_float(batch) if np.asarray(batch).dtype == np.uint8 else \
                torch.as_tensor(batch, dtype=torch.float32).reshape(-1, 1, IMAGE_SIDE, IMAGE_SIDE)
            confidence, chosen = torch.softmax(model(x), dim=1).max(dim=1)
            classes.append(chosen.numpy().astype(np.uint8))
            confidences.append(confidence.numpy())
    return np.concatenate(classes), np.concatenate(confidences)


def load_classifier(path):
    """The classifier at ``path`` in eval mode."""
    return load_checkpoint(path, "classifier", CLASSIFIER_FORMAT,
                           lambda architecture: Classifier(architecture["classes"], architecture["channels"]))
