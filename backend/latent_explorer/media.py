"""Traversals as files to keep: an animated GIF and a PNG film strip of the decoded frames, encoded by Pillow.

Pure functions from uint8 frames ``(N, H, W)`` (grey) or ``(N, H, W, 3)`` (colour) to bytes, and ``traversal_file``, which
decodes a path with the served model first (the server encodes in a worker process: api/heavy.py). The API and the command line both call
``traversal_file``, so the same request gives the same bytes from either.
"""
import io

import numpy as np
from PIL import GifImagePlugin, Image

from latent_explorer.images import grey_levels, tiled
from latent_explorer.limits import DEFAULT_FPS, DEFAULT_SCALE, FPS_RANGE, SCALE_RANGE

# Pixels in one file, all frames counted: at this size a file takes about a second to encode
# and 64 MB of frames in memory, so no request can make the server build a giant image.
MAX_PIXELS = 64_000_000
# GIF delays are whole hundredths of a second, and browsers play delays below 2 of them at
# 10 frames per second: 50 frames per second is the fastest a GIF really plays.
MIN_DELAY_CS = 2


# The options each kind of file takes, and their defaults (columns: None puts every frame in one row).
OPTIONS = {"gif": {"scale": DEFAULT_SCALE, "fps": DEFAULT_FPS, "ping_pong": False},
           "png": {"scale": DEFAULT_SCALE, "columns": None}}
KIND_NAMES = {"gif": "a GIF", "png": "a PNG film strip"}


class OutputTooLarge(ValueError):
    """The file asked for would hold more than MAX_PIXELS pixels; the message says how many and what to lower."""


class BadOption(ValueError):
    """An option a file cannot take, or a value out of its range; the API and the command line each word it, the
    one by its JSON key, the other by its flag."""

    def __init__(self, name, expected):
        self.name, self.expected = name, expected  # e.g. "fps", "an integer from 1 to 60"
        super().__init__(f"{name} must be {expected}")


def file_options(kind, steps, given):
    """The options of a ``kind`` file ('gif' or 'png') of a ``steps``-frame path: ``given`` (name -> value, None
    where not given) checked, and the defaults filled in. Raise BadOption for the first bad one."""
    for name, value in given.items():
        if value is not None and name not in OPTIONS[kind]:
            raise BadOption(name, f"left out of {KIND_NAMES[kind]}")
    ranges = {"scale": SCALE_RANGE, "fps": FPS_RANGE, "columns": (1, steps)}
    options = {}
    for name, default in OPTIONS[kind].items():
        value = default if given.get(name) is None else given[name]
        if name == "ping_pong":
            if type(value) is not bool:
                raise BadOption(name, "true or false")
        elif value is not None and (type(value) is not int or not ranges[name][0] <= value <= ranges[name][1]):
            raise BadOption(name, f"an integer from {ranges[name][0]} to {ranges[name][1]}")
        options[name] = value
    return options


def enlarge(images, scale):
    """uint8 ``(..., H, W)`` -> ``(..., H·scale, W·scale)``: each pixel becomes a ``scale``² block, without blur."""
    return images.repeat(scale, axis=-2).repeat(scale, axis=-1)


def _enlarged_image(image, scale):
    """One image, grey ``(H, W)`` or colour ``(H, W, 3)``, enlarged."""
    return enlarge(image, scale) if image.ndim == 2 else np.moveaxis(enlarge(np.moveaxis(image, -1, 0), scale), 0, -1)


def ping_pong_frames(frames):
    """Frames forward then backward without repeating either end: ``2N - 2`` frames for ``N >= 2``."""
    return np.concatenate([frames, frames[-2:0:-1]])


def frame_delays(count, fps):
    """GIF delays, in hundredths of a second, of ``count`` frames at ``fps`` frames per second.

    Each frame ends at its own time rounded to the hundredth, so the delays alternate (7, 7, 6
    at 15 fps) and a loop lasts ``count / fps`` seconds to within a hundredth. Above 50 fps
    every delay is MIN_DELAY_CS.
    """
    ends = (200 * np.arange(count + 1) + fps) // (2 * fps)  # round(100 i / fps), halves up
    return np.maximum(np.diff(ends), MIN_DELAY_CS)


def animated_gif(frames, scale=DEFAULT_SCALE, fps=DEFAULT_FPS, ping_pong=False):
    """uint8 frames ``(N, H, W[, 3])`` -> the bytes of a GIF that loops forever, one GIF frame per frame.

    Pillow's ``save_all`` would merge consecutive identical frames into one (a traversal
    through a flat region of the decoder has them), so the frames go through its frame
    writer one by one: the file holds exactly N frames (``2N - 2`` with ``ping_pong``).
    A grey GIF's palette is the 256 grey levels, so every pixel keeps its value; a colour one's is the
    256 colours that best cover all its frames together, so that no frame flickers to another palette.
    """
    if ping_pong:
        frames = ping_pong_frames(frames)
    count, height, width = frames.shape[:3]
    _check_size(count * height * width * scale ** 2,
                f"the GIF would hold {count} frames of {width * scale}×{height * scale} pixels")
    images = [Image.fromarray(_enlarged_image(frame, scale)) for frame in frames]
    if frames.ndim == 4:
        palette = Image.fromarray(np.concatenate(frames)).quantize(256, dither=Image.Dither.NONE)
        images = [image.quantize(palette=palette, dither=Image.Dither.NONE) for image in images]
    header, _ = GifImagePlugin.getheader(images[0], info={"loop": 0})
    gif = io.BytesIO()
    gif.writelines(header)
    for image, delay in zip(images, frame_delays(count, fps)):
        gif.writelines(GifImagePlugin.getdata(image, duration=int(delay) * 10))  # Pillow takes milliseconds
    gif.write(b";")  # the GIF trailer
    return gif.getvalue()


def film_strip(frames, scale=DEFAULT_SCALE, columns=None):
    """uint8 frames ``(N, H, W[, 3])`` -> the bytes of a PNG (grey or colour) of the frames side by side, in reading
    order. ``columns`` frames to a row (default: all N in one row); the last row is padded with black.
    """
    count, height, width = frames.shape[:3]
    columns = columns or count
    rows = -(-count // columns)
    _check_size(rows * columns * height * width * scale ** 2,
                f"the film strip would be {columns * width * scale}×{rows * height * scale} pixels")
    png = io.BytesIO()
    Image.fromarray(_enlarged_image(tiled(frames, columns), scale)).save(png, format="PNG")
    return png.getvalue()


ENCODERS = {"gif": animated_gif, "png": film_strip}


def traversal_frames(model, path):
    """uint8 ``(steps, H, W)`` (grey) or ``(steps, H, W, 3)``: the served decoder's images of ``path``
    ``(steps, latent_dim)``."""
    images = grey_levels(model.decode(np.asarray(path, np.float32)))
    return images[..., 0] if images.shape[-1] == 1 else images


def encode_frames(frames, kind, **options):
    """The bytes of a file of ``kind`` 'gif' or 'png' of ``frames``; ``options`` go to its encoder: ``scale``,
    ``fps`` and ``ping_pong`` for a GIF (``animated_gif``), ``scale`` and ``columns`` for a film strip (``film_strip``)."""
    return ENCODERS[kind](frames, **options)


def traversal_file(model, path, kind, **options):
    """The served decoder's images of ``path`` as a file of ``kind``: ``encode_frames`` of ``traversal_frames``."""
    return encode_frames(traversal_frames(model, path), kind, **options)


def _check_size(pixels, what):
    if pixels > MAX_PIXELS:
        raise OutputTooLarge(f"{what}, {pixels:,} pixels in all, more than the limit of {MAX_PIXELS:,}; "
                             "use fewer steps or a smaller scale")
