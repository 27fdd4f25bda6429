"""The real server as a child process, headless Chromium as we launch it, and the page opened in it.

Shared by `latent-explorer bench`, the browser tests and the screenshot script, so all three
measure and look at the same thing: `latent-explorer serve` behind waitress, and Debian's
Chromium drawing WebGL2 through SwiftShader. The browser tests' server runs on the shipped
models and points (models/, data/) unless $LATENT_EXPLORER_TEST_MODELS_DIR and
$LATENT_EXPLORER_TEST_POINTS_DIR point elsewhere.
"""
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from latent_explorer.datasets import DATASETS
from latent_explorer.layout import CHECKOUT, DATA_ROOT_ENV, DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR, raw_folder

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
]
SERVER_START_SECONDS = 120  # loading two models on a busy 2-core machine takes seconds; leave room


class HarnessError(Exception):
    """The server or the browser could not be started; the message says why."""


def chromium_executable():
    """Debian's Chromium (Playwright's own download is not used), or $LATENT_EXPLORER_CHROMIUM."""
    executable = os.environ.get("LATENT_EXPLORER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        raise HarnessError(f"Chromium was not found at {executable}: install Debian's chromium "
                           "(apt-get install chromium) or set $LATENT_EXPLORER_CHROMIUM.")
    return executable


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)


def new_context(browser, **options):
    """A browser context for measuring or driving the page: Playwright's waits evaluate JavaScript strings, which
    the page's Content-Security-Policy forbids, so here it is bypassed (tests/browser/test_security.py drives
    the page under it)."""
    return browser.new_context(bypass_csp=True, **options)


class ChildServer:
    """A server ``command`` (its port as the last argument) on a free loopback port, its output in ``log_path``.

    Starting waits until it answers ``ready_path``, and ``startup_seconds`` says how long that took;
    ``stop()`` (or leaving a ``with`` block) ends it.
    """

    def __init__(self, command, log_path, ready_path, port=None, cwd=None, env=None):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = port or probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        # A file, not a pipe: under load waitress logs a line per queued request, and a pipe
        # that nobody drains fills up and blocks the server mid-request.
        self.log = open(self.log_path, "w")
        started = time.perf_counter()
        self.process = subprocess.Popen([*map(str, command), str(self.port)], cwd=cwd, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        self.ready_answer = self._wait_until_answering(ready_path)
        self.startup_seconds = time.perf_counter() - started

    def _wait_until_answering(self, path):
        """The body of ``path``, once the server answers it."""
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise HarnessError(f"the server exited with code {self.process.returncode}:\n{self.log_path.read_text()}")
            try:
                status, body = self.request("GET", path)
            except OSError:
                time.sleep(0.01)
                continue
            if status == 200:
                return body
        self.stop()
        raise HarnessError(f"the server did not answer {path} within {SERVER_START_SECONDS} s:\n"
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

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def request(self, method, path, body=None, connection=None, headers=None):
        """One request; returns ``(status, body)``. Reuses ``connection`` (keep-alive) when given."""
        own = connection is None
        connection = connection or self.connection()
        try:
            payload = None if body is None else json.dumps(body).encode()
            connection.request(method, path, payload, {"Content-Type": "application/json", **(headers or {})})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            if own:
                connection.close()


class ServerProcess(ChildServer):
    """``latent-explorer serve [options]`` as a ChildServer. ``command`` runs another installation's
    ``latent-explorer`` (default: this interpreter's ``python -m latent_explorer``), in the working
    folder ``cwd`` with the environment ``env`` (default: this process's)."""

    def __init__(self, log_path, options=(), port=None, command=None, cwd=None, env=None):
        super().__init__([*(command or [sys.executable, "-m", "latent_explorer"]), "serve", *options, "--port"],
                         log_path, "/api/datasets", port, cwd, env)
        self.datasets = json.loads(self.ready_answer)["datasets"]


class StaticSiteServer(ChildServer):
    """A plain static file server (Python's http.server, no compression, no API) over ``root``; the site
    is at ``url`` = the server's root + ``/sub_path`` (a GitHub Pages project site lives under one)."""

    def __init__(self, log_path, root, sub_path=""):
        super().__init__([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", root],
                         log_path, f"/{sub_path}/datasets.json".replace("//", "/"))
        self.url = f"{self.url}/{sub_path}".rstrip("/")
        self.folder = Path(root) / sub_path  # the site's files


def publish_site(out, points=None, data_root=None, originals=True, added_dir=None):
    """``latent-explorer publish`` of the browser tests' models and ``points`` (as start_explorer_server serves
    them, with the models added in ``added_dir``) to ``out``; raise HarnessError when it fails."""
    data_root = data_root or real_data_root()
    command = [sys.executable, "-m", "latent_explorer", "publish", out, "--models-dir", explorer_models_dir(),
               "--points-dir", points or explorer_points_dir(), "--added-dir", added_dir or _nothing_added(out),
               *(["--data-root", data_root] if data_root else []), *([] if originals else ["--no-originals"])]
    finished = subprocess.run(list(map(str, command)), capture_output=True, text=True)
    if finished.returncode != 0:
        raise HarnessError(f"latent-explorer publish failed ({finished.returncode}):\n{finished.stderr}")
    return finished.stdout


def start_static_site(root, sub_path, **publish_options):
    """``publish_site`` into ``root/sub_path`` (``publish_options``: its points, data_root, originals, added_dir), then a
    StaticSiteServer over ``root``, logging beside it; raise HarnessError when either fails."""
    publish_site(Path(root) / sub_path, **publish_options)
    return StaticSiteServer(Path(root).parent / f"{Path(root).name}.log", root, sub_path)


def explorer_models_dir():
    """The models folder the browser tests serve."""
    return Path(os.environ.get("LATENT_EXPLORER_TEST_MODELS_DIR") or DEFAULT_MODELS_DIR)


def explorer_points_dir():
    """The points folder the browser tests serve (``<id>/latents.npy``...)."""
    return Path(os.environ.get("LATENT_EXPLORER_TEST_POINTS_DIR") or DEFAULT_POINTS_DIR)


def real_data_location():
    """Where the official raw data sets are looked for: $LATENT_EXPLORER_DATA, else ``../shared/datasets``
    beside the checkout (None outside one)."""
    if os.environ.get(DATA_ROOT_ENV):
        return Path(os.environ[DATA_ROOT_ENV])
    return CHECKOUT.parent / "shared" / "datasets" if CHECKOUT else None


def real_data_root():
    """``real_data_location()`` when it holds every data set's ``raw/`` folder, for originals; else None."""
    root = real_data_location()
    if root is None or not all(raw_folder(spec, root).is_dir() for spec in DATASETS.values()):
        return None
    return root


def start_explorer_server(log_path, points=None, port=None, data_root=None, added_dir=None):
    """The real server on the browser tests' models and ``points`` (default: their points folder),
    with originals from ``data_root`` (default: ``real_data_root()``, when there is one), the models added
    in ``added_dir`` (default: none, whatever this user added), on ``port`` (default: a free one; pass a
    stopped server's port to start it again)."""
    data_root = data_root or real_data_root()
    return ServerProcess(log_path, ["--threads", 4, "--models-dir", explorer_models_dir(),
                                    "--points-dir", points or explorer_points_dir(),
                                    "--added-dir", added_dir or _nothing_added(log_path),
                                    *(["--data-root", data_root] if data_root else [])], port=port)


def _nothing_added(beside):
    """An empty folder of added models beside the file ``beside``."""
    folder = Path(beside).parent / "nothing-added"
    folder.mkdir(exist_ok=True)
    return folder


def open_explorer(page, base_url, dataset="mnist", query=""):
    """Open the page and wait until the first frame of ``dataset``'s points is drawn."""
    page.goto(f"{base_url}/{query}")
    page.wait_for_function("id => performance.getEntriesByName('cloud-drawn:' + id).length > 0", arg=dataset)
    return page
