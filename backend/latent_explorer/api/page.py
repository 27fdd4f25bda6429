"""The page's own files from ``frontend/``, gzip-compressed when the browser accepts it.

Its HTML, CSS and JavaScript are about 150 KB as written and a quarter of that compressed
(Lighthouse counted 112 KiB to save); the points were already sent compressed. Each file's
compressed bytes are made on its first request and kept until the file changes (a checkout
being edited), so a page load compresses nothing.
"""
import gzip
import hashlib
import mimetypes
import os
import threading

from flask import Blueprint, current_app, request, send_from_directory
from werkzeug.routing import PathConverter
from werkzeug.security import safe_join

page = Blueprint("page", __name__)

COMPRESSED_SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".svg")
_compressed = {}  # absolute path -> (size, mtime_ns, gzip bytes, etag)
_lock = threading.Lock()


class PageFile(PathConverter):
    """A path under the page's folder, never under /api/: there a GET on a POST route is a 405, not a missing file."""
    regex = r"(?!api/)[^/].*?"


@page.get("/")
def index():
    return page_file("index.html")


@page.get("/<page_file:filename>")
def page_file(filename):
    folder = current_app.config["FRONTEND_DIR"]
    path = safe_join(str(folder), filename)
    if (path is None or not filename.endswith(COMPRESSED_SUFFIXES) or request.accept_encodings["gzip"] <= 0
            or not os.path.isfile(path)):
        return send_from_directory(folder, filename)
    data, etag = _gzip_of(path)
    response = current_app.response_class(data, mimetype=_mimetype(filename))
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = "no-cache"  # revalidate: an edited or upgraded page changes behind one URL
    response.set_etag(etag)
    return response.make_conditional(request)


def _gzip_of(path):
    status = os.stat(path)
    with _lock:
        kept = _compressed.get(path)
        if kept is None or kept[:2] != (status.st_size, status.st_mtime_ns):
            with open(path, "rb") as file:
                raw = file.read()
            # mtime=0: the same bytes, and so the same ETag, for the same file.
            data = gzip.compress(raw, compresslevel=9, mtime=0)
            kept = _compressed[path] = (status.st_size, status.st_mtime_ns, data,
                                        hashlib.sha256(raw).hexdigest()[:32] + "-gzip")
    return kept[2], kept[3]


def _mimetype(filename):
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
