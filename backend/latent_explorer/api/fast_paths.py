"""The two requests a hover sends, answered without Flask's per-request machinery.

A decode or a sample costs about 0.15 ms of work on this machine, and Flask's request
context, URL routing and response object added as much again (see the README's speed
section). This WSGI layer answers a well-formed decode or samples request for a served data
set itself, with the same functions and bytes as the routes in api.py, and hands every
other request to Flask unchanged, so that each error still has one definition.
"""
import io
from http import HTTPStatus

from latent_explorer.api.core import classify_field, decode_answer, decode_request, sample_answer, sample_index
from latent_explorer.api.heavy import HEAVY_IMAGES
from latent_explorer.api.responses import SECURITY_HEADERS, ApiError, json_bytes

# The queries of a samples URL answered here (the page asks with ?classify=true where there is a classifier), and
# whether each asks for the class read; any other goes to Flask, which checks it.
SAMPLE_QUERIES = {"": False, "classify=false": False, "classify=true": True}


class HoverFastPath:
    def __init__(self, app):
        self.flask = app.wsgi_app  # what answers everything else
        self.available = app.extensions["datasets"].available
        self.max_body = app.config["MAX_CONTENT_LENGTH"]

    def __call__(self, environ, start_response):
        parts = environ.get("PATH_INFO", "").split("/")  # "", "api", "datasets", <id>, "decode" | "samples", <index>
        dataset = self.available.get(parts[3]) if len(parts) in (5, 6) and parts[1:3] == ["api", "datasets"] else None
        method = environ.get("REQUEST_METHOD")
        if dataset is not None and len(parts) == 5 and parts[4] == "decode" and method == "POST":
            return self._decode(dataset, environ, start_response)
        query = environ.get("QUERY_STRING", "")
        if dataset is not None and len(parts) == 6 and parts[4] == "samples" and method == "GET" \
                and query in SAMPLE_QUERIES:
            try:
                index = sample_index(parts[5], len(dataset.latents))
                return _answer(sample_answer(dataset, index, classify_field(dataset, {"classify": SAMPLE_QUERIES[query]})),
                               start_response)
            except ApiError as error:
                if error.status >= 500:
                    return _failed(error, start_response)
        return self.flask(environ, start_response)

    def _decode(self, dataset, environ, start_response):
        try:
            length = int(environ.get("CONTENT_LENGTH") or -1)
        except ValueError:
            length = -1
        if not 0 <= length <= self.max_body:  # no length, or too long: Flask says so
            return self.flask(environ, start_response)
        body = environ["wsgi.input"].read(length)
        mimetype = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        try:
            points, classify = decode_request(dataset, mimetype, body)
            if len(points) <= HEAVY_IMAGES:  # a larger one takes its turn with the heavy work, in Flask
                return _answer(decode_answer(dataset, points, classify), start_response)
        except ApiError as error:
            if error.status >= 500:
                return _failed(error, start_response)
            # Flask reports a refused request
        environ["wsgi.input"] = io.BytesIO(body)  # Flask reads the body again
        return self.flask(environ, start_response)


def _answer(body, start_response, status=HTTPStatus.OK):
    start_response(f"{status.value} {status.phrase}", [("Content-Type", "application/json"),
                                                       ("Content-Length", str(len(body))), *SECURITY_HEADERS.items()])
    return [body]


def _failed(error, start_response):
    """A model that failed (a notebook's, kernel_model.py) is answered here: handed to Flask, it would be run again."""
    return _answer(json_bytes({"error": error.message}), start_response, HTTPStatus(error.status))
