"""The fits of scikit-learn's curve functions, run here.

Metadata is routed as scikit-learn routes it, the ``_fit_and_score`` jobs run
in scikit-learn's order through :func:`run_jobs` (so that a progress bar can
follow them), and failures are summed up as scikit-learn's ``learning_curve``
does: one ``FitFailedWarning``, or a ``ValueError`` when every fit fails.
"""

import numpy as np
from sklearn.base import clone, is_classifier
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.metrics import check_scoring
from sklearn.model_selection import check_cv
from sklearn.utils import Bunch, indexable
from sklearn.utils.metadata_routing import MetadataRouter, MethodMapping, process_routing
from sklearn.utils.parallel import delayed

from keras_lectures.utils.fixes import (
    _aggregate_score_dicts,
    _fit_and_score,
    _routing_enabled,
    _warn_or_raise_about_fit_failures,
)

from ._parallel import fixed_splits, run_jobs

__all__ = ["fit_and_score_all", "prepare_fits", "route_params"]

_SCORE_ARRAYS = ("train_scores", "test_scores", "fit_time", "score_time")


def prepare_fits(owner, estimator, X, y, *, groups, cv, scoring, params,
                 fit_methods=("fit",)):
    """Check the inputs, route the metadata and draw the splits once.

    Returns
    -------
    X, y : indexable
        The data.
    splits : list of (ndarray, ndarray)
        The (train, validation) index pairs.
    scorer : callable
        The checked scorer.
    routed : Bunch
        From :func:`route_params`.
    """
    X, y, groups = indexable(X, y, groups)
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    scorer = check_scoring(estimator, scoring=scoring)
    routed = route_params(owner, estimator, cv, scorer, params, groups, fit_methods)
    splits = fixed_splits(estimator, X, y, cv, routed.split.get("groups"))
    if not splits:
        raise ValueError("The cross-validation splitter yielded no split.")
    return X, y, splits, scorer, routed


def route_params(owner, estimator, cv, scorer, params, groups, fit_methods=("fit",)):
    """Metadata for the splitter, the fits and the scorer.

    Without metadata routing, ``groups`` go to the splitter and ``params``
    to ``fit``, as in scikit-learn. With routing enabled, ``params`` are
    routed to whichever of them requested each one (``groups`` among them),
    and ``groups`` must not be passed on their own, as in scikit-learn.

    Parameters
    ----------
    owner : str
        Name of the calling function, for error messages.
    estimator : estimator
        The estimator to fit.
    cv : cross-validation splitter
        The checked splitter (see :func:`sklearn.model_selection.check_cv`).
    scorer : callable
        The checked scorer.
    params : dict or None
        Metadata given by the user.
    groups : array-like or None
        Group labels given by the user.
    fit_methods : tuple of str, default=("fit",)
        The estimator's methods the fits call.

    Returns
    -------
    routed : Bunch
        ``split``, ``fit`` and ``score``: dicts of keyword arguments for
        ``cv.split``, the estimator's fit and the scorer.
    """
    params = {} if params is None else params
    if not _routing_enabled():
        return Bunch(split={"groups": groups}, fit=params, score={})
    if groups is not None:
        raise ValueError(
            f"{owner} takes groups only when metadata routing is disabled; with "
            "enable_metadata_routing=True pass them as params={'groups': groups}."
        )
    mapping = MethodMapping()
    for method in fit_methods:
        mapping.add(caller="fit", callee=method)
    router = (
        MetadataRouter(owner=owner)
        .add(estimator=estimator, method_mapping=mapping)
        .add(splitter=cv, method_mapping=MethodMapping().add(caller="fit", callee="split"))
        .add(scorer=scorer, method_mapping=MethodMapping().add(caller="fit", callee="score"))
    )
    try:
        routed = process_routing(router, "fit", **params)
    except UnsetMetadataPassedError as exc:  # the user called owner, not owner.fit
        raise UnsetMetadataPassedError(
            message=str(exc).replace(f"{owner}.fit", owner),
            unrequested_params=exc.unrequested_params,
            routed_params=exc.routed_params,
        ) from None
    return Bunch(
        split=routed.splitter.split, fit=routed.estimator.fit, score=routed.scorer.score
    )


def fit_and_score_all(estimator, X, y, fits, *, n_points, scorer, routed, error_score,
                      n_jobs, pre_dispatch, verbose, desc):
    """Fit and score a clone of ``estimator`` for each of ``fits``.

    Parameters
    ----------
    estimator : estimator
        Cloned for every fit.
    X, y : array-like
        The whole data; ``fits`` index into it.
    fits : list of (ndarray, ndarray, dict or None)
        ``(train, test, parameters)`` in scikit-learn's order: for each
        split, one fit for each of the ``n_points`` points of the curve.
    n_points : int
        Points of the curve.
    scorer : callable
        The checked scorer.
    routed : Bunch
        From :func:`route_params`.
    error_score : "raise" or float
        Score of a failed fit.
    n_jobs, pre_dispatch, verbose, desc
        As in :func:`run_jobs`.

    Returns
    -------
    arrays : dict of str to ndarray of shape (n_points, n_splits)
        ``train_scores``, ``test_scores``, ``fit_time`` and ``score_time``.
    """
    jobs = [
        delayed(_fit_and_score)(
            clone(estimator), X, y, scorer=scorer, train=train, test=test,
            verbose=0, parameters=parameters, fit_params=routed.fit,
            score_params=routed.score, return_train_score=True,
            error_score=error_score, return_times=True,
        )
        for train, test, parameters in fits
    ]
    results = run_jobs(jobs, n_jobs=n_jobs, pre_dispatch=pre_dispatch,
                       verbose=verbose, desc=desc)
    _warn_or_raise_about_fit_failures(results, error_score)
    results = _aggregate_score_dicts(results)
    return {
        key: np.asarray(results[key], dtype=float).reshape(-1, n_points).T
        for key in _SCORE_ARRAYS
    }
