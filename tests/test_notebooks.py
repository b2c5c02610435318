"""Every notebook runs top to bottom without error, stays small when saved with its widgets, and is
kept stripped in git."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_the_three_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == ["01_explore.ipynb", "02_reported_tolls.ipynb", "03_your_own_data.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stripped(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{path.name}: strip outputs"


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError naming the cell on any error
    saved = tmp_path / path.name
    nbformat.write(nb, saved)  # as Jupyter saves it, with the widgets' state
    assert saved.stat().st_size < 1_000_000, f"{path.name} weighs {saved.stat().st_size:,} bytes when saved"
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    if path.name.startswith("03"):  # the broken copy is caught, naming file, line and column
        lines = (REPO / "data" / "events.csv").read_text(encoding="utf-8").splitlines()
        line = next(i for i, row in enumerate(lines, start=1) if ",2025-02-25," in row)  # the date it breaks
        assert f"events.csv:{line}: column 'start': not a valid date" in text
        assert "column 'category': unknown value" in text
        exports = tmp_path / "exports"  # its exports go beside it, and it says where
        assert (exports / "coastal-clashes.html").exists() and (exports / "acled.html").exists()
        assert str(exports) in text
    # the last code cell produced something a reader sees
    last = [c for c in nb.cells if c.cell_type == "code"][-1]
    assert last.outputs


def test_notebooks_are_those_the_script_writes(tmp_path, monkeypatch):
    """scripts/make_notebooks.py is where the notebooks are edited: the committed ones are its output."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_notebooks", REPO / "scripts" / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", tmp_path)
    module.main()
    for path in NOTEBOOKS:
        assert (tmp_path / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), path.name
