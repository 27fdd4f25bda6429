"""The package as a user installs it: the wheel, built as from a clean clone, in a fresh venv without torch, used
from a folder outside the checkout; and the run command's editable install.

The fresh virtual environments install from the configured package index or cache, as
`bash scripts/run.sh` does; on this project's machines that is a local mirror. About a minute each.
"""
import base64
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from latent_explorer import __version__
from latent_explorer.datasets import DATASETS
from latent_explorer.tools.harness import ServerProcess
from latent_explorer.tools.install import build_wheel, fresh_venv, pip_install
from tiny_data import make_raw_datasets

pytestmark = pytest.mark.slow
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory):
    """A fresh venv holding only the wheel (and what it requires), and a working folder outside the checkout."""
    scratch = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(scratch / "dist")
    python = fresh_venv(scratch / "venv")
    pip_install(python, wheel)
    (scratch / "work").mkdir()
    return {"bin": python.parent, "python": python, "work": scratch / "work", "home": scratch / "home"}


def run_in(venv, *arguments, **options):
    """A command of the venv's, from its working folder, with no checkout on the path and its own user folder."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LATENT_EXPLORER")}
    env.update({"LATENT_EXPLORER_HOME": str(venv["home"]), **options.pop("env", {})})
    return subprocess.run([str(arguments[0]), *map(str, arguments[1:])], cwd=venv["work"], env=env,
                          capture_output=True, text=True, timeout=300, **options)


def installed_files(venv):
    """Every file of the installed package with its size and modification time: what a read-only install holds."""
    [package] = Path(venv["python"]).parent.parent.glob("lib/python*/site-packages/latent_explorer")
    return {path: (path.stat().st_size, path.stat().st_mtime_ns) for path in package.rglob("*") if path.is_file()}


def test_the_wheel_imports_as_latent_explorer_and_nothing_named_backend(wheel_venv):
    check = ("import importlib.util, latent_explorer; print(latent_explorer.__version__, "
             "[name for name in ('backend', 'torch', 'torchvision', 'onnx') if importlib.util.find_spec(name)])")
    run = run_in(wheel_venv, wheel_venv["python"], "-c", check)
    assert run.returncode == 0 and run.stdout.split(maxsplit=1) == [__version__, "[]\n"], run.stdout + run.stderr
    version = run_in(wheel_venv, wheel_venv["bin"] / "latent-explorer", "--version")
    assert version.stdout.strip() == f"latent-explorer {__version__}"


def test_the_wheel_serves_the_page_and_both_data_sets_from_any_folder(wheel_venv, tmp_path):
    before = installed_files(wheel_venv)
    env = {key: value for key, value in os.environ.items() if not key.startswith("LATENT_EXPLORER")}
    with ServerProcess(tmp_path / "server.log", command=[wheel_venv["bin"] / "latent-explorer"],
                       cwd=wheel_venv["work"], env={**env, "LATENT_EXPLORER_HOME": str(wheel_venv["home"])}) as server:
        assert [dataset["id"] for dataset in server.datasets] == list(DATASETS)
        missing = [(dataset["id"], dataset["classmap_missing"], dataset["timeline_missing"]) for dataset in server.datasets
                   if not (dataset["classmap"] and dataset["timeline"])]
        assert not missing, "the wheel carries each shipped data set's class map and timeline"
        status, page = server.request("GET", "/")
        assert status == 200 and b'<script type="module" src="js/main.js">' in page
        assert server.request("GET", "/js/main.js")[0] == 200
        for dataset_id in DATASETS:
            status, body = server.request("POST", f"/api/datasets/{dataset_id}/decode", {"points": [[0.0, 0.5, -1]]})
            [image] = json.loads(body)["images"]
            assert status == 200 and base64.b64decode(image.removeprefix("data:image/png;base64,")).startswith(
                PNG_SIGNATURE)
    assert installed_files(wheel_venv) == before


def test_the_wheel_writes_a_traversal_and_fetches_into_the_user_folder(wheel_venv, tmp_path):
    before = installed_files(wheel_venv)
    run = run_in(wheel_venv, wheel_venv["bin"] / "latent-explorer", "traversal", "mnist", "--through", "0,0,0",
                 "--through", "1,1,1", "--steps", "4", "--output", "path.gif")
    assert run.returncode == 0, run.stderr
    assert (wheel_venv["work"] / "path.gif").read_bytes().startswith(b"GIF89a")

    mirror = make_raw_datasets(tmp_path / "mirror")
    for raw in mirror.glob("*/raw/*"):  # a mirror holds <Name>/<file>.gz; the MD5s are the real files', so
        (mirror / raw.parent.parent.name / f"{raw.name}.gz").write_bytes(gzip.compress(raw.read_bytes()))  # refused
    run = run_in(wheel_venv, wheel_venv["bin"] / "latent-explorer", "fetch", "mnist", "--quiet",
                 env={"LATENT_EXPLORER_MIRROR": mirror.as_uri()})
    assert run.returncode == 2 and str(wheel_venv["home"] / "raw" / "MNIST" / "raw") in run.stderr, run.stderr
    assert installed_files(wheel_venv) == before


def test_the_wheel_publishes_a_whole_static_site(wheel_venv, tmp_path):
    before = installed_files(wheel_venv)
    run = run_in(wheel_venv, wheel_venv["bin"] / "latent-explorer", "publish", tmp_path / "site", "--no-originals")
    assert run.returncode == 0, run.stderr
    site = tmp_path / "site"
    manifest = json.loads((site / "vendor" / "manifest.json").read_text())
    for package in manifest["packages"]:
        for file in package["files"]:
            assert (site / "vendor" / file["path"]).stat().st_size == file["size"], file["path"]
    for dataset_id in DATASETS:
        assert (site / "datasets" / dataset_id / "decoder.onnx").is_file()
    assert (site / "js" / "in-page" / "answers.js").is_file()
    assert installed_files(wheel_venv) == before


def test_help_says_where_an_installed_copy_reads_and_writes(wheel_venv):
    run = run_in(wheel_venv, wheel_venv["bin"] / "latent-explorer", "fetch", "--help")
    assert str(wheel_venv["home"] / "raw") in " ".join(run.stdout.split())
    run = run_in(wheel_venv, wheel_venv["bin"] / "latent-explorer", "serve", "--help")
    assert "site-packages/latent_explorer/data" in "".join(run.stdout.split()).replace("\n", "")


@pytest.mark.parametrize("command", ["train", "evaluate", "export"])
def test_training_commands_without_the_extra_name_the_install_command(wheel_venv, command):
    run = run_in(wheel_venv, wheel_venv["bin"] / "latent-explorer", command, "mnist")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"latent-explorer {command}: error:" in run.stderr and "latent-space-explorer[train]" in run.stderr


@pytest.fixture(scope="module")
def editable_venv(tmp_path_factory):
    """A fresh venv with ``pip install --editable .``: what the run command installs."""
    python = fresh_venv(tmp_path_factory.mktemp("editable") / "venv")
    pip_install(python, "--editable", Path(__file__).resolve().parent.parent)
    return python


def test_the_run_install_has_no_torch_and_serves(editable_venv, tmp_path):
    found = subprocess.run([editable_venv, "-c", "import importlib.util as u; "
                            "print([n for n in ('torch', 'torchvision', 'onnx') if u.find_spec(n)])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert found == "[]"
    with ServerProcess(tmp_path / "server.log", command=[editable_venv.parent / "latent-explorer"]) as server:
        status, body = server.request("GET", "/api/datasets/fashion-mnist/samples/123")
        assert status == 200 and json.loads(body)["reconstruction"].startswith("data:image/png;base64,")


def test_serving_imports_no_torch_even_where_it_is_installed(tmp_path):
    check = ("import sys; from latent_explorer.app import create_app; import latent_explorer.cli; create_app(); "
             "print(sorted(name for name in ('torch', 'torchvision', 'onnx') if name in sys.modules))")
    run = subprocess.run([sys.executable, "-c", check], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "[]", run.stdout + run.stderr[-2000:]
