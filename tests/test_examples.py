"""Every gallery script runs on the current backend (matplotlib Agg, offline).

Each script is executed as ``__main__`` in this process, as sphinx-gallery runs
it, from a temporary working directory, isolated from the scripts before it
(the ``isolated_script`` fixture: default rcParams, a cleared Keras session,
empty engine caches, the global random state restored); its figures are
closed afterwards.
Training is capped at a few epochs (Keras's ``max_epochs``, which Keras's
``fit`` and the lean loops obey, in subprocesses too): every line of every
script runs on every backend, and the documentation build runs the gallery
in full on jax.
"""

import os
import runpy
import sys
import tempfile
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*/plot_*.py"))


def test_the_gallery_has_its_examples():
    assert len(SCRIPTS) >= 22
    sys.path.insert(0, str(EXAMPLES.parent / "docs" / "_ext"))
    try:
        from gallery_order import SCRIPTS as TEACHING_ORDER
    finally:
        sys.path.pop(0)
    assert sorted(TEACHING_ORDER) == sorted(script.name for script in SCRIPTS), (
        "every example has its place in docs/_ext/gallery_order.py"
    )
    for script in SCRIPTS:
        text = script.read_text()
        assert text.startswith('"""\n'), f"{script.name} opens without a docstring title"
        title = text.split("\n")[1]
        underline = text.split("\n")[2]
        assert title and underline == "=" * len(title), script.name
        assert "# %%" in text, f"{script.name} has no cells"
    for section in {script.parent for script in SCRIPTS} | {EXAMPLES}:
        assert (section / "README.rst").is_file(), f"{section} has no gallery header"


#: Epochs each fit of a script is capped at in these tests.
MAX_EPOCHS = 3


@pytest.fixture
def few_epochs(monkeypatch):
    from keras_lectures.backend import import_keras

    keras = import_keras()
    before = keras.config.max_epochs()
    monkeypatch.setenv("KERAS_MAX_EPOCHS", str(MAX_EPOCHS))
    keras.config.set_max_epochs(MAX_EPOCHS)
    yield
    keras.config.set_max_epochs(before)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_example_runs(script, tmp_path, monkeypatch, few_epochs, isolated_script):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(plt, "show", lambda *args, **kwargs: None)
    before = set(plt.get_fignums())
    try:
        namespace = runpy.run_path(str(script), run_name="__main__")
        drawn = set(plt.get_fignums()) - before
        animated = any(type(v).__name__ == "TrainingAnimation" for v in namespace.values())
        assert drawn or animated, f"{script.name} drew no figure"
        for number in drawn:
            figure = plt.figure(number)
            assert figure.axes, f"{script.name}: figure {number} is empty"
    finally:
        plt.close("all")
    assert os.getcwd() == str(tmp_path)
