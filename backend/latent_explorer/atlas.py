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

SIZE = 2048
# zlib's default level. Measured on all 70,000 images against the two raw image files gzip'd at level 9:
# 1.06x for MNIST and 0.94x for Fashion-MNIST (level 1: 1.19x and 1.02x; level 9: 1.03x and 0.93x, at
# 4 to 9 times the build time).
PNG_COMPRESSION = 6


@dataclass(frozen=True)
class AtlasGrid:
    """The layout of square tiles of side ``tile`` in SIZE x SIZE atlases (an added model's images may be any size
    from 8 to 256 a side; a non-square image sits in its tile's top-left corner)."""
    tile: int

    @property
    def columns(self):
        return SIZE // self.tile  # tiles per row, and rows per full atlas

    @property
    def per_atlas(self):
        return self.columns * self.columns

    def count(self, images):
        return -(-images // self.per_atlas)

    def layout(self, count):
        """What the page needs to find tile ``i`` of ``count`` images."""
        return {"tile": self.tile, "size": SIZE, "columns": self.columns, "per_atlas": self.per_atlas, "count": count}

    def tile_position(self, index):
        """``(atlas, x, y)``: where the top-left pixel of image ``index`` lies."""
        atlas, place = divmod(index, self.per_atlas)
        row, column = divmod(place, self.columns)
        return atlas, column * self.tile, row * self.tile

    def atlas_pixels(self, tiles):
        """uint8 ``(n, H, W[, C])``, at most ``per_atlas`` images -> one atlas's pixels, ``(height, SIZE[, C])``.

        A full atlas is SIZE high; a shorter one holds only the rows its tiles need.
        """
        squared = np.zeros((len(tiles), self.tile, self.tile, *tiles.shape[3:]), np.uint8)
        squared[:, :tiles.shape[1], :tiles.shape[2]] = tiles
        placed = tiled(squared, self.columns)
        pixels = np.zeros((SIZE if len(tiles) == self.per_atlas else len(placed), SIZE, *tiles.shape[3:]), np.uint8)
        pixels[:placed.shape[0], :placed.shape[1]] = placed
        return pixels


# The shipped data sets' 28 x 28 images: 73 tiles a row, 5,329 an atlas, 14 atlases for 70,000 images.
SHIPPED_GRID = AtlasGrid(IMAGE_SIDE)
TILE, COLUMNS, PER_ATLAS = SHIPPED_GRID.tile, SHIPPED_GRID.columns, SHIPPED_GRID.per_atlas
atlas_count, layout, tile_position, atlas_pixels = (SHIPPED_GRID.count, SHIPPED_GRID.layout, SHIPPED_GRID.tile_position,
                                                    SHIPPED_GRID.atlas_pixels)


def atlas_png(pixels):
    """The bytes of an 8-bit PNG of ``pixels`` (grey ``(h, w)`` or colour ``(h, w, 3)``)."""
    output = io.BytesIO()
    Image.fromarray(pixels).save(output, "PNG", compress_level=PNG_COMPRESSION)
    return output.getvalue()


def images_between(splits, start, stop):
    """The images at indices ``start`` to ``stop`` of the splits (e.g. ``(train, test)``) taken in order."""
    parts, offset = [], 0
    for split in splits:
        parts.append(split[max(start - offset, 0):max(stop - offset, 0)])
        offset += len(split)
    return np.concatenate(parts)


@dataclass(frozen=True)
class AtlasFile:
    data: bytes
    etag: str


class Atlases:
    """One data set's atlases, each built on its first request and then kept."""

    def __init__(self, originals, count, grid=SHIPPED_GRID):
        """``originals``: an Originals (originals.py); ``count``: the number of points; ``grid``: their AtlasGrid."""
        self.originals, self.count, self.grid = originals, count, grid
        self._files = {}
        self._locks = [threading.Lock() for _ in range(grid.count(count))]  # one build of each at a time

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
                    start = number * self.grid.per_atlas
                    tiles = images_between(splits, start, min(start + self.grid.per_atlas, self.count))
                    data = atlas_png(self.grid.atlas_pixels(tiles))
                    self._files[number] = AtlasFile(data, hashlib.sha256(data).hexdigest()[:32])
        return self._files[number]
