"""Diagnostics with the package's Keras estimators."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from keras_lectures.diagnostics import (
    EpochCurveResult,
    bias_variance_decomposition,
    epoch_curve,
    learning_curve,
)

from keras_lectures import estimators


def build(meta):
    import keras

    return keras.Sequential([
        keras.Input((meta["n_features_in_"],)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(meta["n_classes_"], activation="softmax"),
    ])


def build_regressor(meta):
    import keras

    return keras.Sequential([
        keras.Input((meta["n_features_in_"],)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(1),
    ])


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=90, n_features=4, n_informative=3,
                               n_redundant=0, n_classes=3,
                               n_clusters_per_class=1, random_state=0)


def _pipeline():
    return make_pipeline(
        StandardScaler(),
        estimators.KerasClassifier(build, epochs=3, metrics=["accuracy"],
                                   random_state=0),
    )


def test_learning_curve_keras_pipeline(data):
    X, y = data
    result = learning_curve(_pipeline(), X, y, cv=StratifiedKFold(3),
                            train_sizes=[0.5, 1.0])
    assert result.train_scores.shape == result.test_scores.shape == (2, 3)
    assert np.all((result.test_scores >= 0) & (result.test_scores <= 1))
    assert result.error_name == "1 - accuracy"
    assert result.null_error == pytest.approx(2 / 3, abs=0.05)


def test_epoch_curve_keras_pipeline(data):
    X, y = data
    result = epoch_curve(_pipeline(), X, y, cv=StratifiedKFold(3))
    assert isinstance(result, EpochCurveResult)
    assert result.train_history.shape == result.validation_history.shape == (3, 3)
    assert np.all(np.isfinite(result.validation_history))
    assert not result.greater_is_better
    assert result.null_error == pytest.approx(np.log(3), abs=0.05)  # prior log loss
    accuracy = epoch_curve(_pipeline(), X, y, cv=StratifiedKFold(3),
                           metric="accuracy")
    np.testing.assert_allclose(accuracy.test_errors,
                               1 - accuracy.validation_history)
    assert accuracy.diagnose().verdict in (
        "high bias", "high variance", "good fit", "high bias and high variance")
    with pytest.raises(KeyError, match="val_auc"):
        epoch_curve(_pipeline(), X, y, cv=StratifiedKFold(3), metric="auc")


def test_bias_variance_fresh_keras_model_each_round():
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, (40, 1)).astype("float32")
    y = X[:, 0] ** 2
    # warm_start would carry weights over between fits of one object; every
    # round fits its own clone, so the estimator passed in stays unfitted
    reg = estimators.KerasRegressor(build_regressor, epochs=2, random_state=0,
                                    warm_start=True)
    result = bias_variance_decomposition(reg, X, y, X[:5], y[:5], n_rounds=2,
                                         random_state=0)
    assert result.expected_loss == pytest.approx(
        result.bias_squared + result.variance, abs=1e-10)
    assert not hasattr(reg, "model_")


class NoHistory(ClassifierMixin, BaseEstimator):
    def fit(self, X, y, validation_data=None):
        self.model_ = LogisticRegression().fit(X, y)
        self.classes_ = self.model_.classes_
        return self

    def predict(self, X):
        return self.model_.predict(X)


def test_epoch_curve_needs_history(data):
    X, y = data
    with pytest.raises(TypeError, match="history_"):
        epoch_curve(NoHistory(), X, y, cv=3)
    with pytest.raises(TypeError, match="validation_data"):
        epoch_curve(LogisticRegression(), X, y, cv=3)


def test_epoch_curve_through_a_target_transformer():
    """Validation targets are transformed like the training targets."""
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.preprocessing import StandardScaler as Scaler

    from keras_lectures import KerasRegressor
    from keras_lectures.diagnostics import epoch_curve
    from tests._builders import dense_regressor

    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 3))
    y = 1000.0 + 100.0 * X[:, 0]
    model = TransformedTargetRegressor(
        KerasRegressor(dense_regressor, epochs=3, learning_rate=0.05, random_state=0),
        transformer=Scaler(),
    )
    result = epoch_curve(model, X, y, cv=2)
    assert result.validation_history.shape == (3, 2)
    # In the scaled space the losses are of order 1, not of order 100**2.
    assert np.all(np.isfinite(result.validation_history))
    assert result.validation_history.max() < 10
