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
from keras_lectures.engine import _keras_internals, fast_fit
from tests._builders import dense_classifier

# fits of the same seed on the same data compute the same float32 operations,
# whatever runs alongside; the tolerance only absorbs a reordered reduction
ATOL = 1e-6


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(n_class=4, return_X_y=True)
    return (X[:120] / 16.0).astype(np.float32), y[:120]


def dropout_classifier(meta=None):
    keras = import_keras()
    return keras.Sequential([
        keras.Input((meta["n_features_in_"],)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(meta["n_classes_"], activation="softmax"),
    ])


BUILDERS = {"dense": dense_classifier, "dropout": dropout_classifier}


def _fit_and_predict(builder, seed, X, y):
    est = KerasClassifier(builder, epochs=2, batch_size=16, random_state=seed)
    return est.fit(X, y).predict_proba(X)


class _GlobalState:
    """NumPy's global state, this thread's Keras seed generator, torch's threads."""

    def __init__(self):
        self.numpy = np.random.get_state()[1].copy()
        self.keras = _keras_internals.global_seed_generator()
        self.torch = self._torch_threads()

    @staticmethod
    def _torch_threads():
        if current() != "torch":
            return None
        import torch

        return torch.get_num_threads()

    def assert_unchanged(self):
        np.testing.assert_array_equal(np.random.get_state()[1], self.numpy)
        assert _keras_internals.global_seed_generator() is self.keras
        assert self._torch_threads() == self.torch


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "keras-fit"])
@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_thread_pool_equals_sequential(digits, kind, fast):
    X, y = digits
    builder = BUILDERS[kind]
    seeds = [0, 1, 2, 3]
    np.random.seed(5)
    before = _GlobalState()
    with fast_fit(fast):
        sequential = [_fit_and_predict(builder, seed, X, y) for seed in seeds]
        with ThreadPoolExecutor(max_workers=4) as pool:
            threaded = list(pool.map(lambda s: _fit_and_predict(builder, s, X, y), seeds))
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
    before.assert_unchanged()
    assert_allclose(threaded, sequential, rtol=0, atol=ATOL)
    for seed, probabilities in zip([0, 1], mapped):
        assert_allclose(probabilities, _fit_and_predict(dense_classifier, seed, X, y),
                        rtol=0, atol=ATOL)
