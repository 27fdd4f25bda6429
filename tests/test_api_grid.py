"""POST /api/datasets/<id>/grid.png: one mosaic of the decoded grid, and a 400 naming each bad field."""
import io

import numpy as np
import pytest
from PIL import Image

from latent_explorer.grid import grid_positions
from latent_explorer.images import grey_levels

GRID = {"center": [0.1, -0.2, 0.3], "right": [1, 0, 0], "up": [0, 0, 1], "size": 5, "spacing": 0.5}


def test_grid_is_one_png_of_the_decoded_cells(app, client):
    response = client.post("/api/datasets/mnist/grid.png", json=GRID)
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = np.asarray(Image.open(io.BytesIO(response.data)))
    assert image.shape == (5 * 28, 5 * 28) and image.dtype == np.uint8
    model = app.extensions["datasets"].available["mnist"].model
    positions = grid_positions(GRID["center"], GRID["right"], GRID["up"], 5, 0.5)
    expected = grey_levels(model.decode(positions))[..., 0]  # (N, 28, 28, 1) -> the cells' grey levels
    for cell in (0, 4, 12, 24):
        row, column = divmod(cell, 5)
        assert np.array_equal(image[row * 28:(row + 1) * 28, column * 28:(column + 1) * 28], expected[cell])


def test_grid_defaults_to_the_listed_size(client):
    body = {key: GRID[key] for key in ("center", "right", "up")}
    limits = client.get("/api/datasets").get_json()["limits"]
    image = Image.open(io.BytesIO(client.post("/api/datasets/mnist/grid.png", json=body).data))
    assert image.size == (28 * limits["default_grid_size"],) * 2


@pytest.mark.parametrize("change, words", [
    ({"size": 2}, "'size' must be an integer from 3 to 25"),
    ({"size": 26}, "'size' must be an integer from 3 to 25"),
    ({"size": 5.0}, "'size' must be an integer"),
    ({"spacing": 0}, "'spacing' must be a number from 0.001 to 10"),
    ({"spacing": -1}, "'spacing' must be a number"),
    ({"spacing": "1"}, "'spacing' must be a number"),
    ({"spacing": True}, "'spacing' must be a number"),
    ({"spacing": 1e400}, "'spacing' must be a number"),
    ({"center": [0, 0]}, "'center' must be [x, y, z]"),
    ({"center": [0, 0, 1e9]}, "'center' must hold finite coordinates"),
    ({"right": [2, 0, 0]}, "'right' must be a unit vector"),
    ({"up": [0, 0, 0]}, "'up' must be a unit vector"),
    ({"up": [1, 0, 0]}, "must be perpendicular"),
    ({"colour": "red"}, "unknown keys ['colour']"),
])
def test_bad_grid_requests_are_refused_naming_the_field(client, change, words):
    response = client.post("/api/datasets/mnist/grid.png", json={**GRID, **change})
    assert response.status_code == 400 and words in response.get_json()["error"]


def test_nan_spacing_and_unknown_data_set_are_refused(client):
    nan = client.post("/api/datasets/mnist/grid.png", data='{"center": [0, 0, 0], "right": [1, 0, 0], '
                      '"up": [0, 1, 0], "spacing": NaN}', content_type="application/json")
    assert nan.status_code == 400 and "'spacing'" in nan.get_json()["error"]
    assert client.post("/api/datasets/kmnist/grid.png", json=GRID).status_code == 404
