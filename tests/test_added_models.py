"""`latent-explorer add`, `models` and `remove`: a user's own VAE checked, copied whole into the user folder, or refused."""
import json

import numpy as np
import pytest

from latent_explorer.added_models import INFO, added_models
from latent_explorer.cli import main
from made_models import decoder_graph, encoder_graph

COUNT = 300


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LATENT_EXPLORER_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def made(folder, dims=8, height=16, width=16, channels=1, layout="hw", labels=True):
    """Files for `add`: a decoder and encoder of that shape, latents, labels, images and stds."""
    folder.mkdir(parents=True, exist_ok=True)
    decoder, weights, bias = decoder_graph(dims, height, width, channels, layout)
    (folder / "decoder.onnx").write_bytes(decoder)
    (folder / "encoder.onnx").write_bytes(encoder_graph(weights, bias, height, width, channels, layout))
    rng = np.random.default_rng(1)
    np.save(folder / "latents.npy", rng.normal(size=(COUNT, dims)).astype(np.float32))
    if labels:
        np.save(folder / "labels.npy", rng.integers(0, 4, COUNT))
    np.save(folder / "images.npy", rng.integers(0, 256, (COUNT, height, width, channels), dtype=np.uint8))
    np.save(folder / "stds.npy", rng.uniform(0.1, 1, (COUNT, dims)).astype(np.float32))
    return folder


def add(folder, name="mine", *extra):
    files = [f"--{kind}={folder / f'{kind}.{suffix}'}" for kind, suffix in
             (("decoder", "onnx"), ("latents", "npy"), ("labels", "npy"), ("encoder", "onnx"), ("images", "npy"),
              ("stds", "npy")) if (folder / f"{kind}.{suffix}").exists()]
    return main(["add", name, *files, *extra])


@pytest.mark.parametrize("dims, height, width, channels, layout", [
    (2, 16, 16, 1, "hw"), (3, 28, 28, 1, "flat"), (8, 32, 32, 3, "hwc"), (16, 32, 24, 3, "chw")])
def test_a_model_of_any_shape_is_added_whole(home, tmp_path, capsys, dims, height, width, channels, layout):
    folder = made(tmp_path / "files", dims, height, width, channels, layout)
    flags = ["--classes", "cat,dog,cow,hen", "--title", "My model"]
    if layout == "flat":
        flags += ["--image-shape", f"{height},{width}"]
    assert add(folder, "mine", *flags) == 0, capsys.readouterr().err
    info = json.loads((home / "added" / "mine" / INFO).read_text())
    assert info["latent_dim"] == dims and info["image_shape"] == [height, width, channels]
    assert info["classes"] == ["cat", "dog", "cow", "hen"] and info["title"] == "My model" and info["count"] == COUNT
    assert info["encoder"]["outputs"] == ["mean", "log_variance"] and info["decoder"]["layout"] == layout
    saved = home / "added" / "mine"
    assert np.load(saved / "latents.npy").dtype == np.float32 and np.load(saved / "labels.npy").dtype == np.uint8
    assert np.load(saved / "images.npy").shape == (COUNT, height, width, channels)
    assert "added mine" in capsys.readouterr().out
    assert main(["models"]) == 0
    assert f"mine: My model, 300 points in {dims}-D" in capsys.readouterr().out


def test_without_labels_there_is_one_class(home, tmp_path):
    folder = made(tmp_path / "files", labels=False)
    assert add(folder) == 0
    info = added_models()["mine"]
    assert info["classes"] == ["all"] and info["labels"] is False


def test_remove_takes_it_away_and_names_what_is_there(home, tmp_path, capsys):
    assert add(made(tmp_path / "files")) == 0
    assert main(["remove", "mine"]) == 0
    assert added_models() == {}
    assert main(["remove", "mine"]) == 2
    assert "no added model is named 'mine'; added: none" in capsys.readouterr().err


def refusal(capsys, code):
    assert code == 2
    error = capsys.readouterr().err
    assert "nothing was added" in error
    return error


def test_each_bad_input_is_refused_with_what_was_found_and_nothing_is_left(home, tmp_path, capsys):
    folder = made(tmp_path / "files")
    cases = []
    np.save(tmp_path / "short.npy", np.zeros(COUNT - 1, np.int64))
    cases.append((["--labels", tmp_path / "short.npy"], "must hold 300 whole numbers"))
    latents = np.load(folder / "latents.npy")
    latents[7, 2] = np.nan
    np.save(tmp_path / "nan.npy", latents)
    cases.append((["--latents", tmp_path / "nan.npy"], "NaN or infinite coordinates (the first: row 7)"))
    np.save(tmp_path / "wide.npy", np.zeros((COUNT, 5), np.float32))
    cases.append((["--latents", tmp_path / "wide.npy"], "must take one input of shape (N, 5)"))
    cases.append((["--classes", "a,b"], "holds label 3, but --classes names 2 classes"))
    (tmp_path / "text.onnx").write_text("not a graph")
    cases.append((["--decoder", tmp_path / "text.onnx"], "is not an ONNX graph"))
    np.save(tmp_path / "pickled.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    cases.append((["--labels", tmp_path / "pickled.npy"], "without pickle"))
    np.save(tmp_path / "images.npy", np.zeros((COUNT, 8, 8), np.uint8))
    cases.append((["--images", tmp_path / "images.npy"], "of the decoder's shape (16, 16)"))
    for flags, words in cases:
        overridden = {str(flag) for flag in flags[::2]}
        files = [f"--{kind}={folder / f'{kind}.{suffix}'}" for kind, suffix in
                 (("decoder", "onnx"), ("latents", "npy"), ("labels", "npy"), ("images", "npy"))
                 if f"--{kind}" not in overridden]
        error = refusal(capsys, main(["add", "mine", *files, *map(str, flags)]))
        assert words in error, (flags, error)
        assert not (home / "added").exists() or not any((home / "added").iterdir()), "nothing half-copied"


def test_names_are_checked(home, tmp_path, capsys):
    folder = made(tmp_path / "files")
    assert "a shipped data set's" in refusal(capsys, add(folder, "mnist"))
    assert "lower-case letters" in refusal(capsys, add(folder, "../escape"))
    assert add(folder) == 0
    assert "already added" in refusal(capsys, add(folder))


def test_a_decoder_outside_zero_to_one_or_not_an_image_is_refused(home, tmp_path, capsys):
    onnx = pytest.importorskip("onnx")
    helper = onnx.helper
    graph = helper.make_graph([helper.make_node("Identity", ["z"], ["out"])], "identity",
                              [helper.make_tensor_value_info("z", onnx.TensorProto.FLOAT, ["n", 8])],
                              [helper.make_tensor_value_info("out", onnx.TensorProto.FLOAT, ["n", 8])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    (tmp_path / "identity.onnx").write_bytes(model.SerializeToString())
    np.save(tmp_path / "latents.npy", np.random.default_rng(0).normal(size=(20, 8)).astype(np.float32))
    code = main(["add", "mine", "--decoder", str(tmp_path / "identity.onnx"), "--latents", str(tmp_path / "latents.npy")])
    assert "say their shape with --image-shape" in refusal(capsys, code)
    code = main(["add", "mine", "--decoder", str(tmp_path / "identity.onnx"), "--latents", str(tmp_path / "latents.npy"),
                 "--image-shape", "2,4"])
    assert "each side must be from 8 to 256" in refusal(capsys, code)


@pytest.mark.torch
def test_a_shipped_data_set_trained_with_another_latent_size_is_exported_and_added(raw_root, tmp_path, home, capsys):
    from fixtures.make_tiny import TRAIN_FLAGS
    common = ["fashion-mnist", "--models-dir", str(tmp_path / "models"), "--data-root", str(raw_root)]
    assert main(["train", *common, *TRAIN_FLAGS, "--latent-dim", "5", "--name", "fashion-5d"]) == 0
    assert main(["evaluate", *common, "--name", "fashion-5d"]) == 0
    assert main(["export", *common, "--name", "fashion-5d"]) == 0
    info = added_models()["fashion-5d"]
    assert info["latent_dim"] == 5 and info["image_shape"] == [28, 28, 1] and info["images"] and info["stds"]
    assert info["classes"][0] == "T-shirt/top" and "knn5_accuracy" in info["metrics"]
    assert info["title"] == "Fashion-MNIST, 5-D latent" and info["train_count"] < info["count"]
    assert "exported fashion-5d and added it" in capsys.readouterr().out
