"""The decoded grid's maths: positions on the plane, and the mosaic's cell order."""
import numpy as np
import pytest

from latent_explorer.grid import grid_positions


def test_positions_are_centred_and_spaced_on_the_plane():
    center, right, up = [1.0, -2.0, 0.5], [0.0, 0.6, 0.8], [1.0, 0.0, 0.0]
    positions = grid_positions(center, right, up, size=5, spacing=0.25).astype(np.float64)
    assert positions.shape == (25, 3)
    assert np.allclose(positions.mean(axis=0), center, atol=1e-6)
    assert np.allclose(positions[12], center, atol=1e-6)  # the middle cell of an odd grid is the centre
    along_row, down_column = positions[1] - positions[0], positions[0] - positions[5]
    assert np.allclose(along_row, 0.25 * np.array(right), atol=1e-6)
    assert np.allclose(down_column, 0.25 * np.array(up), atol=1e-6)
    # Every cell lies in the plane through the centre spanned by right and up.
    normal = np.cross(right, up)
    assert np.allclose((positions - center) @ normal, 0, atol=1e-6)


def test_the_top_left_cell_is_left_along_right_and_up_along_up():
    positions = grid_positions([0, 0, 0], [1, 0, 0], [0, 1, 0], size=3, spacing=1.0)
    assert positions[0].tolist() == [-1, 1, 0]  # row 0 is the top
    assert positions[2].tolist() == [1, 1, 0]
    assert positions[8].tolist() == [1, -1, 0]


def test_an_even_grid_straddles_the_centre():
    positions = grid_positions([0, 0, 0], [1, 0, 0], [0, 0, 1], size=4, spacing=2.0)
    assert sorted(set(positions[:, 0].tolist())) == [-3, -1, 1, 3]
