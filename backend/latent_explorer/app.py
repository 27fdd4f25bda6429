"""The Flask application factory: the page from ``frontend/`` and the JSON API."""
import mimetypes
from types import SimpleNamespace

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from latent_explorer.api.core import ApiError, api, api_error_response
from latent_explorer.api.encode import api_encode
from latent_explorer.api.grid import api_grid
from latent_explorer.api.media import api_media
from latent_explorer.api.originals import api_originals
from latent_explorer.api.fast_paths import HoverFastPath
from latent_explorer.layout import DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR, FRONTEND_DIR
from latent_explorer.store import SAMPLE_CACHE_SIZE, load_all

# The largest valid body, 4096 points to decode, is about 250 KB of JSON (encode sets its own, for a picture).
MAX_BODY_BYTES = 1 << 20


def create_app(config=None):
    """Build the app; ``config`` may set MODELS_DIR, POINTS_DIR, DATA_ROOT, FRONTEND_DIR, MAX_CONTENT_LENGTH,
    SAMPLE_CACHE_SIZE (samples kept per data set; 0 keeps none)."""
    settings = {"MODELS_DIR": DEFAULT_MODELS_DIR, "POINTS_DIR": DEFAULT_POINTS_DIR, "DATA_ROOT": None,
                "FRONTEND_DIR": FRONTEND_DIR, "MAX_CONTENT_LENGTH": MAX_BODY_BYTES, "SAMPLE_CACHE_SIZE": SAMPLE_CACHE_SIZE,
                **{key: value for key, value in (config or {}).items() if value is not None}}
    # ES modules load only with a JavaScript MIME type, whatever the OS's table says.
    mimetypes.add_type("text/javascript", ".js")
    app = Flask(__name__, static_folder=str(settings["FRONTEND_DIR"]), static_url_path="")
    app.config.update(settings)
    app.json.sort_keys = False

    available, unavailable = load_all(app.config["MODELS_DIR"], app.config["POINTS_DIR"], app.config["DATA_ROOT"],
                                      app.config["SAMPLE_CACHE_SIZE"])
    for message in unavailable.values():
        app.logger.warning("data set unavailable: %s", message)
    app.extensions["datasets"] = SimpleNamespace(available=available, unavailable=unavailable)
    app.register_error_handler(ApiError, api_error_response)
    app.register_blueprint(api)
    app.register_blueprint(api_encode)
    app.register_blueprint(api_grid)
    app.register_blueprint(api_media)
    app.register_blueprint(api_originals)

    @app.get("/")
    def index():
        return app.send_static_file("index.html")

    @app.errorhandler(HTTPException)
    def http_error(error):
        if not request.path.startswith("/api/"):
            return error
        message = f"{error.name}: {error.description}"
        if isinstance(error, RequestEntityTooLarge):
            # The request's own limit: the encode route raises the app's for its pictures.
            message = f"the request body is larger than the limit of {request.max_content_length} bytes"
        return jsonify(error=message), error.code

    @app.after_request
    def security_headers(response):
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    app.wsgi_app = HoverFastPath(app)
    return app
