"""A user's own model in the page's pure modules, in headless Chromium: a latent space of any size d and images of any
H x W, grey or colour. The link keeps the view, the selectors turn view positions into latents, the points' files
take (N, d), and the in-page answers' pictures, files, checks and spline follow the server's (images.py, media.py,
api/core.py, traversal.py) for such a model as they do for the shipped ones."""
import base64
import io

import numpy as np
import pytest
from PIL import Image, ImageSequence

from latent_explorer import media
from latent_explorer.images import tiled
from latent_explorer.limits import LIMITS
from latent_explorer.traversal import traversal_path
from module_runner import run_module

SIXTEEN = {"id": "own", "title": "Own", "classes": ["a", "b"], "latent_dim": 16}
FLAT = {"id": "flat", "title": "Flat", "classes": ["a"], "latent_dim": 2}
MNIST = {"id": "mnist", "title": "MNIST", "classes": [str(digit) for digit in range(10)], "latent_dim": 3}
CONTEXT = {"datasets": [SIXTEEN, FLAT, MNIST], "limits": LIMITS}


def decoded_png(uri_or_bytes):
    data = base64.b64decode(uri_or_bytes.split(",", 1)[1]) if isinstance(uri_or_bytes, str) else bytes(uri_or_bytes)
    return Image.open(io.BytesIO(data))


# --- the link ----------------------------------------------------------------------------------------------------

def decode(js, search):
    return run_module(js, "/js/url-state.js", "return module.decodeView(args.search, args.context);", {"search": search, "context": CONTEXT})


def test_a_link_keeps_three_chosen_axes_and_leaves_the_principal_view_out(js):
    searches = run_module(js, "/js/url-state.js", """return [
      module.encodeView({ dataset: 'own', latentView: [0, 3, 7], controlPoints: [[1, 2, 3]] }),
      module.encodeView({ dataset: 'own', latentView: 'pca' })];""")
    assert searches == ["dataset=own&view=axes:0,3,7&points=1,2,3", "dataset=own"]
    assert decode(js, searches[0]) == {"view": {"dataset": "own", "latentView": [0, 3, 7], "controlPoints": [[1, 2, 3]]}, "ignored": []}
    assert decode(js, "dataset=own&view=pca") == {"view": {"dataset": "own", "latentView": "pca"}, "ignored": []}


@pytest.mark.parametrize("search, message", [
    ("dataset=own&view=axes:0,3", "view: axes \"0,3\": three whole numbers are needed; showing the principal axes"),
    ("dataset=own&view=axes:0,3,16", "view: axes \"0,3,16\": each must be from 0 to 15; showing the principal axes"),
    ("dataset=own&view=axes:2,2,1", "the three must differ"),
    ("dataset=own&view=tsne", "view: \"tsne\" is neither \"pca\" nor \"axes:i,j,k\"; showing the principal axes"),
    ("dataset=mnist&view=axes:0,1,2", "view: MNIST has 3-D latents, shown as they are; ignored it"),
    ("dataset=flat&view=pca", "view: Flat has 2-D latents, shown as they are; ignored it"),
])
def test_a_view_the_data_set_cannot_show_is_said_and_the_principal_view_used(js, search, message):
    result = decode(js, search)
    assert "latentView" not in result["view"]
    assert any(message in sentence for sentence in result["ignored"]), result["ignored"]


# --- the selectors: positions in the view, latents in requests ---------------------------------------------------

STATE = """
  const { initialState } = await import('/js/state.js');
  const { viewOf } = await import('/js/latent-view.js');
  const axes = [[0.6, 0.8, 0, 0], [0, 0, 1, 0], [-0.8, 0.6, 0, 0]];
  const four = { latent_dim: 4, view: { origin: [1, 1, 1, 1], axes, explained: [0.5, 0.2, 0.1], mean: [1, 1, 1, 1] } };
  const full = { latents: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), dims: 4 };
  const state = { ...initialState, datasets: [{ id: 'x', classes: ['a'], ...four }], dataset: 'x', latentView: viewOf(four),
                  limits: { coordinate: 10 }, viewport: { width: 400, height: 300, pixelRatio: 1 },
                  points: { latents: new Float32Array(6), labels: new Uint8Array(2), count: 2, full } };
"""


def selectors(js, body):
    return js.evaluate(f"""async () => {{
      const module = await import('/js/selectors.js');
      {STATE}
      {body}
    }}""")


def test_a_view_position_is_sent_as_the_latent_it_stands_for_within_the_servers_limit(js):
    result = selectors(js, """return { latent: module.latentAt(state, [1, 2, 0.5]), clamped: module.latentAt(state, [20, 0, 0]),
      right: module.latentDirectionAt(state, [1, 0, 0]), own: module.fullLatentOf(state, 1) };""")
    assert result["latent"] == pytest.approx([1 + 0.6 - 0.4, 1 + 0.8 + 0.3, 3, 1])
    assert result["clamped"] == pytest.approx([10, 10, 1, 1]), "a position far out on a mixed axis stays inside ±coordinate"
    assert result["right"] == [0.6, 0.8, 0, 0]
    assert result["own"] == [5, 6, 7, 8], "a data point's own latent, all d numbers"


def test_uncertainty_sizes_by_the_mean_of_all_d_spreads(js):
    scales = selectors(js, """const stds = { dataset: 'x', values: new Float32Array([1, 1, 1, 1, 3, 3, 3, 3]) };
      return Array.from(module.pointScales({ ...state, uncertainty: true, stds }));""")
    assert scales == pytest.approx([0.35, 1])  # spreads 1 and 3 over their median, 3: the first clamped up to 0.35


def test_a_flat_cloud_is_faced_square_on_and_its_grid_lies_in_its_plane(js):
    result = selectors(js, """const flat = { ...state, latentView: viewOf({ latent_dim: 2 }),
        points: { latents: new Float32Array([0, 0, 0, 2, 1, 0]), labels: new Uint8Array(2), count: 2 } };
      const camera = module.homeCamera(flat);
      return { rotation: camera.rotation, grid: module.gridAxes({ ...flat, camera, grid: { plane: 'yz' } }),
               turned: module.homeCamera({ ...flat, latentView: state.latentView }).rotation };""")
    assert result["rotation"] == [0, 0, 0, 1], "looking along -z"
    assert result["grid"] == {"right": [1, 0, 0], "up": [0, 1, 0]}
    assert result["turned"] != [0, 0, 0, 1]


# --- the points' files -------------------------------------------------------------------------------------------

def test_points_of_any_latent_size_from_2_are_taken_and_their_spreads_must_match(js):
    result = run_module(js, "/js/points-files.js", """
      const labels = { dtype: '|u1', shape: [2], data: new Uint8Array(2) };
      const attempt = (make) => { try { return make(); } catch (error) { return error.message; } };
      const points = module.pointsOf('own', { dtype: '<f4', shape: [2, 16], data: new Float32Array(32) }, labels);
      return { dims: points.dims, count: points.count, length: points.latents.length,
               one: attempt(() => module.pointsOf('own', { dtype: '<f4', shape: [2, 1], data: new Float32Array(2) }, labels)),
               stds: attempt(() => module.stdsOf('own', { dtype: '<f4', shape: [2, 3], data: new Float32Array(6) }, 16)) };""")
    assert (result["dims"], result["count"], result["length"]) == (16, 2, 32)
    assert result["one"] == "latents.npy of own should be float32 (N, d) with d of 2 or more, got <f4 (2, 1)"
    assert result["stds"] == "stds.npy of own should be float32 (N, 16), got <f4 (2, 3)"


# --- pictures of any size, grey or colour ------------------------------------------------------------------------

PICTURES = "/js/in-page/pictures.js"


@pytest.mark.parametrize("height, width, channels", [(28, 28, 1), (12, 40, 1), (32, 24, 3), (8, 256, 3)])
def test_data_uris_are_pngs_of_the_levels_at_any_size_grey_or_rgb(js, height, width, channels):
    images = np.random.default_rng(height + width).integers(0, 256, (3, height, width, channels), np.uint8)
    uris = run_module(js, PICTURES, "return module.dataUris(Uint8Array.from(args[0]), ...args.slice(1));",
                      [images.ravel().tolist(), width, height, channels])
    for uri, image in zip(uris, images, strict=True):
        decoded = decoded_png(uri)
        assert decoded.mode == ("L" if channels == 1 else "RGB")
        assert np.array_equal(np.asarray(decoded).reshape(height, width, channels), image)


@pytest.mark.parametrize("channels", [1, 3])
def test_a_mosaic_of_non_square_cells_is_the_servers(js, channels):
    frames = np.random.default_rng(channels).integers(0, 256, (7, 10, 16, channels), np.uint8)
    data = js.evaluate("""async ([levels, channels]) => {
      const module = await import('/js/in-page/pictures.js');
      const images = module.imagesOf(Uint8Array.from(levels), 16, 10, channels);
      const blob = await module.greyPngBlob(module.tiled(images, 16, 10, 3, channels), 48, 30, channels);
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    }""", [frames.ravel().tolist(), channels])
    server = tiled(frames if channels == 3 else frames[..., 0], 3)
    assert np.array_equal(np.asarray(decoded_png(data)), server)


def test_a_decoders_channels_first_output_is_put_in_rows(js):
    output = np.random.default_rng(9).uniform(0, 1, (2, 3, 8, 10)).astype(np.float32)
    page = run_module(js, PICTURES, """return [args[1], [2, 8, 10, 3], [2, 240]].map((dims) =>
        Array.from(module.imagesInRows({ data: Float32Array.from(args[0]), dims })));""", [output.ravel().tolist(), list(output.shape)])
    assert np.array_equal(np.array(page[0], np.float32), output.transpose(0, 2, 3, 1).ravel())
    assert page[1] == page[2] == output.ravel().tolist(), "channels last, and flat, are already in rows"


def test_an_image_is_cut_from_the_top_left_of_its_atlas_tile(js):
    atlas = np.zeros((64, 64, 3), np.uint8)
    image = np.random.default_rng(2).integers(0, 256, (10, 16, 3), np.uint8)
    atlas[16:26, 16:32] = image  # image 21: place 5 of 16 an atlas, 4 tiles a row of 16 pixels: column 1, row 1
    buffer = io.BytesIO()
    Image.fromarray(atlas).save(buffer, "PNG")
    levels = js.evaluate("""async (png) => {
      const module = await import('/js/in-page/pictures.js');
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(png)], { type: 'image/png' }));
      return Array.from(module.atlasTile(module.atlasLevels(bitmap, 3), { tile: 16, columns: 4, per_atlas: 16 }, 21, [10, 16, 3]));
    }""", list(buffer.getvalue()))
    assert np.array_equal(np.array(levels, np.uint8).reshape(10, 16, 3), image)


# --- files of a traversal in colour ------------------------------------------------------------------------------

MEDIA = "/js/in-page/media-files.js"
BASE64 = """const base64 = async (data) => { const url = await new Promise((done) => { const reader = new FileReader();
    reader.onload = () => done(reader.result); reader.readAsDataURL(new Blob([data])); });
    return url.slice(url.indexOf(",") + 1); };"""


def colour_frames(count=5, height=12, width=20):
    return np.random.default_rng(count).integers(0, 256, (count, height, width, 3), np.uint8)


def test_a_colour_film_strip_is_the_servers(js):
    frames = colour_frames()
    options = {"scale": 2, "columns": 2}
    page = run_module(js, MEDIA, f"""{BASE64} return (async () => {{
      const frames = args[0].map((frame) => Uint8Array.from(frame.flat(2)));
      return base64(await module.filmStrip(frames, 20, 12, args[1], 3)); }})();""", [frames.tolist(), options])
    strip = decoded_png(base64.b64decode(page))
    assert strip.mode == "RGB"
    assert np.array_equal(np.asarray(strip), np.asarray(decoded_png(media.film_strip(frames, **options))))


def test_a_colour_gif_shares_one_palette_that_keeps_every_frame_close(js):
    # Few colours, as decoded images often have: the palette holds them all within rgb565's rounding.
    palette = np.random.default_rng(1).integers(0, 256, (40, 3), np.uint8)
    frames = palette[np.random.default_rng(2).integers(0, 40, (6, 12, 20))]
    page = run_module(js, MEDIA, f"""{BASE64} return (async () => {{
      const frames = args[0].map((frame) => Uint8Array.from(frame.flat(2)));
      return base64(module.animatedGif(frames, 20, 12, {{ scale: 2, fps: 10, ping_pong: true }}, 3)); }})();""", [frames.tolist()])
    gif = Image.open(io.BytesIO(base64.b64decode(page)))
    shown = np.array([np.asarray(frame.convert("RGB")) for frame in ImageSequence.Iterator(gif)], np.int16)
    played = np.array([frame.repeat(2, axis=0).repeat(2, axis=1) for frame in media.ping_pong_frames(frames)], np.int16)
    assert shown.shape == played.shape == (10, 24, 40, 3) and gif.info["loop"] == 0
    assert np.abs(shown - played).max() <= 8


def test_a_colour_frame_of_the_wrong_size_is_named(js):
    message = run_module(js, MEDIA, """try { module.animatedGif([new Uint8Array(10)], 4, 2, { scale: 1, fps: 5, ping_pong: false }, 3); }
      catch (error) { return error.message; }""")
    assert message == "frame 0 should be a Uint8Array of 4×2×3 = 24 levels, got Uint8Array of length 10"


# --- the in-page checks and spline for d-D latents ---------------------------------------------------------------

CHECKS = "/js/in-page/checks.js"


def refusal(js, body):
    return run_module(js, CHECKS, f"try {{ {body}; return null; }} catch (error) {{ return error.message; }}")


def test_a_point_of_the_wrong_size_is_refused_in_the_servers_words_for_any_d(js):
    assert refusal(js, "module.latentPoint([1, 2, 3], 'point', 16, 100)") == "'point' must be a list of 16 numbers, got [1, 2, 3]"
    assert refusal(js, "module.latentPoint([1, 2], 'point', 3, 100)") == "'point' must be [x, y, z] with three numbers, got [1, 2]"
    assert refusal(js, "module.latentPoint([1, 200], 'center', 2, 100)") == "'center' must hold finite coordinates within ±100, got [1, 200]"
    assert refusal(js, "module.pointsField([], 'points', [1, 64], 16, 100)") == \
        "'points' must be a list of 1 to 64 points of 16 numbers, got 0 points"
    assert refusal(js, "module.pointsField([[0, 0]], 'points', [1, 64], 2, 100)") is None


def test_the_spline_runs_in_the_latent_space_as_the_servers_does(js):
    rng = np.random.default_rng(5)
    cases = [(rng.uniform(-3, 3, (k, 16)).tolist(), steps, closed) for k, steps, closed in [(2, 10, False), (5, 64, True), (7, 200, False)]]
    cases.append((rng.uniform(-3, 3, (4, 2)).tolist(), 30, True))
    pages = run_module(js, "/js/in-page/traversal-path.js", "return args.map(([points, steps, closed]) => module.traversalPath(points, steps, closed));",
                       cases)
    for (points, steps, closed), page in zip(cases, pages, strict=True):
        assert np.allclose(page, traversal_path(points, steps, closed), atol=1e-9, rtol=0)


# --- what the page says of a view, and where a non-square image lies in its box -----------------------------------

def test_the_header_names_the_view_and_what_is_decoded_between_points(js):
    texts = run_module(js, "/js/views/view-choice.js", """return (async () => {
      const { viewOf } = await import('/js/latent-view.js');
      const axes = [0, 1, 2].map((a) => Array.from({ length: 16 }, (_, j) => +(j === a)));
      const sixteen = { latent_dim: 16, view: { origin: new Array(16).fill(0), axes, explained: [0.2, 0.13, 0.08], mean: new Array(16).fill(0) } };
      return [viewOf(sixteen), viewOf(sixteen, [0, 3, 7]), viewOf({ latent_dim: 2 }), viewOf({ latent_dim: 3 })]
        .map((view) => [module.viewSummary(view), module.decodeNote(view)]); })();""")
    assert texts[0][0] == "PCA of 16-D latents: 41% of the variance shown"
    assert texts[1][0] == "latent dimensions 0, 3, 7 of 16 as x, y, z (the other 13 at the data's mean)"
    assert "slice through the 16-D latent space" in texts[0][1] and texts[0][1] == texts[1][1]
    assert texts[2][0] == "2-D latents, drawn on the plane z = 0"
    assert texts[3] == ["", ""]


@pytest.mark.parametrize("width, height, expected", [(28, 28, [10, 20, 100, 100]), (40, 10, [10, 57.5, 100, 25]),
                                                      (10, 40, [47.5, 20, 25, 100])])
def test_an_image_fitted_in_a_square_box_keeps_its_aspect_in_the_middle(js, width, height, expected):
    rect = run_module(js, "/js/panels/image-fit.js", "return module.fittedRect({ left: 10, top: 20, width: 100, height: 100 }, args[0], args[1]);",
                      [width, height])
    assert [rect["left"], rect["top"], rect["width"], rect["height"]] == pytest.approx(expected)
