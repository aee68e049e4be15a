"""The engine's door to Keras: tested versions, stepping aside, the switch."""

import logging
import os
import sys
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits

from keras_lectures import KerasClassifier
from keras_lectures import engine
from keras_lectures.backend import current, import_keras
from keras_lectures.engine import _keras_internals
from tests._builders import dense_classifier


@pytest.fixture(autouse=True)
def _fast_fit_default(monkeypatch):
    """The switch's default, whatever KERAS_LECTURES_FAST_FIT says outside."""
    monkeypatch.delenv("KERAS_LECTURES_FAST_FIT", raising=False)


@pytest.fixture
def fresh_verdict(monkeypatch):
    """The engine's once-per-process checks run again in the test, then are restored."""
    monkeypatch.setattr(_keras_internals, "_verdict", None)
    monkeypatch.setattr(_keras_internals, "_model_checked", False)


@pytest.mark.parametrize("version, expected", [
    ("3.13.0", True), ("3.14.2", True), ("3.15.1", True), ("3.12.0", False),
    ("3.16.0", False), ("4.0.0", False), ("3.15.0.dev2026", True), ("nightly", False),
])
def test_tested_keras_versions(monkeypatch, fresh_verdict, version, expected):
    keras = import_keras()
    monkeypatch.setattr(keras, "version", lambda: version)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert _keras_internals.tested() is expected
        assert _keras_internals.tested() is expected
    untested = [w for w in caught if issubclass(w.category, engine.UntestedVersionWarning)]
    assert len(untested) == (0 if expected else 1)


@pytest.mark.parametrize("offset, expected", [
    ("low", True), ("high", True), ("below", False), ("above", False), ("junk", False),
])
def test_tested_backend_versions(monkeypatch, fresh_verdict, offset, expected):
    backend = import_keras().backend.backend()
    (low, high) = _keras_internals.TESTED_BACKENDS[backend]
    version = {
        "low": "%d.%d.0" % low, "high": "%d.%d.9+cpu" % high,
        "below": "%d.%d.0" % (low[0], low[1] - 1) if low[1] else "%d.99.0" % (low[0] - 1),
        "above": "%d.%d.0" % (high[0], high[1] + 1), "junk": "unknown",
    }[offset]
    monkeypatch.setattr(sys.modules[backend], "__version__", version)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert _keras_internals.tested() is expected
    messages = [str(w.message) for w in caught
                if issubclass(w.category, engine.UntestedVersionWarning)]
    if not expected:
        assert len(messages) == 1 and f"{backend} {version}" in messages[0]


def test_the_warning_says_how_to_silence_it(monkeypatch, fresh_verdict):
    keras = import_keras()
    monkeypatch.setattr(keras, "version", lambda: "3.99.0")
    with pytest.warns(engine.UntestedVersionWarning) as record:
        _keras_internals.tested()
    message = str(record[0].message)
    assert "keras 3.99.0" in message and "keras 3.13 to 3.15" in message
    assert "UntestedVersionWarning" in message and "filterwarnings" in message
    assert issubclass(engine.UntestedVersionWarning, UserWarning)
    from keras_lectures.estimators import UntestedVersionWarning

    assert UntestedVersionWarning is engine.UntestedVersionWarning


def _digits():
    X, y = load_digits(n_class=3, return_X_y=True)
    return (X[:60] / 16.0).astype(np.float32), y[:60]


def _fit(X, y):
    return KerasClassifier(dense_classifier, epochs=2, batch_size=16, random_state=0).fit(X, y)


@pytest.fixture(scope="module")
def keras_own():
    """A seeded fit and its predictions through Keras's own fit and predict."""
    X, y = _digits()
    with engine.fast_fit(False):
        est = _fit(X, y)
        return est.history_, est.predict_proba(X)


def _check_steps_aside(keras_own):
    """One warning; fits, predictions and seeds are Keras's own, and equal its results."""
    keras = import_keras()
    X, y = _digits()
    history, probabilities = keras_own
    calls = []
    own_predict = keras.Model.predict_on_batch
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keras.Model, "predict_on_batch",
                      lambda self, x: calls.append(1) or own_predict(self, x))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            est = _fit(X, y)
            got = est.predict_proba(X)
            assert not _keras_internals.tested()
    untested = [w for w in caught if issubclass(w.category, engine.UntestedVersionWarning)]
    assert len(untested) == 1
    assert not engine.can_train(keras, est.model_)
    assert calls  # predictions went through Keras's predict_on_batch
    np.testing.assert_allclose(got, probabilities, rtol=0, atol=1e-6)
    for key in history:
        np.testing.assert_allclose(est.history_[key], history[key], rtol=1e-5)
    return str(untested[0].message)


def test_untested_keras_steps_aside(monkeypatch, fresh_verdict, keras_own):
    """On an untested Keras version fits, predictions and seeds are Keras's own."""
    monkeypatch.setattr(import_keras(), "version", lambda: "3.99.0")
    assert "3.99.0" in _check_steps_aside(keras_own)


def test_untested_backend_steps_aside(monkeypatch, fresh_verdict, keras_own):
    backend = import_keras().backend.backend()
    monkeypatch.setattr(sys.modules[backend], "__version__", "99.0.0")
    assert f"{backend} 99.0.0" in _check_steps_aside(keras_own)


def _internals_of_this_backend():
    backend = import_keras().backend.backend()
    return [*_keras_internals.INTERNALS[None], *_keras_internals.INTERNALS[backend]]


def _moved(monkeypatch, path):
    """Fake ``path``'s module moved: the engine cannot import it any more."""
    module = path.partition(":")[0]
    real = _keras_internals._import

    def fake_import(name):
        if name == module:
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real(name)

    monkeypatch.setattr(_keras_internals, "_import", fake_import)


def _renamed(monkeypatch, path):
    """Fake the last attribute of ``path`` renamed: the engine looks for a name
    that is not there any more."""
    renamed = f"{path}_renamed"
    if ":" in path:
        backend = import_keras().backend.backend()
        for key in (None, backend):
            table = dict(_keras_internals.INTERNALS)
            table[key] = tuple(renamed if p == path else p for p in table[key])
            monkeypatch.setattr(_keras_internals, "INTERNALS", table)
    else:
        monkeypatch.setattr(_keras_internals, "MODEL_INTERNALS", tuple(
            renamed if p == path else p for p in _keras_internals.MODEL_INTERNALS))


@pytest.mark.parametrize("kind", ["moved", "renamed"])
def test_every_internal_is_checked(monkeypatch, fresh_verdict, kind):
    """A moved module or a renamed attribute, for each internal the engine
    uses, makes the engine step aside with one warning naming it."""
    X, y = _digits()
    keras = import_keras()
    model = _fit(X[:20], y[:20]).model_  # compiled, for the model's own internals
    for path in [*_internals_of_this_backend(), *_keras_internals.MODEL_INTERNALS]:
        if kind == "moved" and ":" not in path:
            continue  # a model's attributes live on the model, in no module
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_keras_internals, "_verdict", None)
            patch.setattr(_keras_internals, "_model_checked", False)
            (_moved if kind == "moved" else _renamed)(patch, path)
            with pytest.warns(engine.UntestedVersionWarning) as record:
                assert not engine.can_train(keras, model), path
            assert len(record) == 1
            shown = path.partition(":")[0] if kind == "moved" else f"{path}_renamed"
            assert shown in str(record[0].message)


def _one_fit_per_internal():
    cases = []
    for i, path in enumerate([*_internals_of_this_backend(),
                              *_keras_internals.MODEL_INTERNALS]):
        kind = "moved" if ":" in path and i % 2 else "renamed"
        cases.append(pytest.param(path, kind, id=f"{kind}-{path}"))
    return cases


@pytest.mark.slow
@pytest.mark.parametrize("path, kind", _one_fit_per_internal())
def test_fits_equal_keras_own_when_an_internal_moves(monkeypatch, fresh_verdict, keras_own,
                                                     path, kind):
    """For each internal the engine uses: when it moves or is renamed, fits
    still work, never raise, and equal Keras's own (seeding included)."""
    (_moved if kind == "moved" else _renamed)(monkeypatch, path)
    _check_steps_aside(keras_own)


def test_a_missing_internal_is_noticed_for_real():
    """The checks look at the real objects (not only at the table)."""
    for path in _keras_internals.INTERNALS[None]:
        assert _keras_internals._resolves(path), path
        module, attribute = path.split(":")
        assert not _keras_internals._resolves(f"{module}:{attribute}_no_such")
        assert not _keras_internals._resolves(f"{module}_no_such:{attribute}")


@pytest.mark.skipif(not os.environ.get("KERAS_LECTURES_CHECK_TESTED_VERSIONS"),
                    reason="set in the latest tox env only")
def test_newest_releases_are_tested_versions():
    """The latest tox env fails on a Keras or backend release newer than the
    engine's tested range: measure it, run the engine's tests, widen the range
    in engine/_keras_internals.py. Users on that release meanwhile get Keras's
    own fit, predict and seeding, with a warning."""
    assert _keras_internals._process_problem() == "", (
        f"{_keras_internals.versions()} are not all within the engine's tested "
        f"versions ({_keras_internals.tested_range_text()})"
    )


def _private_imports(path):
    """Modules ``path`` imports that are private parts of Keras or a backend."""
    import ast

    private = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            top, *rest = name.split(".")
            if top in ("keras", "tensorflow", "jax", "jaxlib", "torch") and (
                    any(part.startswith("_") or part in ("src", "python", "core")
                        for part in rest) or top == "jaxlib"):
                private.append(name)
    return private


def test_one_module_imports_internals():
    """Keras's and the backends' private modules (the internals module's
    PRIVATE_MODULE_PREFIXES, torch._*) are imported in one module only, and
    only there named."""
    from pathlib import Path

    package = Path(engine.__file__).parent.parent
    importers = sorted(str(p.relative_to(package)) for p in package.rglob("*.py")
                       if _private_imports(p))
    assert importers == ["engine/_keras_internals.py"]
    for path in package.rglob("*.py"):
        if path.name == "_keras_internals.py":
            continue
        text = path.read_text()
        for private in _keras_internals.PRIVATE_MODULE_PREFIXES:
            assert private not in text, (path, private)


def test_every_internal_the_door_uses_is_checked():
    """Every private module, name and attribute _keras_internals.py reads is in
    the table :func:`tested` checks."""
    import ast
    from pathlib import Path

    source = Path(_keras_internals.__file__).read_text()
    table = [*[p for paths in _keras_internals.INTERNALS.values() for p in paths],
             *_keras_internals.MODEL_INTERNALS,
             *_keras_internals.TENSORFLOW_CONTEXT_INTERNALS]
    checked_names = {part for p in table for part in p.replace(":", ".").split(".")}
    checked_modules = {p.partition(":")[0] for p in table if ":" in p}
    ours = {"_verdict", "_model_checked", "_verdict_lock", "_probe_skipped",
            "_python_draws", "_MISSING"}
    # private attributes Keras's code reads and the engine only falls back from
    optional = {"_flat_metrics", "_flat_weighted_metrics", "_flatten_y", "_flat_losses",
                "_fn", "_fn_kwargs", "_momentums", "_velocities"}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and _private_imports_name(
                node.module):
            for alias in node.names:
                joined = f"{node.module}.{alias.name}"
                assert joined in checked_modules or (
                    node.module in checked_modules and alias.name in checked_names
                ), joined
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not (
                node.attr.startswith("__")):
            assert node.attr in checked_names | ours | optional, node.attr
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and node.value.startswith("_") and not node.value.startswith("__")
                and node.value.isidentifier()):
            assert node.value in checked_names | ours | optional, node.value


def _private_imports_name(name):
    top, *rest = name.split(".")
    return top in ("keras", "tensorflow", "jax", "torch") and any(
        part.startswith("_") or part in ("src", "python") for part in rest)


def test_switch_is_thread_local():
    """A fast_fit block holds in its own thread only, as sklearn.config_context."""
    from concurrent.futures import ThreadPoolExecutor

    with engine.fast_fit(False):
        assert not engine.fast_fit_enabled()
        with ThreadPoolExecutor(1) as pool:
            assert pool.submit(engine.fast_fit_enabled).result() is True
        with engine.fast_fit(True):
            assert engine.fast_fit_enabled()
        assert not engine.fast_fit_enabled()
    assert engine.fast_fit_enabled()


def test_clones_carry_the_switch():
    """A clone made inside a block keeps its setting where it is fitted."""
    from concurrent.futures import ThreadPoolExecutor

    from sklearn.base import clone

    est = KerasClassifier(dense_classifier)
    with engine.fast_fit(False):
        carried = clone(est)
        twice = clone(carried)
    plain = clone(est)
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(carried._fast_routes).result() is False
        assert pool.submit(twice._fast_routes).result() is False
        assert pool.submit(plain._fast_routes).result() is True
    with engine.fast_fit(True):
        assert carried._fast_routes()  # the thread's own block decides
    assert "_fast_fit_carried" not in est.__dict__ and "fast_fit" not in est.get_params()


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


@pytest.mark.skipif(current() != "tensorflow", reason="tensorflow")
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
    with engine.fast_fit(True):
        for units in range(1, n_new + 1):
            KerasClassifier(dense_classifier, model__hidden_units=units, epochs=1,
                            batch_size=48, random_state=0).fit(X, y)
    # each cached trainer traces its step once (a model with convolutions
    # twice: for a full and a partial batch)
    from keras_lectures.engine.cache import MAX_TRAINERS

    assert step_graphs() - before <= 2 * MAX_TRAINERS < 2 * n_new


@pytest.mark.skipif(current() != "tensorflow", reason="tensorflow")
def test_tensorflow_traces_once_for_any_rows_and_epochs(clean_engine_caches):
    """Fits of one architecture on any number of rows (full batches only or a
    partial last one) for any number of epochs run one traced step in one
    traced whole-fit function."""
    import gc

    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype(np.float32)

    def graphs(name):
        gc.collect()
        return sum(type(o).__name__ == "FuncGraph" and o.name == name
                   for o in gc.get_objects())

    before = graphs("step"), graphs("_fit_all")
    with engine.fast_fit(True):
        for rows, epochs in [(96, 1), (100, 2), (250, 3)]:
            KerasClassifier(dense_classifier, epochs=epochs, batch_size=32,
                            random_state=0).fit(X[:rows], y[:rows])
    assert (graphs("step") - before[0], graphs("_fit_all") - before[1]) == (1, 1)


@pytest.mark.skipif(current() != "tensorflow", reason="tensorflow")
def test_no_retracing_warning_over_many_architectures():
    """A validation curve over many architectures (lean fits and Keras's own
    fits with early stopping) logs no "triggered tf.function retracing"
    warning; outside an estimator TensorFlow's message still gets through."""
    import tensorflow as tf
    from sklearn.model_selection import validation_curve

    X, y = load_digits(n_class=3, return_X_y=True)
    X, y = (X[:90] / 16.0).astype(np.float32), y[:90]
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = tf.get_logger()
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for early_stopping in (False, True):
                est = KerasClassifier(dense_classifier, epochs=2, batch_size=32,
                                      early_stopping=early_stopping, random_state=0)
                validation_curve(est, X, y, param_name="model__hidden_units",
                                 param_range=[2, 3, 4, 5, 6, 7, 8], cv=2)
        logger.warning("5 out of the last 5 calls to <function f> triggered "
                       "tf.function retracing.")
    finally:
        logger.removeHandler(handler)
    retracing = [r.getMessage() for r in records if "retracing" in r.getMessage()]
    assert retracing == ["5 out of the last 5 calls to <function f> triggered "
                         "tf.function retracing."]
    assert not [w for w in caught if "retracing" in str(w.message)]
