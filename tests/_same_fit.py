"""Fit one estimator through the fast paths and through ``keras.Model.fit``.

Shared by the tests of the lean training loops: ``fit_both_ways`` returns the
two fitted estimators (and checks which route each fit took),
``assert_same_fit`` compares their predictions, histories, epoch counts and
optimizer states. The fresh model is always read through Keras's own
``Model.predict``, never through the estimators' inference path.
"""

import contextlib

import numpy as np
from numpy.testing import assert_allclose

from keras_lectures.engine import fast_fit

# float32 arithmetic compiled differently (a scan instead of single steps)
# may round differently; the paths are exact on the backends tested so far.
RTOL, ATOL = 1e-5, 1e-6


@contextlib.contextmanager
def counting_keras_fits():
    """Count the calls to ``keras.Model.fit`` in the block (the list of models)."""
    from keras_lectures.backend import import_keras

    model_class = import_keras().Model
    own = model_class.__dict__.get("fit")
    original = model_class.fit
    calls = []

    def fit(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    model_class.fit = fit
    try:
        yield calls
    finally:
        if own is None:
            del model_class.fit
        else:
            model_class.fit = own


def fit_both_ways(make, fit, *, lean=True):
    """(fast, fresh) results of ``fit(make())``, with the fast paths on and off.

    With ``lean`` (the default), the fast fit must not run ``keras.Model.fit``
    at all (the lean loops trained it), so that the comparison cannot pass by
    running Keras's ``fit`` twice; with ``lean=False`` it must (a fit the lean
    loops do not take, e.g. with callbacks). The fresh fit always runs it.
    """
    with fast_fit(True), counting_keras_fits() as fast_calls:
        fast = fit(make())
    with fast_fit(False), counting_keras_fits() as fresh_calls:
        fresh = fit(make())
    assert fresh_calls, "the fresh fit did not run keras.Model.fit"
    if lean:
        assert not fast_calls, "the fast fit ran keras.Model.fit, not the lean loops"
    else:
        assert fast_calls, "the fast fit did not run keras.Model.fit"
    return fast, fresh


def keras_outputs(est, X):
    """The fitted model's outputs for ``X`` through Keras's own ``Model.predict``."""
    return np.asarray(est.model_.predict(X, verbose=0), dtype=np.float64)


def assert_same_fit(fast, fresh, X):
    """Same model outputs on ``X``, estimator outputs, history, and state.

    The fresh model's outputs are read with Keras's ``Model.predict``; the fast
    estimator's through its own inference path and through Keras's.
    """
    expected = keras_outputs(fresh, X)
    assert_allclose(keras_outputs(fast, X), expected, rtol=RTOL, atol=ATOL)
    assert_allclose(fast._forward(X), expected, rtol=RTOL, atol=ATOL)
    assert fast.history_.keys() == fresh.history_.keys()
    for key in fresh.history_:
        assert_allclose(fast.history_[key], fresh.history_[key], rtol=RTOL, atol=ATOL)
    assert fast.n_iter_ == fresh.n_iter_
    fast_opt = [np.asarray(v) for v in fast.model_.optimizer.variables]
    fresh_opt = [np.asarray(v) for v in fresh.model_.optimizer.variables]
    assert len(fast_opt) == len(fresh_opt)
    for a, b in zip(fast_opt, fresh_opt):
        assert_allclose(a, b, rtol=RTOL, atol=ATOL)
