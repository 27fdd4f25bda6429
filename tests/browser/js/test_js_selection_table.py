"""Unit tests of frontend/js/selection-table.js (the selection as CSV and JSON rows) in headless Chromium."""
import csv
import io
import json

import numpy as np

from module_runner import run_module

MODULE = "/js/selection-table.js"


def test_rows_carry_index_class_split_and_every_latent_digit_of_float32(js):
    latents = np.random.default_rng(5).normal(size=(6, 4)).astype(np.float32)
    result = run_module(js, MODULE, """
      const rows = module.selectionRows(args.indices, { labels: Uint8Array.from(args.labels), classes: ["zero", "one, with a comma", "two"],
        latents: Float32Array.from(args.latents), dims: 4, trainCount: 4 });
      return { csv: module.selectionCsv(rows, 4), json: module.selectionJson(rows, { dataset: "tiny", dims: 4 }) };
    """, {"indices": [1, 3, 4], "labels": [0, 1, 2, 1, 2, 0], "latents": latents.ravel().tolist()})
    table = list(csv.reader(io.StringIO(result["csv"])))
    assert table[0] == ["index", "label", "class", "split", "z1", "z2", "z3", "z4"]
    assert [row[:4] for row in table[1:]] == [["1", "1", "one, with a comma", "train"], ["3", "1", "one, with a comma", "train"],
                                              ["4", "2", "two", "test"]]
    assert np.array_equal(np.array([row[4:] for row in table[1:]], np.float64).astype(np.float32), latents[[1, 3, 4]])
    document = json.loads(result["json"])
    assert document["dataset"] == "tiny" and document["count"] == 3 and document["dims"] == 4
    assert [point["split"] for point in document["points"]] == ["train", "train", "test"]
    assert np.array_equal(np.array([point["latent"] for point in document["points"]]).astype(np.float32), latents[[1, 3, 4]])
