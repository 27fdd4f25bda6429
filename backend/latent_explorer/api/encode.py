"""Encoding a picture: where an image someone drew or sent lies in latent space, and what lies near it.

The picture comes as a PNG data URI (``image``) or as 28 x 28 grey levels (``pixels``). With
``preprocess`` (the default) it is turned light-on-black and cropped, scaled and placed as its
data set's images were (preprocess.py, the function the registry names); without, the encoder
sees it as it is. Either way the encoder sees 8-bit grey levels, as in the data sets, so the
``input`` PNG is exactly what it saw and a data set's own pixels encode to their exported latent.
"""
import base64
import binascii

import numpy as np
from flask import Blueprint, request

from latent_explorer.api.core import boolean_field, json_object, served_dataset
from latent_explorer.api.responses import ApiError, brief, json_response
from latent_explorer.images import DATA_URI_PREFIX, IMAGE_SIDE, as_images, decode_to_data_uris, grey_levels, png_data_uri
from latent_explorer.limits import ENCODE_BODY_BYTES, ENCODE_NEIGHBORS
from latent_explorer.neighbors import nearest
from latent_explorer.served_model import std_from_log_variance
from latent_explorer.preprocess import ImageRejected, light_ink_on_black, png_colour, png_grey, resized

api_encode = Blueprint("api_encode", __name__, url_prefix="/api")

PIXELS_FORM = f"{IMAGE_SIDE} rows of {IMAGE_SIDE} numbers from 0 to 1"


@api_encode.post("/datasets/<dataset_id>/encode")
def encode(dataset_id):
    # This route alone accepts a body that large; the others keep the app's limit, sized for their JSON. Set
    # before the body is read, which is when Flask checks it.
    request.max_content_length = ENCODE_BODY_BYTES
    dataset = served_dataset(dataset_id)
    if not dataset.model.can_encode:
        raise ApiError(404, f"{dataset_id} was added without an encoder, so pictures cannot be encoded; add it again "
                            f"with --encoder encoder.onnx")
    body = json_object(request.mimetype, request.get_data(), allowed={"image", "pixels", "preprocess"})
    height, width, channels = dataset.model.layout.shape
    if dataset.spec.preprocess is None:
        return json_response(encode_answer(dataset, grey_levels(added_picture(body, height, width, channels))))
    grey = picture(body)
    if boolean_field(body, "preprocess", True):
        try:
            grey = dataset.spec.preprocess(light_ink_on_black(grey))
        except ImageRejected as error:
            raise ApiError(400, str(error)) from None
    elif grey.shape != (IMAGE_SIDE, IMAGE_SIDE):
        height, width = grey.shape
        raise ApiError(400, f"the image is {width}x{height} pixels; without preprocessing it must be {IMAGE_SIDE}x{IMAGE_SIDE}. "
                            "Send \"preprocess\": true to have it cropped, scaled and centred")
    return json_response(encode_answer(dataset, grey_levels(grey)))


def added_picture(body, height, width, channels):
    """An added model's picture, from a PNG only: resized to its images (with ``preprocess``, the default), or
    refused unless it is their size."""
    if "pixels" in body:
        raise ApiError(400, "send an added model's picture as 'image', a PNG data URI; 'pixels' is for the shipped "
                            "28x28 models")
    data = png_bytes(body.get("image"))
    try:
        image = png_colour(data) if channels == 3 else png_grey(data)
    except ImageRejected as error:
        raise ApiError(400, str(error)) from None
    if boolean_field(body, "preprocess", True):
        return resized(image, height, width)
    if image.shape[:2] != (height, width):
        raise ApiError(400, f"the image is {image.shape[1]}x{image.shape[0]} pixels; without preprocessing it must "
                            f"be {width}x{height}. Send \"preprocess\": true to have it resized")
    return image


def encode_answer(dataset, levels):
    """The posterior of the uint8 image ``levels`` ``(H, W[, C])``, its reconstruction and the points nearest its mean."""
    pixels = as_images(levels[None]).astype(np.float32) / np.float32(255)  # as export's to_unit_float gives them
    mean, log_variance = (part[0] for part in dataset.model.encode(pixels))
    indices, distances = nearest(dataset.tree, mean, ENCODE_NEIGHBORS)
    return {
        "mean": mean.tolist(),
        "std": std_from_log_variance(log_variance).tolist(),
        "input": png_data_uri(levels),
        "reconstruction": decode_to_data_uris(dataset.model, mean[None])[0],
        "neighbors": [{"index": int(index), "label": int(dataset.labels[index]), "distance": float(distance)}
                      for index, distance in zip(indices, distances)],
    }


def picture(body):
    """The grey levels ``(H, W)`` in [0, 1] of the one picture a body holds, as ``image`` or as ``pixels``."""
    given = [key for key in ("image", "pixels") if key in body]
    if len(given) != 1:
        raise ApiError(400, f"send exactly one of 'image' (a PNG data URI) and 'pixels' ({PIXELS_FORM}), "
                            f"got {' and '.join(given) or 'neither'}")
    return image_grey(body["image"]) if given == ["image"] else pixel_grid(body["pixels"])


def image_grey(value):
    try:
        return png_grey(png_bytes(value))
    except ImageRejected as error:
        raise ApiError(400, str(error)) from None


def png_bytes(value):
    """The bytes of the PNG data URI ``value``; raise ApiError for anything else."""
    if not isinstance(value, str) or not value.startswith(DATA_URI_PREFIX):
        # A data URI's header names what it holds; its base64 would be noise here.
        is_data_uri = isinstance(value, str) and value.startswith("data:")
        got = f"a data URI of {brief(value.partition(',')[0])}" if is_data_uri else brief(value)
        raise ApiError(400, f"'image' must be a PNG data URI, \"{DATA_URI_PREFIX}...\", got {got}; "
                            "convert other formats to PNG first")
    try:
        data = base64.b64decode(value[len(DATA_URI_PREFIX):], validate=True)
    except binascii.Error:
        raise ApiError(400, f"'image' is not valid base64 after \"{DATA_URI_PREFIX}\"; "
                            "send it unbroken, without spaces or line breaks") from None
    return data


def pixel_grid(value):
    if not isinstance(value, list) or len(value) != IMAGE_SIDE:
        got = f"{len(value)} rows" if isinstance(value, list) else brief(value)
        raise ApiError(400, f"'pixels' must be {PIXELS_FORM}, got {got}")
    for row_number, row in enumerate(value):
        if not isinstance(row, list) or len(row) != IMAGE_SIDE:
            got = f"{len(row)} numbers" if isinstance(row, list) else brief(row)
            raise ApiError(400, f"'pixels' must be {PIXELS_FORM}; row {row_number} holds {got}")
        for column, level in enumerate(row):
            # type(), not isinstance(): true and false are not grey levels. A NaN fails the comparison.
            if type(level) not in (int, float) or not 0 <= level <= 1:
                raise ApiError(400, f"'pixels[{row_number}][{column}]' must be a number from 0 to 1, "
                                    f"got {brief(level)}")
    return np.array(value, np.float64)
