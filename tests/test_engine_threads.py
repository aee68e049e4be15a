"""Seeded fits and predictions in threads equal the same work run in sequence.

Threads of a ``ThreadPoolExecutor``, of joblib's threading backend and of an
in-process Dask cluster share the process's random generators and torch's
thread count; each fit must still draw exactly what it draws alone, and leave
NumPy's global random state, Keras's seed generator and torch's thread count
as they were. With the fast routes on and off, on the active backend.
"""

from concurrent.futures import ThreadPoolExecutor

import joblib
import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import load_digits
from sklearn.model_selection import StratifiedKFold, cross_val_score

from keras_lectures import KerasClassifier
from keras_lectures.backend import current, import_keras
from keras_lectures.engine import _keras_internals, fast_fit, fast_fit_enabled
from tests._builders import dense_classifier, dropout_classifier


@pytest.fixture(autouse=True)
def _fast_fit_default(monkeypatch):
    """The switch's default, whatever KERAS_LECTURES_FAST_FIT says outside."""
    monkeypatch.delenv("KERAS_LECTURES_FAST_FIT", raising=False)


# fits of the same seed on the same data compute the same float32 operations,
# whatever runs alongside; the tolerance only absorbs a reordered reduction
ATOL = 1e-6


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(n_class=4, return_X_y=True)
    return (X[:120] / 16.0).astype(np.float32), y[:120]


BUILDERS = {"dense": dense_classifier, "dropout": dropout_classifier}


def _fit_and_predict(builder, seed, X, y):
    est = KerasClassifier(builder, epochs=2, batch_size=16, random_state=seed)
    return est.fit(X, y).predict_proba(X)


class _GlobalState:
    """Every process-wide setting a fit could touch: Python's, NumPy's, torch's
    and TensorFlow's random state, torch's thread count, Keras's seed source and
    TensorFlow probe, this thread's Keras seed generator and fast-fit switch."""

    def __init__(self):
        self.state = self._read()

    @staticmethod
    def _read():
        import random

        source = _keras_internals.keras_seed_source()
        state = {
            "python": random.getstate(),
            "numpy": np.random.get_state()[1].copy(),
            "keras seed generator": id(_keras_internals.global_seed_generator()),
            "keras draws from Python's random": (
                source is random or type(source).__name__ == "_ThreadPythonRandom"),
            "tensorflow probe": _keras_internals.tensorflow_probe()._available,
            "fast fit": fast_fit_enabled(),
        }
        if current() == "torch":
            import torch

            state["torch threads"] = torch.get_num_threads()
            state["torch random"] = torch.random.get_rng_state().numpy().copy()
        if current() == "tensorflow":
            state["tensorflow seed"] = _keras_internals.tensorflow_global_seed()
        return state

    def assert_unchanged(self, ignore=()):
        now = self._read()
        assert now.keys() == self.state.keys()
        for key, value in self.state.items():
            if key in ignore:
                continue
            if key == "tensorflow probe" and value is None and now[key] is not None:
                # Keras caches its answer on first use: only a wrong one is a leak
                assert now[key] == _tensorflow_installed(), key
                continue
            if isinstance(value, np.ndarray):
                np.testing.assert_array_equal(now[key], value, err_msg=key)
            else:
                assert now[key] == value, key


def _tensorflow_installed():
    import importlib.util

    return importlib.util.find_spec("tensorflow") is not None


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "keras-fit"])
@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_thread_pool_equals_sequential(digits, kind, fast):
    X, y = digits
    builder = BUILDERS[kind]
    seeds = [0, 1, 2, 3]
    np.random.seed(5)
    before = _GlobalState()
    def fit_and_predict(seed):
        with fast_fit(fast):  # the switch holds in its own thread only
            return _fit_and_predict(builder, seed, X, y)

    sequential = [fit_and_predict(seed) for seed in seeds]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(fit_and_predict, seeds))
    before.assert_unchanged()
    assert not np.allclose(sequential[0], sequential[1])  # the seeds matter
    for a, b in zip(sequential, threaded):
        assert_allclose(b, a, rtol=0, atol=ATOL)


def test_predictions_in_threads(digits):
    X, y = digits
    fitted = [KerasClassifier(dense_classifier, epochs=1, random_state=s).fit(X, y)
              for s in range(3)]
    expected = [est.predict_proba(X) for est in fitted]
    before = _GlobalState()
    with ThreadPoolExecutor(max_workers=3) as pool:
        for _ in range(3):
            got = list(pool.map(lambda est: est.predict_proba(X), fitted))
            for a, b in zip(expected, got):
                assert_allclose(b, a, rtol=0, atol=ATOL)
    before.assert_unchanged()


def _cross_val(X, y, n_jobs):
    est = KerasClassifier(dropout_classifier, epochs=2, batch_size=16, random_state=0)
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    return cross_val_score(est, X, y, cv=cv, scoring="neg_log_loss", n_jobs=n_jobs)


def test_joblib_threading_backend_equals_sequential(digits):
    X, y = digits
    np.random.seed(7)
    before = _GlobalState()
    sequential = _cross_val(X, y, n_jobs=1)
    with joblib.parallel_backend("threading"):
        threaded = _cross_val(X, y, n_jobs=2)
    before.assert_unchanged()
    assert_allclose(threaded, sequential, rtol=0, atol=ATOL)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dask_threads_equal_sequential(digits):
    distributed = pytest.importorskip("dask.distributed")
    X, y = digits
    sequential = _cross_val(X, y, n_jobs=1)
    before = _GlobalState()
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        with joblib.parallel_config(backend="dask"):
            threaded = _cross_val(X, y, n_jobs=2)
        futures = client.map(lambda s: _fit_and_predict(dense_classifier, s, X, y), [0, 1])
        mapped = client.gather(futures)
    before.assert_unchanged(ignore=("python",))  # Dask itself draws from random
    assert_allclose(threaded, sequential, rtol=0, atol=ATOL)
    for seed, probabilities in zip([0, 1], mapped):
        assert_allclose(probabilities, _fit_and_predict(dense_classifier, seed, X, y),
                        rtol=0, atol=ATOL)


def _spy_on_keras_fit(monkeypatch):
    """The threads that called ``keras.Model.fit``."""
    import threading

    keras = import_keras()
    callers = []
    own_fit = keras.Model.fit

    def fit(self, *args, **kwargs):
        callers.append(threading.get_ident())
        return own_fit(self, *args, **kwargs)

    monkeypatch.setattr(keras.Model, "fit", fit)
    return callers


def test_two_threads_each_get_their_switch(digits, monkeypatch):
    """Two threads at once, one in fast_fit(False) and one without: the first
    fits with Keras's own fit, the second takes the lean loop; both give the
    sequential results, and no process-wide setting changes."""
    import threading

    X, y = digits
    expected = [_fit_and_predict(dense_classifier, seed, X, y) for seed in (0, 1)]
    callers = _spy_on_keras_fit(monkeypatch)
    before = _GlobalState()
    barrier = threading.Barrier(2, timeout=60)
    seen, idents, results = {}, {}, {}

    def work(seed, fast):
        idents[seed] = threading.get_ident()
        with fast_fit(fast) if fast is not None else _no_block():
            barrier.wait()  # both blocks are open at once
            seen[seed] = fast_fit_enabled()
            results[seed] = _fit_and_predict(dense_classifier, seed, X, y)
            barrier.wait()

    threads = [threading.Thread(target=work, args=(0, False)),
               threading.Thread(target=work, args=(1, None))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {0: False, 1: True}
    assert idents[0] in callers and idents[1] not in callers
    for seed in (0, 1):
        assert_allclose(results[seed], expected[seed], rtol=0, atol=1e-5)
    before.assert_unchanged()


class _no_block:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_joblib_workers_obey_the_callers_switch(digits, monkeypatch):
    """cross_val_score in a fast_fit(False) block, on joblib's threading
    backend: the workers fit with Keras's own fit (the clones carry the switch)."""
    X, y = digits
    callers = _spy_on_keras_fit(monkeypatch)
    with fast_fit(False), joblib.parallel_backend("threading"):
        _cross_val(X, y, n_jobs=2)
    assert len(callers) == 3
    callers.clear()
    with joblib.parallel_backend("threading"):
        _cross_val(X, y, n_jobs=2)
    assert callers == []


def test_process_wide_stand_ins_under_one_lock():
    """Two threads inside the engine's blocks at the same time each get their
    own answer (seed source, TensorFlow probe), a third thread outside gets
    Keras's own, and the stand-ins are installed once."""
    import random
    import threading

    barrier = threading.Barrier(3, timeout=60)
    draws, probes = {}, {}

    def inside(seed):
        with _keras_internals.keras_seeds_from(random.Random(seed)), \
                _keras_internals.without_tensorflow_probe():
            barrier.wait()
            draws[seed] = _keras_internals.keras_seed_source().randint(0, 10**9)
            probes[seed] = _keras_internals.tensorflow_probe().available
            barrier.wait()

    def outside():
        barrier.wait()
        random.seed(7)
        draws["outside"] = _keras_internals.keras_seed_source().randint(0, 10**9)
        barrier.wait()

    threads = [threading.Thread(target=inside, args=(s,)) for s in (1, 2)]
    threads.append(threading.Thread(target=outside))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert draws[1] == random.Random(1).randint(0, 10**9)
    assert draws[2] == random.Random(2).randint(0, 10**9)
    random.seed(7)
    assert draws["outside"] == random.randint(0, 10**9)
    import sys

    if "tensorflow" not in sys.modules:
        assert probes == {1: False, 2: False}  # no import of TensorFlow to answer
    assert _keras_internals.tensorflow_probe()._available in (None, True, False)
    stand_in = _keras_internals.keras_seed_source()
    with _keras_internals.keras_seeds_from(random.Random(0)):
        pass
    assert _keras_internals.keras_seed_source() is stand_in  # installed once


@pytest.mark.skipif(current() != "torch", reason="torch's thread count")
def test_torch_thread_count_shared_under_the_lock():
    """Two threads in tiny torch blocks at once: one thread meanwhile, and the
    count the first found is back after the last leaves."""
    import threading

    import torch

    from keras_lectures.engine._torch import threads_for

    keras = import_keras()
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    before = torch.get_num_threads()
    if before < 2:
        torch.set_num_threads(2)
    start = torch.get_num_threads()
    barrier = threading.Barrier(2, timeout=60)
    inside = []

    def work():
        with threads_for(model, 4):
            barrier.wait()
            inside.append(torch.get_num_threads())
            barrier.wait()

    threads = [threading.Thread(target=work) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert torch.get_num_threads() == start
    finally:
        torch.set_num_threads(before)
