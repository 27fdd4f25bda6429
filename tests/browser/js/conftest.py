"""Unit tests of the page's pure JavaScript modules, run inside headless Chromium.

Each test imports a module from a plain static file server over frontend/ (no Flask app,
no models) and asserts in Python, so the test command needs nothing beyond Python and
Chromium (no node).
"""
import functools
import http.server
import threading
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[3] / "frontend"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    # ES modules load only with a JavaScript MIME type, whatever the OS's table says.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def frontend_url():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(FRONTEND)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def js(chromium, frontend_url):
    """A page on the static server's origin, for `import()`-ing modules."""
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{frontend_url}/js/npy.js")
    yield page
    context.close()
