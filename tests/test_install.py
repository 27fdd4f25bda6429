"""What the run command installs (setup.cfg without extras) serves the explorer, and torch is nowhere on that path.

The fresh virtual environment installs from the configured package index or cache, as
`bash scripts/run.sh` does; on this project's machines that is a local mirror. It takes
about a minute.
"""
import base64
import json
import subprocess
import sys

import pytest

from latent_explorer.layout import REPO_ROOT
from latent_explorer.tools.harness import ServerProcess

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def serving_venv(tmp_path_factory):
    """A fresh virtual environment with ``pip install --editable .``, the run command's install."""
    folder = tmp_path_factory.mktemp("serving") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, timeout=120)
    install = subprocess.run([folder / "bin" / "python", "-m", "pip", "install", "--quiet", "--editable", str(REPO_ROOT)],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-3000:]
    return folder


def test_the_run_install_has_no_torch(serving_venv):
    for name in ("torch", "torchvision", "onnx"):
        found = subprocess.run([serving_venv / "bin" / "python", "-c", f"import importlib.util as u; print(u.find_spec({name!r}))"],
                               capture_output=True, text=True, check=True).stdout.strip()
        assert found == "None", f"{name} is installed by `pip install .`: {found}"


def test_the_run_install_serves_a_decode_and_a_sample(serving_venv, tmp_path):
    with ServerProcess(tmp_path / "server.log", command=[serving_venv / "bin" / "latent-explorer"]) as server:
        status, body = server.request("POST", "/api/datasets/mnist/decode", {"points": [[0.0, 0.5, -1.0]]})
        assert status == 200
        [image] = json.loads(body)["images"]
        assert base64.b64decode(image.removeprefix("data:image/png;base64,")).startswith(PNG_SIGNATURE)
        status, body = server.request("GET", "/api/datasets/fashion-mnist/samples/123")
        assert status == 200 and json.loads(body)["reconstruction"].startswith("data:image/png;base64,")


@pytest.mark.parametrize("command", ["train", "evaluate", "export"])
def test_training_commands_without_the_extra_name_the_install_command(serving_venv, command):
    run = subprocess.run([serving_venv / "bin" / "latent-explorer", command, "mnist"], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"latent-explorer {command}: error:" in run.stderr and "pip install -e '.[train]'" in run.stderr


def test_serving_imports_no_torch_even_where_it_is_installed():
    check = ("import sys; from latent_explorer.app import create_app; import latent_explorer.cli; create_app(); "
             "print(sorted(name for name in ('torch', 'torchvision', 'onnx') if name in sys.modules))")
    run = subprocess.run([sys.executable, "-c", check], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "[]", run.stdout + run.stderr[-2000:]
