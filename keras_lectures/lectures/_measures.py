"""Measure the numbers a lecture states, on the lecture's own data.

Each ``_measure_*`` function fits the lecture's settings (see
:mod:`keras_lectures.lectures._settings`), or builds the network the slides
draw without training it, and returns ``{figure or quote name: value}``.
"""

import numpy as np
from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.metrics import log_loss

from keras_lectures.datasets import (
    load_admissions,
    load_food_truck,
    load_house_prices,
    load_microchips,
    load_xor,
)
from keras_lectures.lectures._settings import (
    _convnet,
    _digits_mlp,
    _linear_regression,
    _logistic_regression,
    _lstm,
    _multivariate_regression,
    _regularized_logistic,
    _xor_logistic,
    _xor_mlp,
)
from keras_lectures.lectures.deep import DeepNetClassifier
from keras_lectures.lectures.describe import describe_layers
from keras_lectures.lectures.logistic import raw_coefficients


def _measure_food_truck(data_home, random_state):
    X, y = load_food_truck(data_home=data_home, return_X_y=True)
    model = _linear_regression(random_state=random_state).fit(X, y)
    profit = model.predict(np.array([[3.5], [7.0]])) * 10_000
    return {
        "initial cost J(0)": model.history_["loss"][0],
        "theta_0": model.intercept_,
        "theta_1": float(model.coef_[0]),
        "profit for 35,000 people ($)": float(profit[0]),
        "profit for 70,000 people ($)": float(profit[1]),
    }


def _measure_house_prices(data_home, random_state):
    X, y = load_house_prices(data_home=data_home, return_X_y=True)
    house = np.array([[1650.0, 3.0]])
    # the lecture's normalEqn: theta = pinv(X'X) X'y, bias column first
    X1 = np.column_stack([np.ones(len(X)), X])
    theta = np.linalg.pinv(X1.T @ X1) @ X1.T @ y
    model = _multivariate_regression(random_state=random_state).fit(X, y)
    return {
        "price of 1650 sq ft, 3 bedrooms, normal equation ($)": float(
            np.concatenate([[1.0], house[0]]) @ theta
        ),
        "price of 1650 sq ft, 3 bedrooms, gradient descent ($)": float(
            model.predict(house)[0]
        ),
    }


def _measure_admissions(data_home, random_state):
    X, y = load_admissions(data_home=data_home, return_X_y=True)
    model = _logistic_regression(random_state=random_state).fit(X, y)
    theta = raw_coefficients(model)
    return {
        "cost at theta = 0": model[-1].history_["loss"][0],
        "cost at the optimum": log_loss(y, model.predict_proba(X)),
        "theta_0 (raw scores)": theta[0],
        "theta_1 (raw scores)": theta[1],
        "theta_2 (raw scores)": theta[2],
        "P(admit | exam scores 45, 85)": float(model.predict_proba([[45.0, 85.0]])[0, 1]),
        "training accuracy": model.score(X, y),
    }


def _measure_microchips(data_home, random_state):
    X, y = load_microchips(data_home=data_home, return_X_y=True)
    model = _regularized_logistic(random_state=random_state).fit(X, y)
    return {"training accuracy, degree 6, lambda = 1": model.score(X, y)}


def _measure_xor(data_home, random_state):
    X, y = load_xor(data_home=data_home, return_X_y=True)
    logistic = _xor_logistic(random_state=random_state).fit(X, y)
    mlp = _xor_mlp(random_state=random_state).fit(X, y)
    return {
        "logistic regression accuracy (a line separates at most 3 of 4)": logistic.score(X, y),
        "MLP accuracy, one hidden layer": mlp.score(X, y),
    }


def _measure_digits(data_home, random_state):
    X, y = load_digits(return_X_y=True)
    model = _digits_mlp(random_state=random_state).fit(X / 16.0, y)
    return {"training accuracy of the 64-25-10 MLP (at least 0.95)": model.score(X / 16.0, y)}


def _untrained_network(estimator, n_features, n_classes):
    """The Keras network a lecture classifier builds for its data, never trained.

    The estimator's own building step (the one ``fit`` takes first) for
    ``n_features`` inputs and ``n_classes`` classes: counting parameters
    needs the architecture only, and training a full-size network first
    would cost minutes on a CPU.
    """
    from keras_lectures.backend import import_keras

    estimator = clone(estimator)
    estimator.n_features_in_ = n_features
    estimator.input_shape_ = (n_features,)
    estimator._prepare_targets(np.arange(n_classes), reset=True)
    return estimator._new_model(import_keras(), n_samples=n_classes)


def _measure_mlp_cost(data_home, random_state):
    """The slide's 784-256-10 network: its parameters and the slide's memory formula."""
    network = _untrained_network(
        DeepNetClassifier((256,), random_state=random_state), 784, 10)
    table = describe_layers(network)
    inputs, hidden, output = table.records
    return {
        "parameters of the 784-256-10 net": table.totals["parameters"],
        # the slide's formula: one example's inputs and outputs plus the first
        # layer's weights, 4 bytes each
        "memory of the 784-256-10 net, the slide's formula (bytes)": 4 * (
            inputs["activations"] + hidden["weights"] + output["activations"]),
    }


def _output_sizes():
    """Output sizes of a 3x3 convolution and 3x3 poolings, stride 1, on a 5x5 image."""
    from keras_lectures.backend import import_keras

    keras = import_keras()
    sizes = {}
    for name, layer in (
        ("convolution", keras.layers.Conv2D(1, 3, strides=1, padding="valid")),
        ("max pooling", keras.layers.MaxPooling2D(3, strides=1, padding="valid")),
        ("average pooling", keras.layers.AveragePooling2D(3, strides=1, padding="valid")),
    ):
        model = keras.Sequential([keras.Input((5, 5, 1)), layer])
        height, width = describe_layers(model)[-1]["output_shape"][:2]
        if height != width:
            raise AssertionError(f"{name}: a square input gave a {height}x{width} output")
        sizes[name] = height
    return sizes


def _measure_cnn_arithmetic(data_home, random_state):
    """The slides' CNN, built and not trained: its per-layer counts and activations."""
    network = _untrained_network(_convnet(random_state=random_state), 784, 10)
    table = describe_layers(network)
    layers = {record["layer"]: record for record in table}
    sizes = _output_sizes()
    return {
        "output size, 3x3 convolution on 5x5, stride 1": sizes["convolution"],
        "output size, 3x3 max pooling on 5x5, stride 1": sizes["max pooling"],
        "output size, 3x3 average pooling on 5x5, stride 1": sizes["average pooling"],
        "conv-32 weights": layers["conv_1"]["weights"],
        "conv-64 weights": layers["conv_2"]["weights"],
        "conv-128 weights": layers["conv_3"]["weights"],
        "FC weights after the last pooling": layers["dense"]["weights"],
        "output layer weights": layers["output"]["weights"],
        "parameters in total": table.totals["parameters"],
        "activation memory per image (bytes)": table.totals["activation_bytes"],
    }


def _measure_stock(data_home, random_state):
    """The lecture's LSTM, leak-free: test RMSE on the Close scaled by the training targets."""
    from keras_lectures.lectures.data import load_lecture_data  # it imports the registry

    data = load_lecture_data("lstm", data_home=data_home)
    model = _lstm(random_state=random_state).fit(data.X_train, data.y_train)
    scale = model.transformer_  # fitted on the training targets only
    predicted = scale.transform(model.predict(data.X_test).reshape(-1, 1))
    actual = scale.transform(np.asarray(data.y_test).reshape(-1, 1))
    return {"test RMSE on the min-max-scaled Close after 500 steps":
            float(np.sqrt(np.mean((predicted - actual) ** 2)))}
