"""Validation curves: training and validation score against one parameter."""

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ._error_forms import error_form, null_scoring
from ._fits import fit_and_score_all, prepare_fits
from ._parallel import null_test_scores
from ._result import CurveResultMixin

__all__ = ["ValidationCurveResult", "validation_curve"]


@dataclass(frozen=True, eq=False)
class ValidationCurveResult(CurveResultMixin):
    """Result of :func:`validation_curve`.

    Unpacks like :func:`sklearn.model_selection.validation_curve`'s tuple::

        train_scores, test_scores = validation_curve(...)

    Parameters
    ----------
    param_name : str
        The parameter that varies.
    param_range : ndarray of shape (n_values,)
        Its values.
    train_scores, test_scores : ndarray of shape (n_values, n_folds)
        Scores (greater is better) on the training and validation folds.
    score_name, error_name, error_offset, greater_is_better, null_test_scores
        As in :class:`LearningCurveResult`: ``error = error_offset - score``.

    Attributes
    ----------
    kind : str
        ``"validation"``: which curve this is (read by :func:`diagnose` and
        ``plot``).
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

    kind: ClassVar[str] = "validation"

    @property
    def x(self):
        """The abscissa: the parameter values."""
        return self.param_range

    @property
    def x_label(self):
        """What the abscissa holds: ``param_name``."""
        return self.param_name

    def _as_tuple(self):
        return (self.train_scores, self.test_scores)


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
    here so that a progress bar can follow them, with metadata routed as
    scikit-learn routes it. The result unpacks to
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
        ``ValueError`` is raised when every fit fails, with or without
        metadata routing.
    params : dict, default=None
        Parameters for ``fit`` (routed as in scikit-learn).

    Returns
    -------
    result : ValidationCurveResult
        Unpacks to ``(train_scores, test_scores)``, each of shape
        (n_values, n_folds).
    """
    X, y, splits, scorer, routed = prepare_fits(
        "validation_curve", estimator, X, y, groups=groups, cv=cv, scoring=scoring,
        params=params,
    )
    values = list(param_range)
    # the very fits scikit-learn's validation_curve runs, in its order
    fits = [(tr, te, {param_name: value}) for tr, te in splits for value in values]
    arrays = fit_and_score_all(
        estimator, X, y, fits, n_points=len(values), scorer=scorer, routed=routed,
        error_score=error_score, n_jobs=n_jobs, pre_dispatch=pre_dispatch,
        verbose=verbose, desc="validation_curve",
    )
    form = error_form(scoring, estimator)
    null = null_test_scores(estimator, X, y, splits, null_scoring(scoring, estimator))
    return ValidationCurveResult(
        param_name=param_name,
        param_range=np.asarray(param_range),
        train_scores=arrays["train_scores"],
        test_scores=arrays["test_scores"],
        score_name=form.score_name,
        error_name=form.error_name,
        error_offset=form.error_offset,
        greater_is_better=form.greater_is_better,
        null_test_scores=null,
    )
