"""A smoke run of the benchmark with tiny counts, against the tiny pipeline and the real browser.

It runs as its own process, as a user runs it: Playwright's sync API cannot start inside the
event loop that the browser tests' session-wide Playwright keeps in this one.
"""
import json
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_benchmark_smoke_run_prints_and_writes_every_figure(pipeline, tmp_path):
    output = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, "-m", "latent_explorer", "bench", "--models-dir", str(pipeline["MODELS_DIR"]),
         "--points-dir", str(pipeline["POINTS_DIR"]), "--data-root", str(pipeline["DATA_ROOT"]),
         "--requests", "20", "--load-seconds", "1", "--classroom-seconds", "2", "--heavy-seconds", "2", "--no-install", "--million-points", "3000", "--output", str(output)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(output.read_text())
    assert results["hover"]["decode"]["count"] == 20 and results["hover"]["decode"]["ratio_to_floor"] > 0
    assert results["hover"]["samples"]["count"] == 20 and results["hover"]["samples"]["ratio_to_floor"] > 0
    assert results["load"]["errors"] == 0 and results["load"]["requests"] > 0
    assert results["classroom"]["errors"] == 0 and results["classroom"]["hover"]["count"] > 0
    assert results["heavy"]["errors"] == 0 and results["heavy"]["hover_beside_heavy"]["count"] > 0
    assert results["goals"]["hover_p99_beside_heavy_ms"] == 50
    assert results["classroom"]["traversal"]["count"] > 0 and results["classroom"]["server_cpu_percent"] > 0
    assert results["startup"]["seconds"] > 0 and results["startup"]["resident_mib_after_classroom"] > 0
    assert results["model"]["served_onnxruntime"]["decode_1_ms"] > 0 and results["model"]["numpy_npz"]["decode_256_ms"] > 0
    assert results["payload"]["points"] == 400
    assert results["grid"]["size"] == 15 and results["grid"]["mosaic"]["bytes"] > 0 and results["grid"]["refreshes_per_second"] > 0
    assert results["encode"]["drawing"]["count"] == 20 and results["encode"]["pixels"]["p50_ms"] > 0
    assert results["page"]["points"] == 400 and results["page"]["frame_ms"] > 0
    selection = results["page"]["selection"]
    assert selection["lasso_ms"] >= 0 and selection["box_points"] >= selection["lasso_points"] > 0
    assert results["lighthouse"]["scores"]["accessibility"] > 0 and results["lighthouse"]["cumulative_layout_shift"] >= 0
    assert results["model"]["train_seconds_per_epoch"] > 0 and results["model"]["export_seconds"] > 0
    site = results["static_site"]
    assert site["static"]["first_cloud_ms"] > 0 and site["served"]["bytes_before_first_cloud"] > 0
    assert site["static"]["decode_ready_ms"] > site["static"]["first_cloud_ms"]
    assert site["hover_static_to_served"] > 0 and site["static"]["gif_64_ms"] > 0 and site["served"]["grid_ms"] > 0
    assert site["sizes"]["with_originals"]["mnist"] > site["sizes"]["without_originals"]["mnist"] > 0
    assert "skipped" in results["classmap"]["mnist"]  # the tiny pipeline has no classifier
    million = results["million"]
    assert million["million"]["points"] == 3000 and million["mnist"]["points"] == 400
    assert million["million"]["bytes"] > million["mnist"]["bytes"] and million["million"]["pick_after_move_ms"] > 0
    assert million["million"]["neighbors"]["count"] > 0 and million["server_resident_mib_with"] > 0
    assert million["million"]["browser_mib"] > million["million"]["js_heap_mib"] > 0
    # 3,000 points against 400 hold about 40 KB more typed arrays, within what the rest of the page's use varies by:
    # only that both were measured is checked here (the bench's full run compares a million with 70,000).
    assert million["million"]["array_buffers_mib"] > 0 and million["mnist"]["array_buffers_mib"] > 0
    notebook = results["notebook"]
    assert notebook["points"] == 400 and notebook["start_to_first_cloud_s"] > 0
    assert notebook["hover_shown_kernel_ms"] > 0 and notebook["hover_shown_served_ms"] > 0
    for label in ("decode, 1 point", "samples, 1 point", "traversal, 256 steps", "load, 8 clients",
                  "classroom, 30 clients", "beside 8 clients asking for the largest GIFs", "start-up", "server memory", "payload per point",
                  "page: frame while rotating", "page: lasso over 400 points, time to select", "Lighthouse 12.8.2, mobile", "grid 15x15, one mosaic PNG", "encode a 280x280 pad drawing", "model: decode, served (ONNX Runtime)", "model: decode, numpy",
                  "static site: first cloud", "static site: a hover's image shown", "static site: size", "3,000 points: first cloud", "hover pick, view still / just moved",
                  "notebook: explore() cell to first cloud", "notebook: a hover's image shown"):
        assert label in run.stdout
