"""Choosing the Keras backend, and importing the package without Keras."""

import json
import os
import subprocess
import sys

import pytest

from keras_lectures import backend


def run_python(code, **env):
    environment = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, timeout=300
    )
    return result


def test_available_lists_installed_backends_in_preference_order():
    names = backend.available()
    assert names, "the test environment has at least one backend"
    assert names == [n for n in backend.BACKENDS if n in names]


def test_current_honours_environment_then_keras_json(monkeypatch, tmp_path):
    # current() reports a loaded Keras's backend; test the configuration path.
    monkeypatch.delitem(sys.modules, "keras", raising=False)
    monkeypatch.setenv("KERAS_BACKEND", "torch")
    assert backend.current() == "torch"
    monkeypatch.delenv("KERAS_BACKEND")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    (tmp_path / "keras.json").write_text(json.dumps({"backend": "tensorflow"}))
    assert backend.current() == "tensorflow"
    (tmp_path / "keras.json").unlink()
    assert backend.current() == backend.available()[0]


def test_unknown_and_missing_backends_are_refused_clearly(monkeypatch):
    with pytest.raises(ValueError, match="Unknown Keras backend 'theano'"):
        backend.use("theano")
    monkeypatch.setattr(backend.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImportError, match=r'pip install "keras-lectures\[jax\]"'):
        backend.use("jax")


def test_import_is_lazy_and_selection_applies():
    active = os.environ.get("KERAS_BACKEND") or backend.available()[0]
    code = (
        "import sys, keras_lectures\n"
        "from keras_lectures import backend, KerasClassifier\n"
        "assert 'keras' not in sys.modules, 'keras imported too early'\n"
        f"backend.use({active!r})\n"
        "keras = backend.import_keras()\n"
        "print(keras.backend.backend())\n"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == active


def test_use_after_keras_is_loaded_names_both_backends():
    installed = backend.available()
    if len(installed) < 2:
        pytest.skip("needs two installed backends")
    first, second = installed[:2]
    code = (
        "from keras_lectures import backend\n"
        f"backend.use({first!r}); backend.import_keras()\n"
        f"backend.use({first!r})  # same backend: harmless\n"
        "try:\n"
        f"    backend.use({second!r})\n"
        "except RuntimeError as error:\n"
        "    print(error)\n"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert first in result.stdout and second in result.stdout
    assert "already loaded" in result.stdout


def test_no_configuration_picks_an_installed_backend(tmp_path):
    code = "from keras_lectures import backend\nprint(backend.current())"
    result = run_python(code, KERAS_HOME=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend.available()[0]
