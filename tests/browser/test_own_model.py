"""Added models in the page: any latent size and image shape, served and in a published site.

Small decoders made by the test (d = 2 and 8; 16x16 grey and 32x24 colour) go through `latent-explorer add`,
then `serve` (or `publish`) and the page: the cloud, hover, a traversal, the grid, neighbours, a GIF and Show
images.
"""
import base64
import io

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from latent_explorer.added_models import add_model
from latent_explorer.tools.harness import open_explorer, start_explorer_server, start_static_site
from made_models import decoder_graph, encoder_graph
from page_helpers import empty_space, find_pickable_point, running

COUNT = 2000


def _files(folder, dims, height, width, channels, layout):
    folder.mkdir(parents=True)
    decoder, weights, bias = decoder_graph(dims, height, width, channels, layout)
    (folder / "decoder.onnx").write_bytes(decoder)
    (folder / "encoder.onnx").write_bytes(encoder_graph(weights, bias, height, width, channels, layout))
    rng = np.random.default_rng(dims)
    latents = rng.normal(size=(COUNT, dims)).astype(np.float32)
    latents[:, 0] *= 3  # a direction of largest variance, for the PCA view
    np.save(folder / "latents.npy", latents)
    np.save(folder / "labels.npy", rng.integers(0, 3, COUNT))
    np.save(folder / "images.npy", rng.integers(0, 256, (COUNT, height, width, channels), dtype=np.uint8))
    np.save(folder / "stds.npy", rng.uniform(0.1, 0.5, (COUNT, dims)).astype(np.float32))
    return folder


@pytest.fixture(scope="session")
def added_dir(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("own-models")
    for name, shape in (("grey-8d", (8, 16, 16, 1, "hw")), ("colour-2d", (2, 32, 24, 3, "chw"))):
        files = _files(scratch / name, *shape)
        add_model(name, files / "decoder.onnx", files / "latents.npy", files / "labels.npy", ("red", "green", "blue"),
                  files / "encoder.onnx", files / "images.npy", files / "stds.npy", root=scratch / "added")
    return scratch / "added"


@pytest.fixture(scope="session")
def own_server(tmp_path_factory, added_dir):
    with running(start_explorer_server, tmp_path_factory.mktemp("own-server") / "server.log", added_dir=added_dir) as server:
        yield server


@pytest.fixture(scope="session")
def own_site(tmp_path_factory, added_dir):
    with running(start_static_site, tmp_path_factory.mktemp("own-site"), "site", added_dir=added_dir, originals=False) as server:
        yield server


@pytest.fixture(params=["served", "static"])
def own(request):
    return request.getfixturevalue("own_server" if request.param == "served" else "own_site")


def png_shape(uri):
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))).shape


@pytest.mark.parametrize("dataset, image_shape", [("grey-8d", (16, 16)), ("colour-2d", (32, 24, 3))])
def test_an_added_model_is_explored_like_a_shipped_one(page, own, dataset, image_shape):
    explorer = open_explorer(page, own.url, dataset, f"?dataset={dataset}")
    assert explorer.evaluate("explorer.state().count") == COUNT
    point = find_pickable_point(explorer)
    explorer.mouse.move(point["x"], point["y"])
    explorer.wait_for_function("index => explorer.state().hovered === index", arg=point["index"])
    image = explorer.get_by_test_id("decoded-image")
    explorer.wait_for_function("image => image.src.startsWith('data:image/png')", arg=image.element_handle())
    assert png_shape(image.get_attribute("src")) == image_shape
    for spot in empty_space(explorer, 2):
        explorer.mouse.click(spot["x"], spot["y"])
    explorer.wait_for_function("explorer.state().traversal?.steps > 0")
    path = explorer.evaluate("explorer.state().traversal.path")
    assert len(path[0]) == 3, "the path is drawn in the view's three dimensions"
    explorer.get_by_test_id("grid-open").check()
    expect(explorer.get_by_test_id("grid-image")).to_have_attribute("src", __import__("re").compile("^blob:|^data:"))
    explorer.wait_for_function("explorer.state().neighbors.length > 0")
    expect(explorer.get_by_test_id("timeline")).to_be_disabled()
    expect(explorer.get_by_test_id("timeline-missing")).to_contain_text("latent-explorer train <id> --timeline")


def test_a_latent_of_more_than_three_dimensions_is_shown_through_its_principal_axes(page, own_server):
    explorer = open_explorer(page, own_server.url, "grey-8d", "?dataset=grey-8d")
    expect(explorer.locator("#model-summary")).to_contain_text("of the variance")
    expect(explorer.get_by_test_id("latent-view")).to_be_visible()


def draw_a_stroke(page):
    pad = page.get_by_test_id("draw-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.6, steps=8)
    page.mouse.up()


def test_the_pad_is_the_model_s_shape_and_a_colour_model_takes_pictures_only(page, own_server, tmp_path):
    explorer = open_explorer(page, own_server.url, "colour-2d", "?dataset=colour-2d")
    pad = explorer.get_by_test_id("draw-pad")
    assert pad.evaluate("canvas => canvas.width / canvas.height") == pytest.approx(24 / 32)
    expect(explorer.locator("#draw-brush")).to_be_disabled()
    draw_a_stroke(explorer)
    explorer.wait_for_timeout(500)
    assert explorer.evaluate("explorer.state().encoded") is None, "a colour model is not drawn on"
    picture = tmp_path / "picture.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (40, 30, 3), dtype=np.uint8)).save(picture)
    explorer.get_by_test_id("draw-upload").set_input_files(picture)
    explorer.wait_for_function("explorer.state().encoded !== null")
    assert len(explorer.evaluate("explorer.state().encoded.mean")) == 3  # where the view shows it

    explorer.select_option("[data-testid=dataset-select]", "grey-8d")
    explorer.wait_for_function("explorer.state().dataset === 'grey-8d' && explorer.state().encoded === null")
    assert pad.evaluate("canvas => [canvas.width, canvas.height]") == [280, 280]
    expect(explorer.locator("#draw-brush")).to_be_enabled()
    draw_a_stroke(explorer)
    explorer.wait_for_function("explorer.state().encoded !== null")
    assert len(explorer.evaluate("explorer.state().encoded.mean")) == 3
