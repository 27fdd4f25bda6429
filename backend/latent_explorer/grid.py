"""The decoded grid: an N x N square of latent positions on a plane, and its decoded images as one mosaic.

The plane is given by its centre and two orthonormal axes: ``right`` runs along a row, left to
right, and ``up`` along a column, bottom to top, so that row 0 of the mosaic is the top of the
plane as the page shows it. The page computes the same positions (frontend/js/grid-plane.js)
to draw the grid's footprint and to turn a click on a cell into a position.
"""
import numpy as np

from latent_explorer.images import grey_levels, pngs, tiled


def grid_positions(center, right, up, size, spacing):
    """float32 ``(size * size, 3)``: the cells' positions row by row, top row first, each row left to right."""
    offsets = (np.arange(size) - (size - 1) / 2) * spacing  # symmetric about the centre
    columns, rows = np.meshgrid(offsets, offsets[::-1])  # the top row has the largest offset along `up`
    positions = (np.asarray(center, np.float64)
                 + columns.reshape(-1, 1) * np.asarray(right, np.float64)
                 + rows.reshape(-1, 1) * np.asarray(up, np.float64))
    return positions.astype(np.float32)


def grid_png(model, center, right, up, size, spacing):
    """The bytes of one PNG (grey or colour, as the model's images): every cell of the grid decoded by ``model``,
    in one batch."""
    images = grey_levels(model.decode(grid_positions(center, right, up, size, spacing)))
    return pngs(tiled(images, size)[None])[0]
