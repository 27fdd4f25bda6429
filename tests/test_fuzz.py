"""Property-based: whatever is thrown at the API, it answers 2xx or a 4xx JSON error, never a 5xx."""
import base64
import json
import struct
import zlib
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

POST_ENDPOINTS = ["/api/datasets/mnist/decode", "/api/datasets/mnist/traversal", "/api/datasets/mnist/neighbors",
                  "/api/datasets/mnist/grid.png", "/api/datasets/mnist/encode"]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

numbers = st.one_of(st.integers(), st.integers(min_value=-10 ** 400, max_value=10 ** 400),
                    st.floats(allow_nan=True, allow_infinity=True))
json_values = st.recursive(st.none() | st.booleans() | numbers | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=30)
points = st.lists(st.lists(numbers, min_size=0, max_size=4), max_size=8)
point = st.lists(numbers, min_size=0, max_size=4)
# Data URIs that are nearly right: the prefix, then base64 of bytes that start like a PNG or not at all.
data_uris = st.binary(max_size=120).map(lambda data: "data:image/png;base64," + base64.b64encode(
    b"\x89PNG\r\n\x1a\n" + data).decode()) | st.text(max_size=40).map(lambda text: "data:image/png;base64," + text)
shaped_bodies = st.fixed_dictionaries({}, optional={
    "points": points | json_values, "control_points": points | json_values,
    "steps": numbers | json_values, "closed": st.booleans() | json_values, "extra": json_values,
    "point": point | json_values, "k": numbers | json_values,
    "center": point | json_values, "right": point | json_values, "up": point | json_values,
    "size": numbers | json_values, "spacing": numbers | json_values,
    "image": data_uris | json_values, "pixels": points | json_values, "preprocess": st.booleans() | json_values})


def encoded(value):
    return json.dumps(value, allow_nan=True).encode()


raw_bodies = st.one_of(
    shaped_bodies.map(encoded),
    json_values.map(encoded),
    st.binary(max_size=200),
    st.integers(1, 200000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(1, 200000).map(lambda depth: b'{"points":' * depth + b"1" + b"}" * depth),
    st.just(b""),
)
content_types = st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain",
                                 "application/x-www-form-urlencoded", None])


def assert_json_error_or_success(response):
    assert response.status_code < 500, response.data[:300]
    body = response.get_json()
    if response.status_code >= 400:
        assert isinstance(body["error"], str) and body["error"]


def assert_still_serving(client):
    assert client.post(POST_ENDPOINTS[0], json={"points": [[0, 0, 0]]}).status_code == 200


@FUZZ
@given(endpoint=st.sampled_from(POST_ENDPOINTS), body=raw_bodies, content_type=content_types)
def test_post_endpoints_never_fail_on_any_body(client, endpoint, body, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    assert_json_error_or_success(client.post(endpoint, data=body, headers=headers))
    assert_still_serving(client)


path_parts = st.one_of(st.text(max_size=30), st.sampled_from(["..", "../..", "%2F", "..%2F..%2Fsetup.cfg", "mnist",
                                                              "fashion-mnist", ".", "%00", "mnist/../fashion-mnist"]))
indices = st.one_of(st.integers(min_value=-10 ** 30, max_value=10 ** 30).map(str), st.text(max_size=30),
                    st.sampled_from(["0", "69999", "70000", "-0", "1e3", " 1", "0x10", "٣"]))


@FUZZ
@given(dataset_id=path_parts, index=indices, resource=st.sampled_from(["samples", "latents.npy", "labels.npy", "stds.npy"]))
def test_path_parameters_never_fail(client, dataset_id, index, resource):
    url = f"/api/datasets/{quote(dataset_id, safe='%/.')}/{resource}"
    if resource == "samples":
        url += "/" + quote(index, safe="")
    assert_json_error_or_success(client.get(url))
    assert_still_serving(client)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


headers = st.builds(lambda width, height, depth, colour: png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth,
                                                                                        colour, 0, 0, 0)),
                    st.sampled_from([0, 1, 28, 1024, 1025, 4000, 20000, 2 ** 31 - 1, 2 ** 32 - 1]),
                    st.sampled_from([0, 1, 28, 1024, 1025, 4000, 20000, 2 ** 32 - 1]),
                    st.sampled_from([1, 2, 4, 8, 16, 3]), st.sampled_from([0, 2, 3, 4, 6, 5]))
chunks = st.one_of(
    headers,
    st.binary(max_size=64).map(lambda data: png_chunk(b"IDAT", zlib.compress(data))),
    st.binary(max_size=16).map(lambda data: png_chunk(b"IDAT", data)),
    st.sampled_from([png_chunk(b"tEXt", b""), png_chunk(b"IEND", b""), png_chunk(b"PLTE", b"\0\0\0"),
                     struct.pack(">I", 2 ** 31) + b"IDAT",  # a length far past the end
                     png_chunk(b"tEXt", b"") * 5000]),  # many chunks at once
)
pngs = st.lists(chunks, min_size=1, max_size=6).map(lambda parts: b"\x89PNG\r\n\x1a\n" + b"".join(parts))


@FUZZ
@given(png=pngs, preprocess=st.booleans())
def test_encode_survives_hostile_png_chunks(client, png, preprocess):
    """Several IHDR, many chunks, huge declared sizes and lengths: a clear 400 or an answer, never a 5xx."""
    body = {"image": "data:image/png;base64," + base64.b64encode(png).decode(), "preprocess": preprocess}
    assert_json_error_or_success(client.post("/api/datasets/mnist/encode", json=body))
    assert_still_serving(client)
