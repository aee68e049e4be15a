"""scikit-learn's estimator checks as pytest parameters with stable ids.

``parametrize_with_checks`` names each test after the estimator's repr, which
holds the builder function's memory address; that differs between processes
and breaks parallel test runs. These ids use the class name (plus an optional
label) and the check's name instead.
"""

import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import estimator_checks_generator


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
        for est, check in estimator_checks_generator(estimator, mark="xfail"):
            name = check_name(check)
            if name in per_check_params:
                est = clone(est).set_params(**per_check_params[name])
            params.append(pytest.param(est, check, id=f"{label}-{name}"))
    return params
