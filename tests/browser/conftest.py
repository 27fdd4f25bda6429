"""End-to-end fixtures: the real server as a subprocess and headless Chromium via Playwright.

The server runs on the shipped models and points (models/, data/) unless
LATENT_EXPLORER_TEST_MODELS_DIR and LATENT_EXPLORER_TEST_POINTS_DIR point elsewhere.
Chromium is Debian's (/usr/bin/chromium, or $LATENT_EXPLORER_CHROMIUM); when it is missing
the tests fail and say so — they never skip.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
]
VIEWPORT = {"width": 1280, "height": 800}
SERVER_START_SECONDS = 120  # importing torch and loading two models on a busy 2-core machine


def models_dir():
    return Path(os.environ.get("LATENT_EXPLORER_TEST_MODELS_DIR") or REPO_ROOT / "models")


def points_dir():
    return Path(os.environ.get("LATENT_EXPLORER_TEST_POINTS_DIR") or REPO_ROOT / "data")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ExplorerServer:
    """`latent-explorer serve` on a free loopback port, started and stopped by a test."""

    def __init__(self, log_path, points=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        command = [sys.executable, "-m", "backend.cli", "serve", "--port", str(self.port), "--threads", "4",
                   "--models-dir", str(models_dir()), "--points-dir", str(points or points_dir())]
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_until_answering()

    def _wait_until_answering(self):
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                pytest.fail(f"the server exited with code {self.process.returncode}:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/datasets", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"the server did not answer /api/datasets within {SERVER_START_SECONDS} s:\n{self.log_path.read_text()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture(scope="session")
def explorer_server(tmp_path_factory):
    server = ExplorerServer(tmp_path_factory.mktemp("server") / "server.log")
    yield server
    server.stop()


@pytest.fixture
def start_server(tmp_path):
    """A factory for extra servers (optionally on another points folder) that a test may stop
    itself; any left running are stopped after it."""
    servers = []

    def start(points=None):
        servers.append(ExplorerServer(tmp_path / f"server-{len(servers)}.log", points))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def chromium():
    executable = os.environ.get("LATENT_EXPLORER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail(f"Chromium is needed for the browser tests and was not found at {executable}: "
                    "install Debian's chromium (apt-get install chromium) or set $LATENT_EXPLORER_CHROMIUM.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh page; uncaught JavaScript errors fail the test that caused them."""
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(error))
    page.set_default_timeout(30_000)
    yield page
    context.close()
    assert not page_errors, f"uncaught errors in the page: {page_errors}"


def open_explorer(page, base_url, dataset="mnist", query=""):
    """Open the page and wait until the first frame of `dataset`'s points is drawn."""
    page.goto(f"{base_url}/{query}")
    page.wait_for_function("id => performance.getEntriesByName('cloud-drawn:' + id).length > 0", arg=dataset)
    return page


@pytest.fixture
def explorer(page, explorer_server):
    """The page on the session's server, MNIST drawn."""
    return open_explorer(page, explorer_server.url)


@pytest.fixture(scope="session")
def labels():
    """Class labels of the served points, by data-set id, read independently of the page."""
    return {dataset_id: np.load(points_dir() / dataset_id / "labels.npy") for dataset_id in ("mnist", "fashion-mnist")}
