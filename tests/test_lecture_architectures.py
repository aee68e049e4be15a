"""Architecture options of the lecture estimators and the arithmetic read off them.

``describe_layers`` on an unfitted estimator (the slide's convolutional net
built, not trained); the recurrent cell of ``LSTMRegressor`` and gradient
clipping; the initialisation and batch normalisation of
``DeepNetClassifier``; the gradient through time on every backend.
"""

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import Bunch

from keras_lectures.backend import import_keras
from keras_lectures.lectures import (
    ConvNetClassifier,
    DeepNetClassifier,
    LSTMRegressor,
    describe_layers,
    gradient_through_time,
)
from keras_lectures.lectures._input_gradient import loss_input_gradient


# ------------------------------------------------------------------ describe_layers
def test_describe_layers_builds_the_slide_convnet_without_training():
    estimator = ConvNetClassifier()  # the lecture's 32-64-128 convs and 625 dense units
    table = describe_layers(estimator, (28, 28, 1), n_outputs=10)
    assert not hasattr(estimator, "model_")  # the estimator itself stays unfitted
    weights = {r["layer"]: r["weights"] for r in table}
    assert weights["conv_1"] == 3 * 3 * 1 * 32
    assert weights["conv_2"] == 3 * 3 * 32 * 64 == 18_432  # the slide writes 3*3*1*64
    assert weights["conv_3"] == 3 * 3 * 64 * 128 == 73_728
    assert weights["dense"] == 4 * 4 * 128 * 625
    assert weights["output"] == 625 * 10
    assert table.totals["parameters"] == 1_379_557  # biases included
    shapes = {r["layer"]: r["output_shape"] for r in table}
    assert [shapes[f"pool_{k}"][:2] for k in (1, 2, 3)] == [(14, 14), (7, 7), (4, 4)]
    # flat rows of 784 pixels are read as the same 28x28 image
    flat = describe_layers(ConvNetClassifier(), (784,), n_outputs=10)
    assert flat.totals["parameters"] == 1_379_557


def test_describe_layers_of_unfitted_estimators_needs_what_fit_would_learn():
    with pytest.raises(ValueError, match="input_shape"):
        describe_layers(ConvNetClassifier())
    with pytest.raises(ValueError, match="n_outputs"):
        describe_layers(ConvNetClassifier(), (28, 28, 1))
    with pytest.raises(ValueError, match="n_outputs"):
        describe_layers(DeepNetClassifier(), (4,), n_outputs=1)
    # a regressor has one output unless told otherwise
    lstm = describe_layers(LSTMRegressor(10), (7, 5))
    lstm_weights = 4 * (5 * 10 + 10 * 10)
    assert lstm.totals["parameters"] == lstm_weights + 4 * 10 + 10 + 1
    two = describe_layers(LSTMRegressor(10), (7, 5), n_outputs=2)
    assert two.totals["parameters"] == lstm.totals["parameters"] + 11
    # a pipeline ending in an unfitted estimator; binary: one sigmoid unit
    pipe = make_pipeline(StandardScaler(), DeepNetClassifier((256,)))
    mlp = describe_layers(pipe, (784,), n_outputs=10)
    assert mlp.totals["parameters"] == 203_530  # the slide's [256, 28x28+1] + [10, 256+1]
    binary = describe_layers(DeepNetClassifier((3,)), (2,), n_outputs=2)
    assert binary[-1]["output_shape"] == (1,)


# ------------------------------------------------------------------ recurrent cells
@pytest.mark.parametrize("cell, layer_type, gates", [
    ("lstm", "LSTM", 4), ("gru", "GRU", 3), ("simple_rnn", "SimpleRNN", 1),
])
def test_lstm_regressor_offers_the_lecture_cells(cell, layer_type, gates):
    X = np.random.RandomState(0).normal(size=(16, 5, 2))
    model = LSTMRegressor(3, cell=cell, epochs=1, random_state=0).fit(X, X[:, 0, 0])
    recurrent = model.model_.layers[0]
    assert type(recurrent).__name__ == layer_type and recurrent.name == cell
    kernel, recurrent_kernel = recurrent.get_weights()[:2]
    assert kernel.shape == (2, gates * 3) and recurrent_kernel.shape == (3, gates * 3)
    assert model.predict(X).shape == (16,)


def test_lstm_regressor_default_cell_is_the_lecture_lstm():
    assert LSTMRegressor().get_params()["cell"] == "lstm"
    X = np.random.RandomState(0).normal(size=(12, 7, 5))
    model = LSTMRegressor(epochs=1, random_state=0).fit(X, X[:, -1, 0])
    assert [layer.name for layer in model.model_.layers] == ["lstm", "output"]


def test_lstm_regressor_rejects_an_unknown_cell():
    X = np.zeros((6, 3, 1))
    with pytest.raises(ValueError, match="'cell' parameter"):
        LSTMRegressor(cell="transformer", epochs=1).fit(X, np.zeros(6))


def test_gradient_clipping_routes_to_the_optimizer_and_acts():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(32, 6, 1))
    y = 100 * X[:, 0, 0]  # large errors: large gradients
    common = dict(cell="simple_rnn", epochs=3, batch_size=None, learning_rate=0.1,
                  random_state=0)
    def moved(**params):
        """Largest change of a weight over SGD's steps 2 and 3."""
        one = LSTMRegressor(4, optimizer="sgd", **{**common, **params, "epochs": 1}).fit(X, y)
        three = LSTMRegressor(4, optimizer="sgd", **common, **params).fit(X, y)
        return three, max(np.abs(a - b).max() for a, b in zip(three.model_.get_weights(),
                                                              one.model_.get_weights()))

    clipped, clipped_moved = moved(optimizer__clipnorm=1e-3)
    assert clipped.model_.optimizer.clipnorm == pytest.approx(1e-3)
    # each variable's gradient is cut to norm 1e-3: a step moves it by <= 0.1 * 1e-3
    assert clipped_moved <= 2 * 0.1 * 1e-3 * (1 + 1e-3)
    free, free_moved = moved()
    assert free.model_.optimizer.clipnorm is None
    assert free_moved > 10 * clipped_moved


# ------------------------------------------------------------------ gradient through time
def _rnn(keras, units, gain, steps, seed=0):
    return keras.Sequential([
        keras.Input((steps, units)),
        keras.layers.SimpleRNN(
            units,
            kernel_initializer=keras.initializers.Orthogonal(seed=seed),
            recurrent_initializer=keras.initializers.Orthogonal(gain=gain, seed=seed + 1),
        ),
        keras.layers.Dense(1, kernel_initializer=keras.initializers.Orthogonal(seed=seed + 2)),
    ])


def test_input_gradient_matches_finite_differences():
    keras = import_keras()
    model = _rnn(keras, 3, 1.0, 4)
    rng = np.random.RandomState(0)
    X = rng.normal(size=(2, 4, 3)).astype(np.float32)
    y = np.array([0.5, -1.0], dtype=np.float32)
    gradient = loss_input_gradient(model, X, y)
    assert gradient.shape == X.shape

    def total(X):
        pred = np.asarray(model.predict(X, verbose=0), dtype=np.float64)[:, 0]
        return np.sum((pred - y) ** 2)

    eps = 1e-2
    numeric = np.zeros(X.shape)
    for index in np.ndindex(*X.shape):
        up, down = X.copy(), X.copy()
        up[index] += eps
        down[index] -= eps
        numeric[index] = (total(up) - total(down)) / (2 * eps)
    np.testing.assert_allclose(gradient, numeric, atol=2e-3, rtol=2e-2)


@pytest.mark.parametrize("gain", [0.5, 2.0])
def test_gradient_through_time_shrinks_or_grows_as_gain_to_the_lag(gain):
    """In tanh's linear regime, d loss / d x_t = (g Q)^lag times the same vector."""
    keras = import_keras()
    steps, units = 6, 4
    model = _rnn(keras, units, gain, steps)
    X = 1e-4 * np.random.RandomState(0).normal(size=(8, steps, units))
    norms = gradient_through_time(model, X, np.ones(8))
    assert norms.shape == (steps,)
    by_lag = norms[::-1]
    np.testing.assert_allclose(by_lag / by_lag[0], gain ** np.arange(steps), rtol=1e-2)


def test_gradient_through_time_of_a_fitted_pipeline_and_its_picture():
    import matplotlib

    matplotlib.use("Agg")
    from keras_lectures.reports import pictures

    rng = np.random.RandomState(0)
    X = rng.normal(size=(20, 5, 1))
    y = X[:, 0, 0]
    model = LSTMRegressor(3, cell="gru", epochs=1, random_state=0).fit(X, y)
    norms = gradient_through_time(model, X, y)
    assert norms.shape == (5,) and np.all(norms >= 0)
    flat = X.reshape(20, 5)  # a (n, timesteps) table is one feature per step
    np.testing.assert_allclose(gradient_through_time(model, flat, y), norms, rtol=1e-4)
    pipe = make_pipeline(StandardScaler(), LSTMRegressor(3, epochs=1, random_state=0))
    pipe.fit(flat, y)
    scaled = StandardScaler().fit(flat).transform(flat)
    np.testing.assert_allclose(gradient_through_time(pipe, flat, y),
                               gradient_through_time(pipe[-1], scaled, y), rtol=1e-4)
    with pytest.raises(ValueError, match="fit it first"):
        gradient_through_time(LSTMRegressor(), X, y)
    fig = pictures.gradient_over_time({"GRU": model, "LSTM": pipe},
                                      Bunch(X_train=flat, y_train=y))
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_xlabel() and ax.get_ylabel()
    lines = ax.get_lines()
    assert [line.get_label().split(":")[0] for line in lines] == ["GRU", "LSTM"]
    np.testing.assert_allclose(lines[0].get_ydata(), norms[::-1], rtol=1e-4)
    np.testing.assert_array_equal(lines[0].get_xdata(), np.arange(5))


# ------------------------------------------------------------------ deep net options
def test_deep_net_kernel_initializers_of_the_lecture():
    X, y = make_blobs(60, n_features=200, random_state=0)
    stds = {}
    for name in ("glorot_uniform", "random_normal", "truncated_normal"):
        model = DeepNetClassifier((300,), kernel_initializer=name, epochs=1,
                                  learning_rate=1e-9, random_state=0).fit(X, y)
        kernel = model.model_.get_layer("hidden_1").get_weights()[0]
        stds[name] = kernel.std()
        if name == "truncated_normal":
            assert np.abs(kernel).max() <= 2 * 0.05 + 1e-6  # redrawn beyond 2 sigma
    assert stds["glorot_uniform"] == pytest.approx(np.sqrt(2 / 500), rel=0.05)
    assert stds["random_normal"] == pytest.approx(0.05, rel=0.05)
    assert stds["truncated_normal"] == pytest.approx(0.05 * 0.88, rel=0.05)
    with pytest.raises(ValueError, match="kernel_initializer='xavier'"):
        DeepNetClassifier((4,), kernel_initializer="xavier", epochs=1).fit(X, y)


def test_deep_net_batch_normalisation():
    X, y = make_blobs(80, n_features=5, centers=3, random_state=0)
    X = 10 * X + 50  # far from standardised: batch normalisation rescales
    default = DeepNetClassifier((8, 8), epochs=1, random_state=0).fit(X, y)
    assert [type(layer).__name__ for layer in default.model_.layers] == ["Dense"] * 3
    model = DeepNetClassifier((8, 8), batch_norm=True, dropout=0.2, epochs=5, batch_size=20,
                              random_state=0).fit(X, y)
    names = [type(layer).__name__ for layer in model.model_.layers]
    assert names == ["Dense", "BatchNormalization", "Activation", "Dropout"] * 2 + ["Dense"]
    hidden = model.model_.get_layer("hidden_1")
    assert len(hidden.get_weights()) == 1  # no bias: batch normalisation shifts
    norm = model.model_.get_layer("batch_norm_1")
    moving_mean, moving_variance = (np.asarray(w) for w in norm.get_weights()[2:])
    # the moving statistics followed the training batches (they start at 0 and 1)
    first = hidden.get_weights()[0]
    batch_mean = (X @ first).mean(axis=0)
    assert np.all(np.abs(moving_mean) > 0) and not np.allclose(moving_variance, 1.0)
    assert np.all(np.sign(moving_mean) == np.sign(batch_mean))
    np.testing.assert_array_equal(model.predict_proba(X), model.predict_proba(X))
    with pytest.raises(ValueError, match="'batch_norm' parameter"):
        DeepNetClassifier(batch_norm="yes", epochs=1).fit(X, y)
