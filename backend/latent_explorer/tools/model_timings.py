"""The model's own speed, outside the server: the served decoder (ONNX Runtime) against the alternatives we weighed.

The alternatives are the torch model and a plain numpy forward pass over ``.npz`` weights;
all run on one thread. Run as ``python -m latent_explorer.tools.model_timings '<json arguments>'``
in a child process, so that numpy's BLAS starts with one thread (it reads that once, at import).
Without the training extra only the served decoder is timed.
"""
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.special import expit

from latent_explorer.datasets import DATASETS, DatasetNotFound
from latent_explorer.layout import checkpoint_path
from latent_explorer.store import load_dataset

ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
BATCHES = ((1, 2000), (256, 50))  # (points, repeats)


def model_timings(models_dir, points_dir, dataset_id, data_root=None, train_epochs=1):
    served = load_dataset(DATASETS[dataset_id], Path(models_dir), Path(points_dir)).model
    figures = {"served_onnxruntime": _decode_times(served.decode)}
    if importlib.util.find_spec("torch") is None:
        figures["skipped"] = "torch is not installed: torch, numpy, export and training timings need the train extra"
        return figures
    import torch

    from latent_explorer.training.export import export
    from latent_explorer.files import sha256_of
    from latent_explorer.training.inference import one_torch_thread
    from latent_explorer.training.model import load_model
    from latent_explorer.training.train import train
    from latent_explorer.training.settings import TrainingSettings
    checkpoint = checkpoint_path(models_dir, dataset_id)
    model = load_model(checkpoint)
    with tempfile.TemporaryDirectory() as scratch, one_torch_thread(), torch.inference_mode():
        figures["torch"] = _decode_times(lambda z: model.decode(torch.from_numpy(z)))
        figures["numpy_npz"] = _decode_times(numpy_decoder(model.state_dict(), Path(scratch) / "decoder.npz"))
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


def _decode_times(decode):
    """Milliseconds per call for one point and for 256, the best of five rounds."""
    figures = {}
    for count, repeats in BATCHES:
        z = np.random.default_rng(0).normal(size=(count, 3)).astype(np.float32)
        decode(z)
        rounds = []
        for _ in range(5):
            started = time.perf_counter()
            for _ in range(repeats):
                decode(z)
            rounds.append((time.perf_counter() - started) / repeats)
        figures[f"decode_{count}_ms"] = round(min(rounds) * 1000, 4)
    return figures


if __name__ == "__main__":
    print(json.dumps(model_timings(*json.loads(sys.argv[1]))))
