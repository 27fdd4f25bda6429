"""The model's own speed, outside the server: the served decoder (ONNX Runtime) against the alternatives we weighed.

The alternatives are the torch model and a plain numpy forward pass over ``.npz`` weights, timed by
``latent_explorer.training.timings``; all run on one thread. Run as ``python -m
latent_explorer.tools.model_timings '<json arguments>'`` in a child process, so that numpy's BLAS
starts with one thread (it reads that once, at import). Without the training extra only the served
decoder is timed.
"""
import importlib.util
import json
import sys
import time
from pathlib import Path

import numpy as np

from latent_explorer.datasets import DATASETS
from latent_explorer.store import load_dataset

ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
BATCHES = ((1, 2000), (256, 50))  # (points, repeats)


def model_timings(models_dir, points_dir, dataset_id, data_root=None, train_epochs=1):
    served = load_dataset(DATASETS[dataset_id], Path(models_dir), Path(points_dir)).model
    figures = {"served_onnxruntime": decode_times(served.decode)}
    if importlib.util.find_spec("torch") is None:
        figures["skipped"] = "torch is not installed: torch, numpy, export and training timings need the train extra"
        return figures
    from latent_explorer.training.timings import torch_timings
    return {**figures, **torch_timings(Path(models_dir), dataset_id, data_root, train_epochs, decode_times)}


def decode_times(decode):
    """Milliseconds per call of ``decode`` for one point and for 256, the best of five rounds."""
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
