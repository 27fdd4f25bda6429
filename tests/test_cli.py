"""The command line: help for every subcommand, and clear errors for bad options."""
import socket

import pytest

from latent_explorer.cli import main as cli


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


def test_missing_raw_data_names_the_folder_and_the_fix(tmp_path, capsys):
    assert cli(["export", "mnist", "--data-root", str(tmp_path / "empty"), "--models-dir", str(tmp_path)]) == 2
    assert "latent-explorer train mnist" in capsys.readouterr().err  # no model there: says how to make one
