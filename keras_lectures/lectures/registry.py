"""The lectures: their models, data, pictures and published figures.

:data:`LECTURES` maps a lecture id to a :class:`Lecture` record, in teaching
order. The command line and the reports read it. The estimators with each
lecture's settings are in :mod:`~keras_lectures.lectures._settings`, a
lecture's data is loaded by :func:`~keras_lectures.lectures.data.load_lecture_data`,
and :func:`~keras_lectures.lectures.reproduction.reproduce_figures` fits the
lecture's published settings on its own data and compares every number the
lecture published (a :class:`Figure`) with the value measured now.

Importing this module imports scikit-learn but not Keras.
"""

from dataclasses import dataclass, field
from typing import Callable, Optional

from keras_lectures.lectures._measures import (
    _measure_admissions,
    _measure_digits,
    _measure_food_truck,
    _measure_house_prices,
    _measure_microchips,
    _measure_xor,
)
from keras_lectures.lectures._settings import (
    _convnet,
    _deep_net,
    _digits_mlp,
    _linear_regression,
    _logistic_regression,
    _lstm,
    _multivariate_regression,
    _regularized_logistic,
    _softmax,
    _xor_mlp,
)

__all__ = ["Figure", "Lecture", "LECTURES", "get_lecture"]

_EX1 = "Andrew Ng's ML course, ex1"
_EX2 = "Andrew Ng's ML course, ex2"


@dataclass(frozen=True)
class Figure:
    """A number the lecture published, and how close a reproduction must come.

    A reproduction passes when ``abs(measured - published) <= tolerance``.
    One-sided claims ("at least 95 %") are written as the interval they
    allow: ``published`` its middle, ``tolerance`` half its width; the name
    says so.

    Parameters
    ----------
    name : str
        What the number is, as the lecture names it.
    published : float
        The published value.
    tolerance : float
        The largest distance from ``published`` that still reproduces it.
    source : str
        Where the lecture publishes it.
    """

    name: str
    published: float
    tolerance: float
    source: str


@dataclass(frozen=True)
class Lecture:
    """One lecture of the course.

    Parameters
    ----------
    id : str
    title : str
    teaches : str
        What the lecture shows, in a sentence.
    task : {"regression", "classification"}
    make_estimator : callable
        ``make_estimator(*, epochs=None, random_state=None, quick=False)``
        returns a new estimator or pipeline with the lecture's settings;
        ``quick`` gives a small, fast one for the embedded data.
    dataset : str
        The lecture's data, a key of :data:`keras_lectures.datasets.DATASETS`.
    fallback_dataset : str
        Embedded or generated data used by quick runs (and, when allowed,
        when the lecture's files are missing).
    pictures : tuple
        The lecture's figures the report draws, by kind (see
        :mod:`keras_lectures.reports.pictures`): each entry a kind, or a pair
        ``(kind, options)`` of a kind and the keyword arguments its drawing
        function gets.
    figures : tuple of Figure
        The published numbers :func:`reproduce_figures` checks.
    measure : callable or None
        ``measure(data_home, random_state)`` fits the lecture's model as
        published and returns the reproduced value of each of ``figures`` by
        name; None for a lecture without published figures.
    time_series : bool
        Rows are consecutive in time: validation data must come after the
        training data, never from a shuffled split.
    """

    id: str
    title: str
    teaches: str
    task: str
    make_estimator: Callable
    dataset: str
    fallback_dataset: str
    pictures: tuple = ()
    figures: tuple = ()
    measure: Optional[Callable] = field(default=None, repr=False, compare=False)
    time_series: bool = False


def _figures(*specs):
    return tuple(Figure(*spec) for spec in specs)


LECTURES = {
    lecture.id: lecture
    for lecture in [
        Lecture(
            "linear-regression",
            "Linear regression with one variable",
            "Gradient descent on the squared-error cost fits a line: theta from zero, "
            "one full-batch step per iteration.",
            "regression",
            _linear_regression,
            "food_truck",
            "diabetes_bmi",
            ("fitted_line", "cost_contour", "cost_history"),
            _figures(
                ("initial cost J(0)", 32.07, 0.005, f"{_EX1}, computeCost at theta = 0"),
                ("theta_0", -3.6303, 1e-3, f"{_EX1}, alpha = 0.01, 1500 iterations"),
                ("theta_1", 1.1664, 1e-3, f"{_EX1}, alpha = 0.01, 1500 iterations"),
                ("profit for 35,000 people ($)", 4519.77, 1.0, f"{_EX1}, predict1"),
                ("profit for 70,000 people ($)", 45342.45, 1.0, f"{_EX1}, predict2"),
            ),
            _measure_food_truck,
        ),
        Lecture(
            "multivariate-regression",
            "Linear regression with multiple variables",
            "Features on different scales need normalising before gradient descent; "
            "the normal equation needs neither scaling nor a learning rate.",
            "regression",
            _multivariate_regression,
            "house_prices",
            "diabetes_raw",
            ("learning_rates", "predicted_vs_actual"),
            _figures(
                ("price of 1650 sq ft, 3 bedrooms, normal equation ($)", 293081.46, 0.01,
                 f"{_EX1} (multi), normalEqn"),
                ("price of 1650 sq ft, 3 bedrooms, gradient descent ($)", 293081.46,
                 0.005 * 293081.46,
                 f"{_EX1} (multi): gradient descent on normalised features, within 0.5 %"),
            ),
            _measure_house_prices,
        ),
        Lecture(
            "logistic-regression",
            "Logistic regression",
            "A sigmoid of a linear function gives class probabilities; the cross-entropy "
            "cost is convex, so gradient descent finds the fminunc optimum.",
            "classification",
            _logistic_regression,
            "admissions",
            "breast_cancer_2d",
            ("decision_boundary", "training_animation"),
            _figures(
                ("cost at theta = 0", 0.693, 0.0005, f"{_EX2}, costFunction"),
                ("cost at the optimum", 0.2035, 0.001, f"{_EX2}, fminunc"),
                ("theta_0 (raw scores)", -25.161, 0.01, f"{_EX2}, fminunc"),
                ("theta_1 (raw scores)", 0.206, 0.001, f"{_EX2}, fminunc"),
                ("theta_2 (raw scores)", 0.201, 0.001, f"{_EX2}, fminunc"),
                ("P(admit | exam scores 45, 85)", 0.776, 0.002, f"{_EX2}, predict"),
                ("training accuracy", 0.89, 0.005, f"{_EX2}, predict"),
            ),
            _measure_admissions,
        ),
        Lecture(
            "regularized-logistic",
            "Regularised logistic regression",
            "Polynomial features draw a curved boundary; the L2 penalty lambda keeps "
            "their 27 weights from overfitting.",
            "classification",
            _regularized_logistic,
            "microchips",
            "circles",
            # gradient descent needs many steps to overfit without a penalty
            (("boundaries_by_lambda", {"epochs": 1000}), "decision_boundary",
             "training_animation"),
            _figures(
                ("training accuracy, degree 6, lambda = 1", 0.831, 0.015,
                 f"{_EX2} (regularised), predict"),
            ),
            _measure_microchips,
        ),
        Lecture(
            "xor-mlp",
            "XOR with a neural network",
            "No line separates XOR, so logistic regression fails; one hidden layer "
            "solves it.",
            "classification",
            _xor_mlp,
            "xor",
            "xor_generated",
            ("decision_boundary", "hidden_space", "training_animation"),
            _figures(
                ("logistic regression accuracy (a line separates at most 3 of 4)", 0.5, 0.25,
                 "3.XOR: logistic regression cannot learn XOR (at most 0.75)"),
                ("MLP accuracy, one hidden layer", 1.0, 0.0, "3.XOR: neural network"),
            ),
            _measure_xor,
        ),
        Lecture(
            "digits-mlp",
            "Neural network for handwritten digits",
            "A 64-25-10 network learns the ten digits from 8x8 images "
            "(the course's 400-25-10 on 20x20 images reports 95.3 %).",
            "classification",
            _digits_mlp,
            "digits",
            "digits",
            ("first_layer_weights", "misclassified_images"),
            _figures(
                ("training accuracy of the 64-25-10 MLP (at least 0.95)", 0.975, 0.025,
                 "ex4: the 25-unit hidden layer's training accuracy, at least 95 %"),
            ),
            _measure_digits,
        ),
        Lecture(
            "softmax",
            "Softmax regression on MNIST",
            "One softmax layer on raw pixels reaches about 92 % test accuracy.",
            "classification",
            _softmax,
            "mnist",
            "digits",
            ("first_layer_weights", "misclassified_images"),
        ),
        Lecture(
            "deep-net",
            "Deep networks: initialisation and dropout",
            "ReLU layers train fast; Xavier initialisation and dropout take MNIST from "
            "about 94 % to 98 %.",
            "classification",
            _deep_net,
            "mnist",
            "digits",
            ("init_dropout_comparison", "misclassified_images"),
        ),
        Lecture(
            "convnet",
            "Convolutional networks",
            "3x3 convolutions and 2x2 max-pooling share weights across the image; three "
            "blocks reach about 99 % on MNIST.",
            "classification",
            _convnet,
            "mnist",
            "digits",
            ("filters", "feature_maps", "misclassified_images"),
        ),
        Lecture(
            "lstm",
            "Recurrent networks: stock prices with an LSTM",
            "An LSTM reads 7 days of prices and predicts the next close; scaling is "
            "fitted on the training days only.",
            "regression",
            _lstm,
            "stock",
            "sine",
            (("predicted_vs_actual", {"baseline": "last"}),),
            time_series=True,
        ),
    ]
}


def get_lecture(lecture_id):
    """The :class:`Lecture` with id ``lecture_id``.

    Parameters
    ----------
    lecture_id : str or Lecture
        A key of :data:`LECTURES`; a :class:`Lecture` is returned as is.

    Returns
    -------
    lecture : Lecture
        The lecture.

    Raises
    ------
    ValueError
        For an unknown id; the message lists the valid ones.
    """
    if isinstance(lecture_id, Lecture):
        return lecture_id
    try:
        return LECTURES[lecture_id]
    except (KeyError, TypeError):
        raise ValueError(
            f"Unknown lecture {lecture_id!r}; valid lectures: {', '.join(LECTURES)}."
        ) from None
