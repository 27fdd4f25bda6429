"""The Flask application factory: the page from ``frontend/`` and the JSON API."""
import mimetypes
import os
from pathlib import Path
from types import SimpleNamespace

from flask import Flask, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from latent_explorer.added_models import added_root
from latent_explorer.api.core import api
from latent_explorer.api.encode import api_encode
from latent_explorer.api.fast_paths import HoverFastPath
from latent_explorer.api.grid import api_grid
from latent_explorer.api.timeline import api_timeline
from latent_explorer.api.heavy import HeavySlots, default_heavy_jobs
from latent_explorer.api.host_check import HostCheck
from latent_explorer.api.media import api_media
from latent_explorer.api.originals import api_originals
from latent_explorer.api.page import PageFile, page
from latent_explorer.api.responses import SECURITY_HEADERS, ApiError, api_error_response, json_response
from latent_explorer.layout import DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR, FRONTEND_DIR, default_data_root
from latent_explorer.limits import BODY_BYTES
from latent_explorer.store import SAMPLE_CACHE_SIZE, load_all


def create_app(config=None):
    """Build the app; ``config`` may set MODELS_DIR, POINTS_DIR, DATA_ROOT, ADDED_DIR (the models `add` wrote; default:
    the user folder's), FRONTEND_DIR, MAX_CONTENT_LENGTH,
    SAMPLE_CACHE_SIZE (samples kept per data set; 0 keeps none), HEAVY_JOBS (heavy requests at once) and
    ALLOWED_HOSTS (host names answered besides IP addresses and localhost) and DATASETS (id -> LoadedDataset: serve
    these instead of loading any from files)."""
    settings = {"MODELS_DIR": DEFAULT_MODELS_DIR, "POINTS_DIR": DEFAULT_POINTS_DIR, "DATA_ROOT": None,
                "ADDED_DIR": added_root(),
                "FRONTEND_DIR": FRONTEND_DIR, "MAX_CONTENT_LENGTH": BODY_BYTES, "SAMPLE_CACHE_SIZE": SAMPLE_CACHE_SIZE,
                "HEAVY_JOBS": default_heavy_jobs(), "ALLOWED_HOSTS": (),
                **{key: value for key, value in (config or {}).items() if value is not None}}
    # ES modules load only with a JavaScript MIME type, whatever the OS's table says.
    mimetypes.add_type("text/javascript", ".js")
    app = Flask(__name__, static_folder=None)
    app.config.update(settings)
    app.json.sort_keys = False
    app.url_map.converters["page_file"] = PageFile

    if "DATASETS" in app.config:  # a notebook's explorer: its one data set, built in memory (notebook.py)
        available, unavailable = app.config["DATASETS"], {}
    else:
        available, unavailable = load_all(app.config["MODELS_DIR"], app.config["POINTS_DIR"], app.config["DATA_ROOT"],
                                          app.config["SAMPLE_CACHE_SIZE"], Path(app.config["ADDED_DIR"]))
    for message in unavailable.values():
        app.logger.warning("data set unavailable: %s", message)
    app.extensions["datasets"] = SimpleNamespace(available=available, unavailable=unavailable,
                                                 for_clients=_path_hider(app.config))
    app.extensions["heavy_slots"] = HeavySlots(app.config["HEAVY_JOBS"])
    app.register_error_handler(ApiError, api_error_response)
    for blueprint in (page, api, api_encode, api_grid, api_media, api_originals, api_timeline):
        app.register_blueprint(blueprint)

    @app.errorhandler(HTTPException)
    def http_error(error):
        if not request.path.startswith("/api/"):
            return error
        message = f"{error.name}: {error.description}"
        if isinstance(error, RequestEntityTooLarge):
            # The request's own limit: the encode route raises the app's for its pictures.
            message = f"the request body is larger than the limit of {request.max_content_length} bytes"
        response = json_response({"error": message}, error.code)
        if error.code == 405:
            response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
        return response

    @app.after_request
    def security_headers(response):
        response.headers.update(SECURITY_HEADERS)
        return response

    app.wsgi_app = HostCheck(HoverFastPath(app), app.config["ALLOWED_HOSTS"])
    return app


def _path_hider(config):
    """A function that replaces the server's own folders in a message with the flags that name them: a client
    learns which file is wrong and how to rebuild it, not where the server keeps its files."""
    folders = {"--models-dir": config["MODELS_DIR"], "--points-dir": config["POINTS_DIR"],
               "--data-root": config["DATA_ROOT"] or default_data_root(), "--added-dir": config["ADDED_DIR"]}
    # Absolute spellings only (a relative one says nothing about the server), longest first: the default data
    # root lies inside the points folder.
    spelled = sorted(((form, flag) for flag, folder in folders.items()
                      for form in {os.path.abspath(folder), os.path.realpath(folder)} if form != os.sep),
                     key=lambda pair: -len(pair[0]))

    def for_clients(message):
        for folder, flag in spelled:
            message = message.replace(folder, f"<{flag}>")
        return message

    return for_clients
