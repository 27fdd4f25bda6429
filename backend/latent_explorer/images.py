"""Decoded images: the shipped data sets' image size, tiling images side by side, and PNGs and their data URIs.

Images are uint8 ``(N, H, W, C)`` with C = 1 (grey) or 3 (colour): the shipped models' are 28 x 28 grey, an
added model's may be any size (added_models.py)."""
import base64
import struct
import zlib

import numpy as np

IMAGE_SIDE = 28  # every shipped data set's images are IMAGE_SIDE x IMAGE_SIDE grey levels
IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DATA_URI_PREFIX = "data:image/png;base64,"
# zlib's fastest compressing level: on a decoded 28x28 image it takes two thirds of the time
# of the default level (6) for 4% more bytes; level 0 would double the bytes.
PNG_COMPRESSION = 1


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pngs(images):
    """uint8 ``(N, H, W, C)`` -> the bytes of N 8-bit PNGs, greyscale for C = 1 and RGB for C = 3.

    Written by hand rather than through Pillow: for 28x28 images an encoder's own overhead
    dominates, and this runs for every hover and 64 times for a traversal. Everything but
    the compressed pixels is the same for all N.
    """
    count, height, width, channels = images.shape
    colour_type = {1: 0, 3: 2}[channels]
    head = PNG_SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
    tail = _chunk(b"IEND", b"")
    rows = np.zeros((count, height, width * channels + 1), np.uint8)  # a zero before each row: filter type "none"
    rows[:, :, 1:] = images.reshape(count, height, width * channels)
    return [head + _chunk(b"IDAT", zlib.compress(image.tobytes(), PNG_COMPRESSION)) + tail for image in rows]


def as_images(pixels):
    """uint8 ``(N, H, W)`` or ``(N, H, W, C)`` -> ``(N, H, W, C)``."""
    pixels = np.asarray(pixels)
    return pixels[..., None] if pixels.ndim == 3 else pixels


def png_data_uris(images):
    """uint8 ``(N, H, W[, C])`` -> N data URIs of PNGs."""
    return [DATA_URI_PREFIX + base64.b64encode(png).decode("ascii") for png in pngs(as_images(images))]


def png_data_uri(pixels):
    """uint8 ``(H, W[, C])`` -> the data URI of a PNG."""
    return png_data_uris(np.asarray(pixels)[None])[0]


def grey_levels(probabilities):
    """Pixel probabilities in [0, 1] -> uint8 levels of the same shape, rounded half to even."""
    return np.rint(np.asarray(probabilities) * 255.0).astype(np.uint8)


def tiled(images, columns):
    """uint8 ``(N, H, W[, C])`` -> ``(rows * H, columns * W[, C])``: the images side by side in reading order,
    ``columns`` to a row, the last row padded with black."""
    images = np.asarray(images)
    count, height, width = images.shape[:3]
    rest = images.shape[3:]
    rows = -(-count // columns)
    padded = np.zeros((rows * columns, height, width, *rest), np.uint8)
    padded[:count] = images
    # (rows, columns, y, x) -> (rows, y, columns, x): one pixel row of every image in a row of the result.
    order = (0, 2, 1, 3, *range(4, 4 + len(rest)))
    return padded.reshape(rows, columns, height, width, *rest).transpose(order).reshape(rows * height, columns * width, *rest)


def decode_to_data_uris(model, points):
    """Latent points ``(N, latent_dim)`` -> N PNG data URIs of the served decoder's images."""
    return png_data_uris(grey_levels(model.decode(np.asarray(points, np.float32))))
