"""scikit-learn's estimator checks as pytest parameters with stable ids.

``parametrize_with_checks`` names each test after the estimator's repr, which
holds the builder function's memory address; that differs between processes
and breaks parallel test runs. These ids use the class name (plus an optional
label) and the check's name instead.

:func:`expected_failed_checks` names the checks that float32 arithmetic cannot
pass on every CPU, for scikit-learn's own ``expected_failed_checks`` (they run
and are reported as xfail, or xpass where they pass).
"""

import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import estimator_checks_generator

from keras_lectures.backend import current

_SUMMED_IN_ANOTHER_ORDER = (
    "float32 on TensorFlow: with oneDNN off (TF_ENABLE_ONEDNN_OPTS=0, TensorFlow's "
    "default on CPUs without AVX-512 VNNI) its Eigen kernels sum {what} in "
    "another order, and the results differ by one or two float32 rounding steps "
    "({seen}), above the check's tolerance of 1e-7 (float32's own is 1.2e-7)"
)
_WEIGHTS_OR_REPEATS = _SUMMED_IN_ANOTHER_ORDER.format(
    what="the gradient of rows weighted by 2 and of the same rows repeated",
    seen="relative 2.3e-7 measured",
)
_BATCH_OR_ROWS = _SUMMED_IN_ANOTHER_ORDER.format(
    what="the matrix products of a whole batch and of its rows one by one",
    seen="absolute 4.8e-7 on outputs near 2 measured",
)

_ONE_ROW_OR_A_BATCH = (
    "float32 on torch: predictions are not padded to a few batch shapes (torch compiles "
    "nothing), so an LSTM's matrix products for one row and for a whole batch take "
    "different kernels and thread counts, and the outputs differ by one or two float32 "
    "rounding steps (absolute 2.4e-7 on outputs near 1.2 measured), above the check's "
    "tolerance of 1e-7"
)

#: backend -> {(estimator class name, check name): reason}
FLOAT32_ROUNDING = {
    "tensorflow": {
        ("KerasRegressor", "check_sample_weight_equivalence_on_dense_data"): _WEIGHTS_OR_REPEATS,
        ("LinearRegressionGD", "check_sample_weight_equivalence_on_dense_data"):
            _WEIGHTS_OR_REPEATS,
        ("LSTMRegressor", "check_sample_weight_equivalence_on_dense_data"): _WEIGHTS_OR_REPEATS,
        ("MLPRegressor", "check_methods_subset_invariance"): _BATCH_OR_ROWS,
    },
    "torch": {
        ("LSTMRegressor", "check_methods_subset_invariance"): _ONE_ROW_OR_A_BATCH,
    },
}


def expected_failed_checks(estimator):
    """``{check_name: reason}``: the checks float32 cannot pass on every CPU.

    For scikit-learn's ``expected_failed_checks`` (``parametrize_with_checks``
    and ``estimator_checks_generator``), on the backend in use.
    """
    known = FLOAT32_ROUNDING.get(current(), {})
    name = type(estimator).__name__
    return {check: reason for (kind, check), reason in known.items() if kind == name}


def check_name(check):
    return getattr(check, "func", check).__name__


def sklearn_checks(estimators, per_check_params=None):
    """Return ``pytest.param(estimator, check)`` for every check of every estimator.

    Parameters
    ----------
    estimators : list of estimator or (label, estimator)
    per_check_params : dict, default=None
        ``{check_name: params}``: settings for one check, applied to a clone,
        as scikit-learn's own suite does for its neural networks.
    """
    per_check_params = per_check_params or {}
    params = []
    for item in estimators:
        label, estimator = item if isinstance(item, tuple) else (type(item).__name__, item)
        for pair in estimator_checks_generator(
            estimator, mark="xfail", expected_failed_checks=expected_failed_checks(estimator)
        ):
            # an expected failure comes as pytest.param(estimator, check, marks=xfail)
            (est, check), marks = getattr(pair, "values", pair), getattr(pair, "marks", ())
            name = check_name(check)
            if name in per_check_params:
                est = clone(est).set_params(**per_check_params[name])
            params.append(pytest.param(est, check, id=f"{label}-{name}", marks=marks))
    return params
