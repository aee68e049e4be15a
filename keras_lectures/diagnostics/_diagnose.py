"""Read bias and variance off a curve, as the lecture teaches."""

import operator
import textwrap
import warnings
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Diagnosis", "diagnose"]

VERDICTS = ("good fit", "high bias", "high variance", "high bias and high variance")


@dataclass(frozen=True)
class Diagnosis:
    """A structured verdict on bias and variance.

    Parameters
    ----------
    verdict : {"good fit", "high bias", "high variance", \
"high bias and high variance"}
        The verdict.
    high_bias, high_variance : bool
        The two findings behind it.
    train_error, validation_error : float
        Mean training and validation error over the folds at the judged
        point (the largest training set, the last epoch, or the best
        parameter value).
    gap : float
        ``validation_error - train_error``.
    slope : float or None
        Change of the mean validation error per doubling of the training
        set (or of the epochs) over the last points, in units of ``scale``;
        negative while it still falls. None for validation curves.
    baseline : float or None
        The desired or baseline error that was given.
    baseline_distance : float or None
        ``train_error - baseline`` (the avoidable bias) when a baseline was
        given.
    scale : float
        The error unit the thresholds are multiplied by.
    scale_source : str
        Where ``scale`` came from: "given", "constant predictor" or
        "validation error".
    null_error : float or None
        Validation error of a constant predictor on the same folds.
    error_name : str
        Name of the error, e.g. "1 - accuracy".
    x_label : str
        What the curve's abscissa counts.
    x_value : float
        The abscissa of the judged point.
    tolerance, bias_threshold : float
        The thresholds used.
    bias_judged : bool
        False when bias could not be judged (no baseline and no scale).
    advice : list of str
        What to try next, in plain sentences.
    """

    verdict: str
    high_bias: bool
    high_variance: bool
    train_error: float
    validation_error: float
    gap: float
    slope: float | None
    baseline: float | None
    baseline_distance: float | None
    scale: float
    scale_source: str
    null_error: float | None
    error_name: str
    x_label: str
    x_value: float
    tolerance: float
    bias_threshold: float
    bias_judged: bool = True
    advice: list = field(default_factory=list)

    def __str__(self):
        where = f"at {self.x_label.lower()} = {_fmt(self.x_value)}"
        text = (
            f"Verdict: {self.verdict}. {where.capitalize()}, the training error "
            f"({self.error_name}) is {_fmt(self.train_error)} and the validation "
            f"error is {_fmt(self.validation_error)}, a gap of {_fmt(self.gap)}"
            f" (large above {_fmt(self.tolerance * self.scale)})."
        )
        if self.baseline is not None:
            side = "below" if self.baseline_distance < 0 else "above"
            text += (
                f" The baseline error is {_fmt(self.baseline)}, so the training "
                f"error is {_fmt(abs(self.baseline_distance))} {side} it."
            )
        elif self.null_error is not None:
            text += (
                f" A constant predictor has a validation error of "
                f"{_fmt(self.null_error)}."
            )
        if self.advice:
            text += " " + " ".join(self.advice)
        return textwrap.fill(text, width=88)


def _fmt(value):
    if value is None:
        return "n/a"
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    if value != 0 and (abs(value) >= 1e4 or abs(value) < 1e-3):
        return f"{value:.3g}"
    return f"{value:.4g}"


def _slope(x, errors, n_last, scale):
    """Least-squares slope of ``errors`` against log2(x) over the last points."""
    x = np.asarray(x, dtype=float)
    keep = np.isfinite(errors)
    x, errors = x[keep][-n_last:], errors[keep][-n_last:]
    if len(x) < 2 or np.any(x <= 0) or np.ptp(np.log2(x)) == 0:
        return None
    return float(np.polyfit(np.log2(x), errors, 1)[0] / scale)


def _advice(high_bias, high_variance, slope, flat_slope, train_slope, kind,
            best_x, last_x):
    advice = []
    epochs = kind == "epoch"
    if high_variance:
        if kind == "learning":
            if slope is not None and slope < -flat_slope:
                advice.append(
                    "The validation error still falls as the training set grows: "
                    "more training examples are likely to help."
                )
            elif slope is not None:
                advice.append(
                    "The validation error has levelled off: more training "
                    "examples may help less than regularisation."
                )
            else:
                advice.append("Get more training examples.")
        else:
            advice.append("Get more training examples.")
        if epochs and best_x is not None and best_x < last_x:
            advice.append(
                f"The validation error was lowest at epoch {best_x:g}: stop "
                "training there (early stopping)."
            )
        advice += [
            "Try a smaller set of features.",
            "Increase regularisation (a larger lambda, e.g. alpha or an L2 "
            "penalty on the weights).",
            "For a neural network, add dropout or use early stopping.",
        ]
    if high_bias:
        if kind == "learning":
            advice.append(
                "More training examples alone will not help: the model "
                "cannot fit even the data it is trained on."
            )
        advice += [
            "Add features, or polynomial features of the ones you have.",
            "Use a larger model: more hidden units or more layers.",
            "Decrease regularisation (a smaller lambda or alpha).",
        ]
        if not epochs:
            advice.append("If the model trains iteratively, train it longer.")
        elif train_slope is not None and train_slope < -flat_slope:
            advice.append(
                "The training error is still falling: train longer (more epochs)."
            )
    if not (high_bias or high_variance):
        advice.append(
            "Training and validation errors are low and close: the model fits "
            "well, and neither more data nor more capacity is called for."
        )
    return advice


def diagnose(
    result,
    *,
    baseline=None,
    tolerance=0.1,
    bias_threshold=0.25,
    scale=None,
    n_last=3,
    flat_slope=0.02,
    at=None,
):
    """Diagnose high bias and high variance from a curve.

    The rules follow the lecture. Let ``E_train`` and ``E_val`` be the mean
    training and validation errors over the folds at the judged point (the
    largest training set of a learning curve, the last epoch of an epoch
    curve, the parameter value with the lowest validation error of a
    validation curve, or index ``at``). Errors are lower-is-better forms of
    the scores (``error = error_offset - score``, e.g. 1 - accuracy,
    mean squared error, 1 - R²). All thresholds are in units of ``scale``:

    - ``scale`` defaults to the validation error of a constant predictor
      (``DummyClassifier(strategy="prior")`` /
      ``DummyRegressor(strategy="mean")``) on the same folds, which the
      results carry. For R² or mean squared error that makes the relative
      error the fraction of the target's variance left unexplained; for
      accuracy, the error relative to always predicting the most frequent
      class. When the result has no constant-predictor error (a custom loss
      in an epoch curve), ``scale`` falls back to ``E_val``.
    - **High variance** when the gap is large:
      ``E_val - E_train > tolerance * scale``.
    - **High bias** with a ``baseline`` (a desired error, e.g. human-level
      performance): when the training error is far above it,
      ``E_train - baseline > tolerance * scale``.
      Without a baseline: when the model does not fit even its training
      data well, ``E_train > bias_threshold * scale`` (by default, the
      training error is above a quarter of the constant predictor's error;
      for regression, R² below 0.75 on the training data). Without a
      baseline the irreducible noise cannot be told apart from bias; pass a
      baseline when the task is noisy. With neither a baseline nor a
      constant-predictor error, bias is not judged.
    - Both, one, or neither make the verdict: "high bias and high
      variance", "high bias", "high variance" or "good fit".

    The slope of the validation error against log2 of the training size (or
    epoch) over the last ``n_last`` points, in units of ``scale`` per
    doubling, tells whether more data helps: below ``-flat_slope`` the
    validation error still falls.

    Parameters
    ----------
    result : LearningCurveResult, EpochCurveResult or ValidationCurveResult
        A curve from this package; its ``kind`` says which point is judged
        by default and whether the slope is read.
    baseline : float, default=None
        Desired or baseline error, in the units of the result's error.
    tolerance : float, default=0.1
        A gap counts as large above ``tolerance * scale``.
    bias_threshold : float, default=0.25
        Without a baseline, a training error above
        ``bias_threshold * scale`` is high bias.
    scale : float, default=None
        Error unit of the thresholds; None: the constant predictor's error
        (see above). Pass ``scale=1`` to give thresholds in error units.
    n_last : int, default=3
        Points used for the slope.
    flat_slope : float, default=0.02
        A slope above ``-flat_slope`` counts as levelled off.
    at : int, default=None
        Index of the point to judge, counted from the end when negative
        (``at=-1`` is the last point); None picks it as described above.

    Returns
    -------
    diagnosis : Diagnosis
        The verdict, the numbers behind it and what to try next.

    Examples
    --------
    A straight line cannot fit a parabola, however many examples it sees:

    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.model_selection import KFold
    >>> from keras_lectures.diagnostics import diagnose, learning_curve
    >>> rng = np.random.RandomState(0)
    >>> X = rng.uniform(-3, 3, (200, 1))
    >>> y = X[:, 0] ** 2 + 0.5 * rng.randn(200)
    >>> result = learning_curve(LinearRegression(), X, y,
    ...                         cv=KFold(5, shuffle=True, random_state=0))
    >>> result.kind
    'learning'
    >>> diagnosis = diagnose(result)
    >>> diagnosis.verdict
    'high bias'
    >>> diagnose(result, at=-1) == diagnosis  # the last point, counted from the end
    True
    """
    if tolerance < 0 or bias_threshold < 0:
        raise ValueError("tolerance and bias_threshold must be non-negative.")
    x = np.asarray(result.x)
    train_mean, test_mean = _mean_errors(result)
    at = _judged_point(result.kind, train_mean, test_mean, at)
    e_train, e_val = float(train_mean[at]), float(test_mean[at])
    unit, source = _error_scale(scale, result.null_error, e_val)
    high_bias, high_variance, distance = _judge(
        e_train, e_val, baseline, tolerance, bias_threshold, unit, source
    )
    bias_judged = high_bias is not None
    high_bias = bool(high_bias)
    slope = train_slope = best_x = None
    if result.kind != "validation":  # how the errors move along the curve
        slope = _slope(x[: at + 1], test_mean[: at + 1], n_last, unit)
        train_slope = _slope(x[: at + 1], train_mean[: at + 1], n_last, unit)
        best_x = _best_x(x[: at + 1], test_mean[: at + 1])
    advice = _advice(high_bias, high_variance, slope, flat_slope, train_slope,
                     result.kind, best_x, _as_number(x[at]))
    if not bias_judged:
        advice.append(
            "Bias was not judged: there is no baseline error and no error of a "
            "constant predictor to compare with; pass baseline=."
        )
    return Diagnosis(
        verdict=VERDICTS[int(high_bias) + 2 * int(high_variance)],
        high_bias=high_bias,
        high_variance=bool(high_variance),
        train_error=e_train,
        validation_error=e_val,
        gap=e_val - e_train,
        slope=slope,
        baseline=None if baseline is None else float(baseline),
        baseline_distance=distance,
        scale=unit,
        scale_source=source,
        null_error=result.null_error,
        error_name=result.error_name,
        x_label=str(result.x_label),
        x_value=_as_number(x[at]),
        tolerance=float(tolerance),
        bias_threshold=float(bias_threshold),
        bias_judged=bias_judged,
        advice=advice,
    )


def _mean_errors(result):
    """Mean training and validation errors over the folds, per point."""
    test = np.asarray(result.test_errors, dtype=float)
    if np.all(np.isnan(test)):
        raise ValueError("Every validation score is NaN: all the fits failed.")
    with warnings.catch_warnings():  # a point where every fold failed
        warnings.simplefilter("ignore", RuntimeWarning)
        train_mean = np.nanmean(np.asarray(result.train_errors, dtype=float), axis=1)
        test_mean = np.nanmean(test, axis=1)
    return train_mean, test_mean


def _judged_point(kind, train_mean, test_mean, at):
    """Index (from 0) of the point to judge.

    ``at`` as given (negative values count from the end, as in Python), or
    by default the point with the lowest validation error of a validation
    curve and the last point of the other curves, among the points that have
    both errors.
    """
    n_points = len(test_mean)
    if at is not None:
        index = operator.index(at)
        if not -n_points <= index < n_points:
            raise IndexError(
                f"at={at} is out of range for a curve of {n_points} points."
            )
        return index % n_points
    finite = np.flatnonzero(np.isfinite(test_mean) & np.isfinite(train_mean))
    if len(finite) == 0:
        raise ValueError("No point has both a training and a validation error.")
    if kind == "validation":
        return int(finite[np.argmin(test_mean[finite])])
    return int(finite[-1])


def _error_scale(scale, null_error, validation_error):
    """The error unit of the thresholds, and where it came from."""
    if scale is not None:
        if scale <= 0:
            raise ValueError("scale must be positive.")
        return float(scale), "given"
    if null_error is not None and null_error > 0:
        return float(null_error), "constant predictor"
    unit = abs(validation_error) if validation_error != 0 else 1.0
    return unit, "validation error"


def _judge(e_train, e_val, baseline, tolerance, bias_threshold, unit, source):
    """High bias (None when it cannot be judged), high variance, and the
    distance of the training error to the baseline (None without one)."""
    high_variance = e_val - e_train > tolerance * unit
    if baseline is not None:
        distance = e_train - float(baseline)
        return distance > tolerance * unit, high_variance, distance
    if source != "validation error":
        return e_train > bias_threshold * unit, high_variance, None
    return None, high_variance, None


def _best_x(x, errors):
    """The abscissa of the lowest finite error, or None."""
    finite = np.isfinite(errors)
    if not finite.any():
        return None
    return float(x[finite][np.argmin(errors[finite])])


def _as_number(value):
    """``value`` as a float when it is a number (parameter values may not be)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return value
