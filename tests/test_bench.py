"""A smoke run of the benchmark with tiny counts, against the tiny pipeline and the real browser."""
import json

from backend.cli import main as cli


def test_benchmark_smoke_run_prints_and_writes_every_figure(pipeline, tmp_path, capsys):
    output = tmp_path / "bench.json"
    assert cli(["bench", "--models-dir", str(pipeline["MODELS_DIR"]), "--points-dir", str(pipeline["POINTS_DIR"]),
                "--data-root", str(pipeline["DATA_ROOT"]), "--requests", "20", "--load-seconds", "1",
                "--output", str(output)]) == 0
    results = json.loads(output.read_text())
    assert results["decode"]["count"] == 20 and results["decode"]["ratio_to_floor"] > 0
    assert results["load"]["errors"] == 0 and results["load"]["requests"] > 0
    assert results["payload"]["points"] == 400
    assert results["page"]["points"] == 400 and results["page"]["frame_ms"] > 0
    assert results["model"]["train_seconds_per_epoch"] > 0 and results["model"]["export_seconds"] > 0
    table = capsys.readouterr().out
    for label in ("decode, 1 point", "traversal, 256 steps", "load, 8 clients", "payload per point",
                  "page: frame while rotating", "model: decode in-process"):
        assert label in table
