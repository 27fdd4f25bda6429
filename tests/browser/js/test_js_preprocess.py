"""frontend/js/in-page/preprocess.js held to the server's preprocessing (preprocess.py, the encode route), in
headless Chromium: for the same PNG the page must make the same 8-bit 28x28 input the server's encoder sees,
and refuse what the server refuses in the server's words."""
import base64
import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from latent_explorer.datasets import DATASETS
from latent_explorer.images import DATA_URI_PREFIX, grey_levels
from latent_explorer.preprocess import _grey_on_white, light_ink_on_black, png_grey
from module_runner import run_module

MODULE = "/js/in-page/preprocess.js"
PICTURES = 50
# A picture's sizes, from a sliver to wider than tall by three, odd ones among them.
SIZES = [(9, 31), (31, 9), (28, 28), (17, 250), (40, 40), (64, 48), (75, 113), (100, 100), (128, 96), (150, 600),
         (200, 200), (280, 280), (300, 150), (333, 77), (511, 383), (600, 200)]


def call(js, body, *args):
    """Run `body` against the module; it may `await` (pngPixels is async)."""
    return run_module(js, MODULE, f"return (async () => {{ {body} }})();", list(args))


def png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def camel_case(name):
    first, *rest = name.split("_")
    return first + "".join(word.title() for word in rest)


def as_base64(data):
    return base64.b64encode(data).decode("ascii")


# --- The pictures: strokes drawn as people draw them, and photographs of paper --------------------------------


def random_strokes(draw, rng, width, height, fill, thickest):
    """One to four lines and ellipses somewhere in a width x height canvas, off centre as often as not."""
    for _ in range(rng.integers(1, 5)):
        x0, x1 = sorted(rng.integers(0, width, 2))
        y0, y1 = sorted(rng.integers(0, height, 2))
        stroke = int(rng.integers(1, thickest + 1))
        if rng.random() < 0.5:
            draw.line([(x0, y0), (x1, y1)] if rng.random() < 0.5 else [(x0, y1), (x1, y0)], fill=fill, width=stroke)
        else:
            draw.ellipse([x0, y0, max(x1, x0 + 1), max(y1, y0 + 1)], outline=fill, width=stroke)


def light_on_black(rng, width, height):
    image = Image.new("L", (width, height), int(rng.integers(0, 30)))
    random_strokes(ImageDraw.Draw(image), rng, width, height, int(rng.integers(150, 256)), max(1, min(width, height) // 8))
    return image


def antialiased_on_white(rng, width, height):
    """Drawn four times larger and shrunk, so that the strokes' edges are grey."""
    big = Image.new("L", (4 * width, 4 * height), 255)
    random_strokes(ImageDraw.Draw(big), rng, 4 * width, 4 * height, int(rng.integers(0, 80)), max(4, min(width, height) // 2))
    return big.resize((width, height), Image.Resampling.LANCZOS if rng.random() < 0.5 else Image.Resampling.BOX)


def ink_on_transparent(rng, width, height):
    """Coloured ink whose anti-aliased edges are semi-transparent, on no paper at all: the RGBA a canvas exports."""
    coverage = Image.new("L", (4 * width, 4 * height), 0)
    random_strokes(ImageDraw.Draw(coverage), rng, 4 * width, 4 * height, 255, max(4, min(width, height) // 2))
    image = Image.new("RGBA", (width, height), tuple(int(level) for level in rng.integers(0, 256, 3)) + (0,))
    ink = Image.new("RGBA", (width, height), tuple(int(level) for level in rng.integers(0, 120, 3)) + (255,))
    image.paste(ink, mask=coverage.resize((width, height), Image.Resampling.BOX))
    return image


def photographed_paper(rng, width, height):
    """Tinted grey paper with sensor noise and soft dark strokes, in colour."""
    paper = np.array([rng.integers(150, 210)] * 3) + rng.integers(-12, 13, 3)
    image = Image.new("RGB", (width, height), tuple(int(level) for level in paper))
    random_strokes(ImageDraw.Draw(image), rng, width, height, tuple(int(level) for level in rng.integers(10, 70, 3)),
                   max(2, min(width, height) // 6))
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2)))
    noisy = np.asarray(image, np.float64) + rng.normal(0, rng.uniform(2, 8), (height, width, 3))
    return Image.fromarray(np.clip(np.rint(noisy), 0, 255).astype(np.uint8))


def symmetric_shape(rng, width, height):
    """A centred rectangle or ring: its centre of mass falls on a half pixel, where the last bit of a sum decides."""
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    inset = int(rng.integers(1, max(2, min(width, height) // 3)))
    box = [inset, inset, width - 1 - inset, height - 1 - inset]
    shape = draw.rectangle if rng.random() < 0.5 else draw.ellipse
    shape(box, outline=0, width=int(rng.integers(1, max(2, min(width, height) // 6))))
    return image


def thin_line(rng, width, height):
    """A one-pixel line along a long canvas: cropped, it is more than 100 times taller than wide (or wider than
    tall), where Pillow resizes the columns first."""
    tall = rng.random() < 0.5
    width, height = (int(rng.integers(3, 12)), int(rng.integers(150, 700)))[:: 1 if tall else -1]
    image = Image.new("L", (width, height), 0)
    at = int(rng.integers(0, width if tall else height))
    ImageDraw.Draw(image).line([(at, 5), (at, height - 6)] if tall else [(5, at), (width - 6, at)], fill=255)
    return image


def in_another_mode(rng, width, height):
    """A drawing saved as a palette image or as grey with alpha, which Pillow and the browser each expand."""
    image = antialiased_on_white(rng, width, height)
    if rng.random() < 0.5:
        return image.convert("RGB").quantize(16)
    alpha = Image.fromarray(rng.integers(200, 256, (height, width)).astype(np.uint8))
    return Image.merge("LA", (image, alpha))


KINDS = [light_on_black, antialiased_on_white, ink_on_transparent, photographed_paper, symmetric_shape, thin_line,
         in_another_mode]


def pictures():
    """PICTURES seeded PNGs, every kind at many sizes."""
    rng = np.random.default_rng(1998)
    return [png_bytes(KINDS[number % len(KINDS)](rng, *SIZES[rng.integers(len(SIZES))])) for number in range(PICTURES)]


def servers_fields(data):
    """{data-set id: the float (28, 28) the server's encode route makes of a PNG before rounding it}."""
    ink = light_ink_on_black(png_grey(data))
    return {dataset_id: spec.preprocess(ink) for dataset_id, spec in DATASETS.items()}


def pages_fields(js, pngs):
    """For each PNG, {data-set id: {field, levels}} as the page makes them from the PNG's bytes."""
    return call(js, """const decoded = [];
        for (const text of args[0]) {
          const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
          decoded.push(await module.pngPixels(new Blob([bytes], {type: 'image/png'})));
        }
        return decoded.map(({rgba, width, height}) => Object.fromEntries(args[1].map((id) => {
          const field = module.encoderField(rgba, width, height, id);
          return [id, {field: Array.from(field), levels: Array.from(module.encoderInput(rgba, width, height, id))}];
        })));""", [as_base64(data) for data in pngs], list(DATASETS))


def test_every_picture_becomes_the_servers_encoder_input_for_both_data_sets(js):
    pngs = pictures()
    page = pages_fields(js, pngs)
    for number, (data, answers) in enumerate(zip(pngs, page)):
        for dataset_id, server_field in servers_fields(data).items():
            field = np.array(answers[dataset_id]["field"]).reshape(28, 28)
            levels = np.array(answers[dataset_id]["levels"], np.uint8).reshape(28, 28)
            where = f"picture {number} ({Image.open(io.BytesIO(data)).size}) for {dataset_id}"
            assert np.array_equal(levels, grey_levels(server_field)), where
            assert abs(field.mean() - server_field.mean()) < 1e-4, where
            assert np.array_equal(field, server_field), f"{where}: the float levels differ in their last bits"


# --- Each step on its own -----------------------------------------------------------------------------------


def test_grey_on_white_is_numpys_to_the_bit(js):
    rgba = np.random.default_rng(5).integers(0, 256, (256, 256, 4)).astype(np.uint8)
    rgba[:64, :, 3] = 255  # opaque, where the luma alone decides
    page = call(js, "return Array.from(module.greyOnWhite(Uint8Array.from(args[0]), 256, 256));", rgba.ravel().tolist())
    assert np.array_equal(np.array(page).reshape(256, 256), _grey_on_white(Image.fromarray(rgba, "RGBA")))


# Shrinking, enlarging, both at once, one dimension kept, and images over 100 times taller than wide.
@pytest.mark.parametrize("size, out", [((40, 30), (20, 15)), ((7, 9), (20, 26)), ((600, 200), (20, 7)),
                                       ((13, 1), (28, 2)), ((3, 400), (1, 20)), ((2, 250), (1, 28)),
                                       ((333, 77), (28, 6)), ((25, 25), (25, 20))],
                         ids=lambda size: "x".join(map(str, size)))
@pytest.mark.parametrize("filter_name, resample", [("box", Image.Resampling.BOX),
                                                   ("bilinear", Image.Resampling.BILINEAR)], ids=["box", "bilinear"])
def test_resize_is_pillows_to_the_bit(js, size, out, filter_name, resample):
    width, height = size
    pixels = np.random.default_rng(width * height).random((height, width)).astype(np.float32)
    page = call(js, """const [pixels, size, out, filter] = args;
        return Array.from(module.resizeFloat32(Float32Array.from(pixels), ...size, ...out, filter));""",
                pixels.ravel().tolist(), list(size), list(out), filter_name)
    pillows = np.asarray(Image.fromarray(pixels).resize(out, resample))
    assert np.array_equal(np.array(page, np.float32).reshape(out[::-1]), pillows)


@pytest.mark.parametrize("count", [1, 7, 8, 9, 100, 128, 129, 400, 784])
def test_pairwise_sum_is_numpys(js, count):
    values = np.random.default_rng(count).random(count) * 10.0 ** np.random.default_rng(count + 1).uniform(-4, 4, count)
    assert call(js, "return module.pairwiseSum(Float64Array.from(args[0]));", values.tolist()) == values.sum()


def test_the_page_knows_the_registrys_fit_for_each_data_set(js):
    names = call(js, "return Object.fromEntries(Object.entries(module.PREPROCESS_BY_DATASET).map(([id, f]) => [id, f.name]));")
    assert names == {spec.id: camel_case(spec.preprocess.__name__) for spec in DATASETS.values()}


def test_without_preprocessing_a_28_pixel_picture_is_seen_as_it_is(js):
    rng = np.random.default_rng(28)
    rgba = rng.integers(0, 256, (28, 28, 4)).astype(np.uint8)
    # Half of it in opaque colours whose luma times 255 is, exactly, a whole number and a half: the luma's last
    # bit decides their level.
    colours = rng.integers(0, 256, (2_000_000, 3))
    ties = colours[colours @ [299, 587, 114] % 1000 == 500][:14 * 28]
    rgba[:14] = np.concatenate([ties, np.full((len(ties), 1), 255)], axis=1).reshape(14, 28, 4)
    data = png_bytes(Image.fromarray(rgba, "RGBA"))
    page = call(js, """const bytes = Uint8Array.from(atob(args[0]), (c) => c.charCodeAt(0));
        const {rgba, width, height} = await module.pngPixels(new Blob([bytes]));
        return Array.from(module.encoderInput(rgba, width, height, 'mnist', false));""", as_base64(data))
    assert np.array_equal(np.array(page, np.uint8).reshape(28, 28), grey_levels(png_grey(data)))


def test_without_webcodecs_an_opaque_picture_decodes_the_same(js):
    """The canvas fallback stores pixels premultiplied, which changes only semi-transparent ones."""
    pngs = [data for data in pictures() if Image.open(io.BytesIO(data)).mode in ("L", "RGB", "P")][:6]
    decoded = call(js, """const saved = globalThis.ImageDecoder;
        delete globalThis.ImageDecoder;
        try {
          const withCanvas = [];
          for (const text of args[0]) {
            const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
            const {rgba, width, height} = await module.pngPixels(new Blob([bytes]));
            const levels = Array.from(module.encoderInput(rgba, width, height, 'mnist'));
            withCanvas.push({levels, found: typeof ImageDecoder});
          }
          return withCanvas;
        } finally {
          globalThis.ImageDecoder = saved;
        }""", [as_base64(data) for data in pngs])
    for data, page in zip(pngs, decoded):
        assert page["found"] == "undefined"
        server = grey_levels(servers_fields(data)["mnist"])
        assert np.array_equal(np.array(page["levels"], np.uint8).reshape(28, 28), server)


# --- Refusals, in the server's words ------------------------------------------------------------------------


def servers_refusal(client, data, dataset_id, preprocess):
    response = client.post(f"/api/datasets/{dataset_id}/encode",
                           json={"image": DATA_URI_PREFIX + as_base64(data), "preprocess": preprocess})
    assert response.status_code == 400
    return response.get_json()["error"]


def pages_refusal(js, data, max_side, dataset_id, preprocess):
    return call(js, """const [text, maxSide, id, preprocess] = args;
        const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
        try {
          const {rgba, width, height} = await module.pngPixels(new Blob([bytes]), maxSide);
          module.encoderInput(rgba, width, height, id, preprocess, maxSide);
        } catch (error) {
          return {rejected: error instanceof module.ImageRejected, message: error.message};
        }
        return null;""", as_base64(data), max_side, dataset_id, preprocess)


def gif_bytes():
    buffer = io.BytesIO()
    Image.new("L", (28, 28), 0).save(buffer, "GIF")
    return buffer.getvalue()


@pytest.mark.parametrize("picture, preprocess", [
    pytest.param(lambda max_side: png_bytes(Image.new("L", (40, 30), 255)), True, id="empty drawing"),
    pytest.param(lambda max_side: png_bytes(Image.new("L", (max_side + 1, 8), 0)), True, id="too wide"),
    pytest.param(lambda max_side: png_bytes(Image.new("L", (8, max_side + 1), 0)), True, id="too tall"),
    pytest.param(lambda max_side: gif_bytes(), True, id="not a PNG"),
    pytest.param(lambda max_side: png_bytes(Image.new("L", (30, 28), 0)), False, id="not 28x28 unpreprocessed"),
])
def test_refusals_are_in_the_servers_words(js, client, picture, preprocess):
    max_side = client.get("/api/datasets").get_json()["limits"]["encode_image_side"]
    data = picture(max_side)
    for dataset_id in DATASETS:
        page = pages_refusal(js, data, max_side, dataset_id, preprocess)
        assert page == {"rejected": True, "message": servers_refusal(client, data, dataset_id, preprocess)}


def test_a_damaged_png_is_refused_as_undecodable_on_both_sides(js, client):
    data = png_bytes(Image.new("L", (64, 64), 0))[:60]  # the header whole, the pixels cut short
    page, server = pages_refusal(js, data, 1024, "mnist", True), servers_refusal(client, data, "mnist", True)
    for message in (page["message"], server):
        assert message.startswith("the PNG could not be decoded (") and message.endswith("); send a complete, undamaged PNG")
    assert page["rejected"]
