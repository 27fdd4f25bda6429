"""Decoding latent points to PNG data URIs."""
import base64
import struct
import zlib

import numpy as np
import torch

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


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
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 6)) + _chunk(b"IEND", b"")


def png_data_uri(pixels):
    return "data:image/png;base64," + base64.b64encode(grey_png(pixels)).decode("ascii")


def decode_to_data_uris(model, points):
    """Latent points ``(N, 3)`` -> N PNG data URIs of the decoder's pixel probabilities."""
    with torch.inference_mode():
        probabilities = model.decode(torch.as_tensor(np.asarray(points), dtype=torch.float32))
    pixels = (probabilities[:, 0] * 255.0).round().to(torch.uint8).numpy()
    return [png_data_uri(image) for image in pixels]
