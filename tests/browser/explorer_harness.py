"""What the browser tests and the screenshot script share: the real server as a subprocess,
where Chromium is and how it is launched, and opening the page.

The server runs on the shipped models and points (models/, data/) unless
LATENT_EXPLORER_TEST_MODELS_DIR and LATENT_EXPLORER_TEST_POINTS_DIR point elsewhere.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
]
SERVER_START_SECONDS = 120  # importing torch and loading two models on a busy 2-core machine


class HarnessError(Exception):
    """The server or the browser could not be started; the message says why."""


def models_dir():
    return Path(os.environ.get("LATENT_EXPLORER_TEST_MODELS_DIR") or REPO_ROOT / "models")


def points_dir():
    return Path(os.environ.get("LATENT_EXPLORER_TEST_POINTS_DIR") or REPO_ROOT / "data")


def chromium_executable():
    """Debian's Chromium (Playwright's own download is not used), or $LATENT_EXPLORER_CHROMIUM."""
    executable = os.environ.get("LATENT_EXPLORER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        raise HarnessError(f"Chromium is needed for the browser tests and was not found at {executable}: "
                           "install Debian's chromium (apt-get install chromium) or set $LATENT_EXPLORER_CHROMIUM.")
    return executable


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ExplorerServer:
    """`latent-explorer serve` on a free loopback port; `stop()` ends it."""

    def __init__(self, log_path, points=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        command = [sys.executable, "-m", "backend.cli", "serve", "--port", str(self.port), "--threads", "4",
                   "--models-dir", str(models_dir()), "--points-dir", str(points or points_dir())]
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_until_answering()

    def _wait_until_answering(self):
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise HarnessError(f"the server exited with code {self.process.returncode}:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/datasets", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise HarnessError(f"the server did not answer /api/datasets within {SERVER_START_SECONDS} s:\n"
                           f"{self.log_path.read_text()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def open_explorer(page, base_url, dataset="mnist", query=""):
    """Open the page and wait until the first frame of `dataset`'s points is drawn."""
    page.goto(f"{base_url}/{query}")
    page.wait_for_function("id => performance.getEntriesByName('cloud-drawn:' + id).length > 0", arg=dataset)
    return page
