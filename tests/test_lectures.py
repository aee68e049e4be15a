"""The lecture estimators: the lecture's cost conventions, shapes and helpers."""

import pickle

import numpy as np
import pytest
from sklearn.datasets import load_digits, make_blobs, make_regression
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

import keras_lectures
from keras_lectures.lectures import (
    ConvNetClassifier,
    DeepNetClassifier,
    LinearRegressionGD,
    LogisticRegressionGD,
    LSTMRegressor,
    MLPClassifier,
    MLPRegressor,
    SlidingWindow,
    SoftmaxRegression,
    describe_layers,
    make_windows,
    raw_coefficients,
)
from keras_lectures.lectures.conv import image_shape_of


@pytest.fixture(scope="module")
def regression_data():
    X, y = make_regression(80, 3, noise=5.0, random_state=0)
    return StandardScaler().fit_transform(X), y / 10


def test_public_names_resolve_from_the_package():
    for name in ("LinearRegressionGD", "LogisticRegressionGD", "SoftmaxRegression",
                 "MLPClassifier", "MLPRegressor", "DeepNetClassifier", "ConvNetClassifier",
                 "LSTMRegressor", "SlidingWindow", "describe_layers"):
        assert getattr(keras_lectures, name) is getattr(keras_lectures.lectures, name)


# ------------------------------------------------------------------ linear models
def test_linear_regression_gd_finds_ridge_with_the_lecture_penalty(regression_data):
    """J = 1/(2m) sum r^2 + lambda/(2m) sum w^2 has Ridge(alpha=lambda)'s minimum."""
    X, y = regression_data
    for alpha in (0.0, 20.0):
        model = LinearRegressionGD(alpha=alpha, learning_rate=0.3, epochs=400).fit(X, y)
        ridge = Ridge(alpha=alpha).fit(X, y)
        np.testing.assert_allclose(model.coef_, ridge.coef_, rtol=1e-3, atol=1e-3)
        assert model.intercept_ == pytest.approx(ridge.intercept_, abs=1e-3)
        # the recorded loss is J itself, penalty included
        assert model.history_["loss"][-1] == pytest.approx(model.cost(X, y), rel=1e-3)


def test_linear_regression_history_starts_at_the_cost_of_zero_weights(regression_data):
    X, y = regression_data
    model = LinearRegressionGD(epochs=3).fit(X, y)
    assert model.history_["loss"][0] == pytest.approx(np.mean(y**2) / 2, rel=1e-5)
    assert model.coef_.shape == (3,) and isinstance(model.intercept_, float)


def test_linear_regression_multioutput_coefficients(regression_data):
    X, y = regression_data
    Y = np.column_stack([y, -y])
    model = LinearRegressionGD(learning_rate=0.3, epochs=300).fit(X, Y)
    assert model.coef_.shape == (2, 3) and model.intercept_.shape == (2,)
    np.testing.assert_allclose(model.coef_[0], -model.coef_[1], rtol=1e-4, atol=1e-4)


def test_model_parameters_are_rejected():
    X, y = make_blobs(20, random_state=0)
    with pytest.raises(ValueError, match="model__"):
        LogisticRegressionGD(epochs=1, model__units=3).fit(X, y)


def test_logistic_regression_gd_finds_logistic_regression_with_c_one_over_lambda():
    """mean log-loss + lambda/(2m) |w|^2 is LogisticRegression(C=1/lambda)."""
    X, y = make_blobs(120, centers=2, cluster_std=3.0, random_state=1)
    X = StandardScaler().fit_transform(X)
    model = LogisticRegressionGD(alpha=2.0, learning_rate=2.0, epochs=1500).fit(X, y)
    reference = LogisticRegression(C=0.5, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=2e-3, atol=2e-3)
    np.testing.assert_allclose(model.intercept_, reference.intercept_, atol=2e-3)
    assert model.history_["loss"][0] == pytest.approx(np.log(2), abs=1e-6)


def test_logistic_probabilities_come_from_the_logits():
    X, y = make_blobs(60, centers=3, random_state=0)
    model = LogisticRegressionGD(learning_rate=0.05, epochs=50).fit(X, y)
    scores = model.decision_function(X)
    assert scores.shape == (60, 3)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(np.argmax(scores, axis=1), np.argmax(proba, axis=1))
    # and agree with the Keras model's own output to float32 precision
    keras_out = model.model_.predict_on_batch(X.astype(np.float32))
    np.testing.assert_allclose(proba, keras_out, atol=1e-5)


def test_decision_boundary_of_a_two_feature_model():
    X, y = make_blobs(80, centers=2, random_state=0)
    model = LogisticRegressionGD(learning_rate=0.05, epochs=100).fit(X, y)
    x1 = np.linspace(-2, 4, 5)
    x2 = model.decision_boundary(x1)
    np.testing.assert_allclose(model.decision_function(np.column_stack([x1, x2])), 0,
                               atol=1e-6)
    wide = LogisticRegressionGD(epochs=1).fit(np.column_stack([X, X]), y)
    with pytest.raises(ValueError, match="two features"):
        wide.decision_boundary(x1)


def test_raw_coefficients_undo_the_scaler():
    X, y = make_blobs(80, centers=2, random_state=2)
    X = X * [10.0, 0.5] + [50.0, -3.0]
    pipe = make_pipeline(StandardScaler(),
                         LogisticRegressionGD(learning_rate=1.0, epochs=50)).fit(X, y)
    theta = raw_coefficients(pipe)
    np.testing.assert_allclose(theta[0] + X @ theta[1:], pipe.decision_function(X),
                               rtol=1e-5, atol=1e-5)


def test_softmax_regression_on_digits():
    X, y = load_digits(return_X_y=True)
    model = SoftmaxRegression(epochs=5, random_state=0).fit(X / 16, y)
    assert model.coef_.shape == (10, 64)
    assert model.score(X / 16, y) > 0.9


# ------------------------------------------------------------------ networks
def test_mlp_solves_xor_where_logistic_regression_cannot():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 1, 1, 0])
    mlp = MLPClassifier((8,), activation="tanh", alpha=0.0, batch_size=None,
                        learning_rate=0.05, epochs=300, random_state=0).fit(X, y)
    assert mlp.score(X, y) == 1.0
    linear = LogisticRegressionGD(learning_rate=1.0, epochs=300).fit(X, y)
    assert linear.score(X, y) <= 0.75


def test_mlp_penalty_is_lambda_over_2m_per_step():
    """With full batch the L2 regulariser of every kernel is alpha / (2 m)."""
    X, y = make_regression(50, 4, random_state=0)
    model = MLPRegressor((5, 3), alpha=0.7, batch_size=None, epochs=1).fit(X, y)
    strengths = [float(layer.kernel_regularizer.l2) for layer in model.model_.layers
                 if hasattr(layer, "kernel_regularizer")]
    assert strengths == pytest.approx([0.7 / (2 * 50)] * 3)
    minibatch = MLPRegressor((5,), alpha=0.7, batch_size=10, epochs=1).fit(X, y)
    assert minibatch.model_.layers[0].kernel_regularizer.l2 == pytest.approx(0.7 / 20)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "logistic", "identity"])
def test_mlp_activations(activation):
    X, y = make_blobs(30, random_state=0)
    model = MLPClassifier((4,), activation=activation, epochs=1).fit(X, y)
    expected = {"logistic": "sigmoid", "identity": "linear"}.get(activation, activation)
    assert model.model_.layers[0].activation.__name__ == expected


def test_mlp_rejects_bad_hidden_layer_sizes():
    X, y = make_blobs(20, random_state=0)
    with pytest.raises(ValueError, match="hidden_layer_sizes"):
        MLPClassifier((4, 0), epochs=1).fit(X, y)


def test_deep_net_initialisers_and_dropout():
    X, y = make_blobs(40, n_features=6, random_state=0)
    lecture_random = {"class_name": "RandomNormal", "config": {"stddev": 1.0}}
    model = DeepNetClassifier((16, 16), kernel_initializer=lecture_random, dropout=0.3,
                              epochs=1, random_state=0).fit(X, y)
    names = [type(layer).__name__ for layer in model.model_.layers]
    assert names == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]
    kernel = model.model_.layers[0].get_weights()[0]
    assert kernel.std() > 0.5  # stddev 1, not Keras's 0.05
    a, b = (model.model_.layers[i].get_weights()[0] for i in (0, 2))
    assert not np.allclose(a[:6], b[:6])  # layers never share an initializer's draws
    xavier = DeepNetClassifier((16,), epochs=1, random_state=0).fit(X, y)
    assert xavier.model_.layers[0].get_weights()[0].std() < 0.5


# ------------------------------------------------------------------ convolution
@pytest.mark.parametrize("sample_shape, image_shape, expected", [
    ((64,), None, (8, 8, 1)),
    ((784,), None, (28, 28, 1)),
    ((5,), None, (5, 1, 1)),
    ((64,), (8, 8), (8, 8, 1)),
    ((12,), (2, 2, 3), (2, 2, 3)),
    ((8, 8), None, (8, 8, 1)),
    ((8, 8, 3), None, (8, 8, 3)),
])
def test_image_shape_of(sample_shape, image_shape, expected):
    assert image_shape_of(sample_shape, image_shape) == expected


def test_image_shape_must_hold_the_sample():
    with pytest.raises(ValueError, match="holds 49 values"):
        image_shape_of((64,), (7, 7))


def test_convnet_takes_flat_rows_and_images_alike():
    X, y = load_digits(return_X_y=True)
    X = (X[:120] / 16).astype(np.float32)
    y = y[:120]
    small = dict(filters=(2,), dense_units=4, dropout=0.0, epochs=1, batch_size=None,
                 random_state=0)
    flat = ConvNetClassifier(image_shape=(8, 8), **small).fit(X, y)
    images = ConvNetClassifier(**small).fit(X.reshape(-1, 8, 8), y)
    channels = ConvNetClassifier(**small).fit(X.reshape(-1, 8, 8, 1), y)
    assert flat.image_shape_ == images.image_shape_ == channels.image_shape_ == (8, 8, 1)
    np.testing.assert_allclose(flat.predict_proba(X),
                               channels.predict_proba(X.reshape(-1, 8, 8, 1)), atol=1e-5)
    with pytest.raises(ValueError):
        images.predict(X)  # fitted on 8x8 images, given flat rows


def test_lecture_convnet_layers_on_28x28():
    X = np.zeros((10, 784), dtype=np.float32)
    y = np.arange(10)
    model = ConvNetClassifier(epochs=1, random_state=0).fit(X, y)
    table = describe_layers(model)
    shapes = {r["layer"]: r["output_shape"] for r in table}
    assert shapes["pool_1"] == (14, 14, 32)
    assert shapes["pool_2"] == (7, 7, 64)
    assert shapes["pool_3"] == (4, 4, 128)  # same padding: 7 -> 4
    assert shapes["dense"] == (625,)
    formulas = {r["layer"]: r["formula"] for r in table}
    assert formulas["conv_1"] == "(28 - 3 + 2*1)/1 + 1 = 28"
    assert formulas["pool_1"] == "(28 - 2 + 2*0)/2 + 1 = 14"
    assert formulas["pool_3"] == "(7 - 2 + 2*0.5)/2 + 1 = 4"


# ------------------------------------------------------------------ recurrent
def test_make_windows_and_sliding_window():
    series = np.arange(30, dtype=float).reshape(10, 3)  # 10 rows, 3 features
    X, y = make_windows(series, window=4)
    assert X.shape == (6, 12) and y.shape == (6,)
    np.testing.assert_array_equal(X[0], series[:4].ravel())
    assert y[0] == series[4, -1] and y[-1] == series[-1, -1]
    seq = SlidingWindow(4).fit_transform(X)
    assert seq.shape == (6, 4, 3)
    np.testing.assert_array_equal(seq[2], series[2:6])
    with pytest.raises(ValueError, match="window=5"):
        SlidingWindow(5).fit(X)
    with pytest.raises(ValueError, match="no window"):
        make_windows(series, window=10)


def test_lstm_pipeline_scales_on_training_windows_only():
    t = np.arange(120, dtype=float)
    series = np.column_stack([np.sin(t / 5), np.cos(t / 5), np.sin(t / 5) + 2])
    X, y = make_windows(series, window=5)
    n_train = 80
    pipe = make_pipeline(MinMaxScaler(), SlidingWindow(5),
                         LSTMRegressor(4, epochs=30, random_state=0))
    pipe.fit(X[:n_train], y[:n_train])
    scaler = pipe[0]
    np.testing.assert_array_equal(scaler.data_max_, X[:n_train].max(axis=0))
    assert pipe[-1].input_shape_ == (5, 3)
    assert pipe.predict(X[n_train:]).shape == (len(X) - n_train,)


def test_lstm_reads_a_table_as_one_feature_per_step():
    X = np.random.RandomState(0).rand(20, 6)
    model = LSTMRegressor(3, epochs=2, random_state=0).fit(X, X.sum(axis=1))
    assert model.model_.get_layer("steps").output.shape[1:] == (6, 1)


# ------------------------------------------------------------------ describe_layers
def test_describe_layers_of_the_lecture_mlp():
    from keras_lectures.backend import import_keras

    keras = import_keras()
    model = keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    table = describe_layers(model)
    assert [r["parameters"] for r in table] == [0, 200_960, 2_570]
    assert [r["weights"] for r in table] == [0, 200_704, 2_560]
    assert [r["biases"] for r in table] == [0, 256, 10]
    assert table.totals["parameters"] == 203_530
    assert table.totals["parameter_bytes"] == 814_120  # 814 kB, 795 KiB
    assert table[1]["parameter_bytes"] == 803_840  # the first layer alone
    # the slide's "804k" is (784 + 784*256 + 10) * 4 = 805,992: one example's input and
    # output values plus the first layer's weights; no biases, no second layer
    assert (784 + 784 * 256 + 10) * 4 == 805_992 != table.totals["parameter_bytes"]
    assert table.totals["activations"] == 784 + 256 + 10
    assert table.totals["activation_bytes"] == 4_200
    text = str(table)
    assert "203,530" in text and "814,120" in text
    assert table.to_frame().shape[0] == 3


def test_describe_layers_of_an_estimator_and_pipeline():
    X, y = make_blobs(30, random_state=0)
    pipe = make_pipeline(StandardScaler(), MLPClassifier((5,), epochs=1)).fit(X, y)
    table = describe_layers(pipe)
    assert table.totals["parameters"] == 2 * 5 + 5 + 5 * 3 + 3
    with pytest.raises(TypeError):
        describe_layers(StandardScaler())


def test_lecture_estimators_pickle_with_their_fitted_attributes(regression_data):
    X, y = regression_data
    model = LinearRegressionGD(alpha=1.0, epochs=20).fit(X, y)
    clone = pickle.loads(pickle.dumps(model))
    np.testing.assert_allclose(clone.coef_, model.coef_)
    np.testing.assert_allclose(clone.predict(X), model.predict(X))
