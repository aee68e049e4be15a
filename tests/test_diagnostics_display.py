"""Displays draw on an Agg figure."""

import inspect

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from sklearn.linear_model import LinearRegression, Ridge  # noqa: E402

from keras_lectures.diagnostics import (  # noqa: E402
    EpochCurveDisplay,
    EpochCurveResult,
    LearningCurveDisplay,
    ValidationCurveDisplay,
    epoch_curve,
    learning_curve,
    validation_curve,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def parabola():
    rng = np.random.RandomState(0)
    x = rng.uniform(-3, 3, (150, 1))
    return x, x[:, 0] ** 2 + 0.5 * rng.randn(150)


def test_learning_curve_display_from_result(parabola):
    X, y = parabola
    result = learning_curve(LinearRegression(), X, y, cv=3)
    _, ax = plt.subplots()
    display = result.plot(ax=ax, show_diagnosis=True)
    assert isinstance(display, LearningCurveDisplay)
    assert display.ax_ is ax and display.figure_ is ax.figure
    assert len(display.lines_) == 2
    assert all(isinstance(band, PolyCollection) for band in display.fill_between_)
    assert ax.get_xlabel() == "Number of training examples"
    assert ax.get_ylabel() == "Error (1 - r2)"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Training", "Validation", "Constant predictor"]
    assert "high bias" in display.caption_.get_text()
    assert "high bias" in ax.get_title()
    np.testing.assert_allclose(display.lines_[1].get_ydata(),
                               result.test_errors.mean(axis=1))


def test_learning_curve_display_from_estimator_score_kind(parabola):
    X, y = parabola
    display = LearningCurveDisplay.from_estimator(
        Ridge(), X, y, cv=3, scoring="neg_mean_squared_error", kind="score",
        std_display_style="errorbar", score_type="test",
    )
    assert display.lines_ is None and len(display.errorbar_) == 1
    assert display.ax_.get_ylabel() == "neg_mean_squared_error"
    assert display.caption_ is None


def test_validation_curve_display(parabola):
    X, y = parabola
    display = ValidationCurveDisplay.from_estimator(
        Ridge(), X, y, param_name="alpha", param_range=[0.01, 1.0, 100.0, 1e4],
        cv=3, show_diagnosis=True,
    )
    assert display.ax_.get_xscale() == "log"
    assert display.ax_.get_xlabel() == "alpha"
    assert display.diagnosis_.verdict in display.caption_.get_text()


def test_epoch_curve_display_with_baseline():
    epochs = np.arange(1, 6)
    train = np.tile(np.linspace(1.0, 0.2, 5)[:, None], (1, 2))
    result = EpochCurveResult(
        epochs=epochs, metric="loss", train_history=train,
        validation_history=train + 0.01, error_name="loss", error_offset=0.0,
        greater_is_better=False,
    )
    display = EpochCurveDisplay.from_result(
        result, show_diagnosis=True, diagnose_kw={"baseline": 0.19}
    )
    assert display.ax_.get_xlabel() == "Epoch"
    assert display.ax_.get_xscale() == "linear"
    assert display.baseline_line_ is not None and display.null_line_ is None
    assert "good fit" in display.caption_.get_text()


def test_plot_rejects_bad_options(parabola):
    X, y = parabola
    result = learning_curve(Ridge(), X, y, cv=3)
    with pytest.raises(ValueError, match="kind"):
        result.plot(kind="loss")
    with pytest.raises(ValueError, match="std_display_style"):
        result.plot(std_display_style="band")


def test_each_result_plots_with_its_display(parabola):
    X, y = parabola
    result = validation_curve(Ridge(), X, y, param_name="alpha",
                              param_range=[0.1, 1.0], cv=3)
    assert isinstance(result.plot(), ValidationCurveDisplay)
    epochs = EpochCurveResult(
        epochs=np.arange(1, 21), metric="loss",
        train_history=np.ones((20, 2)), validation_history=np.ones((20, 2)),
        error_name="loss", error_offset=0.0, greater_is_better=False,
    )
    display = epochs.plot(log_scale="auto")
    assert isinstance(display, EpochCurveDisplay)
    assert display.ax_.get_xscale() == "linear"  # epochs stay linear
    assert epochs.plot(log_scale=True).ax_.get_xscale() == "log"


@pytest.mark.parametrize(
    "display, curve",
    [(LearningCurveDisplay, learning_curve), (ValidationCurveDisplay, validation_curve),
     (EpochCurveDisplay, epoch_curve)],
)
def test_from_estimator_takes_every_curve_and_plot_option(display, curve):
    """from_estimator lists the curve function's and plot's options by name,
    with their defaults, so that neither can drift from it."""
    ours = inspect.signature(display.from_estimator).parameters
    expected = {
        **{name: p for name, p in inspect.signature(curve).parameters.items()
           if name != "return_times"},
        **dict(list(inspect.signature(display.plot).parameters.items())[1:]),
    }
    assert set(ours) == set(expected)
    for name, parameter in expected.items():
        default = ours[name].default
        if isinstance(default, np.ndarray):
            np.testing.assert_array_equal(default, parameter.default)
        else:
            assert default is parameter.default or default == parameter.default, name
    assert not any(p.kind is p.VAR_KEYWORD for p in ours.values())
