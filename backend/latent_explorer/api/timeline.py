"""The latent space through training: a position decoded by each decoder the timeline kept (one image per epoch)."""
from flask import Blueprint, current_app, request

from latent_explorer.api.core import json_object, latent_point, served_dataset
from latent_explorer.api.responses import ApiError, json_response
from latent_explorer.images import decode_to_data_uris

api_timeline = Blueprint("api_timeline", __name__, url_prefix="/api")


@api_timeline.post("/datasets/<dataset_id>/timeline/decode")
def timeline_decode(dataset_id):
    dataset = served_dataset(dataset_id)
    body = json_object(request.mimetype, request.get_data(), allowed={"point"})
    point = latent_point(body.get("point"), "point", dataset.model.latent_dim)
    if dataset.timeline.decoders is None:
        raise ApiError(404, current_app.extensions["datasets"].for_clients(dataset.timeline.missing))
    return json_response({"images": [{"epoch": epoch, "image": decode_to_data_uris(model, [point])[0]}
                                     for epoch, model in dataset.timeline.decoders.items()]})
