"""The traversal as files to download: an animated GIF and a PNG film strip.

Each request takes a traversal's body, checked by the traversal endpoint's own code in core.py,
plus the options of its format, checked by ``media.file_options`` (the command line's check too);
the frames are decoded here and encoded in a worker process, the same bytes as ``media.traversal_file``.
"""
from flask import Blueprint, current_app, request

from latent_explorer.api.core import TRAVERSAL_KEYS, json_object, served_dataset, traversal_request
from latent_explorer.api.heavy import heavy_work
from latent_explorer.api.responses import ApiError, brief
from latent_explorer.media import OPTIONS, BadOption, OutputTooLarge, encode_frames, file_options, traversal_frames

api_media = Blueprint("api_media", __name__, url_prefix="/api")

MIMETYPES = {"gif": "image/gif", "png": "image/png"}


@api_media.post("/datasets/<dataset_id>/traversal.<any(gif, png):kind>")
def traversal_media(dataset_id, kind):
    dataset = served_dataset(dataset_id)
    body = json_object(request.mimetype, request.get_data(), allowed=TRAVERSAL_KEYS | OPTIONS[kind].keys())
    path = traversal_request(body, dataset.model.latent_dim)
    steps = len(path)
    try:
        options = file_options(kind, steps, {name: body.get(name) for name in OPTIONS[kind]})
        with heavy_work() as worker:
            data = worker(encode_frames, traversal_frames(dataset.model, path), kind, **options)
    except BadOption as error:
        raise ApiError(400, f"'{error.name}' must be {error.expected}, got {brief(body.get(error.name))}") from None
    except OutputTooLarge as error:
        raise ApiError(400, str(error)) from None
    response = current_app.response_class(data, mimetype=MIMETYPES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{dataset_id}-traversal-{steps}-steps.{kind}"'
    return response
