"""Unit tests of frontend/js/in-page/pictures.js, the page's pictures of decoded pixels, held to images.py."""
import base64
import io

import numpy as np
from PIL import Image

from latent_explorer.images import grey_levels, tiled
from module_runner import run_module


def call(js, body, *args):
    return run_module(js, "/js/in-page/pictures.js", body, list(args))


def test_grey_levels_round_as_the_server_does_for_float32_and_float64(js):
    values = np.random.default_rng(3).uniform(0, 1, 784 * 3).astype(np.float32)
    values[:6] = np.array([0.5, 1.5, 2.5, 127.5, 254.5, 255], np.float32) / np.float32(255)  # ties and ends
    page = call(js, "return Array.from(module.greyLevels(Float32Array.from(args[0])));", values.tolist())
    assert page == grey_levels(values[None]).ravel().tolist()
    doubles = np.random.default_rng(4).uniform(0, 1, 784)
    page = call(js, "return Array.from(module.greyLevels(Float64Array.from(args[0])));", doubles.tolist())
    assert page == grey_levels(doubles[None]).ravel().tolist()


def test_data_uris_are_greyscale_pngs_of_the_levels(js):
    levels = np.random.default_rng(5).integers(0, 256, (3, 28, 28), np.uint8)
    uris = call(js, "return module.dataUris(Uint8Array.from(args[0]), 28);", levels.ravel().tolist())
    for uri, image in zip(uris, levels):
        decoded = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
        assert decoded.mode == "L" and np.array_equal(np.asarray(decoded), image)


def test_a_png_blob_and_tiling_give_the_servers_mosaic(js):
    frames = np.random.default_rng(6).integers(0, 256, (7, 28, 28), np.uint8)
    data = js.evaluate("""async (frames) => {
      const module = await import('/js/in-page/pictures.js');
      const images = module.imagesOf(Uint8Array.from(frames), 28);
      const blob = await module.greyPngBlob(module.tiled(images, 28, 28, 3), 84, 84);
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    }""", frames.ravel().tolist())
    decoded = Image.open(io.BytesIO(bytes(data)))
    assert decoded.mode == "L" and np.array_equal(np.asarray(decoded), tiled(frames, 3))
