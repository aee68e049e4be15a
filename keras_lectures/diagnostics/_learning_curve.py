"""Learning curves: training and validation score against training set size."""

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from sklearn.model_selection import learning_curve as _sk_learning_curve
from sklearn.utils import check_random_state

from keras_lectures.utils.fixes import _routing_enabled, _translate_train_sizes

from ._error_forms import error_form, null_scoring
from ._fits import fit_and_score_all, prepare_fits
from ._parallel import null_test_scores
from ._result import CurveResultMixin

__all__ = ["LearningCurveResult", "learning_curve"]


@dataclass(frozen=True, eq=False)
class LearningCurveResult(CurveResultMixin):
    """Result of :func:`learning_curve`.

    Unpacks like the tuple of :func:`sklearn.model_selection.learning_curve`::

        train_sizes, train_scores, test_scores = learning_curve(...)
        train_sizes, train_scores, test_scores, fit_times, score_times = \\
            learning_curve(..., return_times=True)

    Parameters
    ----------
    train_sizes : ndarray of shape (n_ticks,)
        Numbers of training examples used at each tick.
    train_scores, test_scores : ndarray of shape (n_ticks, n_folds)
        Scores (greater is better) on the training subsets and on the
        validation folds.
    fit_times, score_times : ndarray of shape (n_ticks, n_folds)
        Seconds spent fitting and scoring (always recorded; unpacked only
        with ``return_times=True``).
    score_name : str
        Name of the score, e.g. ``"accuracy"`` or ``"neg_mean_squared_error"``.
    error_name : str
        Name of the error, e.g. ``"1 - accuracy"`` or ``"mean squared error"``.
    error_offset : float
        The error rule: ``error = error_offset - score`` (1 for scores whose
        best value is 1 such as accuracy and R², 0 for negated losses such as
        ``neg_*`` scorers and for unknown scores).
    greater_is_better : bool
        True: scikit-learn scores grow with quality.
    null_test_scores : ndarray of shape (n_folds,) or None
        Validation score of a constant predictor (``DummyClassifier`` /
        ``DummyRegressor``) fitted on each full training fold.
    return_times : bool
        Whether unpacking yields the times.

    Attributes
    ----------
    kind : str
        ``"learning"``: which curve this is (read by :func:`diagnose` and
        ``plot``).
    x_label : str
        ``"Number of training examples"``: what the abscissa counts.
    """

    train_sizes: np.ndarray
    train_scores: np.ndarray
    test_scores: np.ndarray
    fit_times: np.ndarray
    score_times: np.ndarray
    score_name: str
    error_name: str
    error_offset: float
    greater_is_better: bool = True
    null_test_scores: np.ndarray | None = None
    return_times: bool = False

    kind: ClassVar[str] = "learning"
    x_label: ClassVar[str] = "Number of training examples"

    @property
    def x(self):
        """The abscissa: training set sizes."""
        return self.train_sizes

    def _as_tuple(self):
        out = (self.train_sizes, self.train_scores, self.test_scores)
        if self.return_times:
            out += (self.fit_times, self.score_times)
        return out


def _growing_fits(splits, sizes, shuffle, random_state):
    """``(train, test, None)`` for each split and size: the very fits
    scikit-learn's learning_curve runs, in its order (the training part is a
    prefix of the, optionally shuffled, training fold)."""
    if shuffle:
        rng = check_random_state(random_state)
        splits = [(rng.permutation(train), test) for train, test in splits]
    return [(train[:size], test, None) for train, test in splits for size in sizes]


def _incremental_curve(estimator, X, y, splits, train_sizes, scoring, error_score,
                       params, shuffle, random_state):
    """scikit-learn's learning_curve with ``partial_fit``, over the given splits.

    The splits are drawn already, so routed ``groups`` are not passed on.
    """
    if params and _routing_enabled():
        params = {key: value for key, value in params.items() if key != "groups"}
    _, train, test, fit, score = _sk_learning_curve(
        estimator, X, y, train_sizes=train_sizes, cv=splits, scoring=scoring,
        exploit_incremental_learning=True, shuffle=shuffle,
        random_state=random_state, error_score=error_score, return_times=True,
        params=params,
    )
    return dict(zip(("train_scores", "test_scores", "fit_time", "score_time"),
                    (train, test, fit, score)))


def learning_curve(
    estimator,
    X,
    y,
    *,
    groups=None,
    train_sizes=np.linspace(0.1, 1.0, 5),
    cv=None,
    scoring=None,
    exploit_incremental_learning=False,
    n_jobs=None,
    pre_dispatch="all",
    verbose=0,
    shuffle=False,
    random_state=None,
    error_score=np.nan,
    return_times=False,
    params=None,
):
    """Training and validation scores for growing training sets.

    Same inputs and numbers as :func:`sklearn.model_selection.learning_curve`
    for any estimator or pipeline, Keras or not: the fits are scikit-learn's
    own (``_fit_and_score``, in the same order), dispatched here so that a
    progress bar can follow them, with metadata routed as scikit-learn routes
    it; with ``exploit_incremental_learning``, scikit-learn's
    ``learning_curve`` runs them in one call. The result unpacks like
    scikit-learn's tuple and adds the error form, the error of a constant
    predictor on the same folds, and plotting.

    Parameters
    ----------
    estimator : estimator
        Cloned for every fit; must implement ``fit`` (and ``predict`` unless
        ``scoring`` does without it).
    X : array-like of shape (n_samples, n_features)
        Inputs.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs) or None
        Targets.
    groups : array-like of shape (n_samples,), default=None
        Group labels for group splitters such as ``GroupKFold``.
    train_sizes : array-like of shape (n_ticks,), default=np.linspace(0.1, 1.0, 5)
        Fractions (floats in (0, 1]) of the largest training fold, or
        absolute sizes (ints).
    cv : int, cross-validation splitter or iterable, default=None
        As in scikit-learn: None for 5 folds, an int, a splitter, or an
        iterable of (train, validation) index pairs. Splits are drawn once and
        reused for the constant predictor.
    scoring : str or callable, default=None
        A scikit-learn scorer name or callable; None uses ``estimator.score``.
    exploit_incremental_learning : bool, default=False
        Use ``partial_fit`` to grow one model per fold.
    n_jobs : int, default=None
        Fits run in parallel through joblib (any backend, including dask
        under ``joblib.parallel_config(backend="dask")``).
    pre_dispatch : int or str, default="all"
        Number of jobs dispatched ahead, as in joblib.
    verbose : int, default=0
        Above 0: print the sizes and show a progress bar over the fits on
        standard error.
    shuffle : bool, default=False
        Shuffle each training fold before taking prefixes of it.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffle.
    error_score : "raise" or float, default=np.nan
        Score of a failed fit; "raise" raises the error. As in
        scikit-learn, one ``FitFailedWarning`` sums up the failures, and a
        ``ValueError`` is raised when every fit fails.
    return_times : bool, default=False
        Whether unpacking the result also yields fit and score times.
    params : dict, default=None
        Parameters for ``fit`` (routed as in scikit-learn).

    Returns
    -------
    result : LearningCurveResult
        Unpacks to ``(train_sizes, train_scores, test_scores)``, plus
        ``(fit_times, score_times)`` when ``return_times``.

    See Also
    --------
    sklearn.model_selection.learning_curve : The function each fit goes through.
    LearningCurveDisplay : Plot the result.
    diagnose : Read bias and variance off the result.
    """
    if exploit_incremental_learning and not hasattr(estimator, "partial_fit"):
        raise ValueError(
            "An estimator must support the partial_fit interface "
            "to exploit incremental learning"
        )
    X, y, splits, scorer, routed = prepare_fits(
        "learning_curve", estimator, X, y, groups=groups, cv=cv, scoring=scoring,
        params=params, fit_methods=("fit", "partial_fit"),
    )
    sizes = _translate_train_sizes(train_sizes, len(splits[0][0]))
    if verbose > 0:
        print(f"[learning_curve] Training set sizes: {sizes}")

    if exploit_incremental_learning:  # partial_fit grows one model per fold
        arrays = _incremental_curve(estimator, X, y, splits, sizes, scoring,
                                    error_score, params, shuffle, random_state)
    else:
        fits = _growing_fits(splits, sizes, shuffle, random_state)
        arrays = fit_and_score_all(
            estimator, X, y, fits, n_points=len(sizes), scorer=scorer, routed=routed,
            error_score=error_score, n_jobs=n_jobs, pre_dispatch=pre_dispatch,
            verbose=verbose, desc="learning_curve",
        )
    form = error_form(scoring, estimator)
    null = null_test_scores(estimator, X, y, splits, null_scoring(scoring, estimator))
    return LearningCurveResult(
        train_sizes=sizes,
        train_scores=arrays["train_scores"],
        test_scores=arrays["test_scores"],
        fit_times=arrays["fit_time"],
        score_times=arrays["score_time"],
        score_name=form.score_name,
        error_name=form.error_name,
        error_offset=form.error_offset,
        greater_is_better=form.greater_is_better,
        null_test_scores=null,
        return_times=bool(return_times),
    )
