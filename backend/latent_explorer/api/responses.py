"""What every endpoint answers with: JSON bodies, and errors as ``{"error": message}`` with their status."""
import json
import reprlib

from flask import current_app

_repr = reprlib.Repr()
_repr.maxlevel, _repr.maxlist, _repr.maxstring, _repr.maxother = 2, 4, 30, 30
brief = _repr.repr  # a bad value, echoed in an error message without echoing megabytes


class ApiError(Exception):
    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}  # e.g. Retry-After on a 503


def json_bytes(payload):
    """The body of a JSON answer: compact, one line."""
    return (json.dumps(payload, separators=(",", ":")) + "\n").encode()


def json_response(payload, status=200):
    """A JSON answer of ``payload``, or of its bytes already made (``json_bytes``; the hover's answers are)."""
    body = payload if isinstance(payload, bytes) else json_bytes(payload)
    return current_app.response_class(body, status=status, mimetype="application/json")


def api_error_response(error):
    """An ApiError as its JSON answer; registered on the app, so every blueprint's routes share it."""
    response = json_response({"error": error.message}, error.status)
    response.headers.update(error.headers)
    return response


# Sent with every answer. The page loads only its own scripts and styles (no inline ones) and shows its own,
# data: and blob: images; no site may frame it; no address of it leaks to sites it links to.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; "
                                "form-action 'none'; frame-ancestors 'none'"),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
