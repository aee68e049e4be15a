"""The gradient, optimiser and logistic-cost pictures, and the numbers behind them.

Each number a picture draws is checked against a direct computation: the
activations' derivatives against finite differences (the sigmoid's peak is
0.25), the per-layer gradient norms against
:func:`~keras_lectures.lectures.gradients.loss_gradients` of the same
initial network, the optimisers' first steps against their update rules
written out by hand, the cost slice against the model's own log loss.
"""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import Bunch

from keras_lectures import DeepNetClassifier, LinearRegressionGD, LogisticRegressionGD
from keras_lectures.lectures.gradients import initialised_copy, loss_gradients
from keras_lectures.reports import pictures

try:
    from tests.test_pictures import _save
except ImportError:  # tests/ run as a plain folder
    from test_pictures import _save


# -- activations ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["sigmoid", "logistic", "tanh", "relu", "identity"])
def test_activation_derivative_matches_finite_differences(name):
    z = np.linspace(-6, 6, 1201)
    z = z[np.abs(z) > 1e-3]  # ReLU has no derivative at 0
    g, slope = pictures.activation_derivative(name, z)
    eps = 1e-6
    numeric = (pictures.activation_derivative(name, z + eps)[0]
               - pictures.activation_derivative(name, z - eps)[0]) / (2 * eps)
    np.testing.assert_allclose(slope, numeric, atol=1e-8)
    if name in ("sigmoid", "logistic"):
        np.testing.assert_allclose(g, 1 / (1 + np.exp(-z)), rtol=1e-12)


def test_the_sigmoid_derivative_is_at_most_a_quarter():
    z = np.linspace(-20, 20, 40001)
    _, slope = pictures.activation_derivative("sigmoid", z)
    assert slope.max() == pytest.approx(0.25, abs=1e-15)
    assert z[np.argmax(slope)] == pytest.approx(0.0, abs=1e-12)
    _, relu = pictures.activation_derivative("relu", z)
    assert set(np.unique(relu)) == {0.0, 1.0}
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        pictures.activation_derivative("swish", z)


def test_activation_derivatives_picture(tmp_path):
    fig = pictures.activation_derivatives()
    _save(fig, tmp_path, "activations.png")
    slopes = fig.axes[1]
    labels = [text.get_text() for text in slopes.get_legend().get_texts()]
    assert labels == ["sigmoid: max 0.25", "tanh: max 1", "relu: max 1"]
    sigmoid = slopes.get_lines()[0]
    assert max(sigmoid.get_ydata()) == pytest.approx(0.25, abs=1e-6)


# -- gradient norms per layer ---------------------------------------------------------
def _digits(n=120):
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    keep = y < 4
    return Bunch(X_train=X[keep][:n] / 16.0, y_train=y[keep][:n])


def test_gradient_flow_norms_are_the_initial_networks_backpropagation(tmp_path):
    data = _digits()
    net = DeepNetClassifier((8, 8, 8, 8), optimizer="sgd", learning_rate=0.1,
                            batch_size=16, epochs=2, random_state=0)
    settings = {"sigmoid": {"activation": "sigmoid"}, "relu": {"activation": "relu"}}
    result = pictures.gradient_flow_comparison(net, data, settings=settings)
    assert result.layers == ["hidden_1", "hidden_2", "hidden_3", "hidden_4", "output"]
    X_fit, X_val, y_fit, y_val = train_test_split(
        data.X_train, data.y_train, test_size=0.2, random_state=0, stratify=data.y_train)
    assert result.n_validation == len(y_val)
    for label, setting in settings.items():
        copy = clone(net).set_params(**setting)
        direct = loss_gradients(initialised_copy(copy, X_fit, y_fit), X_fit, y_fit)
        np.testing.assert_allclose(result.gradient_norms[label], direct.kernel_norms,
                                   rtol=1e-5)
        assert result.loss[label] == pytest.approx(direct.loss, rel=1e-6)
        curve = result.curves[label]
        assert curve.shape == (2, 2)
        np.testing.assert_array_equal(curve[:, 0], [1, 2])
        assert np.all((curve[:, 1] >= 0) & (curve[:, 1] <= 1))
    # four sigmoid layers: the gradient reaching the first is far smaller
    sigmoid = result.gradient_norms["sigmoid"]
    assert sigmoid[0] < 0.25 * sigmoid[-1]

    fig = pictures.gradient_flow(net, data, comparison=result)
    _save(fig, tmp_path, "gradient_flow.png")
    norm_axes = fig.axes[0]
    assert norm_axes.get_yscale() == "log"
    drawn = [line.get_ydata() for line in norm_axes.get_lines()]
    for ydata, norms in zip(drawn, result.gradient_norms.values()):
        np.testing.assert_allclose(ydata, norms)


def test_gradient_flow_needs_the_settings_parameters():
    with pytest.raises(ValueError, match="'activation' parameter"):
        pictures.gradient_flow_comparison(LinearRegressionGD(), _digits(),
                                          settings={"x": {"kernel_initializer": "zeros"},
                                                    "y": {"activation": "relu"}})


# -- optimisers -------------------------------------------------------------------------
def _line(n=30):
    rng = np.random.default_rng(0)
    x = rng.uniform(2, 6, size=(n, 1))
    y = 1.0 + 2.0 * x[:, 0] + rng.normal(0, 0.3, size=n)
    return Bunch(X_train=x, y_train=y, feature_names=["x"])


def test_optimizer_paths_follow_the_update_rules(tmp_path):
    data = _line()
    lr, beta = 0.02, 0.9
    settings = {"gd": {"optimizer": "sgd", "learning_rate": lr},
                "momentum": {"optimizer": "sgd", "learning_rate": lr,
                             "optimizer__momentum": beta},
                "adam": {"optimizer": "adam", "learning_rate": lr}}
    result = pictures.optimizer_comparison(LinearRegressionGD(), data, settings=settings,
                                           epochs=3)
    A = np.column_stack([np.ones(len(data.y_train)), data.X_train[:, 0]])

    def gradient(theta):
        return A.T @ (A @ theta - data.y_train) / len(A)

    # plain gradient descent and heavy-ball momentum, written out
    theta, gd = np.zeros(2), [np.zeros(2)]
    for _ in range(3):
        theta = theta - lr * gradient(theta)
        gd.append(theta)
    theta, v, momentum = np.zeros(2), np.zeros(2), [np.zeros(2)]
    for _ in range(3):
        v = beta * v - lr * gradient(theta)
        theta = theta + v
        momentum.append(theta)
    np.testing.assert_allclose(result.paths["gd"], gd, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(result.paths["momentum"], momentum, rtol=1e-5, atol=1e-6)
    # Adam's first step is about the learning rate in every coordinate
    np.testing.assert_allclose(np.abs(result.paths["adam"][1]), [lr, lr], rtol=1e-3)
    for label in settings:
        assert result.paths[label].shape == (4, 2)
        cost = [np.mean((A @ t - data.y_train) ** 2) / 2 for t in result.paths[label][:3]]
        np.testing.assert_allclose(result.loss[label], cost, rtol=1e-5)
    np.testing.assert_allclose(result.best, np.linalg.lstsq(A, data.y_train, rcond=None)[0])

    fig = pictures.optimizer_paths(LinearRegressionGD(), data, comparison=result)
    _save(fig, tmp_path, "optimizers.png")
    drawn = fig.axes[0].get_lines()[:3]
    for line, path in zip(drawn, result.paths.values()):
        np.testing.assert_allclose(line.get_xydata(), path)


def test_optimizer_paths_start_from_zero():
    with pytest.raises(ValueError, match="kernel_initializer='zeros'"):
        pictures.optimizer_comparison(LinearRegressionGD(kernel_initializer="ones"), _line(),
                                      epochs=1)


# -- the logistic cost ------------------------------------------------------------------
def _two_blobs(n=80):
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-1, 1, size=(n // 2, 2)), rng.normal(1, 1, size=(n // 2, 2))])
    y = np.repeat([3, 7], n // 2)  # labels other than 0/1
    return Bunch(X_train=X * [10.0, 1.0] + 5.0, y_train=y, feature_names=["a", "b"])


def test_cost_slice_is_the_models_cost_and_only_cross_entropy_is_convex(tmp_path):
    data = _two_blobs()
    model = make_pipeline(StandardScaler(), LogisticRegressionGD(epochs=30, learning_rate=1.0))
    model.fit(data.X_train, data.y_train)
    step = model[-1]
    fitted = float(step.coef_[0, 1])
    result = pictures.costs_along_weight(model, data.X_train, data.y_train, weight=1,
                                         values=[fitted, fitted + 1.0])
    assert result.fitted == pytest.approx(fitted)
    proba = model.predict_proba(data.X_train)
    # predict_proba reads X in float32
    assert result.cross_entropy[0] == pytest.approx(log_loss(data.y_train, proba), rel=1e-6)
    truth = (data.y_train == 7).astype(float)
    assert result.squared_error[0] == pytest.approx(np.mean((proba[:, 1] - truth) ** 2) / 2,
                                                    rel=1e-6)

    wide = pictures.costs_along_weight(model, data.X_train, data.y_train, weight=0,
                                       values=np.linspace(-30, 30, 601))
    scale = wide.cross_entropy.max()
    assert np.diff(wide.cross_entropy, 2).min() > -1e-9 * scale
    assert np.diff(wide.squared_error, 2).min() < 0

    fig = pictures.cost_slice(model, data, weight=0)
    _save(fig, tmp_path, "cost_slice.png")
    assert "scaled a" in fig.axes[0].get_xlabel()
    with pytest.raises(ValueError, match="weight must index one of the 2"):
        pictures.costs_along_weight(model, data.X_train, data.y_train, weight=2)


def test_logistic_cost_terms_picture(tmp_path):
    fig = pictures.logistic_cost_terms()
    _save(fig, tmp_path, "terms.png")
    sigmoid = fig.axes[0].get_lines()[0]
    z, h = sigmoid.get_xdata(), sigmoid.get_ydata()
    assert h[np.argmin(np.abs(z))] == pytest.approx(0.5)
    minus_log_h = fig.axes[1].get_lines()[0]
    np.testing.assert_allclose(minus_log_h.get_ydata(), -np.log(minus_log_h.get_xdata()))


def test_new_kinds_are_registered():
    for kind in ("activation_derivatives", "gradient_flow", "optimizer_paths",
                 "logistic_cost_terms", "cost_slice"):
        assert kind in pictures.PICTURES
    figure, caption = pictures.draw("activation_derivatives", None, None)
    assert "0.25" in caption and len(figure.axes) == 2
