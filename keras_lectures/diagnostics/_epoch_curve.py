"""Epoch curves: per-epoch training and validation loss across CV folds."""

import inspect
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.compose import TransformedTargetRegressor
from sklearn.pipeline import Pipeline
from sklearn.utils.parallel import delayed

from keras_lectures.utils.fixes import _check_method_params, _safe_indexing

from ._parallel import fixed_splits, null_test_scores, run_jobs
from ._result import CurveResultMixin

__all__ = ["EpochCurveResult", "epoch_curve"]

# Keras metric names -> the scikit-learn scorer that computes the same number,
# used to score the constant predictor.
_SKLEARN_EQUIVALENT = {
    "accuracy": "accuracy",
    "acc": "accuracy",
    "binary_accuracy": "accuracy",
    "categorical_accuracy": "accuracy",
    "sparse_categorical_accuracy": "accuracy",
    "mse": "neg_mean_squared_error",
    "mean_squared_error": "neg_mean_squared_error",
    "mae": "neg_mean_absolute_error",
    "mean_absolute_error": "neg_mean_absolute_error",
    "binary_crossentropy": "neg_log_loss",
    "categorical_crossentropy": "neg_log_loss",
    "sparse_categorical_crossentropy": "neg_log_loss",
}
# Substrings of Keras metric names that grow with quality.
_GREATER_IS_BETTER = ("accuracy", "acc", "auc", "precision", "recall", "f1", "r2")


def _metric_greater_is_better(metric):
    name = metric.lower()
    if "loss" in name or "error" in name or "crossentropy" in name:
        return False
    return any(key in name for key in _GREATER_IS_BETTER)


@dataclass(frozen=True, eq=False)
class EpochCurveResult(CurveResultMixin):
    """Result of :func:`epoch_curve`.

    Unpacks like the other curve results, abscissa first::

        epochs, train_history, validation_history = epoch_curve(...)

    Parameters
    ----------
    epochs : ndarray of shape (n_epochs,)
        1, 2, ..., n_epochs.
    metric : str
        The ``history_`` key, e.g. ``"loss"`` or ``"accuracy"``.
    train_history, validation_history : ndarray of shape (n_epochs, n_folds)
        ``history_[metric]`` and ``history_["val_" + metric]`` of each fold's
        model. Folds that stopped early are padded with NaN.
    error_name : str
        Name of the error.
    error_offset : float
        1 for accuracy-like metrics (error = 1 - value), 0 for losses
        (error = value).
    greater_is_better : bool
        False for losses, True for accuracy-like metrics.
    null_test_scores : ndarray of shape (n_folds,) or None
        The metric for a constant predictor on each validation fold, in the
        scikit-learn sign convention, when a scikit-learn equivalent of the
        metric is known (accuracy, mean squared or absolute error,
        cross-entropy, or ``"loss"`` with the estimator's default loss).

    Attributes
    ----------
    kind : str
        ``"epoch"``: which curve this is (read by :func:`diagnose` and
        ``plot``).
    x_label : str
        ``"Epoch"``: what the abscissa counts.
    """

    epochs: np.ndarray
    metric: str
    train_history: np.ndarray
    validation_history: np.ndarray
    error_name: str
    error_offset: float
    greater_is_better: bool
    null_test_scores: np.ndarray | None = None

    kind: ClassVar[str] = "epoch"
    x_label: ClassVar[str] = "Epoch"

    @property
    def x(self):
        """The abscissa: epochs."""
        return self.epochs

    @property
    def score_name(self):
        """``metric`` (named as in the other results)."""
        return self.metric

    @property
    def train_scores(self):
        """``train_history`` (named as in the other results)."""
        return self.train_history

    @property
    def test_scores(self):
        """``validation_history`` (named as in the other results)."""
        return self.validation_history

    @property
    def null_test_errors(self):
        """The constant predictor's metric per fold, as an error, or None."""
        if self.null_test_scores is None:
            return None
        # null scores follow scikit-learn's convention (greater is better)
        scores = np.asarray(self.null_test_scores, dtype=float)
        return 1.0 - scores if self.error_offset == 1.0 else -scores

    def _as_tuple(self):
        return (self.epochs, self.train_history, self.validation_history)


def _final_estimator(estimator):
    while True:
        if isinstance(estimator, Pipeline):
            estimator = estimator.steps[-1][1]
        elif isinstance(estimator, TransformedTargetRegressor):
            fitted = getattr(estimator, "regressor_", None)
            estimator = fitted if fitted is not None else estimator.regressor
        else:
            return estimator


def _transforms_target(estimator):
    """Whether a TransformedTargetRegressor sits on the way to the model."""
    while isinstance(estimator, (Pipeline, TransformedTargetRegressor)):
        if isinstance(estimator, TransformedTargetRegressor):
            return True
        estimator = estimator.steps[-1][1]
    return False


def _accepts_validation_data(estimator):
    try:
        parameters = inspect.signature(estimator.fit).parameters
    except (TypeError, ValueError):
        return True
    return "validation_data" in parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
    )


def _fit_with_validation(estimator, X, y, X_val, y_val, fit_params):
    """Fit, handing the validation part to the model that records history.

    In a pipeline the steps before the last are fitted on the training part
    and transform the validation part, so the final model sees validation
    data prepared exactly like its training data. ``fit_params`` follow the
    pipeline's ``step__param`` convention.
    """
    if isinstance(estimator, TransformedTargetRegressor):
        return _fit_target_transformed(estimator, X, y, X_val, y_val, fit_params)
    if not isinstance(estimator, Pipeline):
        estimator.fit(X, y, validation_data=(X_val, y_val), **fit_params)
        return estimator
    names = [name for name, _ in estimator.steps]
    step_params = {name: {} for name in names}
    for key, value in fit_params.items():
        name, sep, param = key.partition("__")
        if not sep or name not in step_params:
            raise ValueError(
                f"Pipeline fit parameters must be named step__param; got {key!r}."
            )
        step_params[name][param] = value
    Xt, Xt_val = X, X_val
    for name, step in estimator.steps[:-1]:
        if step is None or step == "passthrough":
            continue
        Xt = step.fit_transform(Xt, y, **step_params[name])
        Xt_val = step.transform(Xt_val)
    name, final = estimator.steps[-1]
    _fit_with_validation(final, Xt, y, Xt_val, y_val, step_params[name])
    return estimator


def _fit_target_transformed(estimator, X, y, X_val, y_val, fit_params):
    """Fit a TransformedTargetRegressor, validating in the transformed space.

    The target transformer is fitted on the training part only (as
    ``TransformedTargetRegressor.fit`` does) and also transforms the
    validation targets, so the recorded per-epoch numbers compare like with
    like.
    """
    y = np.asarray(y)
    as_column = y.ndim == 1
    y_2d = y.reshape(-1, 1) if as_column else y
    estimator._fit_transformer(y_2d)

    def transform(target):
        target = np.asarray(target)
        out = estimator.transformer_.transform(target.reshape(-1, 1) if as_column else target)
        return out.ravel() if as_column and out.ndim == 2 and out.shape[1] == 1 else out

    estimator.regressor_ = clone(estimator.regressor)
    _fit_with_validation(
        estimator.regressor_, X, transform(y), X_val, transform(y_val), fit_params
    )
    return estimator


def _fold_history(estimator, X, y, train, test, params, metric):
    X_train, y_train = _safe_indexing(X, train), _safe_indexing(y, train)
    X_val, y_val = _safe_indexing(X, test), _safe_indexing(y, test)
    fit_params = _check_method_params(X, params=params, indices=train)
    _fit_with_validation(estimator, X_train, y_train, X_val, y_val, fit_params)
    history = getattr(_final_estimator(estimator), "history_", None)
    if not isinstance(history, dict):
        raise TypeError(
            f"epoch_curve needs an estimator that records per-epoch numbers in a "
            f"history_ dict after fit; {type(_final_estimator(estimator)).__name__} "
            "has none. Use a Keras estimator of this package, or any estimator "
            "whose fit(X, y, validation_data=(X_val, y_val)) fills history_."
        )
    val_key = f"val_{metric}"
    missing = [key for key in (metric, val_key) if key not in history]
    if missing:
        raise KeyError(
            f"history_ has no {', '.join(map(repr, missing))}; its keys are "
            f"{sorted(history)}. Choose metric among the keys that also have a "
            "'val_' variant."
        )
    return np.asarray(history[metric], float), np.asarray(history[val_key], float)


def _null_scoring(estimator, metric):
    """The scikit-learn scorer equal to ``metric`` for this estimator, or None."""
    name = metric
    if _transforms_target(estimator):
        return None  # the history is in the transformed target's units
    if metric == "loss":
        final = _final_estimator(estimator)
        loss = final.get_params().get("loss") if hasattr(final, "get_params") else None
        if loss is None:  # the package's defaults: cross-entropy / squared error
            if is_classifier(estimator):
                return "neg_log_loss"
            if is_regressor(estimator):
                return "neg_mean_squared_error"
            return None
        if not isinstance(loss, str):
            return None
        name = loss
    return _SKLEARN_EQUIVALENT.get(name)


def _pad(columns):
    n_epochs = max(len(column) for column in columns)
    out = np.full((n_epochs, len(columns)), np.nan)
    for j, column in enumerate(columns):
        out[: len(column), j] = column
    return out


def epoch_curve(
    estimator,
    X,
    y,
    *,
    metric="loss",
    groups=None,
    cv=None,
    n_jobs=None,
    pre_dispatch="all",
    verbose=0,
    params=None,
):
    """Per-epoch training and validation loss (or metric) across CV folds.

    For every fold, a clone of ``estimator`` is fitted on the training part
    with ``fit(X_train, y_train, validation_data=(X_val, y_val), **params)``,
    and the fold's ``history_[metric]`` and ``history_["val_" + metric]`` are
    collected. In a :class:`~sklearn.pipeline.Pipeline` the steps before the
    model are fitted on the training part and transform the validation part
    before it reaches the model.

    Parameters
    ----------
    estimator : estimator or Pipeline
        Its (final) estimator must accept ``validation_data`` in ``fit`` and
        leave a ``history_`` dict of per-epoch lists, as the package's
        ``KerasClassifier`` and ``KerasRegressor`` do.
    X : array-like of shape (n_samples, ...)
        Inputs.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Targets.
    metric : str, default="loss"
        History key to collect: ``"loss"`` or a compiled metric name such as
        ``"accuracy"``.
    groups : array-like of shape (n_samples,), default=None
        Group labels for group splitters.
    cv : int, cross-validation splitter or iterable, default=None
        As in scikit-learn.
    n_jobs : int, default=None
        Folds run in parallel through joblib.
    pre_dispatch : int or str, default="all"
        Number of jobs dispatched ahead.
    verbose : int, default=0
        Above 0: a progress bar over the folds.
    params : dict, default=None
        Extra ``fit`` parameters (``sample_weight`` is indexed per fold; in a
        pipeline name them ``step__param``).

    Returns
    -------
    result : EpochCurveResult

    Raises
    ------
    TypeError
        If the estimator's ``fit`` cannot take ``validation_data`` or it
        records no ``history_``.
    KeyError
        If ``history_`` lacks ``metric`` or ``"val_" + metric``.
    """
    final = _final_estimator(estimator)
    if not _accepts_validation_data(final):
        raise TypeError(
            f"epoch_curve needs fit(X, y, validation_data=(X_val, y_val)); "
            f"{type(final).__name__}.fit takes no validation_data. Use a Keras "
            "estimator of this package."
        )
    params = {} if params is None else params
    splits = fixed_splits(estimator, X, y, cv, groups)
    jobs = [
        delayed(_fold_history)(clone(estimator), X, y, train, test, params, metric)
        for train, test in splits
    ]
    out = run_jobs(jobs, n_jobs=n_jobs, pre_dispatch=pre_dispatch,
                   verbose=verbose, desc="epoch_curve")
    train = _pad([fold[0] for fold in out])
    validation = _pad([fold[1] for fold in out])
    greater = _metric_greater_is_better(metric)
    scoring = _null_scoring(estimator, metric)
    null = None if scoring is None else null_test_scores(estimator, X, y, splits, scoring)
    return EpochCurveResult(
        epochs=np.arange(1, train.shape[0] + 1),
        metric=metric,
        train_history=train,
        validation_history=validation,
        error_name=f"1 - {metric}" if greater else metric,
        error_offset=1.0 if greater else 0.0,
        greater_is_better=greater,
        null_test_scores=null,
    )
