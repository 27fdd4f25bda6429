"""End-to-end fixtures: the real server as a subprocess and headless Chromium via Playwright.

See latent_explorer/tools/harness.py for which models the server uses and where Chromium is looked for.
When Chromium is missing the tests fail and say so; they never skip.
"""
import numpy as np
import pytest
from playwright.sync_api import expect, sync_playwright

from latent_explorer.tools.harness import (HarnessError, explorer_points_dir, launch_chromium, new_context,
                                           open_explorer, start_explorer_server, start_static_site)
from page_helpers import running, start_or_fail

VIEWPORT = {"width": 1280, "height": 800}
# SwiftShader draws a 70,000-point frame on the CPU, a second or two when the machine is busy,
# and a hover answers on the next frame: assertions wait as long as page actions do.
expect.set_options(timeout=30_000)


@pytest.fixture(scope="session")
def explorer_server(tmp_path_factory):
    with running(start_explorer_server, tmp_path_factory.mktemp("server") / "server.log") as server:
        yield server


# Where the tests' static site lives on its server: under a sub-path, as a GitHub Pages project site does.
SITE_PATH = "explorer"


@pytest.fixture(scope="session")
def static_site(tmp_path_factory):
    """The site `latent-explorer publish` writes of the same models and points, on a plain static file server."""
    with running(start_static_site, tmp_path_factory.mktemp("static-site"), SITE_PATH) as server:
        yield server


@pytest.fixture(params=["served", "static"])
def answering(request):
    """Each feature test runs twice: against the server, and against the published site, where the page answers."""
    return request.getfixturevalue("explorer_server" if request.param == "served" else "static_site")


@pytest.fixture
def start_server(tmp_path):
    """A factory for extra servers (optionally on another points folder) that a test may stop
    itself; any left running are stopped after it."""
    servers = []

    def start(points=None, port=None, data_root=None):
        servers.append(start_or_fail(start_explorer_server, tmp_path / f"server-{len(servers)}.log", points, port, data_root))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        try:
            browser = launch_chromium(playwright)
        except HarnessError as error:
            pytest.fail(str(error))
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh page; uncaught JavaScript errors fail the test that caused them."""
    context = new_context(chromium, viewport=VIEWPORT)
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(error))
    page.set_default_timeout(30_000)
    yield page
    context.close()
    assert not page_errors, f"uncaught errors in the page: {page_errors}"


@pytest.fixture
def explorer(page, answering):
    """The page on the session's server or its published site, MNIST drawn."""
    return open_explorer(page, answering.url)


class ServedLabels(dict):
    """Class labels of the served points by data-set id, read from disk (not from the page)
    when first asked for, so a test needs only the data sets it uses."""

    def __missing__(self, dataset_id):
        self[dataset_id] = np.load(explorer_points_dir() / dataset_id / "labels.npy")
        return self[dataset_id]


@pytest.fixture(scope="session")
def labels():
    return ServedLabels()
