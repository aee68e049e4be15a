"""Bootstrap bias-variance decomposition."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from keras_lectures.diagnostics import bias_variance_decomposition


@pytest.fixture(scope="module")
def curve():
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, (80, 1))
    y = np.sin(3 * X[:, 0]) + 0.3 * rng.randn(80)
    return X[:50], y[:50], X[50:], y[50:]


@pytest.mark.parametrize(
    "estimator",
    [LinearRegression(), DecisionTreeRegressor(random_state=0),
     make_pipeline(PolynomialFeatures(9), LinearRegression())],
)
def test_mse_identity(curve, estimator):
    result = bias_variance_decomposition(estimator, *curve, n_rounds=30,
                                         random_state=0)
    assert result.loss == "mse" and result.bias is None
    assert result.expected_loss == pytest.approx(
        result.bias_squared + result.variance, abs=1e-10, rel=0)
    expected_loss, bias_squared, variance = result
    assert (expected_loss, bias_squared, variance) == (
        result.expected_loss, result.bias_squared, result.variance)
    assert "squared bias" in str(result)


def test_mse_more_flexible_model_has_more_variance(curve):
    line = bias_variance_decomposition(LinearRegression(), *curve, n_rounds=30,
                                       random_state=0)
    tree = bias_variance_decomposition(DecisionTreeRegressor(), *curve,
                                       n_rounds=30, random_state=0)
    assert line.bias_squared > tree.bias_squared
    assert line.variance < tree.variance


def test_reproducible_and_parallel(curve):
    a = bias_variance_decomposition(LinearRegression(), *curve, n_rounds=10,
                                    random_state=3)
    b = bias_variance_decomposition(LinearRegression(), *curve, n_rounds=10,
                                    random_state=3, n_jobs=2)
    assert a.expected_loss == b.expected_loss and a.variance == b.variance


def test_zero_one_loss_domingos():
    X, y = make_classification(n_samples=200, n_features=5, random_state=0)
    rng = np.random.RandomState(0)
    y = np.where(rng.rand(200) < 0.1, 2, y)  # three classes
    args = (X[:120], y[:120], X[120:], y[120:])
    result = bias_variance_decomposition(DecisionTreeClassifier(random_state=0),
                                         *args, loss="0-1", n_rounds=25,
                                         random_state=0)
    assert result.bias_squared is None
    predictions_main = result.main_prediction
    assert result.bias == pytest.approx(np.mean(predictions_main != y[120:]))
    assert 0 <= result.variance <= 1
    assert result.expected_loss == pytest.approx(
        result.bias + result.net_variance, abs=1e-12)
    stable = bias_variance_decomposition(LogisticRegression(), *args, loss="0-1",
                                         n_rounds=25, random_state=0)
    assert stable.variance < result.variance


class Leaky(RegressorMixin, BaseEstimator):
    """Predicts how often *this object* was fitted: leaks state if reused."""

    def fit(self, X, y):
        self.n_fits_ = getattr(self, "n_fits_", 0) + 1
        return self

    def predict(self, X):
        return np.full(len(X), float(self.n_fits_))


def test_every_round_fits_a_fresh_clone(curve):
    estimator = Leaky()
    result = bias_variance_decomposition(estimator, *curve, n_rounds=20,
                                         random_state=0)
    assert result.variance == 0.0  # every round saw a never-fitted clone
    np.testing.assert_array_equal(result.main_prediction, 1.0)
    assert not hasattr(estimator, "n_fits_")


def test_bad_loss(curve):
    with pytest.raises(ValueError, match="loss"):
        bias_variance_decomposition(LinearRegression(), *curve, loss="hinge")
