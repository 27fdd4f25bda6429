"""`latent-explorer traversal`: the same files as the API, written atomically, and clear errors for bad input."""
import io

import pytest
from PIL import Image

from latent_explorer.cli import main as cli

THROUGH = ["--through", "-1,0,0.5", "--through", "1,1,0", "--through", "0.5,-1,1"]
CONTROL_POINTS = [[-1, 0, 0.5], [1, 1, 0], [0.5, -1, 1]]


def traversal(pipeline, *arguments):
    return cli(["traversal", "mnist", "--models-dir", str(pipeline["MODELS_DIR"]),
                "--points-dir", str(pipeline["POINTS_DIR"]), *arguments])


def test_gif_is_the_api_answer(pipeline, client, tmp_path, capsys):
    output = tmp_path / "out" / "walk.gif"
    assert traversal(pipeline, *THROUGH, "--closed", "--steps", "12", "--scale", "2", "--fps", "20",
                     "--ping-pong", "--output", str(output)) == 0
    image = Image.open(output)
    assert image.n_frames == 2 * 12 - 2 and image.size == (56, 56) and image.info["loop"] == 0
    assert image.info["duration"] == 50
    answer = client.post("/api/datasets/mnist/traversal.gif", json={
        "control_points": CONTROL_POINTS, "closed": True, "steps": 12, "scale": 2, "fps": 20, "ping_pong": True})
    assert output.read_bytes() == answer.data
    assert capsys.readouterr().out.startswith(f"wrote {output}: 22 frames of 56x56 pixels, ")
    assert [path.name for path in output.parent.iterdir()] == ["walk.gif"]  # no temporary file left


def test_film_strip_is_the_api_answer(pipeline, client, tmp_path):
    output = tmp_path / "strip.PNG"
    assert traversal(pipeline, *THROUGH, "--steps", "10", "--scale", "1", "--columns", "4", "--output", str(output)) == 0
    assert Image.open(output).size == (4 * 28, 3 * 28)
    answer = client.post("/api/datasets/mnist/traversal.png",
                         json={"control_points": CONTROL_POINTS, "steps": 10, "scale": 1, "columns": 4})
    assert output.read_bytes() == answer.data


def test_defaults_are_the_api_defaults(pipeline, tmp_path):
    assert traversal(pipeline, *THROUGH[:4], "--output", str(tmp_path / "walk.gif")) == 0
    image = Image.open(tmp_path / "walk.gif")
    assert image.n_frames == 64 and image.size == (112, 112)
    assert traversal(pipeline, *THROUGH[:4], "--output", str(tmp_path / "strip.png")) == 0
    assert Image.open(io.BytesIO((tmp_path / "strip.png").read_bytes())).size == (64 * 112, 112)


@pytest.mark.parametrize("point, message", [
    ("1,2", "expected three numbers X,Y,Z, got '1,2'"),
    ("-1,2", "expected three numbers X,Y,Z, got '-1,2'"),
    ("1,2,3,4", "expected three numbers X,Y,Z, got '1,2,3,4'"),
    ("1,x,3", "expected three numbers X,Y,Z, got '1,x,3'"),
    ("1,2,101", "expected finite coordinates within ±100, got '1,2,101'"),
    ("-100.5,0,0", "expected finite coordinates within ±100, got '-100.5,0,0'"),
    ("nan,0,0", "expected finite coordinates within ±100, got 'nan,0,0'"),
    ("0,inf,0", "expected finite coordinates within ±100, got '0,inf,0'"),
])
def test_bad_point_is_refused(pipeline, tmp_path, capsys, point, message):
    with pytest.raises(SystemExit) as exit_info:
        traversal(pipeline, "--through", "0,0,0", "--through", point, "--output", str(tmp_path / "x.gif"))
    assert exit_info.value.code == 2
    assert f"latent-explorer traversal: error: argument --through: {message}" in capsys.readouterr().err


@pytest.mark.parametrize("arguments, message", [
    (["--through", "0,0,0"], "give 2 to 100 points with --through, got 1"),
    (["--through", "0,0,0", "--through", "1,0,0", "--through", "1,0,0"],
     "points 2 and 3 are the same point 1,0,0; consecutive points must differ"),
    (["--through", "0,0,0", "--through", "1,0,0", "--through", "0,0,0", "--closed"], "points 3 and 1 are the same"),
])
def test_bad_path_is_refused(pipeline, tmp_path, capsys, arguments, message):
    assert traversal(pipeline, *arguments, "--output", str(tmp_path / "x.gif")) == 2
    assert f"latent-explorer traversal: error: {message}" in capsys.readouterr().err
    assert not (tmp_path / "x.gif").exists()


@pytest.mark.parametrize("arguments, message", [
    (["--output", "walk.jpg"], "--output must end in .gif or .png, got 'walk.jpg'"),
    (["--output", "walk"], "--output must end in .gif or .png"),
    (["--fps", "10", "--output", "strip.png"], "--fps applies to a GIF only; write to a .gif or leave it out"),
    (["--ping-pong", "--output", "strip.png"], "--ping-pong applies to a GIF only"),
    (["--columns", "2", "--output", "walk.gif"], "--columns applies to a PNG film strip only"),
    (["--steps", "10", "--columns", "11", "--output", "strip.png"], "--columns must be an integer from 1 to 10 (at most --steps), got 11"),
    (["--steps", "1000", "--scale", "16", "--output", "walk.gif"],
     "the GIF would hold 1000 frames of 448×448 pixels, 200,704,000 pixels in all, more than the limit of 64,000,000"),
])
def test_bad_output_options_are_refused(pipeline, tmp_path, monkeypatch, capsys, arguments, message):
    monkeypatch.chdir(tmp_path)
    assert traversal(pipeline, *THROUGH, *arguments) == 2
    assert f"latent-explorer traversal: error: {message}" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("flag, value", [("--scale", "17"), ("--fps", "0"), ("--steps", "1")])
def test_out_of_range_numbers_are_refused(pipeline, tmp_path, capsys, flag, value):
    with pytest.raises(SystemExit) as exit_info:
        traversal(pipeline, *THROUGH, flag, value, "--output", str(tmp_path / "walk.gif"))
    assert exit_info.value.code == 2 and f"argument {flag}: expected a whole number" in capsys.readouterr().err


def test_unavailable_data_set_names_the_rebuild_command(pipeline, tmp_path, capsys):
    assert cli(["traversal", "mnist", "--models-dir", str(pipeline["MODELS_DIR"]), "--points-dir", str(tmp_path),
                *THROUGH, "--output", str(tmp_path / "walk.gif")]) == 2
    error = capsys.readouterr().err
    assert error.startswith("latent-explorer traversal: error: ") and "rebuild it with: latent-explorer export mnist" in error
