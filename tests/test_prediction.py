"""Prediction: ``predict__*`` parameters and the chunked inference path.

The estimators predict through their own quiet, chunked path (256 rows a call
by default); these tests read the same model through Keras's own
``Model.predict`` and require the same outputs, for more rows than one chunk.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import load_digits

from keras_lectures import KerasClassifier, KerasRegressor
from tests._builders import dense_classifier, dense_regressor
from tests._same_fit import ATOL, RTOL, keras_outputs


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return (X / 16.0).astype(np.float32), y


@pytest.fixture(scope="module")
def fitted(digits):
    X, y = digits
    return KerasClassifier(dense_classifier, epochs=1, random_state=0).fit(X[:200], y[:200])


@pytest.mark.parametrize("rows", [700, 512, 257, 3])  # several chunks, exact chunks, one row over
def test_chunked_predictions_equal_keras_predict(fitted, digits, rows):
    X = digits[0][:rows]
    proba = fitted.predict_proba(X)
    assert proba.shape == (rows, 10)
    assert_allclose(proba, keras_outputs(fitted, X), rtol=RTOL, atol=ATOL)


def test_predict_batch_size_is_honoured(fitted, digits):
    X = digits[0][:700]
    expected = keras_outputs(fitted, X)
    for batch_size in (1000, 100, 7):
        est = fitted.set_params(predict__batch_size=batch_size)
        assert_allclose(est.predict_proba(X), expected, rtol=RTOL, atol=ATOL)
    fitted.set_params(predict__batch_size=256)


def test_regressor_predictions_equal_keras_predict():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(600, 4)).astype(np.float32)
    y = X @ rng.normal(size=4)
    reg = KerasRegressor(dense_regressor, epochs=1, random_state=0).fit(X[:100], y[:100])
    pred = reg.predict(X)
    assert pred.shape == (600,)
    assert_allclose(pred, keras_outputs(reg, X)[:, 0], rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize(
    "param, message",
    [
        ({"predict__verbose": 1}, r"'predict__verbose'\. Prediction takes only predict__batch_size"),
        ({"predict__steps": 2}, r"'predict__steps'"),
        ({"predict__batchsize": 64}, r"'predict__batchsize'; did you mean 'batch_size'\?"),
    ],
)
def test_other_predict_parameters_are_rejected(digits, param, message):
    X, y = digits
    est = KerasClassifier(dense_classifier, epochs=1, random_state=0, **param)
    with pytest.raises(ValueError, match=message):
        est.fit(X[:50], y[:50])


def test_predict_parameter_set_after_fit_is_rejected_at_predict(fitted, digits):
    est = KerasClassifier(dense_classifier, epochs=1, random_state=0).fit(*[a[:50] for a in digits])
    est.set_params(predict__callbacks=[])
    with pytest.raises(ValueError, match="'predict__callbacks'"):
        est.predict(digits[0][:5])


@pytest.mark.parametrize("batch_size", [0, -3, 2.5, True, "64"])
def test_predict_batch_size_must_be_a_positive_integer(digits, batch_size):
    X, y = digits
    est = KerasClassifier(dense_classifier, epochs=1, predict__batch_size=batch_size)
    with pytest.raises(ValueError, match="predict__batch_size must be a positive integer"):
        est.fit(X[:50], y[:50])
