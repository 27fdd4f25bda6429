"""The command line: help for every subcommand, and clear errors for bad options."""
import socket

import pytest

from latent_explorer import __version__
from latent_explorer.cli import main as cli
from latent_explorer.layout import DEFAULT_POINTS_DIR, home
from needs_torch import import_torch


@pytest.mark.parametrize("command, flags", [
    ("train", ["--epochs", "--batch-size", "--learning-rate", "--kl-warmup-epochs", "--hidden-sizes", "--seed",
               "--threads", "--models-dir", "--data-root"]),
    ("evaluate", ["--seed", "--models-dir", "--data-root"]),
    ("export", ["--points-dir", "--models-dir", "--data-root"]),
    ("serve", ["--host", "--port", "--threads", "--models-dir", "--points-dir", "--data-root"]),
    ("bench", ["--output", "--requests", "--load-seconds", "--no-page", "--train-epochs", "--classroom-seconds",
               "--no-install", "--install-baseline"]),
])
def test_help_explains_every_flag(capsys, command, flags):
    with pytest.raises(SystemExit) as exit_info:
        cli([command, "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert all(flag in text for flag in flags)


def test_unknown_data_set_is_refused_with_the_known_ones(capsys):
    with pytest.raises(SystemExit):
        cli(["train", "kmnist"])
    assert "invalid choice: 'kmnist'" in capsys.readouterr().err


def test_port_out_of_range_is_refused(capsys):
    with pytest.raises(SystemExit):
        cli(["serve", "--port", "70000"])
    assert "from 1 to 65535" in capsys.readouterr().err


def test_busy_port_is_a_clear_error(pipeline, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert cli(["serve", "--port", str(port), "--models-dir", str(pipeline["MODELS_DIR"]),
                    "--points-dir", str(pipeline["POINTS_DIR"])]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_a_missing_model_says_how_to_make_one(tmp_path, capsys):
    import_torch()  # export needs the training extra before it looks for the model
    assert cli(["export", "mnist", "--data-root", str(tmp_path / "empty"), "--models-dir", str(tmp_path)]) == 2
    assert "latent-explorer train mnist" in capsys.readouterr().err


def test_missing_raw_data_names_the_folder_and_the_fix(pipeline, tmp_path, monkeypatch, capsys):
    import_torch()
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        monkeypatch.setenv("LATENT_EXPLORER_MIRROR", f"http://127.0.0.1:{closed.getsockname()[1]}")  # no download
    assert cli(["export", "mnist", "--data-root", str(tmp_path / "empty"), "--models-dir", str(pipeline["MODELS_DIR"]),
                "--points-dir", str(tmp_path / "points")]) == 2
    error = capsys.readouterr().err
    assert str(tmp_path / "empty" / "MNIST" / "raw") in error
    assert "--data-root or $LATENT_EXPLORER_DATA" in error and "latent-explorer fetch mnist" in error
    assert not (tmp_path / "points").exists()


def test_version_and_where_things_are(capsys):
    with pytest.raises(SystemExit):
        cli(["--version"])
    assert capsys.readouterr().out.strip() == f"latent-explorer {__version__}"
    with pytest.raises(SystemExit):
        cli(["--help"])
    help_text = capsys.readouterr().out
    assert str(DEFAULT_POINTS_DIR) in help_text and str(home()) in help_text and "$LATENT_EXPLORER_HOME" in help_text
