"""What installing costs: a fresh virtual environment, then ``pip install --editable .[extras]`` as setup.sh does.

Run with pip's cache warm (the packages downloaded before), the time is unpacking and
linking, not the network.
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from backend.layout import REPO_ROOT
from backend.tools.harness import HarnessError


def measure_install(extras=""):
    """Wall time and disk use of a fresh virtual environment with this package and ``extras`` (e.g. "[train]")."""
    with tempfile.TemporaryDirectory() as scratch:
        venv = Path(scratch) / "venv"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        install = subprocess.run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--editable",
                                  f"{REPO_ROOT}{extras}"], capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if install.returncode:
            raise HarnessError(f"pip install --editable .{extras} failed:\n{install.stderr[-2000:]}")
        return {"extras": extras or "none", "seconds": round(seconds, 1), "bytes": disk_usage(venv)}


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
