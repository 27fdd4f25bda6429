"""Every endpoint through Flask's test client, including the bad inputs."""
import base64
import gzip
import io

import numpy as np
import pytest
import torch
from PIL import Image

from latent_explorer.app import create_app
from latent_explorer.training.model import load_model
from tiny_data import TINY_TRAIN


def png_pixels(data_uri):
    prefix = "data:image/png;base64,"
    assert data_uri.startswith(prefix)
    image = Image.open(io.BytesIO(base64.b64decode(data_uri[len(prefix):])))
    assert image.mode == "L" and image.size == (28, 28)
    return np.asarray(image)


def test_datasets_lists_classes_counts_and_metrics(client):
    first = client.get("/api/datasets").get_json()["datasets"][1]
    assert first["id"] == "fashion-mnist" and first["title"] == "Fashion-MNIST"
    assert first["classes"][0] == "T-shirt/top" and len(first["classes"]) == 10
    assert first["latent_dim"] == 3 and "knn5_accuracy" in first["metrics"]


def test_datasets_serves_the_limits_the_server_enforces(client):
    assert client.get("/api/datasets").get_json()["limits"] == {
        "coordinate": 100, "decode_points": [1, 4096], "control_points": [2, 100], "steps": [2, 1000],
        "default_steps": 64, "neighbors": [1, 100], "default_neighbors": 8, "scale": [1, 16], "default_scale": 4,
        "fps": [1, 60], "default_fps": 15, "grid_size": [3, 25],
        "default_grid_size": 11, "grid_spacing": [0.001, 10.0], "default_grid_spacing": 0.25,
        "grid_axis_tolerance": 0.001, "encode_neighbors": 5, "encode_image_side": 1024}


@pytest.mark.parametrize("name", ["latents.npy", "labels.npy", "stds.npy"])
def test_points_files_are_served_with_etag_and_gzip(client, pipeline, name):
    on_disk = (pipeline["POINTS_DIR"] / "mnist" / name).read_bytes()
    plain = client.get(f"/api/datasets/mnist/{name}")
    assert plain.status_code == 200 and plain.data == on_disk and plain.headers["ETag"]
    assert client.get(f"/api/datasets/mnist/{name}", headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304
    compressed = client.get(f"/api/datasets/mnist/{name}", headers={"Accept-Encoding": "gzip, br"})
    assert compressed.headers["Content-Encoding"] == "gzip" and gzip.decompress(compressed.data) == on_disk
    assert compressed.headers["ETag"] != plain.headers["ETag"] and compressed.headers["Vary"] == "Accept-Encoding"


def test_decode_returns_one_png_per_point_in_order(client, pipeline):
    points = [[0, 0, 0], [2.5, -1, 0.5], [-3, 3, 1]]
    images = client.post("/api/datasets/mnist/decode", json={"points": points}).get_json()["images"]
    model = load_model(pipeline["MODELS_DIR"] / "mnist.pt")  # the checkpoint, in torch, that the served model came from
    expected = (model.decode(torch.tensor(points, dtype=torch.float32))[:, 0] * 255).round().to(torch.uint8).numpy()
    assert len(images) == 3
    for image, pixels in zip(images, expected):
        assert np.array_equal(png_pixels(image), pixels)


def test_decode_accepts_the_maximum_batch(client):
    points = np.random.default_rng(0).uniform(-3, 3, (4096, 3)).tolist()
    assert len(client.post("/api/datasets/mnist/decode", json={"points": points}).get_json()["images"]) == 4096


@pytest.mark.parametrize("closed", [False, True])
def test_traversal_returns_path_and_frames(client, closed):
    control_points = [[0, 0, 0], [1, 1, 0], [2, 0, 1]]
    body = client.post("/api/datasets/mnist/traversal",
                       json={"control_points": control_points, "steps": 30, "closed": closed}).get_json()
    path = np.array(body["path"])
    assert path.shape == (30, 3) and len(body["images"]) == 30
    assert np.allclose(path[0], control_points[0])
    assert np.allclose(path[-1], control_points[-1]) != closed


def test_traversal_defaults_to_64_open_steps(client):
    body = client.post("/api/datasets/mnist/traversal", json={"control_points": [[0, 0, 0], [1, 2, 3]]}).get_json()
    assert len(body["path"]) == 64 and np.allclose(body["path"][-1], [1, 2, 3])


@pytest.mark.parametrize("index, split", [(0, "train"), (TINY_TRAIN - 1, "train"), (TINY_TRAIN, "test")])
def test_sample_reports_label_split_latent_std_and_images(client, pipeline, index, split):
    body = client.get(f"/api/datasets/mnist/samples/{index}").get_json()
    latents = np.load(pipeline["POINTS_DIR"] / "mnist" / "latents.npy")
    labels = np.load(pipeline["POINTS_DIR"] / "mnist" / "labels.npy")
    stds = np.load(pipeline["POINTS_DIR"] / "mnist" / "stds.npy")
    assert body["index"] == index and body["split"] == split and body["label"] == labels[index]
    assert np.allclose(body["latent"], latents[index])
    assert len(body["std"]) == 3 and all(s > 0 for s in body["std"])
    assert np.array_equal(np.float32(body["std"]), stds[index])
    png_pixels(body["reconstruction"])
    assert png_pixels(body["original"]).max() == 255  # the tiny images carry a bright bar


def test_sample_original_is_null_without_raw_data(pipeline, tmp_path):
    client = create_app({**pipeline, "DATA_ROOT": tmp_path}).test_client()
    body = client.get("/api/datasets/mnist/samples/3").get_json()
    assert body["original"] is None and body["reconstruction"]


DECODE = "/api/datasets/mnist/decode"
TRAVERSAL = "/api/datasets/mnist/traversal"
TWO = [[0, 0, 0], [1, 1, 1]]


@pytest.mark.parametrize("url, body, fragment", [
    (DECODE, b"{not json", "not valid JSON"),
    (DECODE, b"", "not valid JSON"),
    (DECODE, b"[1, 2]", "JSON object"),
    (DECODE, b"[" * 100000 + b"]" * 100000, "not valid JSON"),
    (DECODE, {"points": []}, "1 to 4096 points"),
    (DECODE, {"points": [[0, 0, 0]] * 4097}, "got 4097 points"),
    (DECODE, {"points": "0,0,0"}, "list of 1 to 4096"),
    (DECODE, {}, "list of 1 to 4096"),
    (DECODE, {"points": [[0, 0]]}, "'points[0]' must be [x, y, z]"),
    (DECODE, {"points": [[0, 0, 0], [0, "1", 0]]}, "'points[1]'"),
    (DECODE, {"points": [[0, True, 0]]}, "three numbers"),
    (DECODE, {"points": [[0, None, 0]]}, "three numbers"),
    (DECODE, {"points": [[0, 0, [0]]]}, "three numbers"),
    (DECODE, b'{"points": [[NaN, 0, 0]]}', "finite coordinates within \u00b1100"),
    (DECODE, b'{"points": [[0, Infinity, 0]]}', "finite"),
    (DECODE, {"points": [[0, 0, 100.5]]}, "\u00b1100"),
    (DECODE, {"points": [[0, 0, 10 ** 400]]}, "\u00b1100"),
    (DECODE, {"points": [[0, 0, 0]], "extra": 1}, "unknown keys ['extra']"),
    (TRAVERSAL, {"control_points": [[0, 0, 0]]}, "2 to 100 points"),
    (TRAVERSAL, {"control_points": [[0, 0, 0]] * 101}, "2 to 100 points"),
    (TRAVERSAL, {"control_points": [[0, 0, 0], [0, 0, 0]]}, "control points 0 and 1 are the same"),
    (TRAVERSAL, {"control_points": [[0, 0, 0], [1, 0, 0], [0, 0, 0]], "closed": True}, "control points 2 and 0"),
    (TRAVERSAL, {"control_points": TWO, "steps": 1}, "'steps' must be an integer from 2 to 1000"),
    (TRAVERSAL, {"control_points": TWO, "steps": 1001}, "from 2 to 1000"),
    (TRAVERSAL, {"control_points": TWO, "steps": 10.0}, "integer"),
    (TRAVERSAL, {"control_points": TWO, "steps": True}, "integer"),
    (TRAVERSAL, {"control_points": TWO, "closed": "yes"}, "'closed' must be true or false"),
    (TRAVERSAL, {"control_points": TWO, "step": 10}, "unknown keys ['step']"),
])
def test_bad_bodies_get_400_with_a_message(client, url, body, fragment):
    if isinstance(body, bytes):
        response = client.post(url, data=body, content_type="application/json")
    else:
        response = client.post(url, json=body)
    assert response.status_code == 400, response.get_json()
    assert fragment in response.get_json()["error"]


def test_wrong_content_type_gets_415(client):
    response = client.post(DECODE, data='{"points": [[0, 0, 0]]}', content_type="text/plain")
    assert response.status_code == 415 and "Content-Type: application/json" in response.get_json()["error"]


def test_oversized_body_is_refused_with_413(client):
    response = client.post(DECODE, data=b"[" + b"0," * 600000 + b"0]", content_type="application/json")
    assert response.status_code == 413 and "limit" in response.get_json()["error"]


@pytest.mark.parametrize("url, status, fragment", [
    ("/api/datasets/kmnist/latents.npy", 404, "unknown data set 'kmnist'; known: mnist, fashion-mnist"),
    ("/api/datasets/mnist/samples/400", 404, "integer from 0 to 399"),
    ("/api/datasets/mnist/samples/-1", 404, "integer from 0 to 399"),
    ("/api/datasets/mnist/samples/1e3", 404, "integer from 0 to 399"),
    ("/api/datasets/mnist/samples/" + "9" * 40, 404, "integer from 0 to 399"),
    ("/api/datasets/mnist/other.npy", 404, "Not Found"),
    ("/api/datasets/..%2F..%2Fsetup.cfg/latents.npy", 404, "Not Found"),
    ("/api/nothing", 404, "Not Found"),
])
def test_bad_paths_get_json_errors(client, url, status, fragment):
    response = client.get(url)
    assert response.status_code == status and fragment in response.get_json()["error"]


def test_wrong_method_gets_405(client):
    response = client.post("/api/datasets", json={})
    assert response.status_code == 405 and response.get_json()["error"]


def test_no_file_outside_the_frontend_is_served(client):
    for url in ("/../setup.cfg", "/%2e%2e/setup.cfg", "/..%2fsetup.cfg", "/backend/latent_explorer/app.py", "/latent_explorer/app.py"):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("route", ["traversal", "traversal.gif", "traversal.png"])
def test_control_points_too_close_for_a_curve_are_refused_by_index(client, route):
    body = {"control_points": [[-100, -100, -100], [0, 0, 0], [0, 0, 1e-40]], "steps": 4}
    response = client.post(f"/api/datasets/mnist/{route}", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("control points 1 and 2 ([0, 0, 0] and [0, 0, 1e-40]) are too close")


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT"])
def test_another_method_on_a_post_route_is_a_json_405_with_allow(client, method):
    """GET and HEAD used to answer 404: the page's files matched every path."""
    response = client.open("/api/datasets/mnist/decode", method=method)
    assert response.status_code == 405 and "POST" in response.headers["Allow"].split(", ")
    if method != "HEAD":
        assert "not allowed" in response.get_json()["error"]


def test_unknown_keys_are_named_in_a_short_answer(client):
    """60,000 unknown keys gave an 840 KB answer naming every one."""
    body = {f"key{number:05}": 0 for number in range(60_000)} | {"points": [[0, 0, 0]]}
    response = client.post("/api/datasets/mnist/decode", json=body)
    error = response.get_json()["error"]
    assert response.status_code == 400 and len(error) < 300
    assert error.startswith("unknown keys ['key00000', 'key00001', 'key00002', 'key00003'] and 59996 more")


@pytest.mark.parametrize("url", ["/", "/js/main.js", "/api/datasets", "/api/datasets/mnist/samples/1", "/nowhere"])
def test_every_answer_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src" not in headers["Content-Security-Policy"]  # default-src 'self': no inline script anywhere
    assert headers["X-Frame-Options"] == "DENY" and headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
