"""Answer only requests addressed to this server, so that a web page cannot read it through DNS rebinding.

A page on evil.example can point its own name at 127.0.0.1 and then read a local server as if it
were its own origin; the browser still sends ``Host: evil.example``. A request is answered only
when its Host is an IP address (which no rebinding can produce), ``localhost``, or a name given
with ``--allow-host`` (a classroom server's name, say); any other gets a 400 that says how to
allow it.
"""
import ipaddress

from latent_explorer.api.responses import SECURITY_HEADERS, json_bytes

LOCAL_NAMES = frozenset({"localhost"})


def host_name(host):
    """The name or address in a Host header, without its port and an IPv6 literal's brackets, in lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def is_address(name):
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostCheck:
    def __init__(self, wsgi_app, allowed_hosts=()):
        self.wsgi_app = wsgi_app
        self.allowed = LOCAL_NAMES | {host_name(host) for host in allowed_hosts}

    def __call__(self, environ, start_response):
        name = host_name(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""))
        if is_address(name) or name in self.allowed:
            return self.wsgi_app(environ, start_response)
        body = json_bytes({"error": f"this server does not answer to the host {name[:100]!r}; to reach it by that "
                                    f"name, start it with: latent-explorer serve --allow-host {name[:100]}"})
        start_response("400 Bad Request", [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                                           *SECURITY_HEADERS.items()])
        return [body]
