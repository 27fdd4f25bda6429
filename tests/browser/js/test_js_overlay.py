"""Unit tests of frontend/js/overlay.js, state -> the overlay's lines and marks, in headless Chromium."""
from module_runner import run_module


def build(js, selection, pixel_ratio=1):
    return run_module(js, "/js/overlay.js", "return module.buildOverlay(args[0], { cursorArm: 0.5, pixelRatio: args[1] });",
                      [selection, pixel_ratio])


def test_nothing_selected_draws_nothing(js):
    assert build(js, {"traversal": None, "controlPoints": [], "hovered": None, "cursor": None}) == {"lines": [], "marks": []}


def test_traversal_draws_its_curve_numbered_markers_and_a_ring_at_the_current_step(js):
    path = [[0, 0, 0], [1, 0, 0], [2, 0, 0]]
    overlay = build(js, {"traversal": {"path": path, "index": 1, "closed": True},
                         "controlPoints": [[0, 0, 0], [2, 0, 0]], "hovered": None, "cursor": None}, pixel_ratio=2)
    curve, = overlay["lines"]
    assert curve["points"] == path and curve["closed"] is True and curve["width"] == 6
    discs = [mark for mark in overlay["marks"] if not mark["ring"]]
    rings = [mark for mark in overlay["marks"] if mark["ring"]]
    assert [disc["position"] for disc in discs] == [[0, 0, 0], [2, 0, 0]]
    assert [ring["position"] for ring in rings] == [[1, 0, 0]]
    assert rings[0]["size"] > discs[0]["size"], "the step ring goes around a control point's disc"


def test_hover_ring_and_the_3d_cursor_with_three_axis_strokes(js):
    overlay = build(js, {"traversal": None, "controlPoints": [], "hovered": [1, 1, 1], "cursor": [0, 0, 0]})
    assert [mark["position"] for mark in overlay["marks"]] == [[1, 1, 1], [0, 0, 0]]
    strokes = [line["points"] for line in overlay["lines"]]
    assert strokes == [[[-0.5, 0, 0], [0.5, 0, 0]], [[0, -0.5, 0], [0, 0.5, 0]], [[0, 0, -0.5], [0, 0, 0.5]]]
