"""Measure the numbers a lecture published, on the lecture's own data.

Each ``_measure_*`` function fits the lecture's published settings (see
:mod:`keras_lectures.lectures._settings`) and returns ``{figure name: value}``.
"""

import numpy as np
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
    _digits_mlp,
    _linear_regression,
    _logistic_regression,
    _multivariate_regression,
    _regularized_logistic,
    _xor_logistic,
    _xor_mlp,
)
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
