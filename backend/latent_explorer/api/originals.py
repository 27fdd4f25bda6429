"""The endpoints of the real images: the data points nearest any position, and the cloud's texture atlases.

Neighbours are checked by api.py's own validators, so a bad point gets decode's rules and
messages. Without the raw images, neighbours show the reconstructions of their points instead
(``image_kind`` says which), and the atlases answer 404 with how to get the originals.
"""
from flask import Blueprint, current_app, request

from latent_explorer.api.core import integer_field, json_object, latent_point, served_dataset, url_index
from latent_explorer.api.responses import ApiError, json_response
from latent_explorer.datasets import split_name
from latent_explorer.images import decode_to_data_uris, png_data_uri
from latent_explorer.limits import DEFAULT_NEIGHBORS, NEIGHBORS_RANGE
from latent_explorer.neighbors import nearest

api_originals = Blueprint("api_originals", __name__, url_prefix="/api")


@api_originals.post("/datasets/<dataset_id>/neighbors")
def neighbors(dataset_id):
    dataset = served_dataset(dataset_id)
    body = json_object(request.mimetype, request.get_data(), allowed={"point", "k"})
    point = latent_point(body.get("point"), "point", dataset.model.latent_dim)
    k = integer_field(body, "k", NEIGHBORS_RANGE, DEFAULT_NEIGHBORS)
    return json_response(neighbors_answer(dataset, point, k))


def neighbors_answer(dataset, point, k):
    """The ``k`` points nearest ``point``, nearest first, each with its original image or else its reconstruction."""
    indices, distances = nearest(dataset.tree, point, k)
    latents = dataset.latents[indices]
    if dataset.originals.images() is not None:
        images, kind = [png_data_uri(dataset.originals.image(index)) for index in indices], "original"
    else:
        images, kind = decode_to_data_uris(dataset.model, latents), "reconstruction"
    return {
        "neighbors": [{"index": int(index), "label": int(dataset.labels[index]),
                       "split": split_name(index, dataset.train_count),
                       "distance": float(distance), "latent": latent.tolist(), "image": image}
                      for index, distance, latent, image in zip(indices, distances, latents, images)],
        "image_kind": kind,
    }


@api_originals.get("/datasets/<dataset_id>/atlas")
def atlas_listing(dataset_id):
    dataset = _with_originals(dataset_id)
    return json_response({
        **dataset.atlases.grid.layout(dataset.atlases.count),
        "atlases": [f"/api/datasets/{dataset_id}/atlas/{number}.png" for number in range(len(dataset.atlases))],
    })


@api_originals.get("/datasets/<dataset_id>/atlas/<number>.png")
def atlas_file(dataset_id, number):
    dataset = _with_originals(dataset_id)
    atlas = dataset.atlases.file(url_index(number, len(dataset.atlases), "atlas number"))
    response = current_app.response_class(atlas.data, mimetype="image/png")
    response.set_etag(atlas.etag)
    # Revalidate every time, like the points: new raw files change the images behind the same URL.
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


def _with_originals(dataset_id):
    dataset = served_dataset(dataset_id)
    if dataset.originals.images() is None:
        raise ApiError(404, current_app.extensions["datasets"].for_clients(dataset.originals.missing_message()))
    return dataset
