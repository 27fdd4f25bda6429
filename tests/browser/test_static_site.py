"""The published static site: the page answering in the browser, held to the server's answers.

The feature tests run against both ways of answering (the `answering` fixture in conftest.py);
these hold the in-page answers to the server's, number for number and word for word, and check
what only a static site has: its files named when they are missing or damaged, a sub-path and a
host's root, and onnxruntime-web loaded only after the first cloud is drawn.
"""
import json
import shutil

import numpy as np
import onnxruntime
import pytest
from playwright.sync_api import expect

from latent_explorer.tools.harness import StaticSiteServer, explorer_points_dir, open_explorer

ANSWERS = "(await import(new URL('js/api.js', document.baseURI).href))"


@pytest.fixture
def site(page, static_site):
    return open_explorer(page, static_site.url)


def in_page(page, call, *args):
    """`call` (an expression over `api` and `args`) in the page; {value} or {error, status} as ApiError gives them."""
    return page.evaluate(f"""async (args) => {{
      const api = {ANSWERS};
      try {{ return {{ value: await ({call}) }}; }}
      catch (error) {{ return {{ error: error.message, status: error.status }}; }}
    }}""", list(args))


def test_the_mode_says_who_answers(site, page, explorer_server):
    assert site.evaluate("explorer.mode") == "static"
    open_explorer(page, explorer_server.url)
    assert page.evaluate("explorer.mode") == "served"


def test_the_page_decodes_as_python_onnx_runtime_does(site):
    points = np.random.default_rng(7).uniform(-3, 3, (1000, 3)).astype(np.float32)
    page_pixels = np.array(site.evaluate("""async (points) => {
      const { pageModel } = await import(new URL('js/in-page/runtime.js', document.baseURI).href);
      const bytes = async (path) => (await fetch(path)).arrayBuffer();
      const { pixels } = await pageModel('datasets/mnist/decoder.onnx', bytes).run({ z: [Float32Array.from(points.flat()), [points.length, 3]] });
      return Array.from(pixels.data);
    }""", points.tolist()), np.float32).reshape(1000, -1)
    session = onnxruntime.InferenceSession(str(explorer_points_dir() / "mnist" / "decoder.onnx"))
    server_pixels = session.run(None, {"z": points})[0]
    assert np.abs(page_pixels - server_pixels).max() <= 1e-5


def test_neighbours_are_the_servers_for_200_positions(site, explorer_server):
    positions = np.random.default_rng(11).uniform(-3, 3, (200, 3)).round(6).tolist()
    page_indices = site.evaluate(f"""async (positions) => {{
      const {{ nearest }} = await import(new URL('js/in-page/nearest.js', document.baseURI).href);
      const {{ latents }} = await {ANSWERS}.fetchPoints('mnist');
      return positions.map((position) => nearest(latents, 3, position, 8).indices);
    }}""", positions)
    connection = explorer_server.connection()
    for position, indices in zip(positions, page_indices):
        status, body = explorer_server.request("POST", "/api/datasets/mnist/neighbors", {"point": position, "k": 8}, connection)
        assert status == 200
        assert indices == [neighbor["index"] for neighbor in json.loads(body)["neighbors"]], position


def test_a_neighbours_answer_is_the_servers(site, explorer_server):
    answer = in_page(site, "api.fetchNeighbors('mnist', args[0], 5)", [0.25, -0.5, 1])["value"]
    status, body = explorer_server.request("POST", "/api/datasets/mnist/neighbors", {"point": [0.25, -0.5, 1], "k": 5})
    served = json.loads(body)
    assert status == 200 and answer["image_kind"] == served["image_kind"]
    for mine, theirs in zip(answer["neighbors"], served["neighbors"]):
        assert {key: mine[key] for key in ("index", "label", "split", "latent")} == \
               {key: theirs[key] for key in ("index", "label", "split", "latent")}
        assert mine["distance"] == pytest.approx(theirs["distance"], abs=1e-12)


# Requests the server refuses, each as the page's call and the same request to the API.
REFUSALS = [
    ("api.decodePoints('mnist', args[0])", [[[1, 2]]], "POST", "/api/datasets/mnist/decode", {"points": [[1, 2]]}),
    ("api.decodePoints('mnist', args[0])", [[[1, 2, 1000]]], "POST", "/api/datasets/mnist/decode", {"points": [[1, 2, 1000]]}),
    ("api.decodePoints('mnist', args[0])", [[]], "POST", "/api/datasets/mnist/decode", {"points": []}),
    ("api.decodePoints('kmnist', args[0])", [[[0, 0, 0]]], "POST", "/api/datasets/kmnist/decode", {"points": [[0, 0, 0]]}),
    ("api.fetchTraversal('mnist', args[0], 10, false)", [[[0, 0, 0], [0, 0, 0]]], "POST", "/api/datasets/mnist/traversal",
     {"control_points": [[0, 0, 0], [0, 0, 0]], "steps": 10, "closed": False}),
    ("api.fetchTraversal('mnist', args[0], 10, true)", [[[0.1, 0, 0], [1, 1, 0], [0.1, 0, 1e-14]]], "POST",
     "/api/datasets/mnist/traversal", {"control_points": [[0.1, 0, 0], [1, 1, 0], [0.1, 0, 1e-14]], "steps": 10, "closed": True}),
    ("api.fetchTraversal('mnist', args[0], 5000, false)", [[[0, 0, 0], [1, 0, 0]]], "POST", "/api/datasets/mnist/traversal",
     {"control_points": [[0, 0, 0], [1, 0, 0]], "steps": 5000, "closed": False}),
    ("api.fetchTraversal('mnist', args[0], 10, false)", [[[i, 0, 0] for i in range(101)]], "POST",
     "/api/datasets/mnist/traversal", {"control_points": [[i, 0, 0] for i in range(101)], "steps": 10, "closed": False}),
    ("api.fetchNeighbors('mnist', args[0], 0)", [[0, 0, 0]], "POST", "/api/datasets/mnist/neighbors", {"point": [0, 0, 0], "k": 0}),
    ("api.fetchGrid('mnist', args[0])", [{"center": [0, 0, 0], "right": [2, 0, 0], "up": [0, 1, 0]}], "POST",
     "/api/datasets/mnist/grid.png", {"center": [0, 0, 0], "right": [2, 0, 0], "up": [0, 1, 0]}),
    ("api.fetchGrid('mnist', args[0])", [{"center": [0, 0, 0], "right": [1, 0, 0], "up": [1, 0, 0]}], "POST",
     "/api/datasets/mnist/grid.png", {"center": [0, 0, 0], "right": [1, 0, 0], "up": [1, 0, 0]}),
    ("api.fetchGrid('mnist', args[0])", [{"center": [0, 0, 0], "right": [1, 0, 0], "up": [0, 1, 0], "spacing": 0}], "POST",
     "/api/datasets/mnist/grid.png", {"center": [0, 0, 0], "right": [1, 0, 0], "up": [0, 1, 0], "spacing": 0}),
    ("api.fetchTraversalFile('mnist', 'gif', args[0])", [{"control_points": [[0, 0, 0], [1, 0, 0]], "fps": 99}], "POST",
     "/api/datasets/mnist/traversal.gif", {"control_points": [[0, 0, 0], [1, 0, 0]], "fps": 99}),
    ("api.fetchTraversalFile('mnist', 'png', args[0])", [{"control_points": [[0, 0, 0], [1, 0, 0]], "fps": 5}], "POST",
     "/api/datasets/mnist/traversal.png", {"control_points": [[0, 0, 0], [1, 0, 0]], "fps": 5}),
    ("api.encodeImage('mnist', args[0])", [{"image": "data:image/jpeg;base64,AAAA"}], "POST", "/api/datasets/mnist/encode",
     {"image": "data:image/jpeg;base64,AAAA"}),
    ("api.encodeImage('mnist', args[0])", [{"pixels": [[0] * 28] * 27}], "POST", "/api/datasets/mnist/encode",
     {"pixels": [[0] * 28] * 27}),
    ("api.encodeImage('mnist', args[0])", [{"pixels": [[0] * 28] * 28}], "POST", "/api/datasets/mnist/encode",
     {"pixels": [[0] * 28] * 28}),
    ("api.fetchSample('mnist', 70000)", [], "GET", "/api/datasets/mnist/samples/70000", None),
]


def test_the_page_refuses_what_the_server_refuses_in_the_same_words(site, explorer_server):
    for call, args, method, path, body in REFUSALS:
        mine = in_page(site, call, *args)
        status, answer = explorer_server.request(method, path, body)
        assert status >= 400, f"the server answered {path} {body} ({status}): not a refusal to compare"
        assert "error" in mine, f"the page answered {call} {args}, which the server refuses ({status})"
        assert (mine["error"], mine["status"]) == (json.loads(answer)["error"], status), call


def test_a_picture_too_large_is_refused_in_the_servers_words(site, explorer_server):
    big = site.evaluate("""() => { const canvas = document.createElement('canvas'); canvas.width = 1100; canvas.height = 40;
                                   return canvas.toDataURL('image/png'); }""")
    mine = in_page(site, "api.encodeImage('mnist', { image: args[0] })", big)
    status, answer = explorer_server.request("POST", "/api/datasets/mnist/encode", {"image": big})
    assert (mine["error"], mine["status"]) == (json.loads(answer)["error"], status)


def test_the_runtime_loads_only_after_the_first_cloud_is_drawn(site):
    site.wait_for_function("performance.getEntriesByName('in-page-ready:mnist').length > 0")
    drawn = site.evaluate("performance.getEntriesByName('cloud-drawn:mnist')[0].startTime")
    runtime = site.evaluate("""performance.getEntriesByType('resource')
        .filter((entry) => /onnxruntime-web|decoder\\.onnx/.test(entry.name)).map((entry) => entry.startTime)""")
    assert len(runtime) >= 2 and min(runtime) > drawn


@pytest.fixture
def site_copy(tmp_path, static_site):
    """A copy of the published site to damage, on its own static server at the host's root."""
    shutil.copytree(static_site.folder, tmp_path / "site")
    servers = []

    def serve():
        servers.append(StaticSiteServer(tmp_path / "site.log", tmp_path / "site"))
        return servers[-1]

    yield tmp_path / "site", serve
    for server in servers:
        server.stop()


def test_the_site_works_at_a_hosts_root(page, site_copy):
    _, serve = site_copy
    open_explorer(page, serve().url)
    assert in_page(page, "api.decodePoints('mnist', [[0, 0, 0]])")["value"][0].startswith("data:image/png;base64,")


def test_a_truncated_points_file_is_named(page, site_copy):
    folder, serve = site_copy
    latents = folder / "datasets" / "mnist" / "latents.npy"
    latents.write_bytes(latents.read_bytes()[:5000])
    page.goto(serve().url)
    expect(page.get_by_test_id("error")).to_contain_text("datasets/mnist/latents.npy")


def test_a_missing_graph_is_named_when_the_page_decodes(page, site_copy):
    folder, serve = site_copy
    (folder / "datasets" / "mnist" / "decoder.onnx").unlink()
    open_explorer(page, serve().url)
    answer = in_page(page, "api.decodePoints('mnist', [[0, 0, 0]])")
    assert "datasets/mnist/decoder.onnx" in answer["error"] and answer["status"] == 404


def test_a_browser_without_webassembly_is_told_so(page, static_site):
    page.add_init_script("delete window.WebAssembly")
    open_explorer(page, static_site.url)
    assert "no WebAssembly" in in_page(page, "api.decodePoints('mnist', [[0, 0, 0]])")["error"]
