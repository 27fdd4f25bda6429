"""The production server (server.py), on loopback: it refuses a huge body before reading it, answers its own
refusals as JSON, and keeps answering while idle and slowloris connections hang on.

Bounded: at most 170 sockets, for at most about 20 s."""
import json
import logging
import shutil
import socket
import threading
import time

import pytest

from latent_explorer.server import HEADER_SECONDS, QUEUE_WARNING_DEPTH, DeepQueuesOnly
from latent_explorer.tools.harness import ServerProcess


@pytest.fixture(scope="module")
def server(pipeline, tmp_path_factory):
    folder = tmp_path_factory.mktemp("server")
    with ServerProcess(folder / "server.log", ["--models-dir", pipeline["MODELS_DIR"], "--points-dir",
                                               pipeline["POINTS_DIR"], "--data-root", pipeline["DATA_ROOT"]]) as running:
        yield running


def raw_exchange(server, head, timeout=10):
    """Send ``head`` (bytes) on a new connection and return everything the server answers before closing."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as connection:
        connection.sendall(head)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer and len(answer.split(b"\r\n\r\n", 1)[1]) >= content_length(answer):
                break
    return answer


def content_length(answer):
    for line in answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


def status_and_json(answer):
    head, body = answer.split(b"\r\n\r\n", 1)
    assert b"content-type: application/json" in head.lower(), head
    return int(head.split(b" ")[1]), json.loads(body)


def test_a_body_declared_over_the_largest_limit_is_refused_before_it_is_sent(server):
    """A 600 MiB POST used to be spooled to disk (620 MB, 2.4 s) before Flask's 413: now the declared length is
    enough, and no byte of the body needs to arrive."""
    answer = raw_exchange(server, b"POST /api/datasets/mnist/encode HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                  b"Content-Type: application/json\r\nContent-Length: 629145600\r\n\r\n")
    status, body = status_and_json(answer)
    assert status == 413 and "12582912" in body["error"]


@pytest.mark.parametrize("head, status", [
    (b"POST /api/datasets/mnist/decode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ten\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 300_000 + b"\r\n\r\n", 431),
    (b"POST /api/datasets/mnist/decode HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
])
def test_the_servers_own_refusals_are_json(server, head, status):
    got, body = status_and_json(raw_exchange(server, head))
    assert got == status and body["error"]


def test_idle_and_slowloris_connections_do_not_shut_others_out(server):
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(120)]
    slow = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(40)]
    stop = threading.Event()

    def trickle():  # a header byte a second, per connection, as slowloris sends
        for connection in slow:
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while not stop.wait(1):
            for connection in slow:
                try:
                    connection.sendall(b"X")
                except OSError:
                    pass

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        status, _ = server.request("GET", "/api/datasets")
        assert status == 200 and time.monotonic() - started < 5  # answered while 160 sockets hang on
        for connection in idle[:1] + slow[:1]:  # each closed once its headers are late
            connection.settimeout(HEADER_SECONDS + 10)
            assert connection.recv(1024) == b""
    finally:
        stop.set()
        thread.join(5)
        for connection in idle + slow:
            connection.close()


def test_raw_files_truncated_while_the_server_runs_cannot_kill_it(pipeline, tmp_path):
    """The raw images were memory-mapped: truncating one, then asking for neighbours, ended the process with SIGBUS."""
    shutil.copytree(pipeline["DATA_ROOT"], tmp_path / "raw")
    options = ["--models-dir", pipeline["MODELS_DIR"], "--points-dir", pipeline["POINTS_DIR"], "--data-root",
               tmp_path / "raw"]
    with ServerProcess(tmp_path / "server.log", options) as running:
        assert running.datasets[0]["originals"] is True
        with open(tmp_path / "raw" / "MNIST" / "raw" / "train-images-idx3-ubyte", "r+b") as images:
            images.truncate(16)
        for method, path, body in (("POST", "/api/datasets/mnist/neighbors", {"point": [0, 0, 0], "k": 50}),
                                   ("GET", "/api/datasets/mnist/samples/250", None),
                                   ("GET", "/api/datasets/mnist/atlas/0.png", None)):
            assert running.request(method, path, body)[0] == 200
        assert running.process.poll() is None


def test_waitress_warns_of_a_queue_only_when_it_is_deep():
    """One page queues a few requests on its own (14 atlases at once); that printed 213 warnings in 20 minutes."""
    def record(depth):
        return logging.LogRecord("waitress.queue", logging.WARNING, __file__, 0, "Task queue depth is %d", (depth,), None)

    assert not DeepQueuesOnly().filter(record(3))
    assert DeepQueuesOnly().filter(record(QUEUE_WARNING_DEPTH))
