"""What installing costs, and the wheel a user installs: built as from a clean clone, installed into fresh venvs.

Run with pip's cache warm (the packages downloaded before), an install's time is unpacking and
linking, not the network.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from latent_explorer.layout import CHECKOUT
from latent_explorer.tools.harness import HarnessError


def _checkout():
    if CHECKOUT is None:
        raise HarnessError("building or installing the package needs a checkout of the repository; "
                           "this copy of latent_explorer is installed, not checked out")
    return CHECKOUT


def build_wheel(output_dir):
    """Build the wheel into ``output_dir`` from the checkout's files as a clean clone holds them, plus any not
    committed yet (``git ls-files``: tracked and untracked, never what .gitignore leaves out, so no downloaded
    data and no stale ``build/``); return its path."""
    checkout = _checkout()
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=checkout,
                            capture_output=True, check=True).stdout.decode().split("\0")
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "source"
        for name in filter(None, listed):
            if (checkout / name).is_file():  # a deleted file not committed yet is still listed
                (source / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(checkout / name, source / name)
        build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
                                str(output_dir), str(source)], capture_output=True, text=True)
        if build.returncode:
            raise HarnessError(f"pip wheel failed:\n{build.stderr[-3000:]}")
    [wheel] = Path(output_dir).glob("latent_space_explorer-*.whl")
    return wheel


def fresh_venv(folder):
    """A new virtual environment at ``folder``; return its python."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, capture_output=True)
    return Path(folder) / "bin" / "python"


def pip_install(python, *arguments):
    install = subprocess.run([python, "-m", "pip", "install", "--quiet", *map(str, arguments)], capture_output=True,
                             text=True)
    if install.returncode:
        raise HarnessError(f"pip install {' '.join(map(str, arguments))} failed:\n{install.stderr[-3000:]}")


def measure_install(extras=""):
    """Wall time and disk use of a fresh venv with ``pip install --editable .[extras]``, as setup.sh does."""
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        pip_install(fresh_venv(Path(scratch) / "venv"), "--editable", f"{_checkout()}{extras}")
        seconds = time.perf_counter() - started
        return {"extras": extras or "none", "seconds": round(seconds, 1), "bytes": disk_usage(Path(scratch) / "venv")}


def measure_wheel_install():
    """The wheel's size, and the wall time and disk use of a fresh venv with only that wheel installed."""
    with tempfile.TemporaryDirectory() as scratch:
        wheel = build_wheel(Path(scratch) / "dist")
        started = time.perf_counter()
        pip_install(fresh_venv(Path(scratch) / "venv"), wheel)
        seconds = time.perf_counter() - started
        return {"wheel": wheel.name, "wheel_bytes": wheel.stat().st_size, "seconds": round(seconds, 1),
                "bytes": disk_usage(Path(scratch) / "venv")}


def disk_usage(folder):
    """Bytes of disk that ``folder`` takes, as ``du -s`` counts them (allocated blocks, each hard link once)."""
    seen, total = set(), 0
    for root, _, files in os.walk(folder):
        for path in (root, *(os.path.join(root, name) for name in files)):
            status = os.lstat(path)
            if (status.st_dev, status.st_ino) not in seen:
                seen.add((status.st_dev, status.st_ino))
                total += status.st_blocks * 512
    return total
