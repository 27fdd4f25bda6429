"""The hover fast path: the same answers as Flask's routes, without Flask; anything else goes to Flask."""
import pytest
from werkzeug.test import Client

from latent_explorer.api.responses import SECURITY_HEADERS
from latent_explorer.app import create_app

HOVERS = [
    ("POST", "/api/datasets/mnist/decode", {"points": [[0.5, -1, 2]]}),
    ("POST", "/api/datasets/fashion-mnist/decode", {"points": [[0, 0, 0], [1, 2, 3]]}),
    ("GET", "/api/datasets/mnist/samples/7", None),
    ("GET", "/api/datasets/fashion-mnist/samples/350", None),
]


def fast_path(app):
    """The hover fast path, inside the Host check that wraps the whole app."""
    return app.wsgi_app.wsgi_app


def answer(client, method, url, body):
    response = client.open(url, method=method, json=body)
    return (response.status_code, response.headers.get("Content-Type"),
            [response.headers.get(name) for name in SECURITY_HEADERS], response.get_data())


@pytest.mark.parametrize("method, url, body", HOVERS)
def test_fast_path_answers_as_flask_does(app, method, url, body):
    flask_only = Client(fast_path(app).flask)
    assert answer(app.test_client(), method, url, body) == answer(flask_only, method, url, body)


@pytest.mark.parametrize("method, url, body", HOVERS)
def test_a_well_formed_hover_never_reaches_flask(app, method, url, body):
    def flask(environ, start_response):
        raise AssertionError(f"Flask answered {method} {url}")

    fast_path(app).flask = flask
    assert app.test_client().open(url, method=method, json=body).status_code == 200


@pytest.mark.parametrize("method, url, body, status", [
    ("POST", "/api/datasets/mnist/decode", {"points": [[0, 0]]}, 400),
    ("POST", "/api/datasets/kmnist/decode", {"points": [[0, 0, 0]]}, 404),
    ("GET", "/api/datasets/mnist/samples/400", None, 404),
    ("PUT", "/api/datasets/mnist/decode", None, 405),
])
def test_anything_else_is_answered_by_flask(app, method, url, body, status):
    reached = []
    flask = fast_path(app).flask

    def recording(environ, start_response):
        reached.append(environ["PATH_INFO"])
        return flask(environ, start_response)

    fast_path(app).flask = recording
    response = app.test_client().open(url, method=method, json=body)
    assert response.status_code == status and response.get_json()["error"] and reached == [url]


def test_cached_samples_are_the_uncached_answers(pipeline):
    cached_app = create_app(pipeline)
    cached, uncached = cached_app.test_client(), create_app({**pipeline, "SAMPLE_CACHE_SIZE": 0}).test_client()
    for index in (0, 5, 399, 5, 0):
        url = f"/api/datasets/mnist/samples/{index}"
        assert cached.get(url).get_data() == uncached.get(url).get_data()
    assert cached_app.extensions["datasets"].available["mnist"].sample.cache_info().hits == 2
