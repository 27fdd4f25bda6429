"""atlas.py: tile i of the atlases holds image i, across atlases and across the train/test boundary."""
import gzip
import io
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from latent_explorer.atlas import COLUMNS, PER_ATLAS, SIZE, TILE, Atlases, atlas_count, images_between, tile_position
from latent_explorer.datasets import DATASETS
from latent_explorer.raw_data import raw_paths
from latent_explorer.originals import Originals


def test_the_layout_fills_2048_pixels_with_73_columns_of_28():
    assert (TILE, SIZE, COLUMNS, PER_ATLAS) == (28, 2048, 73, 5329) and COLUMNS * TILE <= SIZE
    assert [atlas_count(n) for n in (1, PER_ATLAS, PER_ATLAS + 1, 70_000)] == [1, 1, 2, 14]
    assert tile_position(0) == (0, 0, 0) and tile_position(74) == (0, 28, 28)
    assert tile_position(PER_ATLAS - 1) == (0, 72 * 28, 72 * 28) and tile_position(PER_ATLAS + 73) == (1, 0, 28)


def test_images_between_takes_the_splits_in_order():
    train, test = np.arange(5)[:, None, None], np.arange(5, 8)[:, None, None]
    assert images_between((train, test), 3, 7).ravel().tolist() == [3, 4, 5, 6]
    assert images_between((train, test), 6, 8).ravel().tolist() == [6, 7]


def test_tile_i_holds_image_i_in_every_atlas():
    count, train_count = PER_ATLAS + 200, 5000  # the first atlas spans both splits; the second holds 200 tiles
    images = np.random.default_rng(0).integers(0, 256, (count, TILE, TILE), dtype=np.uint8)
    originals = SimpleNamespace(images=lambda: (images[:train_count], images[train_count:]))
    atlases = Atlases(originals, count)
    assert len(atlases) == 2
    pixels = [np.asarray(Image.open(io.BytesIO(atlases.file(number).data))) for number in range(2)]
    assert pixels[0].shape == (SIZE, SIZE) and pixels[1].shape == (3 * TILE, SIZE)  # 200 tiles: 3 rows of 73
    for index in range(count):
        atlas, x, y = tile_position(index)
        assert np.array_equal(pixels[atlas][y:y + TILE, x:x + TILE], images[index]), index
    assert not pixels[0][:, COLUMNS * TILE:].any() and not pixels[0][COLUMNS * TILE:].any()  # the 4-pixel margins
    assert not pixels[1][2 * TILE:, (200 - 2 * COLUMNS) * TILE:].any()  # after the last tile


def test_an_atlas_is_built_once_and_kept():
    calls = []
    images = np.zeros((10, TILE, TILE), np.uint8)
    atlases = Atlases(SimpleNamespace(images=lambda: calls.append(1) or (images, images[:0])), 10)
    first = atlases.file(0)
    assert atlases.file(0) is first and len(calls) == 1


def test_without_originals_there_is_no_atlas():
    assert Atlases(SimpleNamespace(images=lambda: None), 10).file(0) is None


@pytest.mark.slow
@pytest.mark.parametrize("dataset_id", ["mnist", "fashion-mnist"])
def test_a_real_data_sets_atlases_weigh_at_most_1_2_times_its_gzipped_image_files(real_data_root, dataset_id):
    spec = DATASETS[dataset_id]
    paths = [raw_paths(spec, train, real_data_root)[0] for train in (True, False)]
    # gzip's default level, which gives within 1% of the published .gz files' sizes.
    gzipped = sum(len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)) for path in paths)
    originals = Originals(spec, real_data_root, 60_000, 70_000)
    atlases = Atlases(originals, 70_000)
    assert sum(len(atlases.file(number).data) for number in range(len(atlases))) <= 1.2 * gzipped
