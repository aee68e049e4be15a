"""The engine's door to Keras: tested versions, stepping aside, the switch."""

import logging

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.datasets import load_digits

from keras_lectures import KerasClassifier
from keras_lectures import engine
from keras_lectures.backend import import_keras
from keras_lectures.engine import _keras_internals
from tests._builders import dense_classifier


@pytest.mark.parametrize("version, expected", [
    ("3.13.0", True), ("3.14.2", True), ("3.15.1", True), ("3.12.0", False),
    ("3.16.0", False), ("4.0.0", False), ("3.15.0.dev2026", True), ("nightly", False),
])
def test_tested_versions(monkeypatch, version, expected):
    keras = import_keras()
    monkeypatch.setattr(_keras_internals, "_tested", None)
    monkeypatch.setattr(keras, "version", lambda: version)
    assert _keras_internals.tested() is expected


def test_untested_keras_steps_aside(monkeypatch, caplog):
    """On an untested Keras version fits and predictions are Keras's own."""
    X, y = load_digits(n_class=3, return_X_y=True)
    X, y = (X[:90] / 16.0).astype(np.float32), y[:90]
    keras = import_keras()

    def fit():
        return KerasClassifier(dense_classifier, epochs=2, random_state=0).fit(X, y)

    with engine.fast_fit(False):
        keras_own = fit()
    monkeypatch.setattr(_keras_internals, "_tested", None)
    monkeypatch.setattr(keras, "version", lambda: "3.99.0")
    calls = []
    monkeypatch.setattr(keras.Model, "predict_on_batch",
                        lambda self, x, _f=keras.Model.predict_on_batch: calls.append(1)
                        or _f(self, x))
    with caplog.at_level(logging.DEBUG, logger="keras_lectures.engine"):
        est = fit()
        probabilities = est.predict_proba(X)
        fit()
    assert not engine.can_train(keras, est.model_)
    assert calls  # predictions went through Keras's predict_on_batch
    assert_array_equal(probabilities, keras_own.predict_proba(X))
    assert est.history_ == keras_own.history_
    messages = [r.getMessage() for r in caplog.records if "3.99.0" in r.getMessage()]
    assert len(messages) == 1 and "outside the versions" in messages[0]


def test_switch_is_process_wide():
    from concurrent.futures import ThreadPoolExecutor

    with engine.fast_fit(False):
        with ThreadPoolExecutor(1) as pool:
            assert pool.submit(engine.fast_fit_enabled).result() is False
    assert engine.fast_fit_enabled()


def test_one_module_imports_keras_internals():
    from pathlib import Path

    package = Path(engine.__file__).parent.parent
    users = sorted(str(p.relative_to(package)) for p in package.rglob("*.py")
                   if "keras.src" in p.read_text())
    assert users == ["engine/_keras_internals.py"]


def test_compiled_code_is_freed_once_every_few_evictions(monkeypatch):
    """Evicted trainers' compiled code is freed in batches, and on clear_trainers,
    through the hooks the backend modules registered."""
    from keras_lectures.engine import cache, registry

    calls = []
    monkeypatch.setattr(registry, "_hooks", {
        name: registry.BackendHooks(fit=None, predict=None,
                                    release_compiled=lambda name=name: calls.append(name))
        for name in ("jax", "tensorflow")
    })
    release = cache._CompiledReleaser()
    for i in range(cache.RELEASE_EVERY - 1):
        release([("jax", i)])
    assert calls == []
    release([("tensorflow", "last")])
    assert sorted(calls) == ["jax", "tensorflow"]
    release([("jax", "after")])
    assert sorted(calls) == ["jax", "tensorflow"]
    release((), now=True)
    assert sorted(calls) == ["jax", "jax", "tensorflow"]


def test_shared_modules_never_import_a_backend_module():
    """Only the registry reaches the backend modules (no import circle)."""
    import ast
    from pathlib import Path

    folder = Path(engine.__file__).parent
    backend_modules = {"_jax", "_tensorflow", "_torch", "_torch_native", "_torch_step"}
    for path in folder.glob("*.py"):
        if path.stem in backend_modules:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                assert name.rsplit(".", 1)[-1] not in backend_modules, (path.name, name)


def test_registry_names_the_backends_it_serves():
    from keras_lectures.engine import registry

    with pytest.raises(ValueError, match="no module for the Keras backend 'numpy'"):
        registry.hooks("numpy")
    backend = import_keras().backend.backend()
    assert callable(registry.hooks(backend).fit)
    assert backend in registry.loaded()


@pytest.mark.skipif(import_keras().backend.backend() != "tensorflow", reason="tensorflow")
def test_tensorflow_keeps_no_graph_of_evicted_trainers():
    """Traced train steps are freed with their trainer (none kept by TensorFlow's
    registry of custom gradients), so new architectures cost no memory for good."""
    import gc

    X, y = load_digits(return_X_y=True)
    X, y = (X[:64] / 16.0).astype(np.float32), y[:64]
    engine.clear_trainers()

    def step_graphs():
        gc.collect()
        return sum(type(o).__name__ == "FuncGraph" and o.name == "step"
                   for o in gc.get_objects())

    before = step_graphs()
    n_new = 6
    for units in range(1, n_new + 1):
        KerasClassifier(dense_classifier, model__hidden_units=units, epochs=1,
                        batch_size=48, random_state=0).fit(X, y)
    # each cached trainer traces its step for a full and a partial batch
    from keras_lectures.engine.cache import MAX_TRAINERS

    assert step_graphs() - before <= 2 * MAX_TRAINERS < 2 * n_new
