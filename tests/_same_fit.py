"""Fit one estimator through the fast paths and through ``keras.Model.fit``.

Shared by the tests of the lean training loops: ``fit_both_ways`` returns the
two fitted estimators, ``assert_same_fit`` compares their predictions,
histories, epoch counts and optimizer states.
"""

import numpy as np
from numpy.testing import assert_allclose

from keras_lectures.engine import fast_fit

# float32 arithmetic compiled differently (a scan instead of single steps)
# may round differently; the paths are exact on the backends tested so far.
RTOL, ATOL = 1e-5, 1e-6


def fit_both_ways(make, fit):
    """(fast, fresh) results of ``fit(make())``, with the fast paths on and off."""
    with fast_fit(True):
        fast = fit(make())
    with fast_fit(False):
        fresh = fit(make())
    return fast, fresh


def assert_same_fit(fast, fresh, X):
    """Same outputs on ``X`` (probabilities for a classifier), history, and state."""
    output = "predict_proba" if hasattr(fast, "predict_proba") else "predict"
    assert_allclose(getattr(fast, output)(X), getattr(fresh, output)(X), rtol=RTOL, atol=ATOL)
    assert fast.history_.keys() == fresh.history_.keys()
    for key in fresh.history_:
        assert_allclose(fast.history_[key], fresh.history_[key], rtol=RTOL, atol=ATOL)
    assert fast.n_iter_ == fresh.n_iter_
    fast_opt = [np.asarray(v) for v in fast.model_.optimizer.variables]
    fresh_opt = [np.asarray(v) for v in fresh.model_.optimizer.variables]
    assert len(fast_opt) == len(fresh_opt)
    for a, b in zip(fast_opt, fresh_opt):
        assert_allclose(a, b, rtol=RTOL, atol=ATOL)
