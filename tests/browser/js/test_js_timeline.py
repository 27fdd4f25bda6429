"""Unit tests of frontend/js/timeline.js (the epochs a shown epoch lies between, the positions there, the loss chart's
rows and scales) and of the link's epoch, in headless Chromium."""
import numpy as np
import pytest

from module_runner import run_module
from latent_explorer.limits import LIMITS

MODULE = "/js/timeline.js"


@pytest.mark.parametrize("epoch, last, pair", [
    (0, 6, {"from": 0, "to": 1, "t": 0}), (2.25, 6, {"from": 2, "to": 3, "t": 0.25}), (6, 6, {"from": 5, "to": 6, "t": 1}),
    (9, 6, {"from": 5, "to": 6, "t": 1}), (-1, 6, {"from": 0, "to": 1, "t": 0}), (0, 0, {"from": 0, "to": 0, "t": 0}),
])
def test_a_shown_epoch_lies_between_two_recorded_ones(js, epoch, last, pair):
    assert run_module(js, MODULE, "return module.epochPair(...args);", [epoch, last]) == pair


def test_the_positions_between_two_epochs_are_the_numpy_mix_of_theirs(js):
    recorded = np.random.default_rng(1).normal(size=(4, 5, 3)).astype(np.float32)
    for epoch in (0, 1, 1.5, 2.75, 3):
        shown = run_module(js, MODULE, "return Array.from(module.positionsAt(Float32Array.from(args[0]), 5, args[1]));",
                           [recorded.ravel().tolist(), epoch])
        low = min(int(epoch), 2)
        expected = recorded[low] + (recorded[low + 1] - recorded[low]) * (epoch - low)
        np.testing.assert_allclose(np.reshape(shown, (5, 3)), expected, atol=1e-6)


TIMELINE = {"epochs": 3, "epoch_0": {"test_loss": 540.0, "test_reconstruction": 539.0, "test_kl": 1.0, "test_knn5": 0.2},
            "history": [{"epoch": 1, "test_loss": 150.0, "test_reconstruction": 135.0, "test_kl": 15.0, "test_knn5": None},
                        {"epoch": 2, "test_loss": 140.0, "test_reconstruction": 126.0, "test_kl": 14.0, "test_knn5": 0.9},
                        {"epoch": 3, "test_loss": 130.0, "test_reconstruction": 118.0, "test_kl": 12.0, "test_knn5": 0.95}]}


def test_the_chart_has_a_row_per_epoch_from_0_a_missing_figure_null(js):
    rows = run_module(js, MODULE, "return module.chartRows(args);", {**TIMELINE, "history": TIMELINE["history"][1:]})
    assert [row["epoch"] for row in rows] == [0, 1, 2, 3]
    assert rows[0]["test_loss"] == 540.0 and rows[1] == {"epoch": 1, "test_loss": None, "test_reconstruction": None,
                                                           "test_kl": None, "test_knn5": None}


def test_the_chart_scales_span_the_trained_epochs_losses_and_find_the_nearest_epoch(js):
    scales = run_module(js, MODULE, """
      const rows = module.chartRows(args);
      const s = module.chartScales(rows, 260, 90, 4);
      return { range: s.lossRange, x: [0, 1, 3].map(s.x), epochs: [0, 40, 48, 256, 300].map(s.epochAt),
               loss: [12, 150, 540].map(s.loss), share: [0, 0.5, 1].map(s.share),
               knn: module.seriesPath(rows, 'test_knn5', s, 'share') };
    """, TIMELINE)
    assert scales["range"] == [12.0, 150.0], "epoch 0's untrained losses are left out of the range: the rest would be flat"
    assert scales["x"] == [4, 4 + 252 / 3, 256]
    assert scales["epochs"] == [0, 0, 1, 3, 3]
    assert scales["loss"] == [86, 4, 4], "a loss above the range is cut at the top"
    assert scales["share"] == [86, 45, 4]
    assert scales["knn"] == "M4.0 69.6 M172.0 12.2 L256.0 8.1", "the line breaks where a figure is missing"


CONTEXT = {"datasets": [{"id": "mnist", "title": "MNIST", "classes": list("0123456789"), "timeline": {"epochs": 60}},
                        {"id": "fashion-mnist", "title": "Fashion-MNIST", "classes": list("0123456789"), "timeline": None}],
           "limits": LIMITS}


@pytest.mark.parametrize("search, epoch, ignored", [
    ("epoch=12", 12, []), ("epoch=0", 0, []), ("epoch=61", 60, ["epoch: 61 is past the last epoch (60); using 60"]),
    ("epoch=2.5", None, ['epoch: "2.5" is not a whole number; using the default']),
    ("dataset=fashion-mnist&epoch=3", None, ["epoch: Fashion-MNIST has no timeline; ignored it"]),
])
def test_the_link_keeps_the_epoch_of_a_data_set_with_a_timeline(js, search, epoch, ignored):
    decoded = run_module(js, "/js/url-state.js", "return module.decodeView(args.search, args.context);", {"search": search, "context": CONTEXT})
    assert decoded["view"].get("epoch") == epoch and decoded["ignored"] == ignored
    if epoch is not None:
        assert run_module(js, "/js/url-state.js", "return module.encodeView(args);", decoded["view"]) == f"epoch={epoch}"
