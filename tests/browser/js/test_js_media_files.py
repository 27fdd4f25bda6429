"""frontend/js/in-page/media-files.js, the page's own GIF and film strip, held to backend/latent_explorer/media.py in
headless Chromium: the same frames give the same pixels, delays and loop, the same options, the same refusals."""
import base64
import io

import numpy as np
import pytest
from PIL import Image, ImageSequence

from latent_explorer import media
from latent_explorer.limits import LIMITS
from module_runner import run_module

MODULE = "/js/in-page/media-files.js"
# Every body may await, and has `frames` (Uint8Arrays from nested lists (N, H, W)) and `base64` (bytes back as
# text: evaluate returns JSON).
PRELUDE = """const frames = (lists) => lists.map((rows) => Uint8Array.from(rows.flat()));
  const base64 = async (data) => { const url = await new Promise((done) => { const reader = new FileReader();
    reader.onload = () => done(reader.result); reader.readAsDataURL(new Blob([data])); });
    return url.slice(url.indexOf(",") + 1); };
  """


def call(js, body, *args):
    return run_module(js, MODULE, f"{PRELUDE}return (async () => {{ {body} }})();", list(args))


def random_frames(count=7, side=28, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (count, side, side), dtype=np.uint8)


def gif_readback(data):
    """(frames as uint8 arrays, per-frame durations in ms, the file's info) as Pillow reads a GIF's bytes."""
    image = Image.open(io.BytesIO(data))
    assert image.format == "GIF"
    frames = [(np.asarray(frame.convert("L")), frame.info["duration"]) for frame in ImageSequence.Iterator(image)]
    return np.array([pixels for pixels, _ in frames]), [duration for _, duration in frames], image.info


@pytest.mark.parametrize("ping_pong", [False, True])
@pytest.mark.parametrize("fps", [1, 15, 60])
@pytest.mark.parametrize("scale", [1, 2, 3])
def test_gif_reads_back_as_the_servers(js, scale, fps, ping_pong):
    frames = random_frames(seed=scale * fps)
    options = {"scale": scale, "fps": fps, "ping_pong": ping_pong}
    page = base64.b64decode(call(js, "return base64(module.animatedGif(frames(args[0]), 28, 28, args[1]));",
                                 frames.tolist(), options))
    pixels, durations, info = gif_readback(page)
    server_pixels, server_durations, server_info = gif_readback(media.animated_gif(frames, **options))
    assert np.array_equal(pixels, server_pixels) and durations == server_durations
    assert info["loop"] == server_info["loop"] == 0
    played = media.ping_pong_frames(frames) if ping_pong else frames
    assert np.array_equal(pixels, media.enlarge(played, scale))  # every grey level kept, every frame its own


def test_gif_keeps_identical_frames(js):
    frames = np.repeat(random_frames(1), 4, axis=0)
    page = base64.b64decode(call(js, "return base64(module.animatedGif(frames(args[0]), 28, 28, args[1]));",
                                 frames.tolist(), {"scale": 1, "fps": 10, "ping_pong": False}))
    pixels, durations, _ = gif_readback(page)
    assert len(pixels) == 4 and durations == [100] * 4


def strip_pixels(data):
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.mode == "L"
    return np.asarray(image)


@pytest.mark.parametrize("columns", [None, 1, 3, 7])
@pytest.mark.parametrize("scale", [1, 2, 3])
def test_film_strip_decodes_to_the_servers_pixels(js, scale, columns):
    frames = random_frames(seed=scale)
    page = base64.b64decode(call(js, "return base64(await module.filmStrip(frames(args[0]), 28, 28, args[1]));",
                                 frames.tolist(), {"scale": scale, "columns": columns}))
    assert np.array_equal(strip_pixels(page), strip_pixels(media.film_strip(frames, scale=scale, columns=columns)))


def test_film_strip_wider_than_a_canvas_can_be(js):
    # 1000 frames in one row at scale 3: 84,000 pixels wide, over Chromium's 65,535 for a canvas side.
    body = """const strip = Array.from({ length: 1000 }, (_, index) => new Uint8Array(784).fill(index % 256));
      const blob = await module.filmStrip(strip, 28, 28, { scale: 3, columns: null });
      return [blob.type, await base64(await blob.arrayBuffer())];"""
    kind, data = call(js, body)
    frames = np.repeat((np.arange(1000) % 256).astype(np.uint8), 784).reshape(1000, 28, 28)
    assert kind == "image/png"
    assert np.array_equal(strip_pixels(base64.b64decode(data)), strip_pixels(media.film_strip(frames, scale=3)))


def test_frame_delays_match_for_every_rate_and_length(js):
    # Each list as text: half a million JSON numbers take seconds to pass from the page, their text a fraction of one.
    page = call(js, """const delays = {};
      for (let fps = 1; fps <= 60; fps++) for (let count = 1; count <= 130; count++)
        delays[`${fps},${count}`] = module.frameDelays(count, fps).join(" ");
      return delays;""")
    assert page == {f"{fps},{count}": " ".join(map(str, media.frame_delays(count, fps)))
                    for fps in range(1, 61) for count in range(1, 131)}


def test_ping_pong_and_enlarge_match(js):
    for count in range(1, 6):
        frames = np.arange(count, dtype=np.uint8)[:, None, None]
        page = call(js, "return module.pingPongFrames(frames(args[0])).map((frame) => frame[0]);", frames.tolist())
        assert page == media.ping_pong_frames(frames).ravel().tolist()
    image = random_frames(1, side=5)[0]
    page = call(js, "return Array.from(module.enlarge(Uint8Array.from(args[0].flat()), 5, 5, 3));", image.tolist())
    assert page == media.enlarge(image, 3).ravel().tolist()


OPTION_CASES = [
    ("gif", 64, {}), ("png", 64, {}),
    ("gif", 64, {"scale": 1, "fps": 60, "ping_pong": True}), ("gif", 64, {"scale": 16, "fps": 1}),
    ("gif", 64, {"scale": 0}), ("gif", 64, {"scale": 17}), ("gif", 64, {"scale": 2.5}), ("gif", 64, {"scale": "4"}),
    ("gif", 64, {"scale": True}), ("gif", 64, {"fps": 0}), ("gif", 64, {"fps": 61}), ("gif", 64, {"fps": [15]}),
    ("gif", 64, {"ping_pong": 1}), ("gif", 64, {"ping_pong": "true"}), ("gif", 64, {"ping_pong": None}),
    ("gif", 64, {"columns": 3}), ("gif", 64, {"columns": None, "fps": 0}), ("gif", 64, {"fps": 0, "columns": 3}),
    ("png", 64, {"fps": 15}), ("png", 64, {"ping_pong": False}), ("png", 64, {"ping_pong": None, "scale": 3}),
    ("png", 8, {"columns": 8}), ("png", 8, {"columns": 9}), ("png", 8, {"columns": 0}), ("png", 8, {"columns": 1}),
    ("png", 8, {"columns": 2.5}), ("png", 8, {"scale": 99, "columns": 99}),
]


def server_verdict(kind, steps, given):
    try:
        return {"options": media.file_options(kind, steps, given)}
    except media.BadOption as error:
        return {"name": error.name, "expected": error.expected, "message": str(error)}


def test_option_checks_give_the_servers_verdicts_in_its_words(js):
    page = call(js, """return args[0].map(([kind, steps, given]) => {
        try { return { options: module.fileOptions(kind, steps, given, args[1]) }; }
        catch (error) {
          if (!(error instanceof module.BadOption)) throw error;
          return { name: error.name, expected: error.expected, message: error.message };
        }
      });""", OPTION_CASES, LIMITS)
    assert page == [server_verdict(*case) for case in OPTION_CASES]


def test_option_ranges_and_defaults_come_from_the_listings_limits(js):
    limits = {**LIMITS, "scale": [1, 4], "default_scale": 2, "fps": [5, 30], "default_fps": 9}
    page = call(js, """const checked = (given) => { try { return module.fileOptions("gif", 64, given, args[0]); }
        catch (error) { return error.message; } };
      return [checked({}), checked({ scale: 5 }), checked({ fps: 4 })];""", limits)
    assert page == [{"scale": 2, "fps": 9, "ping_pong": False}, "scale must be an integer from 1 to 4",
                    "fps must be an integer from 5 to 30"]


def test_frames_of_the_wrong_shape_are_refused_saying_what_they_should_be(js):
    message = call(js, """try { module.animatedGif([new Uint8Array(784 * 2)], 28, 28, args[0]); }
      catch (error) { return error.message; }""", {"scale": 1, "fps": 15, "ping_pong": False})
    assert message == "frame 0 should be a Uint8Array of 28×28 = 784 grey levels, got Uint8Array of length 1568"


@pytest.mark.parametrize("kind, options", [("gif", {"scale": 10, "fps": 15, "ping_pong": False}),
                                           ("gif", {"scale": 8, "fps": 15, "ping_pong": True}),
                                           ("png", {"scale": 10, "columns": None}),
                                           ("png", {"scale": 9, "columns": 999})])
def test_too_large_a_file_is_refused_in_the_servers_words(js, kind, options):
    page = call(js, """const many = Array.from({ length: 1000 }, () => new Uint8Array(784));
      const make = { gif: module.animatedGif, png: module.filmStrip }[args[0]];
      try { await make(many, 28, 28, args[1]); return null; }
      catch (error) { return [error instanceof module.OutputTooLarge, error.message]; }""", kind, options)
    with pytest.raises(media.OutputTooLarge) as server:
        media.encode_frames(np.zeros((1000, 28, 28), np.uint8), kind, **options)
    assert page == [True, str(server.value)]
