"""The explorer in a real JupyterLab: started on loopback by the test, a notebook run in headless Chromium.

One JupyterLab, one notebook and one page for the whole module (starting them takes most of a minute); the tests
run in order on the same widget. The notebook's model is a small numpy decoder, so the kernel needs no torch.
"""
import math
import re
import time

import pytest
from playwright.sync_api import expect

from latent_explorer.tools.jupyter_lab import (FRAME, JupyterLab, kernel_output, open_notebook, run_all_cells,
                                               widget_frame, write_notebook)
from latent_explorer.tools.harness import new_context

from page_helpers import find_pickable_point

pytestmark = pytest.mark.slow

NOTEBOOK_CELL = """
import numpy as np
from latent_explorer import explore

rng = np.random.default_rng(3)
latents = rng.normal(size=(3000, 3)).astype(np.float32)
weights = rng.normal(size=(3, 28 * 28)).astype(np.float32)
broken = False

def decoder(z):
    if broken:
        raise RuntimeError("the notebook broke its decoder")
    return 1 / (1 + np.exp(-(z @ weights))).reshape(len(z), 28, 28)

w = explore(decoder, latents, (latents[:, 0] > 0).astype(int), class_names=["left", "right"], title="Notebook VAE")
w
"""


@pytest.fixture(scope="module")
def notebook(chromium, tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebook")
    write_notebook(folder / "explore.ipynb", [NOTEBOOK_CELL])
    with JupyterLab(folder, folder / "jupyter.log") as lab:
        context = new_context(chromium, viewport={"width": 1400, "height": 1400})
        page = context.new_page()
        open_notebook(page, lab, "explore.ipynb")
        run_all_cells(page)
        frame = widget_frame(page)
        page.query_selector(FRAME).scroll_into_view_if_needed()
        yield page, frame
        context.close()


def in_page(page, frame_position):
    """A position in the explorer's frame (its client coordinates) as one of the notebook's page."""
    box = page.query_selector(FRAME).bounding_box()
    return box["x"] + frame_position["x"], box["y"] + frame_position["y"]


def test_the_widget_draws_the_notebook_models_cloud(notebook):
    _, frame = notebook
    state = frame.evaluate("() => window.explorer.state()")
    assert (frame.evaluate("() => window.explorer.mode"), state["dataset"], state["count"]) == ("kernel", "notebook", 3000)
    expect(frame.get_by_test_id("dataset-select")).to_contain_text("Notebook VAE")
    expect(frame.get_by_test_id("copy-link")).to_be_hidden()  # the frame has no address to link to


def test_a_hover_decodes_through_the_kernel_and_reaches_w_hovered(notebook):
    page, frame = notebook
    point = find_pickable_point(frame)
    page.mouse.move(*in_page(page, point))
    frame.wait_for_function(f"() => window.explorer.state().hovered === {point['index']}")
    expect(frame.get_by_test_id("decoded-image")).to_have_attribute("src", re.compile("^data:image/png"))
    deadline = time.monotonic() + 30
    while kernel_output(page, "print(w.hovered)").strip() != str(point["index"]):
        assert time.monotonic() < deadline, "w.hovered never became the hovered point"
        time.sleep(0.2)


def test_setting_w_control_points_draws_the_path_and_w_path_follows(notebook):
    page, frame = notebook
    kernel_output(page, "w.control_points = [[-1.0, -1.0, 0.0], [1.0, 0.5, 0.0], [0.0, 1.0, 1.0]]")
    frame.wait_for_function("() => window.explorer.state().traversal?.steps > 0", timeout=60_000)
    assert frame.evaluate("() => window.explorer.state().controlPoints") == \
        [[-1.0, -1.0, 0.0], [1.0, 0.5, 0.0], [0.0, 1.0, 1.0]]
    steps = frame.evaluate("() => window.explorer.state().traversal.steps")
    deadline = time.monotonic() + 30
    while kernel_output(page, "print(len(w.path))").strip() != str(steps):
        assert time.monotonic() < deadline, "w.path never held the page's path"
        time.sleep(0.2)


def test_w_highlight_set_in_the_notebook_highlights_in_the_page(notebook):
    page, frame = notebook
    kernel_output(page, "w.highlight = [1]")
    frame.wait_for_function("() => JSON.stringify(window.explorer.state().highlighted) === '[1]'")
    kernel_output(page, "w.highlight = []")
    frame.wait_for_function("() => window.explorer.state().highlighted.length === 0")


def test_a_lasso_in_the_page_reaches_w_selection_and_one_set_in_the_notebook_reaches_the_page(notebook):
    page, frame = notebook
    frame.get_by_test_id("select-mode").click()
    cloud = frame.evaluate("() => document.querySelector('[data-testid=cloud]').getBoundingClientRect().toJSON()")
    cx, cy, radius = cloud["x"] + cloud["width"] / 2, cloud["y"] + cloud["height"] / 2, cloud["height"] * 0.2
    lasso = [{"x": cx + radius * math.cos(angle), "y": cy + radius * math.sin(angle)}
             for angle in (-1.6, -0.4, 0.9, 2.2, 3.4)]
    page.mouse.move(*in_page(page, lasso[0]))
    page.mouse.down()
    for vertex in lasso[1:]:
        page.mouse.move(*in_page(page, vertex), steps=6)
    page.mouse.up()
    frame.wait_for_function("() => window.explorer.state().selection.length > 10")
    selected = frame.evaluate("() => window.explorer.state().selection")
    expect(frame.get_by_test_id("selection-count")).to_contain_text(f"{len(selected):,} point")
    deadline = time.monotonic() + 30
    while kernel_output(page, "print(w.selection)").strip() != str(selected):
        assert time.monotonic() < deadline, "w.selection never held the lasso's points"
        time.sleep(0.2)
    kernel_output(page, "w.selection = [5, 7, 2999]")
    frame.wait_for_function("() => JSON.stringify(window.explorer.state().selection) === '[5,7,2999]'")
    frame.get_by_test_id("select-mode").click()


def test_a_failing_decoder_is_named_in_the_page_and_the_notebook_and_the_widget_keeps_working(notebook):
    page, frame = notebook
    kernel_output(page, "broken = True")
    kernel_output(page, "w.control_points = [[0.0, 0.0, 0.0], [0.5, 0.5, 0.5]]")
    expect(frame.get_by_test_id("error")).to_contain_text("the decoder raised RuntimeError")
    expect(page.locator(f"{FRAME} + [role=alert]")).to_contain_text("the notebook broke its decoder")
    assert "the notebook broke its decoder" in kernel_output(page, "print(w.error)")
    kernel_output(page, "broken = False")
    kernel_output(page, "w.control_points = [[0.0, 0.0, 0.0], [-0.5, 0.5, 0.5]]")
    frame.wait_for_function("() => window.explorer.state().traversal?.path?.length > 0 "
                            "&& window.explorer.state().controlPoints[1][0] === -0.5", timeout=60_000)
