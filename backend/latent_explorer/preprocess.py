"""Turning a picture someone drew or photographed into the 28x28 image a data set's encoder expects.

The data sets hold light ink on black, so a picture is first read as grey levels in [0, 1]
with its transparency over white paper (``png_grey``), then turned light-on-black if its
background is light (``light_ink_on_black``), then cropped, scaled and placed the way its
data set's images were made: ``fit_box_by_centre_of_mass`` for MNIST and
``fit_field_centred`` for Fashion-MNIST, which the data-set registry names. All of them are
pure functions of arrays (or of a PNG's bytes).
"""
import io
import re
import struct

import numpy as np
from PIL import Image

from latent_explorer.images import IMAGE_SIDE, PNG_SIGNATURE
from latent_explorer.limits import ENCODE_IMAGE_SIDE, ENCODE_PNG_CHUNKS

# A pixel is ink when it is brighter than the background by more than this: Fashion-MNIST's
# trimming tolerance, 5% of full intensity (github.com/zalandoresearch/fashion-mnist, "Get the data").
INK_THRESHOLD = 0.05
# LeCun et al. on MNIST: each digit was "size normalized to fit in a 20x20 pixel box while preserving
# its aspect ratio", then placed so that its centre of mass is at the centre of the 28x28 field. In the
# files the centre of mass lies within half a pixel of (14, 14) (row, column; pixel centres at integers),
# spread evenly: the digits were moved by whole pixels.
MNIST_BOX = 20
MNIST_CENTRE = 14.0
# Luma weights of ITU-R 601-2, the ones Pillow's own conversion to grey uses.
LUMA = np.array([0.299, 0.587, 0.114])


class ImageRejected(ValueError):
    """A picture that cannot be read or has nothing to encode; the message names the problem and the fix."""


def png_grey(data, max_side=ENCODE_IMAGE_SIDE, max_chunks=ENCODE_PNG_CHUNKS):
    """The bytes of a PNG of any colour type -> float64 ``(H, W)`` grey levels in [0, 1], alpha composited on white
    (see ``opened_png`` for the checks)."""
    return _grey_on_white(opened_png(data, max_side, max_chunks))


def png_colour(data, max_side=ENCODE_IMAGE_SIDE, max_chunks=ENCODE_PNG_CHUNKS):
    """The bytes of a PNG of any colour type -> float64 ``(H, W, 3)`` RGB in [0, 1], alpha composited on white."""
    rgba = np.asarray(opened_png(data, max_side, max_chunks).convert("RGBA"), np.float64) / 255.0
    alpha = rgba[..., 3:]
    return rgba[..., :3] * alpha + (1.0 - alpha)


def opened_png(data, max_side=ENCODE_IMAGE_SIDE, max_chunks=ENCODE_PNG_CHUNKS):
    """The bytes of a PNG -> its Pillow image, loaded; raise ImageRejected for anything else.

    Hostile files are refused before a pixel is decompressed: the chunks are counted first (each
    costs Pillow a pass through its reader: 600,000 empty ones took 17 s), a second IHDR is refused
    (Pillow decodes with the last one, so checking the first would let any size through), and the
    size is checked from the header, before Pillow's own decompression-bomb check can refuse it
    without naming a size, and again as Pillow reports it after open, before it loads a pixel.
    Pillow's process-wide pixel limit is left as it is: these checks are tighter, per call.
    """
    if len(data) < 24 or data[:len(PNG_SIGNATURE)] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ImageRejected("the image is not a PNG file; send a PNG (canvas.toDataURL('image/png') makes one)")
    _check_chunks(data, max_chunks)
    _check_size(struct.unpack(">II", data[16:24]), max_side)
    try:
        image = Image.open(io.BytesIO(data), formats=["PNG"])
        _check_size(image.size, max_side)
        image.load()
    except ImageRejected:
        raise
    except Exception as error:  # noqa: BLE001: a hostile file can raise anything from inside Pillow's decoders
        raise ImageRejected(f"the PNG could not be decoded ({_without_addresses(error)}); send a complete, undamaged "
                            "PNG") from None
    return image


def _check_chunks(data, max_chunks):
    position, count = len(PNG_SIGNATURE), 0
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        count += 1
        if count > max_chunks:
            raise ImageRejected(f"the PNG holds more than {max_chunks} chunks; save it again from an image editor or "
                                "a canvas, which write a handful")
        if kind == b"IHDR" and position != len(PNG_SIGNATURE):
            raise ImageRejected("the PNG has more than one IHDR header, which no image writer makes; save it again")
        if kind == b"IEND":
            return
        position += 12 + length


def _check_size(size, max_side):
    width, height = size
    if not (0 < width <= max_side and 0 < height <= max_side):
        raise ImageRejected(f"the image is {width}x{height} pixels; its width and height must each be from 1 to "
                            f"{max_side}: scale it down before sending it")


def _without_addresses(error):
    """Pillow's message without the ``<_io.BytesIO object at 0x...>`` it names its source by."""
    return re.sub(r"\s*<[^<>]* at 0x[0-9a-f]+>", "", str(error)) or type(error).__name__


def _grey_on_white(image):
    if image.mode.startswith("I"):
        # 16-bit grey: Pillow's conversion to RGBA would clip its levels at 255 and drop its transparent level.
        levels = np.asarray(image, np.float64)
        opaque = levels != image.info.get("transparency", -1)
        return np.where(opaque, levels / 65535.0, 1.0)
    rgba = np.asarray(image.convert("RGBA"), np.float64) / 255.0  # applies a palette's or a tRNS chunk's transparency
    alpha = rgba[..., 3]
    return rgba[..., :3] @ LUMA * alpha + (1.0 - alpha)


def light_ink_on_black(grey):
    """Grey levels ``(H, W)`` -> ink in [0, 1] on a background of 0, as the data sets hold it.

    The background is the median of the outermost pixels: if it is light, the picture is dark
    ink on paper and is inverted. The background level is then taken off and full ink kept at 1,
    so that a photograph's grey paper becomes the data sets' black.
    """
    border = np.concatenate([grey[0], grey[-1], grey[1:-1, 0], grey[1:-1, -1]])
    background = float(np.median(border))
    ink = 1.0 - grey if background > 0.5 else grey
    background = min(background, 1.0 - background)
    return np.clip((ink - background) / (1.0 - background), 0.0, 1.0)


def fit_box_by_centre_of_mass(ink):
    """Ink ``(H, W)`` -> ``(28, 28)`` as MNIST was made: cropped to the ink, scaled so its longer side is 20,
    brightened to full ink, and moved by whole pixels to put its centre of mass at the centre of the field.

    MNIST's digits were bilevel before scaling, so each reaches full ink (254 or 255 in 99% of them);
    a thin stroke shrunk from a large canvas would otherwise come out faint. Fashion-MNIST keeps its
    levels: there a dim garment is a dark one.
    """
    glyph = _scaled(_cropped(ink), MNIST_BOX)
    glyph = glyph / glyph.max()  # positive: the crop holds ink, and both resampling filters are non-negative
    centre = np.average(np.indices(glyph.shape).reshape(2, -1), axis=1, weights=glyph.ravel())  # (row, column)
    # Clamped so that a lopsided glyph keeps all its ink, a little off centre.
    top, left = (int(np.clip(np.rint(MNIST_CENTRE - mass), 0, IMAGE_SIDE - size)) for mass, size in zip(centre, glyph.shape))
    return _placed(glyph, top, left)


def fit_field_centred(ink):
    """Ink ``(H, W)`` -> ``(28, 28)`` as Fashion-MNIST was made: cropped to the object, scaled so its longer
    side is 28, and centred in the field."""
    glyph = _scaled(_cropped(ink), IMAGE_SIDE)
    return _placed(glyph, *((IMAGE_SIDE - size) // 2 for size in glyph.shape))


def _cropped(ink):
    rows, columns = (np.flatnonzero(np.any(ink > INK_THRESHOLD, axis=axis)) for axis in (1, 0))
    if rows.size == 0:
        raise ImageRejected(f"the drawing is empty: no pixel differs from the background by more than "
                            f"{INK_THRESHOLD:.0%}; draw something, or send \"preprocess\": false to encode it as it is")
    return ink[rows[0]:rows[-1] + 1, columns[0]:columns[-1] + 1]


def _scaled(image, longest):
    """``image`` resized, keeping its aspect ratio, so that its longer side is ``longest``."""
    height, width = image.shape
    scale = longest / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # Area averaging when shrinking gives each pixel the share of it that ink covers, the grey levels of an
    # anti-aliased drawing; enlarging by area would only repeat pixels. Both filters are non-negative, so
    # nothing needs clipping (Lanczos rings; measured, it placed real digits and clothes no better).
    resample = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR
    return np.asarray(Image.fromarray(image.astype(np.float32)).resize(size, resample), np.float64)


def resized(image, height, width):
    """An added model's picture: ``image`` ``(h, w[, 3])`` in [0, 1] resized to its images' ``height`` x ``width``,
    with no crop or centring (the model's own data may be framed any way), by area when shrinking."""
    channels = [image] if image.ndim == 2 else [image[..., channel] for channel in range(image.shape[2])]
    scaled = [np.asarray(Image.fromarray(plane.astype(np.float32)).resize(
        (width, height), Image.Resampling.BOX if width < plane.shape[1] else Image.Resampling.BILINEAR), np.float64)
        for plane in channels]
    return scaled[0] if image.ndim == 2 else np.stack(scaled, axis=-1)


def _placed(glyph, top, left):
    field = np.zeros((IMAGE_SIDE, IMAGE_SIDE))
    field[top:top + glyph.shape[0], left:left + glyph.shape[1]] = glyph
    return field
