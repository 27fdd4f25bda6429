"""The latent space through training (``train --timeline``): the test images' posterior means before the first
epoch and after every epoch, and the decoder at a few epochs as small ONNX graphs.

Recording only reads the model: posteriors need no random numbers, and the kept decoders are copies of
their weights, exported after training ends, so the checkpoint is the same bytes with or without it.
Everything lands in ``<models>/<name>-timeline/`` (files.atomic_folder), which
``export`` copies beside the points for the server.
"""
import json

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from latent_explorer.files import atomic_folder
from latent_explorer.layout import TIMELINE_INFO, TIMELINE_POINTS
from latent_explorer.training.export import onnx_graph
from latent_explorer.training.inference import posterior

# The decoder is kept after these epochs and the last: the first epochs change most, the later ones little.
KEPT_EPOCHS = (1, 2, 5, 10, 20)


def kept_epochs(epochs):
    return sorted({epoch for epoch in KEPT_EPOCHS if epoch <= epochs} | {epochs})


def decoder_file(epoch):
    return f"decoder-epoch-{epoch:03d}.onnx"


class TimelineRecorder:
    """Collects, epoch by epoch, what the timeline keeps of a model in training on ``test_images``."""

    def __init__(self, test_images, epochs):
        self.test_images, self.kept = test_images, kept_epochs(epochs)
        self.means, self.decoders = [], {}

    def record(self, model, epoch):
        """Keep the test posterior means after ``epoch`` (0: before training) and, at a kept epoch, the decoder."""
        self.means.append(posterior(model, self.test_images)[0])
        if epoch in self.kept:
            self.decoders[epoch] = {key: value.detach().clone() for key, value in model.decoder.state_dict().items()}
        return self.means[-1]

    def write(self, folder, latent_dim, history_at_start, checkpoint_sha256):
        """Write the timeline to ``folder`` whole: timeline.npy float16 ``(epochs + 1, N, d)``, a decoder per kept
        epoch, and timeline.json, which lists them with the epoch-0 figures ``history_at_start`` and the
        checkpoint the training ended with."""
        with atomic_folder(folder) as building:
            np.save(building / TIMELINE_POINTS, np.stack(self.means).astype(np.float16), allow_pickle=False)
            for epoch, weights in self.decoders.items():
                (building / decoder_file(epoch)).write_bytes(
                    onnx_graph(SmallDecoder(weights), ["z"], ["pixels"], latent_dim))
            (building / TIMELINE_INFO).write_text(json.dumps({
                "epochs": len(self.means) - 1, "points": "the test images' posterior means, float16",
                "decoders": {str(epoch): decoder_file(epoch) for epoch in self.decoders},
                "epoch_0": history_at_start, "checkpoint_sha256": checkpoint_sha256}, indent=2) + "\n")

class SmallDecoder(nn.Module):
    """A kept decoder with float16 weights, half the bytes, computing in float32: z ``(N, d)`` -> pixels ``(N, 784)``."""

    def __init__(self, weights):
        """``weights``: the decoder's state dict, its Linear layers' weight and bias in order, ReLU between them."""
        super().__init__()
        tensors = list(weights.values())
        for number, (weight, bias) in enumerate(zip(tensors[0::2], tensors[1::2])):
            self.register_buffer(f"weight{number}", weight.half())
            self.register_buffer(f"bias{number}", bias.half())
        self.count = len(tensors) // 2

    def forward(self, z):
        x = z
        for number in range(self.count):
            x = F.linear(x, getattr(self, f"weight{number}").float(), getattr(self, f"bias{number}").float())
            x = torch.relu(x) if number < self.count - 1 else torch.sigmoid(x)
        return x
