"""The data-set registry: a missing raw data set names the folder it looked in and the fix."""
from latent_explorer.cli import main as cli


def test_missing_data_set_message(pipeline, tmp_path, capsys):
    models_dir, empty = tmp_path / "models", tmp_path / "empty"
    models_dir.mkdir()
    for name in ("mnist.pt", "mnist.json"):
        (models_dir / name).write_bytes((pipeline["MODELS_DIR"] / name).read_bytes())
    assert cli(["evaluate", "mnist", "--models-dir", str(models_dir), "--data-root", str(empty)]) == 2
    error = capsys.readouterr().err
    assert str(empty / "MNIST" / "raw") in error and "LATENT_EXPLORER_DATA" in error
