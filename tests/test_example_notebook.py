"""The example notebook in examples/ runs from top to bottom in a real kernel (nbclient, no browser): it trains its
small VAE on the real MNIST and opens the explorer on it, and its cells that read the widget's traits work."""
from pathlib import Path

import pytest

from latent_explorer.layout import DATA_ROOT_ENV

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "explore_a_small_vae.ipynb"

pytestmark = [pytest.mark.slow, pytest.mark.torch]


def test_the_example_notebook_trains_its_vae_and_explores_it(real_data_root, tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient
    notebook = nbformat.read(EXAMPLE, as_version=4)
    monkeypatch.setenv(DATA_ROOT_ENV, str(real_data_root))  # the kernel inherits it
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = {cell.id: "".join(output.get("text", "") for output in cell.get("outputs", [])) for cell in notebook.cells}
    assert "epoch 3: loss" in outputs["cell-2"]
    widget, = [output for output in notebook.cells[3].outputs if output.output_type == "execute_result"]
    assert "application/vnd.jupyter.widget-view+json" in widget.data
    assert outputs["cell-5"].startswith("0 points selected")
