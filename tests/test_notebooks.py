"""Every gallery notebook runs in a Jupyter kernel, as a learner would open it.

sphinx-gallery writes one ``.ipynb`` per example next to its page
(``docs/auto_examples/<section>/plot_*.ipynb``, offered for download on the
site). ``tox -e docs`` builds the site and then runs this test on jax (with
``KERAS_LECTURES_DOCS_BUILT=1``, which makes a missing notebook a failure);
without a build, or without nbclient, the tests skip.

Each notebook runs top to bottom in a fresh kernel of this Python (nbclient,
ipykernel), from a temporary folder, and fails on the first cell error.
The 14 notebooks take about 160 s of CPU time in all (each kernel imports
Keras and jax afresh).
Training is capped at ``MAX_EPOCHS`` epochs through ``KERAS_MAX_EPOCHS``,
which Keras's ``fit`` and the lean loops obey, as in ``tests/test_examples.py``:
the build has already run every example in full.
"""

import json
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = Path(os.environ.get("KERAS_LECTURES_NOTEBOOKS", ROOT / "docs" / "auto_examples"))
SCRIPTS = sorted((ROOT / "examples").glob("*/plot_*.py"))

#: Epochs each fit of a notebook is capped at.
MAX_EPOCHS = 3
#: terminal colour codes in kernel tracebacks
_COLOURS = re.compile(r"\x1b\[[0-9;]*m")
#: Seconds one cell may run (the slowest examples train several models in one cell).
CELL_TIMEOUT = 600


def _notebook(script):
    path = NOTEBOOKS / script.parent.name / f"{script.stem}.ipynb"
    if not path.is_file():
        if os.environ.get("KERAS_LECTURES_DOCS_BUILT") == "1":
            pytest.fail(f"the documentation build wrote no notebook {path}")
        pytest.skip(f"no notebook {path} (tox -e docs builds them)")
    return path


@pytest.fixture(scope="module")
def kernel_name(tmp_path_factory):
    """A kernel spec that runs this Python, whatever PATH and the installed specs say."""
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / "keras-lectures"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "keras-lectures (tests)",
        "language": "python",
    }))
    return "keras-lectures", str(folder)


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_notebook_runs_in_a_kernel(script, kernel_name, tmp_path, monkeypatch):
    path = _notebook(script)
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    name, jupyter_path = kernel_name
    monkeypatch.setenv("JUPYTER_PATH", jupyter_path)
    # the kernel inherits this environment: the backend, the epoch cap,
    # a plotting backend without a display, temporary files in tmp_path
    monkeypatch.setenv("KERAS_BACKEND", os.environ.get("KERAS_BACKEND", "jax"))
    monkeypatch.setenv("KERAS_MAX_EPOCHS", str(MAX_EPOCHS))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    notebook = nbformat.read(path, as_version=4)
    code_cells = [cell for cell in notebook.cells
                  if cell.cell_type == "code" and cell.source.strip()]
    assert code_cells, f"{path.name} has no code cell"
    client = NotebookClient(
        notebook, kernel_name=name, timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:  # the cell and its traceback, without colours
        pytest.fail(f"{path.name}: a cell failed\n{_COLOURS.sub('', str(error))}")
    errors = [output for cell in code_cells for output in cell.get("outputs", [])
              if output.get("output_type") == "error"]
    assert not errors, f"{path.name}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
    # every code cell ran, in order
    counts = [cell.get("execution_count") for cell in code_cells]
    assert counts == list(range(1, len(code_cells) + 1)), counts
