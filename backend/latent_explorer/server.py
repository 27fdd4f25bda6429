"""The production server: waitress, with the limits a classroom or a shared server needs.

waitress's defaults suit a server behind a reverse proxy: 100 connections, a 2-minute idle
timeout checked every 30 s, request bodies up to 1 GiB spooled to disk. Facing clients directly,
about 100 sockets that send nothing, or slowloris clients sending a header byte a second, shut
everyone else out, and one large POST fills the disk before Flask can refuse it. So here:
- a body whose declared length is over the largest any route accepts is refused before it is read;
- many more connections (polled, not select()ed, so past 1024 descriptors), idle ones closed
  after CHANNEL_TIMEOUT_SECONDS;
- a request whose headers have not all arrived HEADER_SECONDS after its first byte, or a
  connection that sent nothing for as long, is closed, whatever it trickles;
- waitress's own refusals (a bad Content-Length, oversized headers, an unsupported
  Transfer-Encoding) answer JSON like the API's.
What a public deployment should put in front anyway is in the README ("Running it for others").
"""
import logging
import time

import waitress
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

from latent_explorer.api.responses import json_bytes

CONNECTION_LIMIT = 1000
CHANNEL_TIMEOUT_SECONDS = 30
HEADER_SECONDS = 10
CLEANUP_INTERVAL_SECONDS = 2  # how often deadlines are checked
# waitress warns "Task queue depth is N" whenever a request waits for a thread. One page makes that happen
# on its own (it asks for 14 atlases at once, and hovers beside them): 213 warnings in twenty minutes of one
# user. Only a queue this deep says the server is overloaded.
QUEUE_WARNING_DEPTH = 32


class DeepQueuesOnly(logging.Filter):
    def filter(self, record):
        return not (record.msg == "Task queue depth is %d" and record.args[0] < QUEUE_WARNING_DEPTH)


class JsonErrorTask(ErrorTask):
    """waitress's refusal of a request it could not parse, as ``{"error": ...}``."""

    def execute(self):
        error = self.request.error
        body = json_bytes({"error": f"{error.reason}: {error.body}"})
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class DeadlineChannel(HTTPChannel):
    """A connection that must finish each request's headers within HEADER_SECONDS of starting it."""

    error_task_class = JsonErrorTask

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers_due = self.creation_time + HEADER_SECONDS  # a new connection must start a request

    def received(self, data):
        starting = self.request is None
        result = super().received(data)
        if self.request is None or self.request.headers_finished:
            self.headers_due = None  # complete, or its headers are in: the body has the idle timeout
        elif starting:
            self.headers_due = time.time() + HEADER_SECONDS
        return result


def create_server(app, host, port, threads, max_body_bytes):
    """A waitress server for ``app`` on ``host:port``; raises OSError when it cannot listen."""
    server = waitress.create_server(
        app, host=host, port=port, threads=threads, ident="latent-explorer",
        max_request_body_size=max_body_bytes, connection_limit=CONNECTION_LIMIT,
        channel_timeout=CHANNEL_TIMEOUT_SECONDS, cleanup_interval=CLEANUP_INTERVAL_SECONDS, asyncore_use_poll=True)
    server.channel_class = DeadlineChannel
    queue_logger = logging.getLogger("waitress.queue")
    if not any(isinstance(existing, DeepQueuesOnly) for existing in queue_logger.filters):
        queue_logger.addFilter(DeepQueuesOnly())
    maintenance = server.maintenance

    def close_late_headers(now):
        maintenance(now)
        for channel in list(server.active_channels.values()):
            if getattr(channel, "headers_due", None) is not None and now > channel.headers_due:
                channel.will_close = True

    server.maintenance = close_late_headers
    return server
