"""diagnose reads the lecture's verdicts off learning curves."""

import dataclasses

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from keras_lectures.diagnostics import (
    Diagnosis,
    EpochCurveResult,
    diagnose,
    learning_curve,
    validation_curve,
)

CV = KFold(5, shuffle=True, random_state=0)


def _xor(n=200, seed=0):
    rng = np.random.RandomState(seed)
    centers = np.array([[1, 1], [-1, -1], [1, -1], [-1, 1]])
    labels = np.array([0, 0, 1, 1])
    idx = rng.randint(0, 4, n)
    return centers[idx] + 0.3 * rng.randn(n, 2), labels[idx]


def _parabola(n=200, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.uniform(-3, 3, (n, 1))
    return x, x[:, 0] ** 2 + 0.5 * rng.randn(n)


def test_linear_model_on_xor_is_high_bias():
    X, y = _xor()
    result = learning_curve(LogisticRegression(), X, y, cv=StratifiedKFold(5))
    diagnosis = diagnose(result)
    assert isinstance(diagnosis, Diagnosis)
    assert diagnosis.verdict == "high bias"
    assert diagnosis.high_bias and not diagnosis.high_variance
    assert diagnosis.scale_source == "constant predictor"
    assert any("polynomial" in line for line in diagnosis.advice)
    assert any("More training examples alone will not help" in line
               for line in diagnosis.advice)


def test_straight_line_on_parabola_is_high_bias():
    X, y = _parabola()
    diagnosis = learning_curve(LinearRegression(), X, y, cv=CV).diagnose()
    assert diagnosis.verdict == "high bias"
    assert diagnosis.train_error > 0.9  # 1 - R²: the line explains ~nothing


def test_degree_15_polynomial_on_50_points_is_high_variance():
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, (50, 1))
    y = np.sin(3 * X[:, 0]) + 0.3 * rng.randn(50)
    model = make_pipeline(PolynomialFeatures(15), LinearRegression())
    diagnosis = diagnose(learning_curve(model, X, y, cv=CV))
    assert diagnosis.verdict == "high variance"
    assert diagnosis.gap > diagnosis.tolerance * diagnosis.scale
    assert any("regularisation" in line for line in diagnosis.advice)
    assert any("training examples" in line for line in diagnosis.advice)


def test_well_specified_model_is_good_fit():
    X, y = _parabola()
    model = make_pipeline(PolynomialFeatures(2), LinearRegression())
    diagnosis = diagnose(learning_curve(model, X, y, cv=CV))
    assert diagnosis.verdict == "good fit"
    assert not diagnosis.high_bias and not diagnosis.high_variance
    assert "good fit" in str(diagnosis)


def test_diagnosis_numbers_and_text():
    X, y = _parabola()
    result = learning_curve(LinearRegression(), X, y, cv=CV,
                            scoring="neg_mean_squared_error")
    diagnosis = diagnose(result, baseline=0.25)
    assert diagnosis.train_error == pytest.approx(np.mean(-result.train_scores[-1]))
    assert diagnosis.validation_error == pytest.approx(np.mean(-result.test_scores[-1]))
    assert diagnosis.gap == pytest.approx(
        diagnosis.validation_error - diagnosis.train_error)
    assert diagnosis.baseline_distance == pytest.approx(diagnosis.train_error - 0.25)
    assert diagnosis.null_error == pytest.approx(result.null_error)
    assert diagnosis.error_name == "mean squared error"
    assert diagnosis.slope is not None
    text = str(diagnosis)
    assert "high bias" in text and "baseline" in text
    with pytest.raises(dataclasses.FrozenInstanceError):
        diagnosis.verdict = "good fit"


def test_training_error_below_the_baseline_is_worded_so():
    X, y = _parabola()
    result = learning_curve(LinearRegression(), X, y, cv=CV,
                            scoring="neg_mean_squared_error")
    above = diagnose(result, baseline=0.0)
    below = diagnose(result, baseline=above.train_error + 0.5)
    assert below.baseline_distance == pytest.approx(-0.5)
    text = " ".join(str(below).split())
    assert "the training error is 0.5 below it." in text, text
    assert "above it" not in text and "-0.5" not in text
    assert "above it." in " ".join(str(above).split())


def test_baseline_and_thresholds_are_configurable():
    X, y = _parabola()
    result = learning_curve(LinearRegression(), X, y, cv=CV)
    # the lecture's rule with a baseline: compare training error to it
    assert diagnose(result, baseline=0.95).verdict == "good fit"
    assert diagnose(result, baseline=0.0).verdict == "high bias"
    assert diagnose(result, bias_threshold=2.0).verdict == "good fit"
    loose = diagnose(result, baseline=0.95, scale=1.0, tolerance=0.01)
    assert loose.scale_source == "given" and loose.high_bias


def test_high_bias_and_high_variance():
    train = np.array([[0.5, 0.5], [0.5, 0.5]])
    test = np.array([[0.9, 0.9], [0.9, 0.9]])
    result = EpochCurveResult(
        epochs=np.array([1, 2]), metric="loss", train_history=train,
        validation_history=test, error_name="loss", error_offset=0.0,
        greater_is_better=False, null_test_scores=np.array([-1.0, -1.0]),
    )
    assert diagnose(result).verdict == "high bias and high variance"


def test_epoch_curve_without_reference_judges_variance_only():
    epochs = np.arange(1, 11)
    train = np.tile(np.linspace(1.0, 0.1, 10)[:, None], (1, 3))
    val = np.tile((0.6 - 0.4 * np.exp(-(epochs - 1) / 2) + 0.03 * epochs)[:, None],
                  (1, 3))
    result = EpochCurveResult(
        epochs=epochs, metric="loss", train_history=train, validation_history=val,
        error_name="loss", error_offset=0.0, greater_is_better=False,
    )
    diagnosis = diagnose(result)
    assert diagnosis.verdict == "high variance"
    assert not diagnosis.bias_judged
    assert any("early stopping" in line for line in diagnosis.advice)
    assert any("pass baseline" in line for line in diagnosis.advice)


def test_validation_curve_is_judged_at_best_value():
    X, y = _parabola()
    model = make_pipeline(PolynomialFeatures(2), Ridge())
    result = validation_curve(model, X, y, param_name="ridge__alpha",
                              param_range=[1e-3, 1.0, 1e5], cv=CV)
    diagnosis = diagnose(result)
    assert diagnosis.x_value in (1e-3, 1.0)
    assert diagnosis.verdict == "good fit"
    assert diagnose(result, at=2).verdict == "high bias"


def test_all_failed_raises():
    result = EpochCurveResult(
        epochs=np.array([1]), metric="loss", train_history=np.full((1, 2), np.nan),
        validation_history=np.full((1, 2), np.nan), error_name="loss",
        error_offset=0.0, greater_is_better=False,
    )
    with pytest.raises(ValueError, match="NaN"):
        diagnose(result)


def _epoch_result(n_epochs=6):
    epochs = np.arange(1, n_epochs + 1)
    train = np.tile(np.linspace(1.0, 0.2, n_epochs)[:, None], (1, 2))
    val = np.tile(np.array([0.9, 0.6, 0.5, 0.55, 0.6, 0.7])[:n_epochs, None], (1, 2))
    return EpochCurveResult(
        epochs=epochs, metric="loss", train_history=train, validation_history=val,
        error_name="loss", error_offset=0.0, greater_is_better=False,
        null_test_scores=np.array([-1.0, -1.0]),
    )


def test_negative_at_counts_from_the_end():
    X, y = _parabola()
    curves = [
        learning_curve(LinearRegression(), X, y, cv=CV),
        _epoch_result(),
        validation_curve(make_pipeline(PolynomialFeatures(2), Ridge()), X, y,
                         param_name="ridge__alpha", param_range=[1e-3, 1.0, 1e5],
                         cv=CV),
    ]
    for result in curves:
        n = len(result.x)
        assert diagnose(result, at=-1) == diagnose(result, at=n - 1)
        assert diagnose(result, at=-n) == diagnose(result, at=0)
        with pytest.raises(IndexError, match="out of range"):
            diagnose(result, at=n)
        with pytest.raises(IndexError, match="out of range"):
            diagnose(result, at=-n - 1)
    # the learning and epoch curves: the slope and best point are read
    last = diagnose(curves[0], at=-1)
    assert last.slope is not None and last == diagnose(curves[0])
    epoch_last = diagnose(curves[1], at=-1)
    assert epoch_last.slope is not None and epoch_last.x_value == 6.0


def test_diagnose_reads_the_kind_of_the_result():
    result = _epoch_result()
    assert result.kind == "epoch"
    epochs, train, validation = result  # unpacks like the other results
    assert epochs is result.epochs and validation is result.validation_history
    # the validation error is lowest at epoch 3: the advice is to stop there
    diagnosis = diagnose(result)
    assert diagnosis.high_variance and diagnosis.scale_source == "constant predictor"
    assert any("lowest at epoch 3" in line for line in diagnosis.advice)
    # judged at epoch 3, the best point is the judged one: no stopping advice
    assert not any("lowest at epoch" in line for line in diagnose(result, at=2).advice)
