"""The fast fitting paths give the results of ordinary, independent fits.

Every test compares a fit through the lean loops and the trainer cache with
the same fit through ``keras.Model.fit`` on a fresh model (the fast paths
switched off with ``fast_fit(False)``), on the active backend. Every test starts
and ends with the engine's caches empty, so whether a fit builds a trainer or
reuses one is decided by the test, not by what ran before it.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import load_digits
from sklearn.model_selection import StratifiedKFold

from keras_lectures import KerasClassifier, KerasRegressor
from keras_lectures.backend import current, import_keras
from keras_lectures.diagnostics import learning_curve
from keras_lectures.engine import clear_trainers, fast_fit, fast_fit_enabled
from keras_lectures.engine.cache import MAX_TRAINERS, TRAINERS
from tests._builders import dense_classifier, dense_regressor, dropout_classifier
from tests._same_fit import (
    ATOL,
    RTOL,
    assert_same_fit,
    counting_keras_fits,
    fit_both_ways,
    keras_outputs,
)

pytestmark = pytest.mark.usefixtures("clean_engine_caches")

#: jax and tensorflow keep a compiled trainer per architecture; torch runs its
#: native step on the model itself and caches nothing.
CACHES_TRAINERS = current() in ("jax", "tensorflow")


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype(np.float32)
    return X[:300], y[:300]


def test_switch(monkeypatch):
    monkeypatch.delenv("KERAS_LECTURES_FAST_FIT", raising=False)
    assert fast_fit_enabled()
    with fast_fit(False):
        assert not fast_fit_enabled()
        with fast_fit(True):
            assert fast_fit_enabled()
        assert not fast_fit_enabled()
    assert fast_fit_enabled()


@pytest.mark.parametrize("value, enabled", [
    ("0", False), ("off", False), (" False ", False), ("no", False), ("1", True), ("yes", True),
])
def test_environment_variable_sets_the_default(monkeypatch, value, enabled):
    monkeypatch.setenv("KERAS_LECTURES_FAST_FIT", value)
    assert fast_fit_enabled() is enabled
    with fast_fit(not enabled):  # a block overrides it
        assert fast_fit_enabled() is not enabled


@pytest.mark.parametrize("trainer", ["first compile", "reused"])
def test_fit_equals_fresh_fit_with_a_new_or_a_reused_trainer(digits, trainer):
    """A fast fit equals a fresh fit whether it builds its architecture's
    trainer or takes the one an earlier fit (other weights) left cached."""
    X, y = digits

    def make(seed=0):
        return KerasClassifier(dense_classifier, model__hidden_units=16, epochs=3,
                               metrics=["accuracy"], random_state=seed)

    if trainer == "reused":
        with fast_fit(True):
            make(seed=5).fit(X, y)
    cached = set(TRAINERS._entries)
    assert bool(cached) is (trainer == "reused" and CACHES_TRAINERS)
    fast, fresh = fit_both_ways(make, lambda est: est.fit(X, y))
    if trainer == "reused":
        assert set(TRAINERS._entries) == cached  # nothing new was built
    else:
        assert len(TRAINERS) == int(CACHES_TRAINERS)
    assert_same_fit(fast, fresh, X)


@pytest.mark.parametrize("rows", [300, 257, 20])  # partial last batch, or one batch
def test_fit_equals_fresh_fit(digits, rows):
    X, y = digits
    X, y = X[:rows], y[:rows]

    def make():
        return KerasClassifier(dense_classifier, model__hidden_units=16, epochs=4,
                               metrics=["accuracy"], random_state=0)

    fast, fresh = fit_both_ways(make, lambda est: est.fit(X, y))
    assert_same_fit(fast, fresh, X)


def test_sample_and_class_weights(digits):
    X, y = digits
    weight = np.random.RandomState(0).uniform(0.1, 2.0, len(y))

    def make():
        return KerasClassifier(dense_classifier, epochs=3, class_weight="balanced",
                               metrics=["accuracy"], random_state=1)

    fast, fresh = fit_both_ways(make, lambda est: est.fit(X, y, sample_weight=weight))
    assert_same_fit(fast, fresh, X)


def conv_classifier(meta=None):
    keras = import_keras()
    return keras.Sequential([
        keras.Input((64,)),
        keras.layers.Reshape((8, 8, 1)),
        keras.layers.Conv2D(4, 3, activation="relu", padding="same"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Dropout(0.2),
        keras.layers.Flatten(),
        keras.layers.Dense(meta["n_classes_"], activation="softmax"),
    ])


def test_max_epochs_setting_caps_both_paths(digits):
    # KERAS_MAX_EPOCHS / keras.config.set_max_epochs cap every fit, as in fit()
    X, y = digits
    keras = import_keras()
    previous = keras.config.max_epochs()
    keras.config.set_max_epochs(2)
    try:
        with pytest.warns(UserWarning, match="Limiting epochs to 2"):
            fast, fresh = fit_both_ways(
                lambda: KerasClassifier(dense_classifier, epochs=5, random_state=0),
                lambda est: est.fit(X, y),
            )
    finally:
        keras.config.set_max_epochs(previous)
    assert len(fast.history_["loss"]) == len(fresh.history_["loss"]) == 2
    assert_same_fit(fast, fresh, X)


def functional_classifier(meta=None):
    keras = import_keras()
    inputs = keras.Input((meta["n_features_in_"],))
    hidden = keras.layers.Dense(16, activation="relu")(inputs)
    hidden = keras.layers.Dropout(0.2)(hidden)
    return keras.Model(inputs, keras.layers.Dense(meta["n_classes_"], activation="softmax")(hidden))


def regularised_classifier(meta=None):
    keras = import_keras()
    return keras.Sequential([
        keras.Input((meta["n_features_in_"],)),
        keras.layers.Dense(8, activation="relu", kernel_regularizer="l2"),
        keras.layers.Dense(meta["n_classes_"], activation="softmax"),
    ])


#: name -> (builder, estimator settings, with sample weights)
MODEL_KINDS = {
    "dropout": (dropout_classifier,
                dict(model__hidden_units=16, epochs=3, batch_size=64, random_state=2), False),
    # convolutions take their own path on jax (one compiled step per batch)
    "convolutional": (conv_classifier, dict(epochs=2, batch_size=64, random_state=3), True),
    # on torch a Sequential stack of Keras layers has its layers' call
    # chained; a functional model is called whole
    "functional": (functional_classifier, dict(epochs=2, batch_size=40, random_state=4), False),
    # on torch the penalty keeps Keras's own loss computation
    "regularised": (regularised_classifier,
                    dict(epochs=3, metrics=["accuracy"], random_state=6), False),
}


@pytest.mark.parametrize("kind", sorted(MODEL_KINDS))
def test_model_kinds(digits, kind):
    X, y = digits
    builder, settings, weighted = MODEL_KINDS[kind]
    weight = np.random.RandomState(0).uniform(0.5, 2.0, len(y)) if weighted else None

    def make():
        return KerasClassifier(builder, **settings)

    fast, fresh = fit_both_ways(make, lambda est: est.fit(X, y, sample_weight=weight))
    assert_same_fit(fast, fresh, X)


def test_regressor_and_full_batch():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(90, 5)).astype(np.float32)
    y = X @ rng.normal(size=5) + 0.1 * rng.normal(size=90)

    def make():
        return KerasRegressor(dense_regressor, epochs=5, batch_size=None, random_state=0)

    fast, fresh = fit_both_ways(make, lambda est: est.fit(X, y))
    assert_same_fit(fast, fresh, X)


def test_warm_start_and_partial_fit(digits):
    X, y = digits

    def fit(est):
        est.fit(X[:150], y[:150])
        est.fit(X[150:], y[150:])
        est.partial_fit(X[:100], y[:100])
        return est

    def make():
        return KerasClassifier(dense_classifier, epochs=2, warm_start=True, random_state=3)

    fast, fresh = fit_both_ways(make, fit)
    assert_same_fit(fast, fresh, X)


def test_unseeded_fits_draw_like_keras(digits):
    """Without random_state, a fit advances the global generators as fit() does."""
    X, y = digits
    keras = import_keras()

    def draws_after(enabled):
        keras.utils.set_random_seed(123)
        with fast_fit(enabled):
            est = KerasClassifier(dense_classifier, epochs=2).fit(X, y)
        after = np.random.randint(1 << 30, size=4)
        return est, after

    fast, fast_after = draws_after(True)
    fresh, fresh_after = draws_after(False)
    np.testing.assert_array_equal(fast_after, fresh_after)
    assert_allclose(keras_outputs(fast, X), keras_outputs(fresh, X), rtol=RTOL, atol=ATOL)


def test_seeded_fit_leaves_global_state(digits):
    X, y = digits
    state = np.random.get_state()[1].copy()
    KerasClassifier(dense_classifier, epochs=1, random_state=0).fit(X, y)
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_callbacks_fall_back_to_keras_fit(digits):
    X, y = digits
    keras = import_keras()
    seen = []

    class Count(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append(epoch)

    def make():
        return KerasClassifier(dense_classifier, epochs=2, callbacks=[Count()], random_state=0)

    fast, fresh = fit_both_ways(make, lambda e: e.fit(X, y), lean=False)
    # instances are copied for every fit; the copies saw the epochs
    assert fast.n_iter_ == 2 and seen == [0, 1, 0, 1]
    assert_same_fit(fast, fresh, X)


def test_early_stopped_fit_equals_lean_fit_of_its_best_epochs(digits):
    """Early stopping runs ``Model.fit``; its restored model is the lean loops' one.

    Stopping and restoring the best weights leave the model of a plain fit
    for the best number of epochs, so the lean loops, trained for that many
    epochs, must give the same model as Keras's ``fit`` with its
    ``EarlyStopping`` callback. Full batches: on torch, Keras's validation
    pass draws from torch's generator, which would change later epochs'
    shuffling (not the model's arithmetic).
    """
    X, y = digits
    train, val = slice(0, 60), slice(60, 300)
    settings = dict(model__hidden_units=32, learning_rate=0.05, batch_size=None, random_state=0)
    with fast_fit(True), counting_keras_fits() as calls:
        stopped = KerasClassifier(
            dense_classifier, epochs=100, early_stopping=True, n_iter_no_change=2, **settings
        ).fit(X[train], y[train], validation_data=(X[val], y[val]))
    assert len(calls) == 1  # early stopping is not a lean fit
    best = int(np.argmin(stopped.history_["val_loss"])) + 1
    assert best < stopped.n_iter_ < 100  # it stopped, past its best epoch

    with fast_fit(True), counting_keras_fits() as calls:
        lean = KerasClassifier(dense_classifier, epochs=best, **settings).fit(X[train], y[train])
    assert not calls
    assert lean.n_iter_ == best
    assert_allclose(lean.history_["loss"], stopped.history_["loss"][:best], rtol=RTOL, atol=ATOL)
    assert_allclose(keras_outputs(lean, X), keras_outputs(stopped, X), rtol=RTOL, atol=ATOL)


def test_estimators_never_share_models(digits):
    X, y = digits
    with fast_fit(True):
        first = KerasClassifier(dense_classifier, epochs=1, random_state=0).fit(X, y)
        before = first.predict_proba(X)
        second = KerasClassifier(dense_classifier, epochs=3, random_state=1).fit(X, y)
    assert len(TRAINERS) >= int(CACHES_TRAINERS)
    assert first.model_ is not second.model_
    ids = {id(v) for v in first.model_.variables}
    assert not ids & {id(v) for v in second.model_.variables}
    for entry in TRAINERS._entries.values():
        assert entry.model is not first.model_
        assert entry.model is not second.model_
    assert_allclose(first.predict_proba(X), before)
    assert not np.allclose(second.predict_proba(X), before)


def test_cache_is_bounded(digits):
    X, y = digits
    clear_trainers()
    for units in range(1, MAX_TRAINERS + 3):  # one full batch: one compiled step each
        with fast_fit(True):
            KerasClassifier(dense_classifier, model__hidden_units=units, epochs=1,
                            batch_size=None).fit(X[:60], y[:60])
        assert len(TRAINERS) == (min(units, MAX_TRAINERS) if CACHES_TRAINERS else 0)
    clear_trainers()
    assert len(TRAINERS) == 0


def test_learning_curve_equals_fresh_fits(digits):
    """Every fit of the curve equals its fresh fit: the same log-loss on every
    split, to the tolerance of the other equivalence tests (a continuous score
    compares the fitted probabilities; an accuracy would turn one rounding
    difference at a decision threshold into a whole flipped prediction)."""
    X, y = digits
    cv = StratifiedKFold(2, shuffle=True, random_state=0)
    est = KerasClassifier(dense_classifier, model__hidden_units=16, epochs=3, random_state=0)

    def curve():
        return learning_curve(est, X, y, cv=cv, train_sizes=[0.3, 1.0],
                              scoring="neg_log_loss")

    with fast_fit(True):
        fast = curve()
    with fast_fit(False):
        fresh = curve()
    np.testing.assert_array_equal(fast.train_sizes, fresh.train_sizes)
    assert_allclose(fast.test_scores, fresh.test_scores, rtol=RTOL, atol=ATOL)
    assert_allclose(fast.train_scores, fresh.train_scores, rtol=RTOL, atol=ATOL)


@pytest.fixture
def no_global_seed():
    """No process-wide seed anywhere (on tensorflow, none for ``tf.random`` either)."""
    keras = import_keras()
    if keras.backend.backend() != "tensorflow":
        yield
        return
    import tensorflow as tf

    from keras_lectures.engine import _keras_internals

    before = _keras_internals.tensorflow_global_seed()
    tf.random.set_seed(None)
    yield
    tf.random.set_seed(before)


def test_unseeded_shuffled_fit_keeps_rows_with_their_targets(no_global_seed):
    """Unseeded mini-batch fits draw a new order every epoch, the same for X and y."""
    from sklearn.datasets import make_regression
    from sklearn.linear_model import LinearRegression

    from keras_lectures.lectures import LinearRegressionGD

    X, y = make_regression(96, 3, noise=1.0, random_state=0)
    y = y / 10
    with fast_fit(True):
        model = LinearRegressionGD(learning_rate=0.1, epochs=60, batch_size=16).fit(X, y)
    assert_allclose(model.coef_, LinearRegression().fit(X, y).coef_, atol=2e-2)
