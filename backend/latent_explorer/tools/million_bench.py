"""A million points beside a shipped data set's 70,000, in the same run and the same headless Chromium.

The million-point model is made from the shipped one: its decoder, and 1,000,000 latents drawn around
its points (a data point's posterior mean plus noise of its posterior std, with that point's label),
added like any user's model (``add_model``) into a scratch folder. One server serves both; a second
one, without the added folder, is the server's memory baseline. For each model the page is loaded
fresh: bytes and time to the first drawn cloud, a frame while rotating, a hover pick (with the
projection cached, and right after the view moved, which projects every point again), the page's
memory, and the neighbours request.
"""
import json
import statistics
import time
from pathlib import Path

import numpy as np

from latent_explorer.added_models import add_model
from latent_explorer.images import IMAGE_SIDE
from latent_explorer.layout import DECODER, LABELS, LATENTS, STDS
from latent_explorer.tools.harness import ServerProcess, launch_chromium, new_context
from latent_explorer.tools.load import percentiles, resident_bytes
from latent_explorer.tools.page_timing import FRAME, MEDIAN_MS, PICK, REMEMBER_BOX, TURN
from latent_explorer.tools.static_bench import BYTES_BEFORE

MILLION = 1_000_000
NAME = "million"
LOADS = 2  # fresh page loads per model; the median is reported
FRAMES = 20
PICKS = 50
NEIGHBOURS = 200
MEBIBYTE = 1 << 20
# Timed with the pick: the move makes the next pick project every point again.
PICK_AFTER_MOVE = "window.explorer.orbit(1, 0); " + PICK


def million_model(added_dir, points_dir, dataset_id, classes, count=MILLION, seed=0):
    """Add a ``count``-point model named NAME to ``added_dir``, drawn around ``dataset_id``'s exported points."""
    source = Path(points_dir) / dataset_id
    latents, labels, stds = (np.load(source / name) for name in (LATENTS, LABELS, STDS))
    rng = np.random.default_rng(seed)
    drawn = rng.integers(0, len(latents), count)
    arrays = {"latents": latents[drawn] + rng.standard_normal((count, latents.shape[1]), np.float32) * stds[drawn],
              "labels": labels[drawn]}
    scratch = Path(added_dir).parent
    for name, array in arrays.items():
        np.save(scratch / f"{name}.npy", array.astype(np.float32 if name == "latents" else labels.dtype))
    started = time.perf_counter()
    add_model(NAME, source / DECODER, scratch / "latents.npy", labels=scratch / "labels.npy", classes=classes,
              title=f"A million points around {dataset_id}", image_shape=(IMAGE_SIDE, IMAGE_SIDE), root=added_dir)
    return round(time.perf_counter() - started, 1)


def million_timings(scratch, options, dataset_id, points_dir, count=MILLION):
    """Figures for ``dataset_id`` and a ``count``-point model made from it, served with ``options``."""
    scratch = Path(scratch)
    scratch.mkdir()
    added_dir = scratch / "added"
    with ServerProcess(scratch / "baseline.log", options) as baseline:
        classes = next(dataset["classes"] for dataset in baseline.datasets if dataset["id"] == dataset_id)
        baseline_mib = round(resident_bytes(baseline.process.pid) / MEBIBYTE, 1)
    figures = {"add_seconds": million_model(added_dir, points_dir, dataset_id, classes, count),
               "server_resident_mib_without": baseline_mib}
    with ServerProcess(scratch / "million.log", [*options, "--added-dir", added_dir]) as server:
        figures["server_resident_mib_with"] = round(resident_bytes(server.process.pid) / MEBIBYTE, 1)
        for shown in (dataset_id, NAME):
            figures[shown] = {**_page(server, shown), "neighbors": _neighbours(server, shown)}
        figures["server_resident_mib_after_pages"] = round(resident_bytes(server.process.pid) / MEBIBYTE, 1)
    return figures


def million_rows(figures, goals):
    """The bench table's rows: each figure of the million beside the same of the shipped data set."""
    shipped_id = next(key for key, value in figures.items() if isinstance(value, dict) and key != NAME)
    shipped, million = figures[shipped_id], figures[NAME]
    beside = f"{shipped['points']:,} points ({shipped_id}):"
    return [
        (f"{million['points']:,} points: first cloud", f"{million['first_cloud_ms']} ms, {million['bytes'] / MEBIBYTE:.1f} MiB",
         f"{beside} {shipped['first_cloud_ms']} ms, {shipped['bytes'] / MEBIBYTE:.1f} MiB", ""),
        ("  frame while rotating", f"{million['frame_ms']} ms", f"{beside} {shipped['frame_ms']} ms", ""),
        ("  hover pick, view still / just moved", f"{million['pick_ms']} / {million['pick_after_move_ms']} ms",
         f"{beside} {shipped['pick_ms']} / {shipped['pick_after_move_ms']} ms", f"goal <= {goals['million_pick_ms']} ms"),
        ("  page memory: JS heap, array buffers, browser",
         f"{million['js_heap_mib']}, {million['array_buffers_mib']}, {million['browser_mib']} MiB",
         f"{beside} {shipped['js_heap_mib']}, {shipped['array_buffers_mib']}, {shipped['browser_mib']} MiB", ""),
        ("  neighbours, k = 8", f"p50 {million['neighbors']['p50_ms']} ms, p99 {million['neighbors']['p99_ms']} ms",
         f"{beside} p50 {shipped['neighbors']['p50_ms']} ms", ""),
        ("  server memory (VmRSS)", f"{figures['server_resident_mib_with']} MiB serving both, "
                                    f"{figures['server_resident_mib_after_pages']} MiB after the pages",
         f"without the million: {figures['server_resident_mib_without']} MiB", ""),
    ]


def _page(server, dataset_id):
    from playwright.sync_api import sync_playwright
    mark = f"cloud-drawn:{dataset_id}"
    loads = []
    with sync_playwright() as playwright:
        for _ in range(LOADS):
            browser = launch_chromium(playwright)
            page = new_context(browser, viewport={"width": 1280, "height": 800}).new_page()
            page.goto(f"{server.url}/?dataset={dataset_id}")
            page.wait_for_function(f"!!performance.getEntriesByName({json.dumps(mark)})[0]", timeout=300_000)
            load = {"first_cloud_ms": page.evaluate(f"performance.getEntriesByName({json.dumps(mark)})[0].startTime"),
                    "bytes": page.evaluate(BYTES_BEFORE, mark)}
            page.evaluate(REMEMBER_BOX)
            load["frame_ms"] = page.evaluate(MEDIAN_MS, [TURN, FRAME, FRAMES])
            load["pick_ms"] = page.evaluate(MEDIAN_MS, ["", PICK, PICKS])
            load["pick_after_move_ms"] = page.evaluate(MEDIAN_MS, ["", PICK_AFTER_MOVE, PICKS])
            cdp = page.context.new_cdp_session(page)
            cdp.send("HeapProfiler.collectGarbage")
            cdp.send("Performance.enable")
            metrics = {metric["name"]: metric["value"] for metric in cdp.send("Performance.getMetrics")["metrics"]}
            load["js_heap_mib"] = metrics["JSHeapUsedSize"] / MEBIBYTE
            # Typed arrays (the points, their colours and projections) live outside the JS heap.
            load["array_buffers_mib"] = cdp.send("Runtime.getHeapUsage")["backingStorageSize"] / MEBIBYTE
            load["browser_mib"] = _browser_proportional_bytes() / MEBIBYTE
            load["points"] = page.evaluate("window.explorer.state().count")
            loads.append(load)
            browser.close()
    figures = {key: round(statistics.median(load[key] for load in loads), 1) for key in loads[0]}
    return {**figures, "bytes": int(figures["bytes"]), "points": loads[0]["points"]}


def _neighbours(server, dataset_id):
    served = next(dataset for dataset in server.datasets if dataset["id"] == dataset_id)
    connection = server.connection()
    rng = np.random.default_rng(3)
    times = []
    for _ in range(NEIGHBOURS):
        point = rng.uniform(-2, 2, served["latent_dim"]).tolist()
        started = time.perf_counter()
        status, _ = server.request("POST", f"/api/datasets/{dataset_id}/neighbors", {"point": point, "k": 8}, connection)
        times.append(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"neighbours of {dataset_id} answered {status}")
    connection.close()
    return percentiles(times[20:])


def _browser_proportional_bytes():
    """Proportional set size (PSS: shared pages split between their users) of every Chromium process, GPU process
    included (the bench's browser is the only one running): a fair sum where resident sizes count shared pages twice."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"chromium" not in status.read_bytes().split(b"\0")[0]:
                continue
            rollup = (status.parent / "smaps_rollup").read_text()
        except OSError:  # a process that ended while being read
            continue
        total += next(int(line.split()[1]) * 1024 for line in rollup.splitlines() if line.startswith("Pss:"))
    return total
