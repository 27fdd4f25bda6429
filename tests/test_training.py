"""Training: repeatable, clear about bad settings, and an interrupted run keeps the last good checkpoint."""
import signal
import subprocess
import sys

import numpy as np
import pytest

from needs_torch import import_torch

import_torch()

from latent_explorer.cli import main as cli
from latent_explorer.training.model import load_model


def test_training_is_reproducible(trained_pipeline, tmp_path):
    args = ["mnist", "--data-root", str(trained_pipeline["DATA_ROOT"]), "--epochs", "2", "--batch-size", "50",
            "--hidden-sizes", "32", "16", "--kl-warmup-epochs", "1", "--threads", "1", "--quiet"]
    assert cli(["train", *args, "--models-dir", str(tmp_path)]) == 0
    retrained = load_model(tmp_path / "mnist.pt").state_dict()
    shipped = load_model(trained_pipeline["MODELS_DIR"] / "mnist.pt").state_dict()
    assert all(np.array_equal(retrained[name], shipped[name]) for name in shipped)


def test_bad_training_setting_is_a_clear_error(trained_pipeline, capsys):
    assert cli(["train", "mnist", "--epochs", "0", "--data-root", str(trained_pipeline["DATA_ROOT"])]) == 2
    assert "epochs must be at least 1" in capsys.readouterr().err


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_training_keeps_the_last_good_checkpoint(trained_pipeline, tmp_path, stop):
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    for name in ("mnist.pt", "mnist.json"):
        (models_dir / name).write_bytes((trained_pipeline["MODELS_DIR"] / name).read_bytes())
    before = (models_dir / "mnist.pt").read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "latent_explorer", "train", "mnist", "--models-dir", str(models_dir),
         "--data-root", str(trained_pipeline["DATA_ROOT"]), "--epochs", "1000", "--hidden-sizes", "32"],
        stderr=subprocess.PIPE, text=True,
        # A test run started in the background (`&`, nohup) passes SIGINT on ignored, and Python then never raises
        # KeyboardInterrupt: give the child SIGINT's default, as a terminal's Ctrl-C finds it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    progress = ""
    while "epoch 2/1000" not in progress:  # the progress bar: training is under way
        character = process.stderr.read(1)
        assert character, f"training ended before it could be interrupted: {progress}"
        progress += character
    process.send_signal(stop)
    stderr = progress + process.communicate(timeout=60)[1]
    if stop == signal.SIGINT:
        assert process.returncode == 130 and "interrupted" in stderr
    assert (models_dir / "mnist.pt").read_bytes() == before
    assert sorted(p.name for p in models_dir.iterdir()) == ["mnist.json", "mnist.pt"]
    load_model(models_dir / "mnist.pt")
