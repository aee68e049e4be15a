"""Shared plumbing: fixed cross-validation splits, parallel fits with a
progress bar, and the error of a constant predictor on the same splits."""

import warnings

import numpy as np
from sklearn.base import is_classifier, is_regressor
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.model_selection import check_cv, cross_validate
from sklearn.utils import indexable
from sklearn.utils.parallel import Parallel

from keras_lectures import _interrupt

from ._progress import progress

__all__ = ["fixed_splits", "run_jobs", "null_test_scores"]


def fixed_splits(estimator, X, y, cv, groups):
    """Materialise the cross-validation splits once.

    Every fit of one diagnostic, and the constant predictor it is compared
    with, use these same (train, validation) pairs, even for splitters that
    shuffle without a fixed seed or that can only be iterated once.

    Returns
    -------
    splits : list of (ndarray, ndarray)
    """
    X, y, groups = indexable(X, y, groups)
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    return [
        (np.asarray(train), np.asarray(test)) for train, test in cv.split(X, y, groups)
    ]


def run_jobs(jobs, *, n_jobs, pre_dispatch, verbose, desc):
    """Run ``delayed`` jobs through joblib, with a progress bar when verbose.

    Results come back in the order of ``jobs``. The bar advances in this
    process as results arrive (joblib's ``return_as="generator"``); with a
    backend that cannot stream results it advances once at the end.
    """
    jobs = list(jobs)
    bar = progress(len(jobs), desc, verbose)
    try:
        try:
            parallel = Parallel(
                n_jobs=n_jobs, pre_dispatch=pre_dispatch, return_as="generator"
            )
        except ValueError:  # backend without result streaming
            parallel = Parallel(n_jobs=n_jobs, pre_dispatch=pre_dispatch)
        results = []
        for result in parallel(jobs):
            _interrupt.check()  # an interrupt the job's own error handling swallowed
            results.append(result)
            bar.update(1)
    finally:
        bar.close()
    return results


def null_test_scores(estimator, X, y, splits, scoring):
    """Validation scores of a constant predictor on each split.

    ``DummyClassifier(strategy="prior")`` (predicts the most frequent class,
    with the class frequencies as probabilities) for classifiers,
    ``DummyRegressor(strategy="mean")`` for regressors. Fitting them is
    nearly free. Returns None when there is no target, when the estimator is
    neither a classifier nor a regressor, or when the scorer cannot score
    the constant predictor.

    Returns
    -------
    scores : ndarray of shape (n_folds,) or None
    """
    if y is None:
        return None
    if is_classifier(estimator):
        dummy = DummyClassifier(strategy="prior")
    elif is_regressor(estimator):
        dummy = DummyRegressor(strategy="mean")
    else:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            scores = cross_validate(
                dummy, X, y, cv=splits, scoring=scoring, error_score=np.nan
            )["test_score"]
        except Exception:  # a scorer the constant predictor cannot serve
            return None
    scores = np.asarray(scores, dtype=float)
    return None if np.all(np.isnan(scores)) else scores
