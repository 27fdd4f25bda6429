"""Texture atlases of the raw images, for the cloud drawn as its images.

Every image is a 28x28 tile in one of a few 2048x2048 greyscale PNGs (2048 px is the texture size
WebGL2 guarantees): tile ``i``, the point at index ``i`` (training images first, then test, the order
of latents.npy), lies in atlas ``i // PER_ATLAS`` at column ``(i % PER_ATLAS) % COLUMNS`` and row
``(i % PER_ATLAS) // COLUMNS``, its top-left pixel at ``(column * TILE, row * TILE)``. The last atlas
holds only the rows it needs. 70,000 images make 14 atlases.

Kept in memory, each built from the memory-mapped raw files on its first request. Measured on the
project's 2-core machine, the page asking for all 14 at once: 1.3 s for MNIST, 2.4 s for
Fashion-MNIST (0.1 to 0.6 s an atlas), holding 12 MB and 29 MB of PNG. A copy on disk would save
that once per start, but would have to be checked against the raw files it came from: one more
thing to go stale, for a second or two.
"""
import hashlib
import io
import threading
from dataclasses import dataclass

import numpy as np
from PIL import Image

from latent_explorer.images import IMAGE_SIDE, tiled

TILE = IMAGE_SIDE
SIZE = 2048
COLUMNS = SIZE // TILE  # 73: tiles per row, and rows per full atlas
PER_ATLAS = COLUMNS * COLUMNS  # 5,329
# zlib's default level. Measured on all 70,000 images against the two raw image files gzip'd at level 9:
# 1.06x for MNIST and 0.94x for Fashion-MNIST (level 1: 1.19x and 1.02x; level 9: 1.03x and 0.93x, at
# 4 to 9 times the build time).
PNG_COMPRESSION = 6


def atlas_count(count):
    return -(-count // PER_ATLAS)


def layout(count):
    """What the page needs to find tile ``i`` of ``count`` images: the constants of the layout above."""
    return {"tile": TILE, "size": SIZE, "columns": COLUMNS, "per_atlas": PER_ATLAS, "count": count}


def tile_position(index):
    """``(atlas, x, y)``: where the top-left pixel of image ``index`` lies."""
    atlas, place = divmod(index, PER_ATLAS)
    row, column = divmod(place, COLUMNS)
    return atlas, column * TILE, row * TILE


def atlas_pixels(tiles):
    """uint8 ``(n, 28, 28)``, at most PER_ATLAS images -> one atlas's pixels, uint8 ``(height, SIZE)``.

    A full atlas is SIZE high; a shorter one holds only the rows its tiles need.
    """
    placed = tiled(tiles, COLUMNS)
    pixels = np.zeros((SIZE if len(tiles) == PER_ATLAS else len(placed), SIZE), np.uint8)
    pixels[:placed.shape[0], :placed.shape[1]] = placed
    return pixels


def atlas_png(pixels):
    """The bytes of an 8-bit greyscale PNG of ``pixels``."""
    output = io.BytesIO()
    Image.fromarray(pixels).save(output, "PNG", compress_level=PNG_COMPRESSION)
    return output.getvalue()


def images_between(splits, start, stop):
    """The images at indices ``start`` to ``stop`` of the splits ``(train, test)`` taken in order."""
    train, test = splits
    return np.concatenate([train[start:stop], test[max(start - len(train), 0):max(stop - len(train), 0)]])


@dataclass(frozen=True)
class AtlasFile:
    data: bytes
    etag: str


class Atlases:
    """One data set's atlases, each built on its first request and then kept."""

    def __init__(self, originals, count):
        """``originals``: an Originals (originals.py); ``count``: the number of points."""
        self.originals, self.count = originals, count
        self._files = {}
        self._locks = [threading.Lock() for _ in range(atlas_count(count))]  # one build of each at a time

    def __len__(self):
        return len(self._locks)

    def file(self, number):
        """The AtlasFile of atlas ``number``, or None without the raw images."""
        if number not in self._files:
            splits = self.originals.images()
            if splits is None:
                return None
            with self._locks[number]:
                if number not in self._files:
                    start = number * PER_ATLAS
                    data = atlas_png(atlas_pixels(images_between(splits, start, min(start + PER_ATLAS, self.count))))
                    self._files[number] = AtlasFile(data, hashlib.sha256(data).hexdigest()[:32])
        return self._files[number]
