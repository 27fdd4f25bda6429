"""``latent-explorer bench``: speed figures, each printed beside a baseline measured in the same run.

This machine's absolute times vary from run to run, so every goal is a ratio to something
measured alongside it: a decode against a trivial request to the same server, a traversal
against a single decode, a frame of 70,000 points against a frame of none.
"""
import json
import os
import platform
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import torch

from backend.datasets import DatasetNotFound
from backend.files import write_json
from backend.inference import one_torch_thread
from backend.layout import checkpoint_path
from backend.tools.harness import HarnessError, ServerProcess, chromium_executable, launch_chromium

CLIENTS = 8


def run_benchmark(output, models_dir, points_dir, data_root=None, requests=1000, load_seconds=10.0, page=True,
                  train_epochs=1):
    """Measure everything, print the table and write the figures as JSON to ``output``; return them.

    ``requests`` single-point decodes are timed; the 8-client load runs for ``load_seconds``;
    ``page=False`` leaves out the browser; ``train_epochs=0`` leaves out timing training.
    """
    if page:  # a missing browser stops the run before it measures, not after
        try:
            chromium_executable()
        except HarnessError as error:
            raise HarnessError(f"{error} Or leave out the page figures with --no-page.") from None
    results = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": _machine()}
    options = ["--models-dir", models_dir, "--points-dir", points_dir]
    if data_root:
        options += ["--data-root", data_root]
    with tempfile.TemporaryDirectory() as scratch, ServerProcess(Path(scratch) / "server.log", options) as server:
        dataset_ids = [dataset["id"] for dataset in server.datasets]
        if not dataset_ids:
            raise HarnessError(f"the server has no data set to measure: {server.request('GET', '/api/datasets')[1].decode()}")
        dataset_id = dataset_ids[0]
        results["decode"] = decode_latency(server, dataset_id, requests)
        results["traversal"] = traversal_latency(server, dataset_id, max(10, requests // 20),
                                                 results["decode"]["p50_ms"])
        results["load"] = load(server, dataset_id, load_seconds)
        results["payload"] = payload(server, dataset_id)
        if page:
            results["page"] = page_timings(server, dataset_ids)
    results["model"] = model_timings(models_dir, dataset_id, data_root, train_epochs)
    print(format_table(results))
    write_json(output, results)
    print(f"\nwrote {output}")
    return results


def percentiles(seconds):
    milliseconds = np.asarray(seconds) * 1000
    return {"p50_ms": round(float(np.percentile(milliseconds, 50)), 3),
            "p99_ms": round(float(np.percentile(milliseconds, 99)), 3), "count": len(milliseconds)}


def timed_requests(server, requests):
    """Time each ``(method, path, body)`` over one keep-alive connection, as a page's would be."""
    connection = server.connection()
    times = []
    for method, path, body in requests:
        started = time.perf_counter()
        status, _ = server.request(method, path, body, connection)
        times.append(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"{method} {path} answered {status}")
    connection.close()
    return times


def decode_latency(server, dataset_id, count):
    points = np.random.default_rng(0).uniform(-2, 2, (count, 3)).tolist()
    decode_path = f"/api/datasets/{dataset_id}/decode"
    # Interleaved, so that any drift in the machine's speed hits both series alike.
    requests = [request for point in points
                for request in (("GET", "/api/datasets", None), ("POST", decode_path, {"points": [point]}))]
    times = timed_requests(server, requests)
    floor, decode = percentiles(times[0::2]), percentiles(times[1::2])
    return {**decode, "floor_p50_ms": floor["p50_ms"], "floor_p99_ms": floor["p99_ms"],
            "ratio_to_floor": round(decode["p50_ms"] / floor["p50_ms"], 2), "goal_ratio": 2.0}


def traversal_latency(server, dataset_id, repeats, decode_p50_ms):
    control_points = np.random.default_rng(1).uniform(-2, 2, (5, 3)).tolist()
    figures = {}
    for steps in (64, 256):
        body = {"control_points": control_points, "steps": steps}
        figures[f"steps_{steps}"] = percentiles(
            timed_requests(server, [("POST", f"/api/datasets/{dataset_id}/traversal", body)] * repeats))
    figures["ratio_256_to_decode"] = round(figures["steps_256"]["p50_ms"] / decode_p50_ms, 1)
    figures["goal_ratio"] = 30.0
    return figures


def load(server, dataset_id, seconds):
    """CLIENTS threads decoding single points as fast as they can for ``seconds``."""
    deadline = time.perf_counter() + seconds
    times, errors, lock = [], [], threading.Lock()

    def client(seed):
        rng = np.random.default_rng(seed)
        connection = server.connection()
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status, _ = server.request("POST", f"/api/datasets/{dataset_id}/decode",
                                           {"points": rng.uniform(-2, 2, (1, 3)).tolist()}, connection)
            except OSError as error:
                status, connection = repr(error), server.connection()
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    times.append(elapsed)
                else:
                    errors.append(status)
        connection.close()

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"clients": CLIENTS, "seconds": round(elapsed, 1),
            "requests_per_second": round(len(times) / elapsed, 1),
            **{key: value for key, value in percentiles(times or [0]).items() if key != "count"},
            "requests": len(times), "errors": len(errors)}


def payload(server, dataset_id):
    sizes = {}
    for encoding in ("identity", "gzip"):
        sizes[encoding] = sum(len(server.request("GET", f"/api/datasets/{dataset_id}/{name}",
                                                 headers={"Accept-Encoding": encoding})[1])
                              for name in ("latents.npy", "labels.npy"))
    status, body = server.request("GET", "/api/datasets")
    count = next(d["count"] for d in json.loads(body)["datasets"] if d["id"] == dataset_id)
    return {"points": count, "raw_bytes": sizes["identity"], "gzip_bytes": sizes["gzip"],
            "raw_bytes_per_point": round(sizes["identity"] / count, 3),
            "gzip_bytes_per_point": round(sizes["gzip"] / count, 3), "goal_raw_bytes_per_point": 13.0}


def page_timings(server, dataset_ids, frames=40, picks=100):
    """First drawn cloud, a data-set switch, frame times rotating with and without points, one pick."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{server.url}/?dataset={dataset_ids[0]}")
        mark = "performance.getEntriesByName('cloud-drawn:' + %s)[0]"
        page.wait_for_function(f"!!{mark % json.dumps(dataset_ids[0])}", timeout=120_000)
        first_draw = page.evaluate(f"{mark % json.dumps(dataset_ids[0])}.startTime")
        figures = {"first_cloud_ms": round(first_draw, 1)}
        if len(dataset_ids) > 1:
            started = page.evaluate("performance.now()")
            page.select_option("[data-testid=dataset-select]", dataset_ids[1])
            page.wait_for_function(f"!!{mark % json.dumps(dataset_ids[1])}", timeout=120_000)
            figures["switch_ms"] = round(page.evaluate(f"{mark % json.dumps(dataset_ids[1])}.startTime") - started, 1)
        frame_times = """(frames) => {
            const times = [];
            for (let i = 0; i < frames; i++) {
                window.explorer.orbit(4, 1);
                const started = performance.now();
                window.explorer.drawNow();
                times.push(performance.now() - started);
            }
            times.sort((a, b) => a - b);
            return times[Math.floor(times.length / 2)];
        }"""
        figures["frame_ms"] = round(page.evaluate(frame_times, frames), 3)
        page.evaluate("window.explorer.setPointsVisible(false)")
        figures["empty_frame_ms"] = round(page.evaluate(frame_times, frames), 3)
        page.evaluate("window.explorer.setPointsVisible(true)")
        box = page.locator("[data-testid=cloud]").bounding_box()
        figures["pick_ms"] = round(page.evaluate("""([box, picks]) => {
            const times = [];
            for (let i = 0; i < picks; i++) {
                const x = box.x + box.width * ((i * 37) % 100) / 100, y = box.y + box.height * ((i * 61) % 100) / 100;
                const started = performance.now();
                window.explorer.pick(x, y);
                times.push(performance.now() - started);
            }
            times.sort((a, b) => a - b);
            return times[Math.floor(times.length / 2)];
        }""", [box, picks]), 3)
        figures["points"] = page.evaluate("window.explorer.state().count")
        browser.close()
    return figures


def model_timings(models_dir, dataset_id, data_root, train_epochs):
    from backend.export import export
    from backend.files import sha256_of
    from backend.model import load_model
    from backend.training import train
    from backend.training_settings import TrainingSettings
    model = load_model(checkpoint_path(models_dir, dataset_id))
    figures = {}
    with one_torch_thread(), torch.inference_mode():  # as `latent-explorer serve` runs it
        for count, repeats in ((1, 2000), (256, 100)):
            z = torch.randn(count, 3)
            model.decode(z)
            started = time.perf_counter()
            for _ in range(repeats):
                model.decode(z)
            figures[f"decode_{count}_ms"] = round((time.perf_counter() - started) / repeats * 1000, 4)
    with tempfile.TemporaryDirectory() as scratch:
        try:
            started = time.perf_counter()
            export(model, sha256_of(checkpoint_path(models_dir, dataset_id)), dataset_id, Path(scratch) / dataset_id,
                   data_root=data_root)
            figures["export_seconds"] = round(time.perf_counter() - started, 3)
            if train_epochs:
                card = train(dataset_id, TrainingSettings(epochs=train_epochs, threads=1), Path(scratch) / "m.pt",
                             Path(scratch) / "m.json", data_root=data_root, progress=False)
                figures["train_seconds_per_epoch"] = card["seconds_per_epoch"]
        except DatasetNotFound as error:
            figures["skipped"] = f"export and training need the raw data set: {error}"
    return figures


def format_table(results):
    decode, traversal, load_figures, payload_figures = (results[key] for key in ("decode", "traversal", "load", "payload"))
    rows = [
        ("decode, 1 point", f"p50 {decode['p50_ms']} ms, p99 {decode['p99_ms']} ms",
         f"floor (GET /api/datasets) p50 {decode['floor_p50_ms']} ms", f"{decode['ratio_to_floor']}x floor (goal <= 2x)"),
        *[(f"traversal, {steps} steps", f"p50 {traversal[f'steps_{steps}']['p50_ms']} ms, "
                                        f"p99 {traversal[f'steps_{steps}']['p99_ms']} ms", "", "")
          for steps in (64, 256)],
        ("traversal 256 / decode", f"{traversal['ratio_256_to_decode']}x", "", "goal < 30x"),
        (f"load, {load_figures['clients']} clients", f"{load_figures['requests_per_second']} req/s, "
                                                     f"p99 {load_figures['p99_ms']} ms",
         f"{load_figures['requests']} requests", f"{load_figures['errors']} errors (goal 0)"),
        ("payload per point", f"{payload_figures['raw_bytes_per_point']} B raw, "
                              f"{payload_figures['gzip_bytes_per_point']} B gzip",
         f"{payload_figures['raw_bytes']} / {payload_figures['gzip_bytes']} B for {payload_figures['points']} points",
         "goal <= 13 B raw"),
    ]
    if "page" in results:
        page = results["page"]
        rows += [("page: first cloud", f"{page['first_cloud_ms']} ms after navigation", f"{page['points']} points", ""),
                 ("page: data-set switch", f"{page.get('switch_ms', '-')} ms", "", ""),
                 ("page: frame while rotating", f"{page['frame_ms']} ms", f"no points: {page['empty_frame_ms']} ms", ""),
                 ("page: one hover pick", f"{page['pick_ms']} ms", "", "")]
    model = results["model"]
    rows += [("model: decode in-process", f"1 point {model['decode_1_ms']} ms, 256 points {model['decode_256_ms']} ms", "", ""),
             ("model: export, train", f"export {model.get('export_seconds', '-')} s, "
                                      f"train {model.get('train_seconds_per_epoch', '-')} s/epoch", "", "")]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [f"Latent Space Explorer benchmark, {results['date']}, {results['machine']}"]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def _machine():
    return f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, torch {torch.__version__}"
