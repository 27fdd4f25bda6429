"""The decoded grid: one request, one mosaic PNG of N x N decoded images on a plane through a position.

One PNG rather than N² data URIs: a single zlib stream compresses across the cells, there is
no base64 (a third more bytes), and the page lays out one image instead of up to 625 (the
benchmark compares the two).
"""
from flask import Blueprint, current_app, request

from latent_explorer.api.core import integer_field, json_object, latent_point, number_field, served_dataset
from latent_explorer.api.heavy import heavy_work
from latent_explorer.api.responses import ApiError
from latent_explorer.grid import grid_png
from latent_explorer.limits import (DEFAULT_GRID_SIZE, DEFAULT_GRID_SPACING, GRID_AXIS_TOLERANCE, GRID_SIZE_RANGE,
                                    GRID_SPACING_RANGE)

api_grid = Blueprint("api_grid", __name__, url_prefix="/api")

GRID_KEYS = frozenset({"center", "right", "up", "size", "spacing"})


@api_grid.post("/datasets/<dataset_id>/grid.png")
def grid(dataset_id):
    dataset = served_dataset(dataset_id)
    body = json_object(request.mimetype, request.get_data(), allowed=GRID_KEYS)
    dims = dataset.model.latent_dim
    center = latent_point(body.get("center"), "center", dims)
    right, up = (_unit_axis(body, name, dims) for name in ("right", "up"))
    if abs(sum(a * b for a, b in zip(right, up))) > GRID_AXIS_TOLERANCE:
        raise ApiError(400, f"'right' {right} and 'up' {up} must be perpendicular")
    size = integer_field(body, "size", GRID_SIZE_RANGE, DEFAULT_GRID_SIZE)
    spacing = number_field(body, "spacing", GRID_SPACING_RANGE, DEFAULT_GRID_SPACING)
    with heavy_work(size * size):
        data = grid_png(dataset.model, center, right, up, size, spacing)
    return current_app.response_class(data, mimetype="image/png")


def _unit_axis(body, name, dims):
    axis = latent_point(body.get(name), name, dims)
    length = sum(c * c for c in axis) ** 0.5
    if abs(length - 1) > GRID_AXIS_TOLERANCE:
        raise ApiError(400, f"'{name}' must be a unit vector, got {axis} of length {length:.4g}")
    return axis

