"""The real-image endpoints through Flask's test client: neighbours and atlases, with and without the raw images."""
import base64
import io
import pathlib
import shutil

import numpy as np
import pytest
from PIL import Image

import latent_explorer.originals
from latent_explorer.app import create_app
from latent_explorer.atlas import COLUMNS, PER_ATLAS, SIZE, TILE
from latent_explorer.datasets import DATASETS
from latent_explorer.raw_data import read_idx
from tiny_data import TINY_TEST, TINY_TRAIN, make_raw_dataset, write_idx


def png_pixels(data_uri):
    image = Image.open(io.BytesIO(base64.b64decode(data_uri.removeprefix("data:image/png;base64,"))))
    assert image.mode == "L"
    return np.asarray(image)


def tiny_images(raw_root, spec):
    """The tiny data set's images in the points' order: training, then test."""
    raw = raw_root / spec.folder_name / "raw"
    return np.concatenate([read_idx(raw / "train-images-idx3-ubyte"), read_idx(raw / "t10k-images-idx3-ubyte")])


def latents_of(pipeline, dataset_id):
    return np.load(pipeline["POINTS_DIR"] / dataset_id / "latents.npy")


@pytest.fixture
def client_without_originals(pipeline, tmp_path):
    return create_app({**pipeline, "DATA_ROOT": tmp_path}).test_client()


def neighbors(client, body, dataset_id="mnist"):
    return client.post(f"/api/datasets/{dataset_id}/neighbors", json=body)


# Neighbours


@pytest.mark.parametrize("point, k", [([0, 0, 0], 8), ([1.5, -0.5, 2], 1), ([-2, 1, 0.25], 100), ([30, -40, 50], 17)])
def test_neighbours_are_the_nearest_points_in_order_as_brute_force_finds_them(client, pipeline, point, k):
    latents = latents_of(pipeline, "mnist")
    distances = np.linalg.norm(latents.astype(np.float64) - point, axis=1)
    expected = np.argsort(distances, kind="stable")[:k]
    body = neighbors(client, {"point": point, "k": k}).get_json()
    found = body["neighbors"]
    assert [item["index"] for item in found] == expected.tolist()
    assert np.allclose([item["distance"] for item in found], distances[expected], rtol=0, atol=1e-12)
    assert all(a["distance"] <= b["distance"] for a, b in zip(found, found[1:]))


def test_each_neighbour_has_its_label_split_latent_and_original(client, pipeline, raw_root):
    labels = np.load(pipeline["POINTS_DIR"] / "mnist" / "labels.npy")
    latents = latents_of(pipeline, "mnist")
    images = tiny_images(raw_root, DATASETS["mnist"])
    point = latents[TINY_TRAIN].tolist()  # a test point: itself first, at distance 0
    body = neighbors(client, {"point": point, "k": 100}).get_json()
    assert body["image_kind"] == "original" and len(body["neighbors"]) == 100
    assert body["neighbors"][0]["index"] == TINY_TRAIN and body["neighbors"][0]["distance"] == 0
    assert {item["split"] for item in body["neighbors"]} == {"train", "test"}
    for item in body["neighbors"]:
        index = item["index"]
        assert set(item) == {"index", "label", "split", "distance", "latent", "image"}
        assert item["label"] == labels[index] and item["latent"] == latents[index].tolist()
        assert item["split"] == ("train" if index < TINY_TRAIN else "test")
        assert np.array_equal(png_pixels(item["image"]), images[index])


def test_k_defaults_to_8(client):
    assert len(neighbors(client, {"point": [0, 0, 0]}).get_json()["neighbors"]) == 8


@pytest.mark.parametrize("k", [0, 101, 1.5, "8", True, None, -1, [8]])
def test_k_outside_1_to_100_is_refused(client, k):
    response = neighbors(client, {"point": [0, 0, 0], "k": k})
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("'k' must be an integer from 1 to 100, got ")


@pytest.mark.parametrize("point, message", [
    (None, "'point' must be [x, y, z] with three numbers, got None"),
    ([1, 2], "'point' must be [x, y, z] with three numbers, got [1, 2]"),
    ([[1, 2, 3]], "'point' must be [x, y, z] with three numbers"),
    ([1, 2, "3"], "'point' must be [x, y, z] with three numbers"),
    ([1, 2, True], "'point' must be [x, y, z] with three numbers"),
    ([0, 0, 100.5], "'point' must hold finite coordinates within ±100, got [0, 0, 100.5]"),
    ([0, 0, 10 ** 400], "'point' must hold finite coordinates within ±100"),
    ("0,0,0", "'point' must be [x, y, z] with three numbers, got '0,0,0'"),
])
def test_a_bad_point_gets_decodes_rules_and_messages(client, point, message):
    response = neighbors(client, {"point": point})
    assert response.status_code == 400 and response.get_json()["error"].startswith(message)
    # The same point in a decode request: the same rule, named after its own field.
    decoded = client.post("/api/datasets/mnist/decode", json={"points": [point]}).get_json()["error"]
    assert decoded.replace("'points[0]'", "'point'") == response.get_json()["error"]


def test_a_nan_coordinate_is_refused(client):
    response = client.post("/api/datasets/mnist/neighbors", data='{"point": [0, NaN, 0]}',
                           content_type="application/json")
    assert response.status_code == 400 and "finite coordinates" in response.get_json()["error"]


def test_unknown_keys_not_json_and_not_an_object_are_refused(client):
    response = neighbors(client, {"point": [0, 0, 0], "points": [[0, 0, 0]]})
    assert response.status_code == 400
    assert response.get_json()["error"] == "unknown keys ['points']; allowed: ['k', 'point']"
    assert client.post("/api/datasets/mnist/neighbors", data="{").status_code == 415
    response = client.post("/api/datasets/mnist/neighbors", data="{", content_type="application/json")
    assert response.status_code == 400 and "not valid JSON" in response.get_json()["error"]
    assert neighbors(client, [[0, 0, 0]]).status_code == 400


def test_unknown_data_set_gets_404_and_a_broken_one_503(client, pipeline, tmp_path):
    response = neighbors(client, {"point": [0, 0, 0]}, "kmnist")
    assert response.status_code == 404 and "unknown data set 'kmnist'" in response.get_json()["error"]
    broken = create_app({**pipeline, "POINTS_DIR": tmp_path}).test_client()
    response = neighbors(broken, {"point": [0, 0, 0]})
    assert response.status_code == 503 and "latent-explorer export mnist" in response.get_json()["error"]
    assert broken.get("/api/datasets/mnist/atlas").status_code == 503


def test_without_originals_neighbours_show_reconstructions_and_say_so(client, client_without_originals):
    body = neighbors(client_without_originals, {"point": [0.5, 0, -0.5], "k": 5}).get_json()
    assert body["image_kind"] == "reconstruction"
    with_originals = neighbors(client, {"point": [0.5, 0, -0.5], "k": 5}).get_json()
    assert [item["index"] for item in body["neighbors"]] == [item["index"] for item in with_originals["neighbors"]]
    decoded = client.post("/api/datasets/mnist/decode",
                          json={"points": [item["latent"] for item in body["neighbors"]]}).get_json()["images"]
    assert [item["image"] for item in body["neighbors"]] == decoded


# The listing's flag


def test_the_listing_says_whether_originals_are_there(client, client_without_originals):
    assert [d["originals"] for d in client.get("/api/datasets").get_json()["datasets"]] == [True, True]
    assert [d["originals"] for d in client_without_originals.get("/api/datasets").get_json()["datasets"]] == [False, False]


# Atlases


def atlas(client, dataset_id="mnist", number=0, **headers):
    return client.get(f"/api/datasets/{dataset_id}/atlas/{number}.png", headers=headers)


def test_the_atlas_listing(client):
    count = TINY_TRAIN + TINY_TEST
    assert client.get("/api/datasets/fashion-mnist/atlas").get_json() == {
        "tile": 28, "size": 2048, "columns": 73, "per_atlas": 5329, "count": count,
        "atlases": ["/api/datasets/fashion-mnist/atlas/0.png"]}


@pytest.mark.parametrize("dataset_id", ["mnist", "fashion-mnist"])
def test_tile_i_of_the_atlas_holds_image_i(client, raw_root, dataset_id):
    response = atlas(client, dataset_id)
    assert response.status_code == 200 and response.mimetype == "image/png"
    pixels = np.asarray(Image.open(io.BytesIO(response.data)))
    images = tiny_images(raw_root, DATASETS[dataset_id])
    rows = -(-len(images) // COLUMNS)
    assert pixels.dtype == np.uint8 and pixels.shape == (rows * TILE, SIZE)  # the last atlas: only the rows it needs
    for index, image in enumerate(images):
        row, column = divmod(index % PER_ATLAS, COLUMNS)
        assert np.array_equal(pixels[row * TILE:(row + 1) * TILE, column * TILE:(column + 1) * TILE], image), index
    covered = np.zeros(pixels.shape, bool)
    for index in range(len(images)):
        row, column = divmod(index, COLUMNS)
        covered[row * TILE:(row + 1) * TILE, column * TILE:(column + 1) * TILE] = True
    assert not pixels[~covered].any()


def test_an_atlas_has_a_strong_etag_and_is_revalidated(client):
    first = atlas(client)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and first.headers["Cache-Control"] == "no-cache"
    assert atlas(client, **{"If-None-Match": etag}).status_code == 304
    assert atlas(client).data == first.data and atlas(client).headers["ETag"] == etag
    assert atlas(client, "fashion-mnist").headers["ETag"] != etag


@pytest.mark.parametrize("number", ["1", "-1", "x", "0x0", "00000001", "1" * 40])
def test_an_atlas_beyond_the_last_is_404(client, number):
    response = atlas(client, number=number)
    assert response.status_code == 404
    assert response.get_json()["error"].startswith("atlas number must be an integer from 0 to 0, got ")


def test_without_originals_atlases_are_404_with_how_to_get_them(client_without_originals):
    for url in ("/api/datasets/mnist/atlas", "/api/datasets/mnist/atlas/0.png"):
        response = client_without_originals.get(url)
        assert response.status_code == 404
        error = response.get_json()["error"]
        assert "original images of MNIST are not in" in error and "latent-explorer fetch mnist" in error
        assert "LATENT_EXPLORER_DATA" in error


def test_raw_files_that_are_not_these_points_images_count_as_absent(pipeline, tmp_path):
    raw = tmp_path / "MNIST" / "raw"
    write_idx(raw / "train-images-idx3-ubyte", np.zeros((10, 28, 28), np.uint8))
    write_idx(raw / "t10k-images-idx3-ubyte", np.zeros((5, 28, 28), np.uint8))
    client = create_app({**pipeline, "DATA_ROOT": tmp_path}).test_client()
    assert client.get("/api/datasets").get_json()["datasets"][0]["originals"] is False
    assert client.get(f"/api/datasets/mnist/samples/{TINY_TRAIN}").get_json()["original"] is None
    error = client.get("/api/datasets/mnist/atlas").get_json()["error"]
    # The server's folders are named by their flags: a client learns which file, not where the server keeps it.
    assert "the raw images in <--data-root>/MNIST/raw ((10, 28, 28) and (5, 28, 28)) are not the 300 training and 100 test" in error
    assert str(tmp_path) not in error


def test_originals_that_arrive_after_start_are_served_without_a_restart(pipeline, raw_root, tmp_path, monkeypatch):
    monkeypatch.setattr(latent_explorer.originals, "RECHECK_SECONDS", 0.0)
    client = create_app({**pipeline, "DATA_ROOT": tmp_path}).test_client()
    assert client.get("/api/datasets/mnist/samples/5").get_json()["original"] is None  # and cached
    assert client.get("/api/datasets/mnist/atlas").status_code == 404
    shutil.copytree(raw_root / "MNIST", tmp_path / "MNIST")
    assert client.get("/api/datasets").get_json()["datasets"][0]["originals"] is True
    original = client.get("/api/datasets/mnist/samples/5").get_json()["original"]
    assert np.array_equal(png_pixels(original), tiny_images(raw_root, DATASETS["mnist"])[5])
    assert client.get("/api/datasets/mnist/atlas").status_code == 200
    assert neighbors(client, {"point": [0, 0, 0]}).get_json()["image_kind"] == "original"


def test_absent_originals_are_looked_for_at_most_every_few_seconds(pipeline, raw_root, tmp_path, monkeypatch):
    client = create_app({**pipeline, "DATA_ROOT": tmp_path}).test_client()
    assert client.get("/api/datasets").get_json()["datasets"][0]["originals"] is False
    make_raw_dataset(tmp_path, DATASETS["mnist"])
    # Within RECHECK_SECONDS of the last look, no look: the files are found on a later request.
    assert client.get("/api/datasets").get_json()["datasets"][0]["originals"] is False
    monkeypatch.setattr(latent_explorer.originals, "RECHECK_SECONDS", 0.0)
    assert client.get("/api/datasets").get_json()["datasets"][0]["originals"] is True


def test_an_unreadable_raw_folder_is_said_so_not_reported_missing(pipeline, raw_root, monkeypatch):
    """The files are there but the server may not read them (as root, no chmod refuses, so stat is made to):
    "download them" would be the wrong fix."""
    raw = raw_root / "MNIST" / "raw"
    real_stat = pathlib.Path.stat

    def refusing_stat(path, *args, **kwargs):
        if path.parent == raw:
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "stat", refusing_stat)
    client = create_app(pipeline).test_client()
    listed = client.get("/api/datasets").get_json()["datasets"][0]
    assert listed["originals"] is False
    assert "cannot be read (Permission denied: <--data-root>/MNIST/raw/train-images-idx3-ubyte)" in listed["originals_missing"]
    assert "are not in" not in listed["originals_missing"]
    assert "cannot be read (Permission denied" in client.get("/api/datasets/mnist/atlas").get_json()["error"]
