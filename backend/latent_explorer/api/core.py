"""The JSON API: validates each request and hands arrays to the pure functions that do the work.

The two requests a hover sends are parsed and answered by plain functions (``decode_request``,
``decode_answer``, ``sample_index``, ``sample_answer``), which the routes here and the hover
fast path (fast_paths.py) share, so both give the same bytes and the same errors.
"""
import json

import numpy as np
from flask import Blueprint, current_app, request

from latent_explorer.datasets import DATASETS
from latent_explorer.images import decode_to_data_uris, grey_levels, png_data_uris
from latent_explorer.layout import CLASSMAP, TIMELINE_POINTS
from latent_explorer.api.heavy import heavy_work
from latent_explorer.api.responses import ApiError, brief, json_bytes, json_response
from latent_explorer.limits import (CONTROL_POINTS_RANGE, COORDINATE_LIMIT, DECODE_POINTS_RANGE, DEFAULT_STEPS, LIMITS,
                                    STEPS_RANGE)
from latent_explorer.traversal import DuplicateControlPoints, traversal_path

api = Blueprint("api", __name__, url_prefix="/api")

UNKNOWN_KEYS_SHOWN = 4  # an error names this many of a body's unknown keys: 60,000 of them made an 840 KB answer

@api.get("/datasets")
def list_datasets():
    store = current_app.extensions["datasets"]
    return json_response({
        "datasets": [_public_summary(dataset.summary(), store.for_clients) for dataset in store.available.values()],
        "unavailable": [{"id": dataset_id, "title": DATASETS[dataset_id].title, "error": store.for_clients(message)}
                        for dataset_id, message in store.unavailable.items()],
        "limits": LIMITS,
    })


def _public_summary(summary, for_clients):
    note = summary["originals_missing"]
    return {**summary, "originals_missing": note and for_clients(note)}


@api.get("/datasets/<dataset_id>/<any('latents.npy', 'labels.npy', 'stds.npy', 'classmap.npy', 'timeline.npy'):name>")
def points_file(dataset_id, name):
    dataset = served_dataset(dataset_id)
    optional = {CLASSMAP: dataset.class_map.missing, TIMELINE_POINTS: dataset.timeline.missing}
    if name in optional and name not in dataset.files:
        raise ApiError(404, current_app.extensions["datasets"].for_clients(optional[name]))
    if name not in dataset.files:
        raise ApiError(404, f"{dataset_id} was added without {name}; add it again with --stds {name} to show "
                            "uncertainty")
    served = dataset.files[name]
    compressed = request.accept_encodings["gzip"] > 0
    response = current_app.response_class(served.compressed if compressed else served.raw,
                                          mimetype="application/octet-stream")
    response.set_etag(served.etag + ("-gzip" if compressed else ""))
    if compressed:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    # Revalidate every time: retraining changes the files behind the same URL.
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


@api.post("/datasets/<dataset_id>/decode")
def decode(dataset_id):
    dataset = served_dataset(dataset_id)
    points, classify = decode_request(dataset, request.mimetype, request.get_data())
    with heavy_work(len(points)):
        return json_response(decode_answer(dataset, points, classify))


def decode_request(dataset, mimetype, body):
    """``(points, classify)`` of a decode request's body (bytes) for ``dataset``; raise ApiError for anything else."""
    body = json_object(mimetype, body, allowed={"points", "classify"})
    points = _points(body.get("points"), "points", *DECODE_POINTS_RANGE, dataset.model.latent_dim)
    return points, classify_field(dataset, body)


def classify_field(dataset, body):
    """Whether a request asks for the class read in its images (``"classify": true``), which needs a classifier."""
    classify = boolean_field(body, "classify", False)
    if classify and dataset.class_map.classifier is None:
        how = (f"train one with: latent-explorer train-classifier {dataset.spec.id}" if dataset.spec.kind == "shipped"
               else "classifiers are trained for the shipped data sets only")
        raise ApiError(400, f"'classify' asks for the class each image reads as, but {dataset.spec.id} has no "
                            f"classifier; {how}")
    return classify


def decode_answer(dataset, points, classify=False):
    """The decoded images of ``points`` as PNG data URIs, and with ``classify`` the class each reads as."""
    images = dataset.model.decode(np.asarray(points, np.float32))
    answer = {"images": png_data_uris(grey_levels(images))}
    if classify:
        answer["classes"] = dataset.class_map.classifier.classes_read(images)
    return json_bytes(answer)


@api.post("/datasets/<dataset_id>/traversal")
def traversal(dataset_id):
    dataset = served_dataset(dataset_id)
    path = traversal_request(json_object(request.mimetype, request.get_data(), allowed=TRAVERSAL_KEYS),
                             dataset.model.latent_dim)
    with heavy_work(len(path)):
        return json_response({"path": path.tolist(), "images": decode_to_data_uris(dataset.model, path)})


# The keys of a traversal body, which the GIF and film-strip requests (api_media.py) extend.
TRAVERSAL_KEYS = frozenset({"control_points", "steps", "closed"})


def traversal_request(body, dims):
    """The path ``(steps, dims)`` that a traversal body asks for; raise ApiError naming a bad field."""
    control_points = _points(body.get("control_points"), "control_points", *CONTROL_POINTS_RANGE, dims)
    steps = integer_field(body, "steps", STEPS_RANGE, DEFAULT_STEPS)
    closed = boolean_field(body, "closed", False)
    try:
        return traversal_path(control_points, steps, closed)
    except DuplicateControlPoints as error:
        first, second = error.indices
        how = (f"are the same point {control_points[first]}" if error.distance == 0 else
               f"({control_points[first]} and {control_points[second]}) are too close together to build a curve "
               f"through: {error.distance:.3g} apart")
        raise ApiError(400, f"control points {first} and {second} {how}; consecutive control points must differ") \
            from None


def integer_field(body, name, bounds, default):
    value = body.get(name, default)
    if type(value) is not int or not bounds[0] <= value <= bounds[1]:
        raise ApiError(400, f"'{name}' must be an integer from {bounds[0]} to {bounds[1]}, got {brief(value)}")
    return value


def number_field(body, name, bounds, default):
    value = body.get(name, default)
    # A NaN fails the comparisons.
    if type(value) not in (int, float) or not bounds[0] <= value <= bounds[1]:
        raise ApiError(400, f"'{name}' must be a number from {bounds[0]:g} to {bounds[1]:g}, got {brief(value)}")
    return float(value)


def boolean_field(body, name, default):
    value = body.get(name, default)
    if type(value) is not bool:
        raise ApiError(400, f"'{name}' must be true or false, got {brief(value)}")
    return value


@api.get("/datasets/<dataset_id>/samples/<index>")
def sample(dataset_id, index):
    dataset = served_dataset(dataset_id)
    index = sample_index(index, len(dataset.latents))
    return json_response(sample_answer(dataset, index, sample_classify(dataset, request.args)))


def sample_classify(dataset, args):
    """Whether a samples URL's query ``args`` ask for the class its reconstruction reads as (``?classify=true``)."""
    unknown = sorted(set(args) - {"classify"})
    if unknown:
        raise ApiError(400, f"unknown query parameter {brief(unknown[0])}; a sample takes only ?classify=true")
    if args.get("classify", "false") not in ("true", "false"):
        raise ApiError(400, f"'classify' must be true or false, got {brief(args['classify'])}")
    return classify_field(dataset, {"classify": args.get("classify") == "true"})


def sample_index(text, count):
    """The index in a samples URL, checked against the ``count`` points; raise ApiError (404) otherwise."""
    return url_index(text, count, "sample index")


def url_index(text, count, what):
    """The whole number ``text`` from a URL path, below ``count``; raise ApiError (404) naming ``what`` otherwise.

    Digits only (no sign, space or underscore, which int() accepts) and at most 12 of them, so that a
    huge number is refused before it is converted."""
    if not (text.isascii() and text.isdigit() and len(text) <= 12 and int(text) < count):
        raise ApiError(404, f"{what} must be an integer from 0 to {count - 1}, got {brief(text)}")
    return int(text)


def sample_answer(dataset, index, classify=False):
    return json_bytes(dataset.sample(index, classify))


def served_dataset(dataset_id):
    store = current_app.extensions["datasets"]
    if dataset_id in store.available:
        return store.available[dataset_id]
    if dataset_id in store.unavailable:
        raise ApiError(503, store.for_clients(store.unavailable[dataset_id]))
    raise ApiError(404, f"unknown data set {brief(dataset_id)}; known: {', '.join(DATASETS)}")


def json_object(mimetype, data, allowed):
    """The JSON object in a request body (bytes) sent as ``mimetype``, with keys among ``allowed``."""
    if mimetype != "application/json":
        raise ApiError(415, "send the body as JSON with the header Content-Type: application/json")
    try:
        body = json.loads(data)
    except (ValueError, RecursionError):
        raise ApiError(400, "the request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, f"the request body must be a JSON object with the keys {sorted(allowed)}")
    unknown = set(body) - allowed
    if unknown:
        names = [brief(name) for name in sorted(unknown, key=str)[:UNKNOWN_KEYS_SHOWN]]
        more = f" and {len(unknown) - UNKNOWN_KEYS_SHOWN} more" if len(unknown) > UNKNOWN_KEYS_SHOWN else ""
        raise ApiError(400, f"unknown keys [{', '.join(names)}]{more}; allowed: {sorted(allowed)}")
    return body


def _points(value, name, min_count, max_count, dims):
    """Validate a JSON list of ``dims``-D points and return it as a list of lists of numbers."""
    if not isinstance(value, list) or not min_count <= len(value) <= max_count:
        got = f"{len(value)} points" if isinstance(value, list) else brief(value)
        raise ApiError(400, f"'{name}' must be a list of {min_count} to {max_count} points {_point_form(dims)}, got {got}")
    for position, point in enumerate(value):
        latent_point(point, f"{name}[{position}]", dims)
    return value


def _point_form(dims):
    return "[x, y, z]" if dims == 3 else f"of {dims} numbers"


def latent_point(point, name, dims):
    """Validate one JSON point of ``dims`` numbers, the field ``name`` of a request, and return it."""
    if not (isinstance(point, list) and len(point) == dims and all(type(c) in (int, float) for c in point)):
        form = "[x, y, z] with three numbers" if dims == 3 else f"a list of {dims} numbers"
        raise ApiError(400, f"'{name}' must be {form}, got {brief(point)}")
    # abs() first: a NaN fails every comparison, and a huge int cannot become a float.
    if not all(abs(c) <= COORDINATE_LIMIT for c in point):
        raise ApiError(400, f"'{name}' must hold finite coordinates within ±{COORDINATE_LIMIT:g}, got {brief(point)}")
    return point
