"""The torch side of the model timings (tools/model_timings.py): the checkpoint's decoder in torch and as numpy
over ``.npz`` weights, an export, and an epoch of training."""
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from scipy.special import expit

from latent_explorer.files import sha256_of
from latent_explorer.layout import checkpoint_path
from latent_explorer.raw_data import DatasetNotFound
from latent_explorer.training.export import export
from latent_explorer.training.inference import one_torch_thread
from latent_explorer.training.model import load_model
from latent_explorer.training.settings import TrainingSettings
from latent_explorer.training.train import train


def torch_timings(models_dir, dataset_id, data_root, train_epochs, decode_times):
    """Figures by name; ``decode_times(decode)`` times a decoder as the served one is timed."""
    checkpoint = checkpoint_path(models_dir, dataset_id)
    model = load_model(checkpoint)
    figures = {}
    with tempfile.TemporaryDirectory() as scratch, one_torch_thread(), torch.inference_mode():
        figures["torch"] = decode_times(lambda z: model.decode(torch.from_numpy(z)))
        figures["numpy_npz"] = decode_times(numpy_decoder(model.state_dict(), Path(scratch) / "decoder.npz"))
        try:
            started = time.perf_counter()
            export(model, sha256_of(checkpoint), dataset_id, Path(scratch) / dataset_id, data_root=data_root)
            figures["export_seconds"] = round(time.perf_counter() - started, 3)
        except DatasetNotFound as error:
            figures["skipped"] = f"export and training need the raw data set: {error}"
            return figures
    if train_epochs:
        with tempfile.TemporaryDirectory() as scratch:
            card = train(dataset_id, TrainingSettings(epochs=train_epochs, threads=1), Path(scratch) / "m.pt",
                         Path(scratch) / "m.json", data_root=data_root, progress=False)
        figures["train_seconds_per_epoch"] = card["seconds_per_epoch"]
    return figures


def numpy_decoder(state_dict, path):
    """The decoder as numpy matrix products over weights saved to and loaded from ``path`` (.npz, no pickle)."""
    np.savez(path, **{name: tensor.numpy() for name, tensor in state_dict.items() if name.startswith("decoder.")})
    weights = np.load(path)
    layers = [(np.ascontiguousarray(weights[name].T), weights[name.replace(".weight", ".bias")])
              for name in weights.files if name.endswith(".weight")]

    def decode(z):
        hidden = z
        for number, (weight, bias) in enumerate(layers):
            hidden = hidden @ weight + bias
            if number < len(layers) - 1:
                np.maximum(hidden, 0, out=hidden)
        return expit(hidden)

    return decode
