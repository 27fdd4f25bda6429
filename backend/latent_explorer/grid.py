"""The decoded grid: an N x N square of latent positions on a plane, and its decoded images as one mosaic.

The plane is given by its centre and two orthonormal axes: ``right`` runs along a row, left to
right, and ``up`` along a column, bottom to top, so that row 0 of the mosaic is the top of the
plane as the page shows it. The page computes the same positions (frontend/js/grid-plane.js)
to draw the grid's footprint and to turn a click on a cell into a position.
"""
import numpy as np

from latent_explorer.images import grey_levels, grey_pngs

IMAGE_SIDE = 28


def grid_positions(center, right, up, size, spacing):
    """float32 ``(size * size, 3)``: the cells' positions row by row, top row first, each row left to right."""
    offsets = (np.arange(size) - (size - 1) / 2) * spacing  # symmetric about the centre
    columns, rows = np.meshgrid(offsets, offsets[::-1])  # the top row has the largest offset along `up`
    positions = (np.asarray(center, np.float64)
                 + columns.reshape(-1, 1) * np.asarray(right, np.float64)
                 + rows.reshape(-1, 1) * np.asarray(up, np.float64))
    return positions.astype(np.float32)


def mosaic(images, size):
    """uint8 ``(size * size, 28, 28)`` in row order -> uint8 ``(28 * size, 28 * size)``, the cells side by side."""
    return (images.reshape(size, size, IMAGE_SIDE, IMAGE_SIDE)
            .transpose(0, 2, 1, 3)
            .reshape(size * IMAGE_SIDE, size * IMAGE_SIDE))


def grid_png(model, center, right, up, size, spacing):
    """The bytes of one greyscale PNG: every cell of the grid decoded by ``model``, in one batch."""
    images = grey_levels(model.decode(grid_positions(center, right, up, size, spacing)))
    return grey_pngs(mosaic(images, size)[None])[0]
