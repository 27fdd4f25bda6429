"""Unit tests of frontend/js/grid-plane.js, the decoded grid's plane maths, in headless Chromium."""
import numpy as np
import pytest

from latent_explorer.grid import grid_positions
from module_runner import run_module

# A camera turned 90° about y (quaternion x, y, z, w): it looks along -x, its right is -z and its up is +y.
TURNED = {"target": [0, 0, 0], "rotation": [0, 0.7071067811865476, 0, 0.7071067811865476], "distance": 5}


def call(js, body, *args):
    return run_module(js, "/js/grid-plane.js", body, list(args))


def test_view_plane_faces_the_camera(js):
    axes = call(js, "return module.planeAxes('view', args[0]);", TURNED)
    assert np.allclose(axes["right"], [0, 0, -1], atol=1e-9) and np.allclose(axes["up"], [0, 1, 0], atol=1e-9)


@pytest.mark.parametrize("plane, right, up", [("xy", [1, 0, 0], [0, 1, 0]), ("yz", [0, 1, 0], [0, 0, 1]),
                                              ("xz", [1, 0, 0], [0, 0, 1])])
def test_axis_planes_ignore_the_camera(js, plane, right, up):
    assert call(js, "return module.planeAxes(args[0], args[1]);", plane, TURNED) == {"right": right, "up": up}


def test_cell_positions_match_the_servers_for_every_cell(js):
    grid = {"center": [0.5, -1, 2], "size": 4, "spacing": 0.3}
    axes = call(js, "return module.planeAxes('view', args[0]);", TURNED)
    page = call(js, """const [grid, axes] = args; const cells = [];
        for (let row = 0; row < grid.size; row++) for (let column = 0; column < grid.size; column++)
          cells.push(module.cellPosition(grid, axes, row, column));
        return cells;""", grid, axes)
    server = grid_positions(grid["center"], axes["right"], axes["up"], grid["size"], grid["spacing"])
    assert np.allclose(page, server, atol=1e-6)


def test_footprint_surrounds_the_cells_at_half_a_spacing(js):
    grid = {"center": [1, 1, 1], "size": 3, "spacing": 2}
    corners = call(js, "return module.footprint(args[0], module.planeAxes('xy'));", grid)
    assert corners == [[-2, 4, 1], [4, 4, 1], [4, -2, 1], [-2, -2, 1]]


@pytest.mark.parametrize("fractions, cell", [((0, 0), (0, 0)), ((0.999, 0.999), (10, 10)), ((0.5, 0.1), (1, 5)),
                                              ((1.2, -0.3), (0, 10))])
def test_cell_at_a_point_of_the_mosaic(js, fractions, cell):
    answer = call(js, "return module.cellAt(11, args[0], args[1]);", *fractions)
    assert (answer["row"], answer["column"]) == cell
