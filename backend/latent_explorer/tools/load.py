"""Simulated clients of a running server: a saturating load, and a classroom of hovering students.

Shared by `latent-explorer bench` and the load test. Each client is a thread with its own
keep-alive connection, as a browser tab has; the server is a ServerProcess, whose CPU time
and memory are read from /proc.
"""
import os
import threading
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

# The classroom: each student hovers 10 times a second, 70% of the hovers on a data point (the
# samples endpoint) and 30% in empty space (a one-point decode), and scrubs a new traversal
# (5 control points, 64 steps) every 2 to 4 seconds.
CLASSROOM = {"clients": 30, "hover_hz": 10.0, "sample_share": 0.7, "traversal_every": (2.0, 4.0),
             "control_points": 5, "steps": 64}


def percentiles(seconds):
    milliseconds = np.asarray(seconds if len(seconds) else [np.nan]) * 1000
    return {"p50_ms": round(float(np.percentile(milliseconds, 50)), 3),
            "p99_ms": round(float(np.percentile(milliseconds, 99)), 3), "count": len(seconds)}


class Recorder:
    """Sends requests for several client threads and records each one's time or error, by kind."""

    def __init__(self, server):
        self.server = server
        self.times = defaultdict(list)
        self.errors = []
        self._lock = threading.Lock()

    def send(self, connection, kind, method, path, body=None):
        """One request on ``connection``; returns the connection to use next (a new one after a failure)."""
        started = time.perf_counter()
        try:
            status, _ = self.server.request(method, path, body, connection)
        except OSError as error:
            status, connection = repr(error), self.server.connection()
        elapsed = time.perf_counter() - started
        with self._lock:
            if status == 200:
                self.times[kind].append(elapsed)
            else:
                self.errors.append(f"{kind} {method} {path}: {status}")
        return connection

    def run(self, clients, client):
        """Run ``client(seed)`` on ``clients`` threads at once; return the wall time and the server's CPU share."""
        threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
        cpu_before, started = process_cpu_seconds(self.server.process.pid), time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        cpu = process_cpu_seconds(self.server.process.pid) - cpu_before
        return elapsed, round(100 * cpu / elapsed, 1)


def saturating_load(server, dataset_id, clients=8, seconds=10.0):
    """``clients`` threads decoding single points as fast as they can for ``seconds``."""
    recorder, deadline = Recorder(server), time.perf_counter() + seconds

    def client(seed):
        rng, connection = np.random.default_rng(seed), server.connection()
        while time.perf_counter() < deadline:
            connection = recorder.send(connection, "decode", "POST", f"/api/datasets/{dataset_id}/decode",
                                       {"points": rng.uniform(-2, 2, (1, 3)).tolist()})
        connection.close()

    elapsed, cpu_percent = recorder.run(clients, client)
    times = recorder.times["decode"]
    return {"clients": clients, "seconds": round(elapsed, 1), "requests_per_second": round(len(times) / elapsed, 1),
            **{key: value for key, value in percentiles(times).items() if key != "count"},
            "requests": len(times), "errors": len(recorder.errors), "server_cpu_percent": cpu_percent}


def classroom(server, dataset_id, seconds=30.0, clients=CLASSROOM["clients"], seed=0):
    """The CLASSROOM mix from ``clients`` students for ``seconds``; hovers and traversals timed apart.

    A student waits for each answer before the next request, and skips hovers it fell behind
    on rather than sending a burst, as a page that drops stale hovers does.
    """
    count = next(dataset["count"] for dataset in server.datasets if dataset["id"] == dataset_id)
    recorder, base = Recorder(server), f"/api/datasets/{dataset_id}"
    start = time.perf_counter()
    end = start + seconds

    def student(number):
        rng, connection = np.random.default_rng((seed, number)), server.connection()
        next_hover = start + rng.uniform(0, 1 / CLASSROOM["hover_hz"])
        next_traversal = start + rng.uniform(0, CLASSROOM["traversal_every"][1])  # students start out of step
        while (due := min(next_hover, next_traversal)) < end:
            time.sleep(max(0.0, due - time.perf_counter()))
            if next_traversal <= next_hover:
                body = {"control_points": rng.uniform(-2, 2, (CLASSROOM["control_points"], 3)).tolist(),
                        "steps": CLASSROOM["steps"]}
                connection = recorder.send(connection, "traversal", "POST", f"{base}/traversal", body)
                next_traversal += rng.uniform(*CLASSROOM["traversal_every"])
            else:
                if rng.random() < CLASSROOM["sample_share"]:
                    connection = recorder.send(connection, "hover", "GET", f"{base}/samples/{rng.integers(count)}")
                else:
                    connection = recorder.send(connection, "hover", "POST", f"{base}/decode",
                                               {"points": rng.uniform(-2, 2, (1, 3)).tolist()})
                next_hover = max(next_hover + 1 / CLASSROOM["hover_hz"], time.perf_counter())
        connection.close()

    elapsed, cpu_percent = recorder.run(clients, student)
    requests = sum(len(times) for times in recorder.times.values())
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": requests,
            "requests_per_second": round(requests / elapsed, 1), "hover": percentiles(recorder.times["hover"]),
            "traversal": percentiles(recorder.times["traversal"]), "errors": len(recorder.errors),
            "first_errors": recorder.errors[:5], "server_cpu_percent": cpu_percent}


# The heaviest files a client can ask for: 1,000 frames at scale 9, 63.5 million pixels, just under the limit.
LARGEST_GIF = {"steps": 1000, "scale": 9, "fps": 60}


def hover_beside_heavy_work(server, dataset_id, seconds=10.0, heavy_clients=8, hover_hz=10.0):
    """One client hovering at ``hover_hz`` (one-point decodes) for ``seconds`` on an idle server, then again while
    ``heavy_clients`` ask for the largest GIFs, each waiting the Retry-After of a 503 before asking again.

    Returns both hovers' percentiles, the GIFs made and the 503s, and the server's memory after."""
    base = f"/api/datasets/{dataset_id}"

    def hover(recorder, deadline, seed):
        rng, connection = np.random.default_rng(seed), server.connection()
        next_hover = time.perf_counter()
        while next_hover < deadline:
            time.sleep(max(0.0, next_hover - time.perf_counter()))
            connection = recorder.send(connection, "hover", "POST", f"{base}/decode",
                                       {"points": rng.uniform(-2, 2, (1, 3)).tolist()})
            next_hover = max(next_hover + 1 / hover_hz, time.perf_counter())
        connection.close()

    idle = Recorder(server)
    hover(idle, time.perf_counter() + seconds, 0)
    busy, deadline, turned_away = Recorder(server), time.perf_counter() + seconds, []

    def heavy(seed):
        rng, connection = np.random.default_rng(seed), server.connection()
        while time.perf_counter() < deadline:
            body = {"control_points": rng.uniform(-2, 2, (5, 3)).tolist(), **LARGEST_GIF}
            try:
                status, _ = server.request("POST", f"{base}/traversal.gif", body, connection)
            except OSError:
                status, connection = None, server.connection()
            if status == 503:
                turned_away.append(seed)
                time.sleep(2)  # the Retry-After the server sends
            elif status != 200:
                busy.errors.append(f"gif: {status}")
            else:
                busy.times["gif"].append(1)
        connection.close()

    def client(number):
        if number == 0:
            hover(busy, deadline, 1)
        else:
            heavy(number)

    elapsed, cpu_percent = busy.run(heavy_clients + 1, client)
    return {"seconds": round(elapsed, 1), "heavy_clients": heavy_clients, "gif": LARGEST_GIF,
            "hover_idle": percentiles(idle.times["hover"]), "hover_beside_heavy": percentiles(busy.times["hover"]),
            "gifs_made": len(busy.times["gif"]), "turned_away_503": len(turned_away),
            "errors": len(idle.errors) + len(busy.errors), "first_errors": (idle.errors + busy.errors)[:5],
            "server_cpu_percent": cpu_percent, "resident_mib_after": round(resident_bytes(server.process.pid) / (1 << 20), 1)}


def process_cpu_seconds(pid):
    """User plus system CPU time of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime: fields 14 and 15


def resident_bytes(pid):
    """Resident memory (VmRSS) of process ``pid`` (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise ValueError(f"no VmRSS for process {pid}")
