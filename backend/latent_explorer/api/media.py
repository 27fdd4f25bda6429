"""The traversal as files to download: an animated GIF and a PNG film strip.

Each request takes a traversal's body, checked by the traversal endpoint's own code in api.py,
plus the options of its format; ``media.traversal_file`` builds the bytes.
"""
from flask import Blueprint, current_app, request

from latent_explorer.api.core import (TRAVERSAL_KEYS, ApiError, served_dataset, boolean_field, integer_field, json_object,
                         traversal_request)
from latent_explorer.limits import DEFAULT_FPS, DEFAULT_SCALE, FPS_RANGE, SCALE_RANGE
from latent_explorer.media import OutputTooLarge, traversal_file

api_media = Blueprint("api_media", __name__, url_prefix="/api")

OPTION_KEYS = {"gif": {"scale", "fps", "ping_pong"}, "png": {"scale", "columns"}}
MIMETYPES = {"gif": "image/gif", "png": "image/png"}


@api_media.post("/datasets/<dataset_id>/traversal.<any(gif, png):kind>")
def traversal_media(dataset_id, kind):
    dataset = served_dataset(dataset_id)
    body = json_object(request.mimetype, request.get_data(), allowed=TRAVERSAL_KEYS | OPTION_KEYS[kind])
    path = traversal_request(body)
    steps = len(path)
    options = {"scale": integer_field(body, "scale", SCALE_RANGE, DEFAULT_SCALE)}
    if kind == "gif":
        options["fps"] = integer_field(body, "fps", FPS_RANGE, DEFAULT_FPS)
        options["ping_pong"] = boolean_field(body, "ping_pong", False)
    else:
        options["columns"] = integer_field(body, "columns", (1, steps), steps)
    try:
        data = traversal_file(dataset.model, path, kind, **options)
    except OutputTooLarge as error:
        raise ApiError(400, str(error)) from None
    response = current_app.response_class(data, mimetype=MIMETYPES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{dataset_id}-traversal-{steps}-steps.{kind}"'
    return response
