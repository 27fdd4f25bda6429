"""A real JupyterLab on loopback, and a notebook run in it from headless Chromium: for the widget's tests and the
bench (`explore` in a cell, the explorer in its output).

JupyterLab runs from this interpreter with its own settings, runtime and IPython folders inside the notebook
folder, so that nothing of the user's own Jupyter is read or written, and a token, so that nothing else on the
machine can drive its kernels. It is told to put its application on ``window.jupyterapp`` (as JupyterLab's own
UI tests do), which is how a test runs cells and reads the kernel's answers.
"""
import json
import os
import secrets
import sys
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

from latent_explorer.tools.harness import ChildServer, HarnessError

FRAME = 'iframe[title="Latent Space Explorer"]'  # the widget's frame (frontend/widget.js)
KERNEL_SECONDS = 180  # a cold kernel imports numpy, onnxruntime and Flask on a busy 2-core machine


class JupyterLab(ChildServer):
    def __init__(self, folder, log_path, env=None):
        folder = Path(folder)
        self.folder, self.token = folder, secrets.token_hex(16)
        private = {name: str(folder / f".{name.lower()}") for name in
                   ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR")}
        # The kernel is this interpreter's: its folder first on PATH, where the python3 kernel spec looks.
        path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        super().__init__([sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
                          f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={folder}",
                          "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
                          *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []), "--port"],
                         log_path, f"/api/status?token={self.token}", env={**(env or os.environ), **private, "PATH": path})

    def request(self, method, path, body=None, connection=None, headers=None):
        return super().request(method, path, body, connection, {"Authorization": f"token {self.token}", **(headers or {})})

    def notebook_url(self, name):
        return f"{self.url}/lab/tree/{name}?token={self.token}"


def write_notebook(path, cells):
    """A notebook of code ``cells`` (strings) at ``path``, for the python3 kernel."""
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [{"cell_type": "code", "id": f"cell-{index}", "metadata": {}, "execution_count": None,
                   "outputs": [], "source": source} for index, source in enumerate(cells)]}
    Path(path).write_text(json.dumps(notebook, indent=1))


def open_notebook(page, lab, name):
    """Open notebook ``name`` in ``page`` and wait for its kernel."""
    page.goto(lab.notebook_url(name))
    page.wait_for_function("() => window.jupyterapp?.shell?.currentWidget?.sessionContext?.session?.kernel"
                           "?.connectionStatus === 'connected'", timeout=KERNEL_SECONDS * 1000)


def run_all_cells(page):
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")


def kernel_output(page, code, timeout=60):
    """What ``code`` prints, run in the notebook's kernel (not as a cell: the notebook is left as it is)."""
    return page.evaluate("""async ([code, timeout]) => {
      const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
      const future = kernel.requestExecute({ code, store_history: false });
      let text = "";
      future.onIOPub = (message) => {
        const content = message.content;
        if (message.header.msg_type === "stream") text += content.text;
        if (message.header.msg_type === "error") text += `${content.ename}: ${content.evalue}`;
      };
      await Promise.race([future.done, new Promise((_, reject) => setTimeout(() => reject(new Error("the kernel did not answer")), timeout * 1000))]);
      return text;
    }""", [code, timeout])


def widget_frame(page, timeout=KERNEL_SECONDS):
    """The explorer's frame in the notebook's output, once its page has drawn its first cloud."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        failed = page.query_selector(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        if failed is not None:
            raise HarnessError(f"a cell of the notebook failed:\n{failed.inner_text()}")
        said = page.query_selector(f"{FRAME} + [role=alert]")
        if said is not None and said.inner_text().strip():
            raise HarnessError(f"the widget says: {said.inner_text()}")
        element = page.query_selector(FRAME)
        frame = element and element.content_frame()
        try:
            if frame is not None and frame.evaluate("() => performance.getEntriesByType('mark')"
                                                    ".some((mark) => mark.name.startsWith('cloud-drawn:'))"):
                return frame
        except PlaywrightError:
            pass  # the frame is between its blank document and the page
        time.sleep(0.2)
    raise HarnessError(f"the explorer in the notebook drew no cloud within {timeout} s")
