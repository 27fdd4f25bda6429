"""The traversal as a GIF and as a film strip, through Flask's test client, including the bad inputs."""
import base64
import io

import numpy as np
import pytest
from PIL import Image, ImageSequence

GIF = "/api/datasets/mnist/traversal.gif"
PNG = "/api/datasets/mnist/traversal.png"
CONTROL_POINTS = [[-1.0, 0.0, 0.5], [1.0, 1.0, 0.0], [0.5, -1.0, 1.0]]


def decoded(client, points):
    """The served decoder's uint8 ``(N, 28, 28)`` images of ``points``, through the decode endpoint."""
    prefix = "data:image/png;base64,"
    uris = client.post("/api/datasets/mnist/decode", json={"points": points}).get_json()["images"]
    return np.array([np.asarray(Image.open(io.BytesIO(base64.b64decode(uri[len(prefix):])))) for uri in uris])


def blocks(images, scale):
    return np.array([np.kron(image, np.ones((scale, scale), np.uint8)) for image in images])


def test_gif_has_steps_frames_enlarged_looping_at_the_frame_rate(client):
    response = client.post(GIF, json={"control_points": CONTROL_POINTS, "steps": 12, "scale": 3, "fps": 20})
    assert response.status_code == 200 and response.mimetype == "image/gif"
    assert response.headers["Content-Disposition"] == 'attachment; filename="mnist-traversal-12-steps.gif"'
    image = Image.open(io.BytesIO(response.data))
    assert image.n_frames == 12 and image.size == (84, 84) and image.info["loop"] == 0
    frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    assert [frame.info["duration"] for frame in frames] == [50] * 12  # 1000 ms / 20 fps
    first, last = decoded(client, [CONTROL_POINTS[0], CONTROL_POINTS[-1]])
    assert np.array_equal(np.asarray(frames[0].convert("L")), blocks([first], 3)[0])
    assert np.array_equal(np.asarray(frames[-1].convert("L")), blocks([last], 3)[0])


def test_gif_frames_are_the_traversal_images(client):
    body = {"control_points": CONTROL_POINTS, "steps": 9, "closed": True}
    path = client.post("/api/datasets/mnist/traversal", json=body).get_json()["path"]
    image = Image.open(io.BytesIO(client.post(GIF, json={**body, "scale": 1}).data))
    frames = np.array([np.asarray(frame.convert("L")) for frame in ImageSequence.Iterator(image)])
    assert np.array_equal(frames, decoded(client, path))


def test_gif_defaults_to_scale_4_at_15_fps(client):
    image = Image.open(io.BytesIO(client.post(GIF, json={"control_points": CONTROL_POINTS}).data))
    assert image.n_frames == 64 and image.size == (112, 112)
    durations = [frame.info["duration"] for frame in ImageSequence.Iterator(image)]
    assert sum(durations) == round(64 / 15 * 100) * 10 and set(durations) == {60, 70}


def test_ping_pong_gif_goes_back_without_repeating_the_ends(client):
    body = {"control_points": CONTROL_POINTS, "steps": 10, "scale": 1}
    forward = Image.open(io.BytesIO(client.post(GIF, json=body).data))
    there_and_back = Image.open(io.BytesIO(client.post(GIF, json={**body, "ping_pong": True}).data))
    assert there_and_back.n_frames == 2 * 10 - 2
    forward = [np.asarray(frame.convert("L")) for frame in ImageSequence.Iterator(forward)]
    back = [np.asarray(frame.convert("L")) for frame in ImageSequence.Iterator(there_and_back)]
    assert all(np.array_equal(a, b) for a, b in zip(back, forward + forward[-2:0:-1]))


@pytest.mark.parametrize("columns, size", [(None, (10 * 56, 56)), (10, (10 * 56, 56)), (1, (56, 10 * 56)),
                                           (4, (4 * 56, 3 * 56)), (5, (5 * 56, 2 * 56))])
def test_film_strip_is_a_row_or_a_grid(client, columns, size):
    body = {"control_points": CONTROL_POINTS, "steps": 10, "scale": 2}
    response = client.post(PNG, json=body if columns is None else {**body, "columns": columns})
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Content-Disposition"] == 'attachment; filename="mnist-traversal-10-steps.png"'
    image = Image.open(io.BytesIO(response.data))
    assert image.mode == "L" and image.size == size


def test_film_strip_starts_with_the_first_control_point_and_pads_with_black(client):
    body = {"control_points": CONTROL_POINTS, "steps": 5, "scale": 2, "columns": 3}
    grid = np.asarray(Image.open(io.BytesIO(client.post(PNG, json=body).data)))
    assert np.array_equal(grid[:56, :56], blocks(decoded(client, CONTROL_POINTS[:1]), 2)[0])
    assert not grid[56:, 2 * 56:].any()


def test_fashion_mnist_names_its_file(client):
    response = client.post("/api/datasets/fashion-mnist/traversal.png", json={"control_points": CONTROL_POINTS, "steps": 3})
    assert response.headers["Content-Disposition"] == 'attachment; filename="fashion-mnist-traversal-3-steps.png"'


TWO = CONTROL_POINTS[:2]


@pytest.mark.parametrize("url, body, fragment", [
    (GIF, {"control_points": [[0, 0, 0]]}, "'control_points' must be a list of 2 to 100 points"),
    (PNG, {"control_points": [[0, 0, 101]] * 2}, "'control_points[0]' must hold finite coordinates within ±100"),
    (GIF, {"control_points": [[0, 0, 0], [0, 0, 0]]}, "control points 0 and 1 are the same"),
    (PNG, {"control_points": [[0, 0, 0], [1, 0, 0], [0, 0, 0]], "closed": True}, "control points 2 and 0"),
    (GIF, {"control_points": TWO, "steps": 1001}, "'steps' must be an integer from 2 to 1000, got 1001"),
    (PNG, {"control_points": TWO, "closed": 1}, "'closed' must be true or false, got 1"),
    (GIF, {"control_points": TWO, "scale": 0}, "'scale' must be an integer from 1 to 16, got 0"),
    (PNG, {"control_points": TWO, "scale": 17}, "'scale' must be an integer from 1 to 16, got 17"),
    (GIF, {"control_points": TWO, "scale": 2.0}, "'scale' must be an integer"),
    (GIF, {"control_points": TWO, "scale": "4"}, "'scale' must be an integer"),
    (GIF, {"control_points": TWO, "fps": 0}, "'fps' must be an integer from 1 to 60, got 0"),
    (GIF, {"control_points": TWO, "fps": 61}, "'fps' must be an integer from 1 to 60, got 61"),
    (GIF, {"control_points": TWO, "fps": True}, "'fps' must be an integer"),
    (GIF, {"control_points": TWO, "ping_pong": "yes"}, "'ping_pong' must be true or false, got 'yes'"),
    (PNG, {"control_points": TWO, "steps": 10, "columns": 11}, "'columns' must be an integer from 1 to 10, got 11"),
    (PNG, {"control_points": TWO, "columns": 0}, "'columns' must be an integer from 1 to 64, got 0"),
    (PNG, {"control_points": TWO, "fps": 10}, "unknown keys ['fps']"),
    (PNG, {"control_points": TWO, "ping_pong": True}, "unknown keys ['ping_pong']"),
    (GIF, {"control_points": TWO, "columns": 2}, "unknown keys ['columns']"),
    (GIF, {"control_points": TWO, "steps": 1000, "scale": 10}, "the GIF would hold 1000 frames of 280×280 pixels, "
                                                                "78,400,000 pixels in all, more than the limit of 64,000,000"),
    (GIF, {"control_points": TWO, "steps": 700, "scale": 8, "ping_pong": True}, "1398 frames of 224×224"),
    (PNG, {"control_points": TWO, "steps": 1000, "scale": 16}, "use fewer steps or a smaller scale"),
])
def test_bad_bodies_get_400_with_a_message(client, url, body, fragment):
    response = client.post(url, json=body)
    assert response.status_code == 400, response.get_json()
    assert fragment in response.get_json()["error"]


def test_wrong_content_type_gets_415(client):
    response = client.post(GIF, data="control_points=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415 and "application/json" in response.get_json()["error"]


def test_unknown_data_set_gets_404(client):
    response = client.post("/api/datasets/kmnist/traversal.gif", json={"control_points": TWO})
    assert response.status_code == 404 and "unknown data set 'kmnist'" in response.get_json()["error"]


def test_unknown_format_is_refused(client):
    response = client.post("/api/datasets/mnist/traversal.jpg", json={"control_points": TWO})
    assert response.status_code == 404 and "error" in response.get_json()  # no such route (the page has none under /api/)


def test_unavailable_data_set_gets_503_with_the_fix(pipeline, tmp_path):
    from latent_explorer.app import create_app
    client = create_app({**pipeline, "POINTS_DIR": tmp_path}).test_client()
    response = client.post(PNG, json={"control_points": TWO})
    assert response.status_code == 503 and "latent-explorer export mnist" in response.get_json()["error"]
