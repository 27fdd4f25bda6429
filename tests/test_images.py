"""Tiling images side by side, which the atlases, the decoded grid and the film strip all use."""
import numpy as np
import pytest

from latent_explorer.images import IMAGE_SIDE, tiled


@pytest.mark.parametrize("count, columns", [(9, 3), (16, 4), (625, 25), (7, 3), (1, 5)])
def test_image_k_lands_at_row_k_div_columns_and_column_k_mod_columns(count, columns):
    values = np.arange(1, count + 1) % 251 + 1  # distinct for the images checked, and none black
    images = values.astype(np.uint8)[:, None, None] * np.ones((1, IMAGE_SIDE, IMAGE_SIDE), np.uint8)
    tiles = tiled(images, columns)
    rows = -(-count // columns)
    assert tiles.shape == (IMAGE_SIDE * rows, IMAGE_SIDE * columns)
    for index in {0, min(columns, count) - 1, count - 1, min(columns, count - 1)}:
        row, column = divmod(index, columns)
        cell = tiles[row * IMAGE_SIDE:(row + 1) * IMAGE_SIDE, column * IMAGE_SIDE:(column + 1) * IMAGE_SIDE]
        assert (cell == values[index]).all()
    assert (tiles[(rows - 1) * IMAGE_SIDE:, (count - (rows - 1) * columns) * IMAGE_SIDE:] == 0).all()  # padding


def test_images_that_are_not_square_keep_their_shape():
    images = np.arange(2 * 3 * 5, dtype=np.uint8).reshape(2, 3, 5)
    assert np.array_equal(tiled(images, 2), np.hstack([images[0], images[1]]))
