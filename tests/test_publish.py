"""`latent-explorer publish`: the static site's files, its listing, and an OUT that is never left half-written."""
import hashlib
import json
import os

import numpy as np
import pytest

from latent_explorer import publish as publishing
from latent_explorer.cli import main
from latent_explorer.layout import FRONTEND_DIR
from latent_explorer.publish import LISTING, LISTING_META, SITE_FILES, PublishError, publish


def run_publish(pipeline, out, *flags):
    return main(["publish", str(out), "--models-dir", str(pipeline["MODELS_DIR"]), "--points-dir",
                 str(pipeline["POINTS_DIR"]), "--data-root", str(pipeline["DATA_ROOT"]), "--added-dir",
                 str(pipeline["ADDED_DIR"]), *map(str, flags)])


def test_the_site_holds_the_page_the_points_the_graphs_and_the_atlases(pipeline, tmp_path, client, capsys):
    assert run_publish(pipeline, tmp_path / "site") == 0
    site = tmp_path / "site"
    assert LISTING_META in (site / "index.html").read_text()
    assert (site / "js" / "main.js").read_bytes() == (FRONTEND_DIR / "js" / "main.js").read_bytes()
    assert (site / "vendor" / "onnxruntime-web" / "ort-wasm-simd-threaded.wasm").is_file()
    assert not (site / "README.md").exists()
    for dataset_id in ("mnist", "fashion-mnist"):
        folder = site / "datasets" / dataset_id
        for name in ("latents.npy", "labels.npy", "stds.npy"):
            assert (folder / name).read_bytes() == client.get(f"/api/datasets/{dataset_id}/{name}").data
        for name in ("encoder.onnx", "decoder.onnx"):
            assert (folder / name).read_bytes() == (pipeline["POINTS_DIR"] / dataset_id / name).read_bytes()
        atlas = json.loads((folder / "atlas.json").read_text())
        assert atlas["atlases"] == [f"datasets/{dataset_id}/atlas/{n}.png" for n in range(len(atlas["atlases"]))]
        assert (site / atlas["atlases"][0]).read_bytes() == client.get(f"/api/datasets/{dataset_id}/atlas/0.png").data
    assert "try it: python -m http.server -d" in capsys.readouterr().out


def test_the_listing_is_the_servers(pipeline, tmp_path, client):
    assert run_publish(pipeline, tmp_path / "site") == 0
    assert json.loads((tmp_path / "site" / LISTING).read_text()) == client.get("/api/datasets").get_json()


def test_every_url_in_the_site_is_relative(pipeline, tmp_path):
    assert run_publish(pipeline, tmp_path / "site") == 0
    site = tmp_path / "site"
    texts = [path.read_text() for path in site.rglob("*") if path.suffix in (".html", ".css", ".json")]
    texts += [path.read_text() for path in (site / "js").rglob("*.js")]
    for text in texts:
        for absolute in ('"/api', "'/api", "`/api", 'href="/', 'src="/', "url(/"):
            assert absolute not in text


def test_without_originals_the_listing_says_why_and_no_atlas_is_written(pipeline, tmp_path, capsys):
    assert run_publish(pipeline, tmp_path / "site", "--no-originals", "--datasets", "mnist") == 0
    listing = json.loads((tmp_path / "site" / LISTING).read_text())
    assert [entry["id"] for entry in listing["datasets"]] == ["mnist"]
    assert listing["datasets"][0]["originals"] is False
    assert "published without the original images" in listing["datasets"][0]["originals_missing"]
    assert not (tmp_path / "site" / "datasets" / "mnist" / "atlas").exists()
    assert not (tmp_path / "site" / "datasets" / "fashion-mnist").exists()
    assert "mnist: published without the original images (--no-originals)" in capsys.readouterr().out


def test_raw_data_that_is_absent_is_said(pipeline, tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["publish", str(out), "--models-dir", str(pipeline["MODELS_DIR"]), "--points-dir",
                 str(pipeline["POINTS_DIR"]), "--data-root", str(tmp_path / "nothing"), "--added-dir",
                 str(pipeline["ADDED_DIR"])]) == 0
    printed = capsys.readouterr().out
    assert "mnist: published without the original images" in printed and "fetch" in printed
    assert json.loads((out / LISTING).read_text())["datasets"][0]["originals"] is False


def test_an_out_that_is_not_empty_is_refused_without_force(pipeline, tmp_path, capsys):
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert run_publish(pipeline, out) == 2
    assert "is not empty; pass --force" in capsys.readouterr().err
    assert sorted(os.listdir(out)) == ["notes.txt"]


def test_force_replaces_only_what_publish_wrote(pipeline, tmp_path):
    out = tmp_path / "site"
    assert run_publish(pipeline, out) == 0
    (out / "CNAME").write_text("explorer.example.org\n")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (out / "datasets" / "mnist" / "latents.npy").write_bytes(b"stale")
    assert run_publish(pipeline, out, "--force", "--datasets", "mnist") == 0
    assert (out / "CNAME").read_text() == "explorer.example.org\n"
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (out / "datasets" / "mnist" / "latents.npy").read_bytes() == \
        (pipeline["POINTS_DIR"] / "mnist" / "latents.npy").read_bytes()
    assert not (out / "datasets" / "fashion-mnist").exists(), "files of the earlier site that this one lacks go"
    written = json.loads((out / SITE_FILES).read_text())["files"]
    assert "CNAME" not in written
    assert written["datasets.json"] == hashlib.sha256((out / "datasets.json").read_bytes()).hexdigest()


def test_force_refuses_to_overwrite_a_file_publish_did_not_write(pipeline, tmp_path, capsys):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<p>my own page</p>")
    assert run_publish(pipeline, out, "--force") == 2
    assert "was not written by publish" in capsys.readouterr().err
    assert (out / "index.html").read_text() == "<p>my own page</p>"


def test_a_publish_that_fails_leaves_the_old_site_whole(pipeline, tmp_path, app, monkeypatch):
    out = tmp_path / "site"
    publish(out, app)
    before = {path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.is_file()}

    def broken(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publishing, "_write_site_files", broken)
    with pytest.raises(OSError):
        publish(out, app, force=True)
    after = {path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.is_file()}
    assert after == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"], "no temporary folder is left beside OUT"


def test_bad_arguments_name_the_problem(pipeline, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert run_publish(pipeline, tmp_path / "file") == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert run_publish(pipeline, tmp_path / "site", "--datasets", "kmnist") == 2
    assert "unknown data set 'kmnist' in --datasets" in capsys.readouterr().err
    assert run_publish(pipeline, FRONTEND_DIR / "site") == 2
    assert "inside the page's own folder" in capsys.readouterr().err


def test_a_data_set_that_cannot_be_served_is_named(pipeline, tmp_path, capsys):
    points = tmp_path / "points"
    for dataset_id in ("mnist", "fashion-mnist"):
        (points / dataset_id).mkdir(parents=True)
        for path in (pipeline["POINTS_DIR"] / dataset_id).iterdir():
            (points / dataset_id / path.name).write_bytes(path.read_bytes())
    np.save(points / "mnist" / "labels.npy", np.zeros(3, np.uint8))
    code = main(["publish", str(tmp_path / "site"), "--models-dir", str(pipeline["MODELS_DIR"]),
                 "--points-dir", str(points), "--datasets", "mnist", "--added-dir", str(pipeline["ADDED_DIR"])])
    assert code == 2 and "data set mnist cannot be published" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_an_added_model_is_published_beside_the_shipped_ones(pipeline, tmp_path):
    from latent_explorer.added_models import add_model
    from test_added_models import made
    files = made(tmp_path / "files", dims=8, height=16, width=16)
    add_model("grey-8d", files / "decoder.onnx", files / "latents.npy", root=tmp_path / "added")
    out = tmp_path / "site"
    assert main(["publish", str(out), "--models-dir", str(pipeline["MODELS_DIR"]), "--points-dir",
                 str(pipeline["POINTS_DIR"]), "--data-root", str(pipeline["DATA_ROOT"]), "--added-dir",
                 str(tmp_path / "added"), "--datasets", "mnist,grey-8d"]) == 0
    listing = json.loads((out / LISTING).read_text())
    assert [entry["id"] for entry in listing["datasets"]] == ["mnist", "grey-8d"]
    assert listing["datasets"][1]["latent_dim"] == 8 and listing["datasets"][1]["view"] is not None
    assert (out / "datasets" / "grey-8d" / "decoder.onnx").read_bytes() == (files / "decoder.onnx").read_bytes()
    assert not (out / "datasets" / "grey-8d" / "encoder.onnx").exists()
    assert not (out / "datasets" / "grey-8d" / "stds.npy").exists()


def test_the_site_files_name_is_not_a_page_file():
    assert not (FRONTEND_DIR / SITE_FILES).exists() and not (FRONTEND_DIR / LISTING).exists()
    with pytest.raises(PublishError):
        publishing._static_page(b"<html>no head</html>")
