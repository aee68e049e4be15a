"""Backpropagation's gradients read off an estimator (keras_lectures.lectures.gradients).

Checked against gradients written out in NumPy (float64), on whichever
backend the tests run: the delta terms of a sigmoid MLP with its L2 penalty,
linear regression's ``X^T (X theta - y) / m`` through a scaler, and one
full-batch gradient-descent step of ``fit``.
"""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from keras_lectures import LinearRegressionGD, MLPClassifier
from keras_lectures.lectures.gradients import initialised_copy, loss_gradients

#: float32 arithmetic against float64: about 7 significant digits
RTOL = 1e-5


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _xor_like(n=24, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    return X, y


def _mlp(**params):
    settings = dict(hidden_layer_sizes=(4,), activation="sigmoid", optimizer="sgd",
                    learning_rate=0.5, batch_size=None, epochs=1, alpha=0.0, random_state=0)
    settings.update(params)
    return MLPClassifier(**settings)


def _assert_close(actual, expected):
    scale = max(float(np.abs(expected).max()), 1.0)
    np.testing.assert_allclose(actual, expected, rtol=0, atol=RTOL * scale)


def test_initialised_copy_is_fit_before_its_first_step():
    X, y = _xor_like()
    estimator = _mlp()
    start = initialised_copy(estimator, X, y)
    assert not hasattr(estimator, "model_")  # the original is left alone
    assert start.n_iter_ == 0 and start.history_ == {}
    np.testing.assert_array_equal(start.classes_, [0, 1])

    gradients = loss_gradients(start, X, y).gradients
    stepped = clone(estimator).fit(X, y)
    for variable, before, after in zip(stepped.model_.trainable_variables,
                                       start.model_.get_weights(), stepped.model_.get_weights()):
        _assert_close(after, before - 0.5 * gradients[variable.path])


def test_loss_gradients_are_the_delta_terms_with_the_l2_penalty():
    X, y = _xor_like()
    alpha, m = 0.3, len(X)
    start = initialised_copy(_mlp(alpha=alpha), X, y)
    W1, b1, W2, b2 = (np.asarray(w, dtype=np.float64) for w in start.model_.get_weights())
    a1 = _sigmoid(X @ W1 + b1)
    h = _sigmoid(a1 @ W2 + b2)[:, 0]
    cost = (-np.mean(y * np.log(h) + (1 - y) * np.log(1 - h))
            + alpha / (2 * m) * (np.sum(W1**2) + np.sum(W2**2)))
    delta2 = (h - y)[:, None] / m
    delta1 = (delta2 @ W2.T) * a1 * (1 - a1)
    expected = [X.T @ delta1 + alpha / m * W1, delta1.sum(axis=0),
                a1.T @ delta2 + alpha / m * W2, delta2.sum(axis=0)]

    result = loss_gradients(start, X, y)
    assert result.loss == pytest.approx(cost, rel=RTOL)
    assert list(result.gradients) == [v.path for v in start.model_.trainable_variables]
    for (path, gradient), want in zip(result.gradients.items(), expected):
        assert gradient.shape == want.shape and gradient.dtype == np.float64
        _assert_close(gradient, want)
        _assert_close(result.weights[path], start.model_.get_layer(path.split("/")[-2])
                      .get_weights()[0 if path.endswith("kernel") else 1])
    assert result.layers == ["hidden_1", "output"]
    np.testing.assert_allclose(
        result.kernel_norms, [np.linalg.norm(expected[0]), np.linalg.norm(expected[2])],
        rtol=1e-4)


def test_loss_gradients_through_a_pipeline_and_half_the_squared_error():
    rng = np.random.default_rng(1)
    X = rng.uniform(2, 6, size=(30, 1))
    y = 1.0 + 2.0 * X[:, 0] + rng.normal(0, 0.3, size=30)
    pipe = make_pipeline(StandardScaler(), LinearRegressionGD(epochs=5, learning_rate=0.1))
    pipe.fit(X, y)
    result = loss_gradients(pipe, X, y)
    Z = pipe[0].transform(X)
    theta = np.concatenate([np.ravel(pipe[-1].intercept_), np.ravel(pipe[-1].coef_)])
    A = np.column_stack([np.ones(len(Z)), Z])
    residual = A @ theta - y
    assert result.loss == pytest.approx(np.mean(residual**2) / 2, rel=RTOL)
    kernel = next(g for path, g in result.gradients.items() if path.endswith("kernel"))
    bias = next(g for path, g in result.gradients.items() if path.endswith("bias"))
    gradient = A.T @ residual / len(y)
    _assert_close(np.ravel(bias), gradient[:1])
    _assert_close(np.ravel(kernel), gradient[1:])


def test_loss_gradients_errors():
    X, y = _xor_like()
    with pytest.raises(ValueError, match="initialised_copy"):
        loss_gradients(_mlp(), X, y)
    with pytest.raises(TypeError, match="estimator of this package"):
        loss_gradients(LogisticRegression().fit(X, y), X, y)
    with pytest.raises(TypeError, match="estimator of this package"):
        initialised_copy(LogisticRegression(), X, y)
