"""Turning a picture someone drew or photographed into the 28x28 image a data set's encoder expects.

The data sets hold light ink on black, so a picture is first read as grey levels in [0, 1]
with its transparency over white paper (``png_grey``), then turned light-on-black if its
background is light (``light_ink_on_black``), then cropped, scaled and placed the way its
data set's images were made: ``fit_box_by_centre_of_mass`` for MNIST and
``fit_field_centred`` for Fashion-MNIST, which the data-set registry names. All of them are
pure functions of arrays (or of a PNG's bytes).
"""
import io
import struct

import numpy as np
from PIL import Image

from latent_explorer.images import IMAGE_SIDE, PNG_SIGNATURE

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


def png_grey(data, max_side):
    """The bytes of a PNG of any colour type -> float64 ``(H, W)`` grey levels in [0, 1], alpha composited on white.

    The size is read from the PNG's header before Pillow sees the file, so a small file that
    claims a huge image is refused without a pixel decompressed (and without Pillow's own
    decompression-bomb error, which would name no size).
    """
    if len(data) < 24 or data[:len(PNG_SIGNATURE)] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ImageRejected("the image is not a PNG file; send a PNG (canvas.toDataURL('image/png') makes one)")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= max_side and 0 < height <= max_side):
        raise ImageRejected(f"the image is {width}x{height} pixels; its width and height must each be from 1 to "
                            f"{max_side}: scale it down before sending it")
    try:
        image = Image.open(io.BytesIO(data), formats=["PNG"])
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as error:  # UnidentifiedImageError is an OSError
        raise ImageRejected(f"the PNG could not be decoded ({error}); send a complete, undamaged PNG") from None
    return _grey_on_white(image)


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


def _placed(glyph, top, left):
    field = np.zeros((IMAGE_SIDE, IMAGE_SIDE))
    field[top:top + glyph.shape[0], left:left + glyph.shape[1]] = glyph
    return field
