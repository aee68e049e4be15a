"""Validation curves: training and validation score against one parameter."""

from dataclasses import dataclass

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import validation_curve as _sk_validation_curve
from sklearn.utils.parallel import delayed

from ._errors import error_form, null_scoring
from ._learning_curve import _split_groups, _warn_failures
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


def _fit_one(estimator, X, y, split, param_name, value, scoring, error_score,
             params):
    import warnings

    from sklearn.exceptions import FitFailedWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FitFailedWarning)
        train, test = _sk_validation_curve(
            estimator, X, y, param_name=param_name, param_range=[value],
            cv=[split], scoring=scoring, error_score=error_score, params=params,
        )
    failures = []
    for warning in caught:
        if issubclass(warning.category, FitFailedWarning):
            failures.append(str(warning.message))
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return train[0, 0], test[0, 0], failures


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
    :func:`sklearn.model_selection.validation_curve` (each fit is a call to
    it, on one split and one value). The result unpacks to
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
        Score of a failed fit.
    params : dict, default=None
        Parameters for ``fit``.

    Returns
    -------
    result : ValidationCurveResult
        Unpacks to ``(train_scores, test_scores)``, each of shape
        (n_values, n_folds).
    """
    splits = fixed_splits(estimator, X, y, cv, _split_groups(groups, params))
    values = list(param_range)
    jobs = [
        delayed(_fit_one)(clone(estimator), X, y, split, param_name, value,
                          scoring, error_score, params)
        for split in splits
        for value in values
    ]
    out = run_jobs(jobs, n_jobs=n_jobs, pre_dispatch=pre_dispatch,
                   verbose=verbose, desc="validation_curve")
    _warn_failures([job[2] for job in out], len(out), error_score)
    shape = (len(splits), len(values))
    train = np.array([job[0] for job in out], dtype=float).reshape(shape).T
    test = np.array([job[1] for job in out], dtype=float).reshape(shape).T
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
