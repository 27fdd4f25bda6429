"""The API on added models: any latent size and image shape answered as the shipped models are, beside them."""
import base64
import io

import numpy as np
import pytest
from PIL import Image

from latent_explorer.added_models import add_model
from latent_explorer.app import create_app
from test_added_models import made


def png(data_uri_or_bytes):
    data = data_uri_or_bytes if isinstance(data_uri_or_bytes, bytes) else base64.b64decode(data_uri_or_bytes.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(data)))


@pytest.fixture(scope="module")
def added_client(pipeline, tmp_path_factory):
    scratch = tmp_path_factory.mktemp("added")
    root = scratch / "added"
    grey = made(scratch / "grey", dims=8, height=16, width=16)
    add_model("grey-8d", grey / "decoder.onnx", grey / "latents.npy", grey / "labels.npy", ("a", "b", "c", "d"),
              grey / "encoder.onnx", grey / "images.npy", grey / "stds.npy", "Grey 8-D", root=root)
    colour = made(scratch / "colour", dims=2, height=32, width=24, channels=3, layout="chw")
    add_model("colour-2d", colour / "decoder.onnx", colour / "latents.npy", colour / "labels.npy", None,
              colour / "encoder.onnx", None, None, None, root=root)
    return create_app({**pipeline, "ADDED_DIR": root}).test_client()


def test_the_listing_has_added_models_beside_the_shipped_ones(added_client):
    listing = added_client.get("/api/datasets").get_json()
    entries = {entry["id"]: entry for entry in listing["datasets"]}
    assert list(entries) == ["mnist", "fashion-mnist", "colour-2d", "grey-8d"]
    grey, colour, shipped = entries["grey-8d"], entries["colour-2d"], entries["mnist"]
    assert (shipped["kind"], shipped["image_shape"], shipped["view"], shipped["encoder"]) == ("shipped", [28, 28, 1], None, True)
    assert (grey["kind"], grey["latent_dim"], grey["image_shape"], grey["title"]) == ("added", 8, [16, 16, 1], "Grey 8-D")
    assert grey["originals"] is True and grey["stds"] is True and grey["encoder"] is True
    view = grey["view"]
    assert np.allclose(np.asarray(view["axes"]) @ np.asarray(view["axes"]).T, np.eye(3), atol=1e-9)
    assert 0 < sum(view["explained"]) <= 1 and len(view["origin"]) == 8
    assert colour["view"] is None and colour["image_shape"] == [32, 24, 3] and colour["originals"] is False
    assert colour["stds"] is False and "without its original images" in colour["originals_missing"]


def test_decode_traversal_and_grid_answer_in_the_models_space_and_images(added_client):
    answer = added_client.post("/api/datasets/grey-8d/decode", json={"points": [[0.1] * 8, [0] * 8]}).get_json()
    assert [png(image).shape for image in answer["images"]] == [(16, 16), (16, 16)]
    answer = added_client.post("/api/datasets/colour-2d/decode", json={"points": [[0.5, -1]]}).get_json()
    assert png(answer["images"][0]).shape == (32, 24, 3)
    refused = added_client.post("/api/datasets/grey-8d/decode", json={"points": [[0, 0, 0]]})
    assert refused.status_code == 400 and "'points[0]' must be a list of 8 numbers" in refused.get_json()["error"]
    path = added_client.post("/api/datasets/grey-8d/traversal",
                             json={"control_points": [[0] * 8, [1] * 8, [1, 0] * 4], "steps": 10}).get_json()
    assert np.asarray(path["path"]).shape == (10, 8) and len(path["images"]) == 10
    axes = {"center": [0, 0], "right": [1, 0], "up": [0, 1], "size": 3, "spacing": 0.5}
    grid = added_client.post("/api/datasets/colour-2d/grid.png", json=axes)
    assert grid.status_code == 200 and png(grid.data).shape == (96, 72, 3)


def test_samples_neighbours_atlases_and_files_of_an_added_model(added_client):
    sample = added_client.get("/api/datasets/grey-8d/samples/5").get_json()
    assert len(sample["latent"]) == 8 and len(sample["std"]) == 8 and png(sample["original"]).shape == (16, 16)
    colour = added_client.get("/api/datasets/colour-2d/samples/5").get_json()
    assert colour["std"] is None and colour["original"] is None
    near = added_client.post("/api/datasets/grey-8d/neighbors", json={"point": sample["latent"], "k": 3}).get_json()
    assert near["neighbors"][0]["index"] == 5 and near["image_kind"] == "original"
    atlas = added_client.get("/api/datasets/grey-8d/atlas").get_json()
    assert atlas["tile"] == 16 and atlas["per_atlas"] == 128 * 128
    assert png(added_client.get(atlas["atlases"][0]).data).shape[1] == 2048
    assert added_client.get("/api/datasets/colour-2d/stds.npy").status_code == 404


def test_gif_strip_and_encode_of_an_added_colour_model(added_client):
    body = {"control_points": [[0, 0], [1, 1]], "steps": 6, "scale": 1}
    gif = Image.open(io.BytesIO(added_client.post("/api/datasets/colour-2d/traversal.gif", json=body).data))
    assert gif.n_frames == 6 and gif.size == (24, 32)
    strip = png(added_client.post("/api/datasets/colour-2d/traversal.png", json=body).data)
    assert strip.shape == (32, 6 * 24, 3)
    picture = io.BytesIO()
    Image.new("RGB", (50, 40), (200, 30, 30)).save(picture, "PNG")
    uri = "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode()
    encoded = added_client.post("/api/datasets/colour-2d/encode", json={"image": uri}).get_json()
    assert len(encoded["mean"]) == 2 and png(encoded["input"]).shape == (32, 24, 3)
    refused = added_client.post("/api/datasets/colour-2d/encode", json={"image": uri, "preprocess": False})
    assert refused.status_code == 400 and "must be 24x32" in refused.get_json()["error"]
