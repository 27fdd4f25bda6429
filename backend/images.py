"""Decoding latent points to PNG data URIs."""
import base64
import struct
import zlib

import numpy as np

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# zlib's fastest compressing level: on a decoded 28x28 image it takes two thirds of the time
# of the default level (6) for 4% more bytes; level 0 would double the bytes.
PNG_COMPRESSION = 1


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def grey_png(pixels):
    """uint8 ``(H, W)`` -> the bytes of an 8-bit greyscale PNG.

    Written by hand rather than through Pillow: for 28x28 images the encoder's own overhead
    dominates, and this runs for every hover.
    """
    height, width = pixels.shape
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale, no interlace
    rows = np.hstack([np.zeros((height, 1), np.uint8), pixels]).tobytes()  # filter type 0 per row
    return (PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, PNG_COMPRESSION))
            + _chunk(b"IEND", b""))


def png_data_uri(pixels):
    return "data:image/png;base64," + base64.b64encode(grey_png(pixels)).decode("ascii")


def grey_levels(probabilities):
    """Pixel probabilities ``(N, 784)`` in [0, 1] -> uint8 images ``(N, 28, 28)``, rounded half to even."""
    return np.rint(np.asarray(probabilities) * 255.0).astype(np.uint8).reshape(-1, 28, 28)


def decode_to_data_uris(model, points):
    """Latent points ``(N, latent_dim)`` -> N PNG data URIs of the served decoder's pixel probabilities."""
    return [png_data_uri(image) for image in grey_levels(model.decode(np.asarray(points, np.float32)))]
