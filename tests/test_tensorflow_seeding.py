"""Seeded fits on TensorFlow clear its caches only when a random kernel may carry state.

``tf.random.set_seed`` clears TensorFlow's eager caches, which restarts the
counters of stateful random kernels (``tf.random.normal`` and the like) and
also makes every traced function be instantiated again. The engine writes
the seed without clearing unless such a kernel may have run since the last
clear (:mod:`keras_lectures.engine.seeding`). Seeded fits must still repeat
exactly, whatever stateful random ops the model's builder or the caller's
code runs, and fits of Keras-only models must clear nothing once started.
"""

import random

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import StratifiedKFold

from keras_lectures import KerasClassifier
from keras_lectures.backend import current, import_keras
from keras_lectures.diagnostics import learning_curve
from keras_lectures.engine import _keras_internals, seeding
from tests._builders import dense_classifier, dropout_classifier

pytestmark = [
    pytest.mark.skipif(current() != "tensorflow", reason="TensorFlow's kernel caches"),
    pytest.mark.usefixtures("clean_engine_caches"),
]


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(n_class=4, return_X_y=True)
    return (X[:160] / 16.0).astype(np.float32), y[:160]


@pytest.fixture
def set_seed_calls(monkeypatch):
    """The seeds ``tf.random.set_seed`` (which clears the caches) is called with."""
    import tensorflow as tf

    calls = []
    real = tf.random.set_seed

    def counting(seed):
        calls.append(seed)
        real(seed)

    monkeypatch.setattr(tf.random, "set_seed", counting)
    return calls


def stateful_init_classifier(op_seed=None, meta=None):
    """Initial weights drawn by a stateful ``tf.random.normal`` in the builder."""
    import tensorflow as tf

    keras = import_keras()
    kernel = tf.random.normal([meta["n_features_in_"], 8], stddev=0.3, seed=op_seed)
    return keras.Sequential([
        keras.Input((meta["n_features_in_"],)),
        keras.layers.Dense(8, activation="relu",
                           kernel_initializer=keras.initializers.Constant(kernel.numpy())),
        keras.layers.Dense(meta["n_classes_"], activation="softmax"),
    ])


_traced_normal = None


def traced_init_classifier(meta=None):
    """Initial weights drawn by a stateful random op inside a ``tf.function``
    traced once, by the first fit, and called again by every later one."""
    global _traced_normal
    import tensorflow as tf

    keras = import_keras()
    if _traced_normal is None:
        _traced_normal = tf.function(lambda: tf.random.normal([meta["n_features_in_"], 8]))
    kernel = _traced_normal() * 0.3
    return keras.Sequential([
        keras.Input((meta["n_features_in_"],)),
        keras.layers.Dense(8, activation="relu",
                           kernel_initializer=keras.initializers.Constant(kernel.numpy())),
        keras.layers.Dense(meta["n_classes_"], activation="softmax"),
    ])


def _fit_proba(X, y, builder=stateful_init_classifier, **params):
    est = KerasClassifier(builder, epochs=2, batch_size=16, random_state=0, **params)
    return est.fit(X, y).predict_proba(X)


def _curve(X, y, builder, **params):
    est = KerasClassifier(builder, epochs=2, batch_size=16, random_state=0, **params)
    cv = StratifiedKFold(2, shuffle=True, random_state=0)
    return learning_curve(est, X, y, cv=cv, train_sizes=[0.5, 1.0], scoring="neg_log_loss")


@pytest.mark.parametrize("op_seed", [None, 1])
def test_stateful_random_builder_repeats(digits, op_seed):
    X, y = digits
    first, second, third = (_fit_proba(X, y, model__op_seed=op_seed) for _ in range(3))
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(first, third)
    curves = [_curve(X, y, stateful_init_classifier, model__op_seed=op_seed)
              for _ in range(2)]
    np.testing.assert_array_equal(curves[0].test_scores, curves[1].test_scores)
    np.testing.assert_array_equal(curves[0].train_scores, curves[1].train_scores)


def test_stateful_random_function_repeats(digits):
    X, y = digits
    first, second, third = (_fit_proba(X, y, traced_init_classifier) for _ in range(3))
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(first, third)


@pytest.mark.parametrize("op_seed", [None, 1])
def test_callers_random_ops_between_fits(digits, op_seed):
    """The caller's own seeding and stateful draws do not leak into a seeded fit."""
    import tensorflow as tf

    X, y = digits
    first = _fit_proba(X, y, model__op_seed=op_seed)
    tf.random.set_seed(0)
    tf.random.normal([1], seed=op_seed)
    np.testing.assert_array_equal(_fit_proba(X, y, model__op_seed=op_seed), first)
    tf.random.normal([1])  # unseeded: draws its op seed from the global one
    np.testing.assert_array_equal(_fit_proba(X, y, model__op_seed=op_seed), first)


@pytest.mark.parametrize("builder", [dense_classifier, dropout_classifier])
def test_keras_only_fits_keep_the_caches(digits, builder, set_seed_calls, monkeypatch):
    """After the first, seeded fits of Keras-only models clear nothing, and
    give, bit for bit, what fits clearing the caches every time give."""
    X, y = digits
    kept = [_fit_proba(X, y, builder)]
    set_seed_calls.clear()
    kept += [_fit_proba(X, y, builder) for _ in range(2)]
    kept_curve = _curve(X, y, builder)
    assert set_seed_calls == []

    monkeypatch.setattr(seeding, "_tensorflow_kernels_may_carry_state", lambda: True)
    cleared = [_fit_proba(X, y, builder) for _ in range(3)]
    cleared_curve = _curve(X, y, builder)
    assert len(set_seed_calls) >= 2 * 7  # each fit clears when seeding and restoring
    for a, b in zip(kept, cleared):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(kept_curve.test_scores, cleared_curve.test_scores)
    np.testing.assert_array_equal(kept_curve.train_scores, cleared_curve.train_scores)


@pytest.mark.parametrize("callers_seed", [7, None])
@pytest.mark.parametrize("builder", [dense_classifier, stateful_init_classifier])
def test_callers_seed_afterwards(digits, callers_seed, builder):
    """TensorFlow's global seed and op-seed generator are the caller's after fits."""
    import tensorflow as tf

    X, y = digits
    tf.random.set_seed(callers_seed)
    for _ in range(2):
        _fit_proba(X, y, builder)
        assert _keras_internals.tensorflow_global_seed() == callers_seed
        if callers_seed is not None:
            draws = _keras_internals.tensorflow_op_seed_draws()[1]
            assert draws == random.Random(callers_seed).getstate()


def test_watch_ends_with_the_block(digits):
    """No op callback is left behind by a fit, whether it succeeds or fails."""
    from keras_lectures.engine.seeding import SEED_LOCK

    def failing(meta=None):
        import tensorflow as tf

        tf.random.normal([2])
        raise RuntimeError("builder failed")

    X, y = digits
    _fit_proba(X, y, dense_classifier)
    assert not _keras_internals.watching_random_kernels()
    with pytest.raises(RuntimeError, match="builder failed"):
        _fit_proba(X, y, failing)
    assert not _keras_internals.watching_random_kernels()
    assert SEED_LOCK.acquire(blocking=False)
    SEED_LOCK.release()
    # the failed fit ran a stateful kernel: the next fit still repeats the first
    first = _fit_proba(X, y)
    np.testing.assert_array_equal(_fit_proba(X, y), first)
