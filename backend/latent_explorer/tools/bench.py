"""``latent-explorer bench``: speed figures, each printed beside a baseline measured in the same run.

This machine's absolute times vary from run to run, so every goal is a ratio to something
measured alongside it: a hover (decode or sample) against a trivial request to the same
server, a traversal against a single decode, a frame of 70,000 points against a frame of none,
the run command's install against the training install.
"""
import base64
import gzip
import importlib.metadata
import io
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from latent_explorer.app import create_app
from latent_explorer.datasets import DATASETS
from latent_explorer.files import write_json
from latent_explorer.grid import grid_positions
from latent_explorer.images import IMAGE_SIDE
from latent_explorer.layout import default_data_root, raw_folder
from latent_explorer.tools.classmap_bench import classmap_build
from latent_explorer.tools.harness import (HarnessError, ServerProcess, chromium_executable, launch_chromium,
                                           new_context)
from latent_explorer.tools.install import measure_install, measure_wheel_install
from latent_explorer.tools.lighthouse import audit
from latent_explorer.tools.load import (classroom, hover_beside_heavy_work, percentiles, resident_bytes,
                                        saturating_load)
from latent_explorer.tools.model_timings import ONE_THREAD
from latent_explorer.tools.million_bench import MILLION, million_rows, million_timings
from latent_explorer.tools.notebook_bench import notebook_rows, notebook_timings
from latent_explorer.tools.page_timing import FRAME, MEDIAN_MS, PICK, REMEMBER_BOX, TURN
from latent_explorer.tools.static_bench import static_rows, static_site_timings

# Every goal, once: written into the JSON beside the figures (results["goals"]) and read by the printed table.
GOALS = {
    "hover_to_floor": 1.5,  # a hover's p50 at most this many times the floor's
    "traversal_256_to_decode": 30.0,  # strictly below
    "errors": 0,
    "classroom_hover_p99_ms": 100,
    "hover_p99_beside_heavy_ms": 50,  # a 10 Hz hover while 8 clients ask for the largest GIFs
    "raw_bytes_per_point": 13.0,
    "neighbors_to_decode": 2.0,
    "atlas_to_gzip": 1.2,
    "grid_refreshes_per_second": 10,  # at least
    "lighthouse_layout_shift": 0.1,  # at most, while the page loads
    "lighthouse_accessibility": 1.0, "lighthouse_best_practices": 1.0,
    "static_first_cloud_to_served": 1.1,  # the published site's first cloud against the server's, at most
    "hover_static_to_served": 0.25,  # a hover's image shown by the page's own decoder against the server's, at most
    "million_pick_ms": 16,  # a hover pick among a million points, at most
}
STARTS = 3  # server starts timed; the median is reported
GRID_BENCH_SIZE = 15  # the decoded grid timed: 15 x 15 cells
MEBIBYTE = 1 << 20


def run_benchmark(output, models_dir, points_dir, data_root=None, requests=1000, load_seconds=10.0,
                  classroom_seconds=30.0, heavy_seconds=10.0, page=True, train_epochs=1, install=True,
                  install_baseline=False, million_points=MILLION):
    """Measure everything, print the table and write the figures as JSON to ``output``; return them.

    ``requests`` decodes and samples are timed against as many floor requests; the 8-client load
    runs for ``load_seconds``, the classroom for ``classroom_seconds``, and a hover beside the largest
    GIFs for ``heavy_seconds`` (and as long on the idle server first); ``page=False`` leaves
    out the browser; ``million_points`` is the size of the made model measured beside the first data set (0: none);
    ``train_epochs=0`` leaves out timing training; ``install=False`` leaves out
    timing the run command's install and the wheel's, and ``install_baseline=True`` times the training install
    beside it (gigabytes, downloaded unless pip's cache holds them).
    """
    if page:  # a missing browser stops the run before it measures, not after
        try:
            chromium_executable()
        except HarnessError as error:
            raise HarnessError(f"{error} Or leave out the page figures with --no-page.") from None
    results = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": _machine(),
               "goals": GOALS}
    options = ["--models-dir", models_dir, "--points-dir", points_dir]
    if data_root:
        options += ["--data-root", data_root]
    with tempfile.TemporaryDirectory() as scratch:
        results["startup"] = startup(Path(scratch), options)
        with ServerProcess(Path(scratch) / "server.log", options) as server:
            dataset_ids = [dataset["id"] for dataset in server.datasets]
            if not dataset_ids:
                raise HarnessError(f"the server has no data set to measure: "
                                   f"{server.request('GET', '/api/datasets')[1].decode()}")
            dataset_id = dataset_ids[0]
            results["startup"]["resident_mib_after_start"] = round(resident_bytes(server.process.pid) / MEBIBYTE, 1)
            results["hover"] = hover_latency(server, dataset_id, requests)
            results["traversal"] = traversal_latency(server, dataset_id, max(10, requests // 20),
                                                     results["hover"]["decode"]["p50_ms"])
            results["load"] = saturating_load(server, dataset_id, seconds=load_seconds)
            results["classroom"] = classroom(server, dataset_id, seconds=classroom_seconds)
            results["heavy"] = hover_beside_heavy_work(server, dataset_id, seconds=heavy_seconds)
            results["startup"]["resident_mib_after_classroom"] = round(resident_bytes(server.process.pid) / MEBIBYTE, 1)
            results["payload"] = payload(server, dataset_id)
            results["originals"] = originals(server, dataset_id, data_root, requests // 2)
            results["grid"] = grid_refresh(server, dataset_id, max(20, requests // 10))
            results["encode"] = encode_latency(server, dataset_id, max(20, requests // 10))
            if page:
                results["page"] = page_timings(server, dataset_ids)
                results["lighthouse"] = audit(f"{server.url}/")
                app = create_app({"MODELS_DIR": models_dir, "POINTS_DIR": points_dir, "DATA_ROOT": data_root})
                results["static_site"] = static_site_timings(server, app, dataset_ids)
                results["notebook"] = notebook_timings(server, points_dir, dataset_id, max(10, requests // 10))
        if page and million_points:
            results["million"] = million_timings(Path(scratch) / "million", options, dataset_id, points_dir,
                                                 million_points)
    results["classmap"] = {dataset_id: classmap_build(points_dir, dataset_id) for dataset_id in dataset_ids
                           if dataset_id in DATASETS}
    results["model"] = _in_child_process("latent_explorer.tools.model_timings",
                                         [str(models_dir), str(points_dir), dataset_id,
                                          data_root and str(data_root), train_epochs])
    if install:
        results["install"] = {"run": measure_install(), "wheel": measure_wheel_install()}
        if install_baseline:
            results["install"]["train"] = measure_install("[train]")
    print(format_table(results))
    write_json(output, results)
    print(f"\nwrote {output}")
    return results


def startup(scratch, options):
    """Seconds from starting ``latent-explorer serve`` to its first answer (median of STARTS), beside
    importing torch alone, which the server did before it served without torch."""
    seconds = []
    for number in range(STARTS):
        with ServerProcess(scratch / f"start-{number}.log", options) as server:
            seconds.append(server.startup_seconds)
    figures = {"seconds": round(float(np.median(seconds)), 3), "all_seconds": [round(s, 3) for s in seconds]}
    if importlib.util.find_spec("torch") is not None:
        probe = "import time; started = time.perf_counter(); import torch; print(time.perf_counter() - started); " \
                "print(next(l for l in open('/proc/self/status') if l.startswith('VmRSS')).split()[1])"
        runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
                for _ in range(STARTS)]
        figures["torch_import_seconds"] = round(float(np.median([float(run[0]) for run in runs])), 3)
        figures["torch_import_resident_mib"] = round(float(np.median([int(run[1]) for run in runs])) / 1024, 1)
    return figures


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


def hover_latency(server, dataset_id, count):
    """One-point decodes in empty space and samples of random points, each against the floor.

    The three are interleaved, so that any drift in the machine's speed hits them alike; the
    sample indices are random, so nearly every sample misses the cache, as in a classroom.
    """
    points = next(dataset["count"] for dataset in server.datasets if dataset["id"] == dataset_id)
    rng = np.random.default_rng(0)
    requests = [request for point, index in zip(rng.uniform(-2, 2, (count + 100, 3)).tolist(),
                                                rng.integers(points, size=count + 100))
                for request in (("GET", "/api/datasets", None),
                                ("POST", f"/api/datasets/{dataset_id}/decode", {"points": [point]}),
                                ("GET", f"/api/datasets/{dataset_id}/samples/{index}", None))]
    times = timed_requests(server, requests)[300:]  # the first 100 of each warm the server up
    floor, decode, samples = (percentiles(times[kind::3]) for kind in range(3))
    return {"floor": floor,
            **{name: {**figures, "ratio_to_floor": round(figures["p50_ms"] / floor["p50_ms"], 2)}
               for name, figures in (("decode", decode), ("samples", samples))}}


def traversal_latency(server, dataset_id, repeats, decode_p50_ms):
    control_points = np.random.default_rng(1).uniform(-2, 2, (5, 3)).tolist()
    figures = {}
    for steps in (64, 256):
        body = {"control_points": control_points, "steps": steps}
        figures[f"steps_{steps}"] = percentiles(
            timed_requests(server, [("POST", f"/api/datasets/{dataset_id}/traversal", body)] * repeats))
    figures["ratio_256_to_decode"] = round(figures["steps_256"]["p50_ms"] / decode_p50_ms, 1)
    return figures


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
            "gzip_bytes_per_point": round(sizes["gzip"] / count, 3)}


def originals(server, dataset_id, data_root, count):
    """Neighbours of random positions beside one-point decodes, interleaved (goal: p50 <= 2x a
    decode's); and each data set's atlas bytes beside its gzip'd raw image files (goal <= 1.2x)."""
    served = {dataset["id"]: dataset for dataset in server.datasets}
    if not served[dataset_id].get("originals"):
        return {"skipped": "no original images: run latent-explorer fetch or set $LATENT_EXPLORER_DATA"}
    positions = np.random.default_rng(2).uniform(-2, 2, (count + 50, 3)).tolist()
    times = timed_requests(server, [request for point in positions for request in (
        ("POST", f"/api/datasets/{dataset_id}/decode", {"points": [point]}),
        ("POST", f"/api/datasets/{dataset_id}/neighbors", {"point": point, "k": 8}))])[100:]
    decode, neighbours = percentiles(times[0::2]), percentiles(times[1::2])
    figures = {"decode": decode, "neighbors": neighbours,
               "ratio_to_decode": round(neighbours["p50_ms"] / decode["p50_ms"], 2), "atlas": {}}
    for dataset in server.datasets:
        layout = json.loads(server.request("GET", f"/api/datasets/{dataset['id']}/atlas")[1])
        atlas_bytes = sum(len(server.request("GET", url)[1]) for url in layout["atlases"])
        raw = raw_folder(DATASETS[dataset["id"]], data_root or default_data_root())
        gzip_bytes = sum(len(gzip.compress((raw / name).read_bytes(), compresslevel=9))
                         for name in ("train-images-idx3-ubyte", "t10k-images-idx3-ubyte"))
        figures["atlas"][dataset["id"]] = {"atlases": len(layout["atlases"]), "bytes": atlas_bytes,
                                           "gzip_raw_bytes": gzip_bytes, "ratio": round(atlas_bytes / gzip_bytes, 3)}
    return figures


def grid_refresh(server, dataset_id, count, size=GRID_BENCH_SIZE):
    """A size x size decoded grid around random positions, as one mosaic PNG (what the page asks for), beside
    the same cells as size² data URIs from the decode endpoint, interleaved (goal: 10 refreshes a second)."""
    rng = np.random.default_rng(3)
    requests = []
    for center in rng.uniform(-2, 2, (count + 10, 3)):
        body = {"center": center.tolist(), "right": [1, 0, 0], "up": [0, 1, 0], "size": size, "spacing": 0.25}
        cells = grid_positions(body["center"], body["right"], body["up"], size, body["spacing"]).tolist()
        requests += [("POST", f"/api/datasets/{dataset_id}/grid.png", body),
                     ("POST", f"/api/datasets/{dataset_id}/decode", {"points": cells})]
    times = timed_requests(server, requests)[20:]
    mosaic, uris = percentiles(times[0::2]), percentiles(times[1::2])
    mosaic_bytes = [len(server.request(method, path, body)[1]) for method, path, body in requests[0:20:2]]
    uri_bytes = [len(server.request(method, path, body)[1]) for method, path, body in requests[1:20:2]]
    return {"size": size, "mosaic": {**mosaic, "bytes": int(np.median(mosaic_bytes))},
            "data_uris": {**uris, "bytes": int(np.median(uri_bytes))},
            "refreshes_per_second": round(1000 / mosaic["p50_ms"], 1)}


def encode_latency(server, dataset_id, count):
    """A stroke on the page's pad (a 280 x 280 PNG, preprocessed) beside 28 x 28 pixels sent as they are, interleaved."""
    pad = Image.new("L", (280, 280))
    ImageDraw.Draw(pad).line([(70, 60), (200, 60), (110, 230)], fill=255, width=20, joint="curve")
    png = io.BytesIO()
    pad.save(png, format="PNG")
    drawing = {"image": "data:image/png;base64," + base64.b64encode(png.getvalue()).decode("ascii")}
    pixels = {"pixels": (np.asarray(pad.resize((IMAGE_SIDE, IMAGE_SIDE)), np.float64) / 255).round(3).tolist(), "preprocess": False}
    path = f"/api/datasets/{dataset_id}/encode"
    times = timed_requests(server, [("POST", path, body) for _ in range(count + 10) for body in (drawing, pixels)])[20:]
    return {"drawing": percentiles(times[0::2]), "pixels": percentiles(times[1::2])}


# A lasso (a 64-sided polygon around the canvas's centre) and, as the baseline, the box around it, each selected `runs`
# times through the page's own selection (projection, shape test, the store and the panels it renders; the gallery's
# thumbnails arrive later and are not counted), the selection cleared before each: the median of each, and their sizes.
SELECTION_TIMES = """([box, runs]) => {
    const [cx, cy, radius] = [box.x + box.width / 2, box.y + box.height / 2, 0.3 * Math.min(box.width, box.height)];
    const lasso = Array.from({ length: 64 }, (_, i) => [cx + radius * Math.cos(i * Math.PI / 32), cy + radius * Math.sin(i * Math.PI / 32)]);
    const shapes = { lasso: { kind: 'lasso', points: lasso }, box: { kind: 'box', points: [[cx - radius, cy - radius], [cx + radius, cy + radius]] } };
    const figures = {};
    for (const [name, shape] of Object.entries(shapes)) {
        window.explorer.selectIn(shape);  // the view's projection, made once per view, is not what is timed
        const times = [];
        let selected = 0;
        for (let i = 0; i < runs; i++) {
            window.explorer.select([]);
            const started = performance.now();
            selected = window.explorer.selectIn(shape);
            times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        figures[`${name}_ms`] = Math.round(times[Math.floor(times.length / 2)] * 1000) / 1000;
        figures[`${name}_points`] = selected;
    }
    window.explorer.select([]);
    return figures;
}"""


def page_timings(server, dataset_ids, frames=40, picks=100):
    """First drawn cloud, a data-set switch, frame times rotating with and without points, one pick."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = new_context(browser, viewport={"width": 1280, "height": 800}).new_page()
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
        figures["frame_ms"] = round(page.evaluate(MEDIAN_MS, [TURN, FRAME, frames]), 3)
        page.evaluate("window.explorer.setPointsVisible(false)")
        figures["empty_frame_ms"] = round(page.evaluate(MEDIAN_MS, [TURN, FRAME, frames]), 3)
        page.evaluate("window.explorer.setPointsVisible(true)")
        box = page.locator("[data-testid=cloud]").bounding_box()
        page.evaluate(REMEMBER_BOX)
        figures["pick_ms"] = round(page.evaluate(MEDIAN_MS, ["", PICK, picks]), 3)
        figures["points"] = page.evaluate("window.explorer.state().count")
        figures["selection"] = page.evaluate(SELECTION_TIMES, [box, picks // 5])
        if page.evaluate("window.explorer.state().classmap === null && !!document.querySelector("
                         "'[data-testid=classmap-open]:not([disabled])')"):
            shown = page.evaluate("explorer.state().dataset")
            page.evaluate("window.explorer.setClassMap({axis: 'z', position: 0, mode: 'decoder'})")
            page.wait_for_function(f"!!performance.getEntriesByName('classmap-drawn:{shown}')[0]", timeout=120_000)
            # The slice moved across z (its position a fraction of the lattice's box) before each frame.
            slice_move = f"window.explorer.setClassMap({{axis: 'z', position: (i + 1.5) / {frames + 1}, mode: 'decoder'}});"
            figures["classmap_frame_ms"] = round(page.evaluate(MEDIAN_MS, [slice_move, FRAME, frames]), 3)
            page.evaluate("window.explorer.setClassMap(null)")
        if page.is_enabled("[data-testid=show-images]"):
            shown = page.evaluate("explorer.state().dataset")
            started = page.evaluate("performance.now()")
            page.check("[data-testid=show-images]")
            mark = f"performance.getEntriesByName('images-drawn:{shown}')[0]"
            page.wait_for_function(f"!!{mark}", timeout=120_000)
            figures["images_shown_ms"] = round(page.evaluate(f"{mark}.startTime") - started, 1)
            figures["images_frame_ms"] = round(page.evaluate(MEDIAN_MS, [TURN, FRAME, frames]), 3)
        browser.close()
    return figures


def format_table(results):
    hover, traversal, load, room, payload_figures = (results[key] for key in ("hover", "traversal", "load",
                                                                                "classroom", "payload"))
    start, model = results["startup"], results["model"]
    floor = f"floor (GET /api/datasets) p50 {hover['floor']['p50_ms']} ms, p99 {hover['floor']['p99_ms']} ms"
    rows = [
        *[(f"{name}, 1 point", f"p50 {hover[name]['p50_ms']} ms, p99 {hover[name]['p99_ms']} ms", floor,
           f"{hover[name]['ratio_to_floor']}x floor (goal <= {GOALS['hover_to_floor']}x)") for name in ("decode", "samples")],
        *[(f"traversal, {steps} steps", f"p50 {traversal[f'steps_{steps}']['p50_ms']} ms, "
                                        f"p99 {traversal[f'steps_{steps}']['p99_ms']} ms", "", "")
          for steps in (64, 256)],
        ("traversal 256 / decode", f"{traversal['ratio_256_to_decode']}x", "", f"goal < {GOALS['traversal_256_to_decode']}x"),
        (f"load, {load['clients']} clients", f"{load['requests_per_second']} req/s, p50 {load['p50_ms']} ms, "
                                             f"p99 {load['p99_ms']} ms",
         f"{load['requests']} requests, server CPU {load['server_cpu_percent']}%", f"{load['errors']} errors (goal {GOALS['errors']})"),
        (f"classroom, {room['clients']} clients, {room['seconds']} s",
         f"hover p50 {room['hover']['p50_ms']} ms, p99 {room['hover']['p99_ms']} ms; traversal p50 "
         f"{room['traversal']['p50_ms']} ms, p99 {room['traversal']['p99_ms']} ms",
         f"{room['requests']} requests ({room['requests_per_second']}/s), server CPU {room['server_cpu_percent']}%",
         f"{room['errors']} errors (goal {GOALS['errors']}), hover p99 goal <= {GOALS['classroom_hover_p99_ms']} ms"),
        (f"hover at 10 Hz beside {results['heavy']['heavy_clients']} clients asking for the largest GIFs",
         f"p50 {results['heavy']['hover_beside_heavy']['p50_ms']} ms, p99 {results['heavy']['hover_beside_heavy']['p99_ms']}"
         f" ms; {results['heavy']['gifs_made']} GIFs made, {results['heavy']['turned_away_503']} turned away (503)",
         f"the same hover on the idle server: p50 {results['heavy']['hover_idle']['p50_ms']} ms, p99 "
         f"{results['heavy']['hover_idle']['p99_ms']} ms; server {results['heavy']['resident_mib_after']} MiB after",
         f"{results['heavy']['errors']} errors, p99 goal <= {GOALS['hover_p99_beside_heavy_ms']} ms"),
        ("start-up, serve to first answer", f"{start['seconds']} s",
         f"importing torch alone: {start.get('torch_import_seconds', '-')} s", ""),
        ("server memory (VmRSS)", f"{start['resident_mib_after_start']} MiB after start, "
                                  f"{start['resident_mib_after_classroom']} MiB after the classroom",
         f"importing torch alone: {start.get('torch_import_resident_mib', '-')} MiB", ""),
        ("payload per point", f"{payload_figures['raw_bytes_per_point']} B raw, "
                              f"{payload_figures['gzip_bytes_per_point']} B gzip",
         f"{payload_figures['raw_bytes']} / {payload_figures['gzip_bytes']} B for {payload_figures['points']} points",
         f"goal <= {GOALS['raw_bytes_per_point']} B raw"),
    ]
    extra = results.get("originals", {})
    if "neighbors" in extra:
        rows.append(("neighbours, k = 8", f"p50 {extra['neighbors']['p50_ms']} ms, p99 {extra['neighbors']['p99_ms']} ms",
                     f"decode, same run: p50 {extra['decode']['p50_ms']} ms", f"{extra['ratio_to_decode']}x (goal <= {GOALS['neighbors_to_decode']}x)"))
        rows += [(f"atlases, {dataset_id}", f"{atlas['atlases']} PNGs, {atlas['bytes']:,} B",
                  f"gzip'd raw images: {atlas['gzip_raw_bytes']:,} B", f"{atlas['ratio']}x (goal <= {GOALS['atlas_to_gzip']}x)")
                 for dataset_id, atlas in extra["atlas"].items()]
    grid = results["grid"]
    rows += [(f"grid {grid['size']}x{grid['size']}, one mosaic PNG",
              f"p50 {grid['mosaic']['p50_ms']} ms, p99 {grid['mosaic']['p99_ms']} ms, {grid['mosaic']['bytes']:,} B",
              f"as {grid['size'] ** 2} data URIs: p50 {grid['data_uris']['p50_ms']} ms, {grid['data_uris']['bytes']:,} B",
              f"{grid['refreshes_per_second']} refreshes/s (goal >= {GOALS['grid_refreshes_per_second']})")]
    encode = results["encode"]
    rows += [("encode a 280x280 pad drawing", f"p50 {encode['drawing']['p50_ms']} ms, p99 {encode['drawing']['p99_ms']} ms",
              f"28x28 pixels, no preprocessing: p50 {encode['pixels']['p50_ms']} ms", "")]
    if "page" in results:
        page = results["page"]
        if "images_shown_ms" in page:
            rows += [("page: images on, to first drawn", f"{page['images_shown_ms']} ms", "", ""),
                     ("page: frame with images", f"{page['images_frame_ms']} ms", f"with points: {page['frame_ms']} ms", "")]
        rows += [("page: first cloud", f"{page['first_cloud_ms']} ms after navigation", f"{page['points']} points", ""),
                 ("page: data-set switch", f"{page.get('switch_ms', '-')} ms", "", ""),
                 ("page: frame while rotating", f"{page['frame_ms']} ms", f"no points: {page['empty_frame_ms']} ms", ""),
                 ("page: frame while moving the class map's slice", f"{page.get('classmap_frame_ms', '-')} ms",
                  f"without the map: {page['frame_ms']} ms", ""),
                 ("page: one hover pick", f"{page['pick_ms']} ms", "", ""),
                 (f"page: lasso over {page['points']:,} points, time to select",
                  f"{page['selection']['lasso_ms']} ms ({page['selection']['lasso_points']:,} selected)",
                  f"the box around it, same run: {page['selection']['box_ms']} ms ({page['selection']['box_points']:,} selected)", "")]
    if "lighthouse" in results:
        audit_figures = results["lighthouse"]
        scores = audit_figures["scores"]
        rows.append((f"Lighthouse {audit_figures['version']}, {audit_figures['form_factor']}",
                     f"performance {scores['performance']}, accessibility {scores['accessibility']}, best practices "
                     f"{scores['best-practices']}, SEO {scores['seo']}; layout shift "
                     f"{audit_figures['cumulative_layout_shift']}",
                     f"largest paint {audit_figures['largest_contentful_paint_ms']} ms; compression would save "
                     f"{audit_figures['compression_savings_bytes']:,} B",
                     f"goal: layout shift <= {GOALS['lighthouse_layout_shift']}, accessibility and best practices "
                     f"{GOALS['lighthouse_accessibility']}"))
    if "static_site" in results:
        rows += static_rows(results["static_site"], GOALS)
    for dataset_id, build in results.get("classmap", {}).items():
        rows.append((f"class map, {dataset_id}", build.get("skipped") or
                     f"{build['lattice']}^3 built in {build['seconds']} s, {build['bytes']:,} B "
                     f"({build['gzip_bytes']:,} B gzip)", "" if "skipped" in build else
                     f"the same bytes as the shipped map: {'yes' if build['same_as_shipped'] else 'no'}", ""))
    if "notebook" in results:
        rows += notebook_rows(results["notebook"])
    if "million" in results:
        rows += million_rows(results["million"], GOALS)
    rows += [(f"model: decode, {runtime}", f"1 point {model[key]['decode_1_ms']} ms, 256 points "
                                           f"{model[key]['decode_256_ms']} ms", "one thread", "")
             for runtime, key in (("served (ONNX Runtime)", "served_onnxruntime"), ("numpy, .npz weights", "numpy_npz"),
                                  ("torch", "torch")) if key in model]
    rows += [("model: export, train", f"export {model.get('export_seconds', '-')} s, "
                                      f"train {model.get('train_seconds_per_epoch', '-')} s/epoch",
              model.get("skipped", ""), "")]
    if "install" in results:
        run, wheel, train = (results["install"].get(key) for key in ("run", "wheel", "train"))
        rows += [("install: pip install -e .", f"{run['bytes'] / MEBIBYTE:.0f} MiB in {run['seconds']} s",
                  f".[train]: {train['bytes'] / MEBIBYTE:.0f} MiB in {train['seconds']} s" if train else "", ""),
                 ("install: the wheel", f"{wheel['wheel_bytes'] / MEBIBYTE:.1f} MiB wheel, {wheel['bytes'] / MEBIBYTE:.0f} "
                                        f"MiB installed in {wheel['seconds']} s", "the editable install above", "")]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [f"Latent Space Explorer benchmark, {results['date']}, {results['machine']}"]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def _in_child_process(module, arguments):
    """What ``python -m module '<json arguments>'`` prints as JSON, run with one thread in every library."""
    run = subprocess.run([sys.executable, "-m", module, json.dumps(arguments)], capture_output=True,
                         text=True, env={**os.environ, **ONE_THREAD})
    if run.returncode:
        raise HarnessError(f"{module} failed:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.splitlines()[-1])


def _machine():
    versions = [f"Python {platform.python_version()}"]
    for name in ("onnxruntime", "torch"):
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            pass
    return f"{platform.machine()}, {os.cpu_count()} CPUs, {', '.join(versions)}"
