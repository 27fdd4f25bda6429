"""The explorer in a notebook beside the served page, in the same run: how long the widget takes from running its
cell to its first drawn cloud in a real JupyterLab, and a hover's decoded image shown when the kernel answers
through the widget's channel against the server's answer over HTTP (the same api.js call timed in both pages).
The notebook explores the served data set's own decoder and points, given to ``explore`` as a user's model is."""
import json
import tempfile
import time
from pathlib import Path

from latent_explorer.kernel_model import MODEL_ID
from latent_explorer.tools.harness import launch_chromium, new_context
from latent_explorer.tools.jupyter_lab import JupyterLab, open_notebook, run_all_cells, widget_frame, write_notebook
from latent_explorer.tools.page_timing import timed_in_page
from latent_explorer.tools.static_bench import HOVER, TIMED

HOVERS = 100
KERNEL_TIMED = timed_in_page("(await import(window.frameElement.latentExplorerModules['js/api.js']))")


NOTEBOOK_CELL = """import numpy as np
from latent_explorer import explore
folder = {folder!r}
w = explore(folder + "/decoder.onnx", np.load(folder + "/latents.npy"), np.load(folder + "/labels.npy"), image_shape=(28, 28))
w"""


def notebook_timings(server, points_dir, dataset_id, hovers=HOVERS):
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        folder = Path(scratch)
        write_notebook(folder / "bench.ipynb", [NOTEBOOK_CELL.format(folder=str(Path(points_dir).resolve() / dataset_id))])
        browser = launch_chromium(playwright)
        with JupyterLab(folder, folder / "jupyter.log") as lab:
            page = new_context(browser, viewport={"width": 1280, "height": 1200}).new_page()
            open_notebook(page, lab, "bench.ipynb")
            started = time.perf_counter()
            run_all_cells(page)
            frame = widget_frame(page)
            figures = {"start_to_first_cloud_s": round(time.perf_counter() - started, 2), "lab_start_s": round(lab.startup_seconds, 1),
                       "points": frame.evaluate("() => window.explorer.state().count"),
                       "hover_shown_kernel_ms": round(frame.evaluate(KERNEL_TIMED, [_hover(MODEL_ID), hovers]), 2)}
        served = new_context(browser, viewport={"width": 1280, "height": 800}).new_page()
        served.goto(f"{server.url}/?dataset={dataset_id}")
        served.wait_for_function("id => performance.getEntriesByName('cloud-drawn:' + id).length > 0", arg=dataset_id,
                                 timeout=120_000)
        figures["hover_shown_served_ms"] = round(served.evaluate(TIMED, [_hover(dataset_id), hovers]), 2)
        browser.close()
    figures["hover_kernel_to_served"] = round(figures["hover_shown_kernel_ms"] / figures["hover_shown_served_ms"], 2)
    return figures


def _hover(dataset_id):
    return HOVER.replace("DATASET", json.dumps(dataset_id))


def notebook_rows(figures):
    """The benchmark table's rows of these figures."""
    return [
        ("notebook: explore() cell to first cloud", f"{figures['start_to_first_cloud_s']} s in JupyterLab, "
                                                    f"{figures['points']:,} points",
         f"JupyterLab itself started in {figures['lab_start_s']} s", ""),
        ("notebook: a hover's image shown", f"{figures['hover_shown_kernel_ms']} ms through the kernel",
         f"served over HTTP: {figures['hover_shown_served_ms']} ms", f"{figures['hover_kernel_to_served']}x"),
    ]
