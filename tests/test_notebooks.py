"""Every notebook is committed without outputs and executes without error.

The notebooks end with assertion cells, so executing them checks that the recomputed
values reproduce what the papers printed.
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a code cell has outputs"
            assert cell.execution_count is None, f"{path.name}: a code cell has an execution count"


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    # a cell that draws a figure must show it (no backend override hiding plt.show()), unless it
    # printed a NOTE that its data are missing
    draws = re.compile(r"forest_plot\(|\.plot\(|plots\.\w+\(|plt\.subplots\(")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not draws.search(cell.source):
            continue
        kinds = {k for out in cell.outputs for k in out.get("data", {})}
        noted = any("NOTE" in out.get("text", "") for out in cell.outputs)
        assert noted or any(k.startswith("image/") for k in kinds), (
            f"{path.name} cell {i} draws a figure but shows no image")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_backend_override(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        assert 'matplotlib.use("Agg")' not in cell.source, f"{path.name} hides its figures"
