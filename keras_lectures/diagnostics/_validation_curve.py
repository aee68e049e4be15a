"""Validation curves: training and validation score against one parameter."""

from dataclasses import dataclass

import numpy as np
from sklearn.base import clone
from sklearn.metrics import check_scoring
from sklearn.model_selection import validation_curve as _sk_validation_curve
from sklearn.utils import indexable
from sklearn.utils.parallel import delayed

from keras_lectures.utils.fixes import (
    _aggregate_score_dicts,
    _fit_and_score,
    _routing_enabled,
    _warn_or_raise_about_fit_failures,
)

from ._error_forms import error_form, null_scoring
from ._learning_curve import _split_groups
from ._parallel import fixed_splits, null_test_scores, run_jobs
from ._result import CurveResultMixin

__all__ = ["ValidationCurveResult", "validation_curve"]


@dataclass(frozen=True, eq=False)
class ValidationCurveResult(CurveResultMixin):
    """Result of :func:`validation_curve`.

    Unpacks like :func:`sklearn.model_selection.validation_curve`'s tuple::

        train_scores, test_scores = validation_curve(...)

    Attributes
    ----------
    param_name : str
        The parameter that varies.
    param_range : ndarray of shape (n_values,)
        Its values.
    train_scores, test_scores : ndarray of shape (n_values, n_folds)
        Scores (greater is better) on the training and validation folds.
    score_name, error_name, error_offset, greater_is_better, null_test_scores
        As in :class:`LearningCurveResult`: ``error = error_offset - score``.
    """

    param_name: str
    param_range: np.ndarray
    train_scores: np.ndarray
    test_scores: np.ndarray
    score_name: str
    error_name: str
    error_offset: float
    greater_is_better: bool = True
    null_test_scores: np.ndarray | None = None

    @property
    def x(self):
        """The abscissa: the parameter values."""
        return self.param_range

    @property
    def x_label(self):
        return self.param_name

    def __iter__(self):
        return iter((self.train_scores, self.test_scores))

    def __len__(self):
        return 2

    def __getitem__(self, index):
        return (self.train_scores, self.test_scores)[index]

    def plot(self, ax=None, **kwargs):
        """Plot the curve; see :meth:`ValidationCurveDisplay.plot`.

        Returns
        -------
        display : ValidationCurveDisplay
        """
        from ._display import ValidationCurveDisplay

        return ValidationCurveDisplay.from_result(self, ax=ax, **kwargs)


def validation_curve(
    estimator,
    X,
    y,
    *,
    param_name,
    param_range,
    groups=None,
    cv=None,
    scoring=None,
    n_jobs=None,
    pre_dispatch="all",
    verbose=0,
    error_score=np.nan,
    params=None,
):
    """Training and validation scores for each value of one parameter.

    Same inputs and numbers as
    :func:`sklearn.model_selection.validation_curve`: the fits are
    scikit-learn's own (``_fit_and_score``, in the same order), dispatched
    here so that a progress bar can follow them. The result unpacks to
    ``(train_scores, test_scores)`` and adds the error form, the error of a
    constant predictor and plotting.

    Parameters
    ----------
    estimator : estimator
        Cloned for every fit.
    X : array-like of shape (n_samples, n_features)
        Inputs.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs) or None
        Targets.
    param_name : str
        Parameter to vary, e.g. ``"alpha"`` or ``"ridge__alpha"``.
    param_range : array-like of shape (n_values,)
        Its values.
    groups : array-like of shape (n_samples,), default=None
        Group labels for group splitters.
    cv : int, cross-validation splitter or iterable, default=None
        As in scikit-learn; the splits are drawn once.
    scoring : str or callable, default=None
        Scorer name or callable; None uses ``estimator.score``.
    n_jobs : int, default=None
        Fits run in parallel through joblib.
    pre_dispatch : int or str, default="all"
        Number of jobs dispatched ahead.
    verbose : int, default=0
        Above 0: a progress bar over the fits on standard error.
    error_score : "raise" or float, default=np.nan
        Score of a failed fit; "raise" raises the error. Failures are summed
        up in one ``FitFailedWarning``; as in :func:`learning_curve`, a
        ``ValueError`` is raised when every fit fails.
    params : dict, default=None
        Parameters for ``fit``.

    Returns
    -------
    result : ValidationCurveResult
        Unpacks to ``(train_scores, test_scores)``, each of shape
        (n_values, n_folds).
    """
    X, y, groups = indexable(X, y, groups)
    split_groups, params = _split_groups(groups, params)
    splits = fixed_splits(estimator, X, y, cv, split_groups)
    values = list(param_range)
    if _routing_enabled():  # routed metadata is resolved by scikit-learn
        train, test = _sk_validation_curve(
            estimator, X, y, param_name=param_name, param_range=param_range,
            cv=splits, scoring=scoring, n_jobs=n_jobs, pre_dispatch=pre_dispatch,
            error_score=error_score, params=params,
        )
    else:
        scorer = check_scoring(estimator, scoring=scoring)
        fit_params = {} if params is None else params
        # the very fits scikit-learn's validation_curve runs, in its order
        jobs = [
            delayed(_fit_and_score)(
                clone(estimator), X, y, scorer=scorer, train=tr, test=te,
                verbose=0, parameters={param_name: value}, fit_params=fit_params,
                score_params={}, return_train_score=True, error_score=error_score,
            )
            for tr, te in splits
            for value in values
        ]
        results = run_jobs(jobs, n_jobs=n_jobs, pre_dispatch=pre_dispatch,
                           verbose=verbose, desc="validation_curve")
        _warn_or_raise_about_fit_failures(results, error_score)
        results = _aggregate_score_dicts(results)
        train = np.asarray(results["train_scores"], float).reshape(-1, len(values)).T
        test = np.asarray(results["test_scores"], float).reshape(-1, len(values)).T
    form = error_form(scoring, estimator)
    null = null_test_scores(estimator, X, y, splits, null_scoring(scoring, estimator))
    return ValidationCurveResult(
        param_name=param_name,
        param_range=np.asarray(param_range),
        train_scores=train,
        test_scores=test,
        score_name=form.score_name,
        error_name=form.error_name,
        error_offset=form.error_offset,
        greater_is_better=form.greater_is_better,
        null_test_scores=null,
    )
