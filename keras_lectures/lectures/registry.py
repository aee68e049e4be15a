"""The lectures: their models, data, pictures and published figures.

:data:`LECTURES` maps a lecture id to a :class:`Lecture` record, in teaching
order. The command line and the reports read it; :func:`load_lecture_data`
gives a lecture's training and test data and :func:`reproduce_figures` fits
the lecture's published settings on its own data and compares every number
the lecture published (a :class:`Figure`) with the value measured now.

Importing this module imports scikit-learn but not Keras.
"""

from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
from sklearn.utils import Bunch

__all__ = [
    "Figure",
    "Lecture",
    "LECTURES",
    "get_lecture",
    "load_lecture_data",
    "reproduce_figures",
]

_EX1 = "Andrew Ng's ML course, ex1"
_EX2 = "Andrew Ng's ML course, ex2"


@dataclass(frozen=True)
class Figure:
    """A number the lecture published, and how close a reproduction must come.

    A reproduction passes when ``abs(measured - published) <= tolerance``.
    One-sided claims ("at least 95 %") are written as the interval they
    allow: ``published`` its middle, ``tolerance`` half its width; the name
    says so.
    """

    name: str
    published: float
    tolerance: float
    source: str


@dataclass(frozen=True)
class Lecture:
    """One lecture of the course.

    Attributes
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


# ---------------------------------------------------------------------------
# estimators with the lecture's settings
def _epochs(epochs, default):
    return default if epochs is None else epochs


def _linear_regression(*, epochs=None, random_state=None, quick=False):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from keras_lectures.lectures.linear import LinearRegressionGD

    if quick:  # the embedded BMI is in kg/m²: scaled, one learning rate fits
        return make_pipeline(
            StandardScaler(),
            LinearRegressionGD(learning_rate=0.1, epochs=_epochs(epochs, 100),
                               random_state=random_state),
        )
    return LinearRegressionGD(learning_rate=0.01, epochs=_epochs(epochs, 1500),
                              random_state=random_state)


def _multivariate_regression(*, epochs=None, random_state=None, quick=False):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from keras_lectures.lectures.linear import LinearRegressionGD

    return make_pipeline(
        StandardScaler(),
        LinearRegressionGD(learning_rate=0.1, epochs=_epochs(epochs, 100 if quick else 400),
                           random_state=random_state),
    )


def _logistic_regression(*, epochs=None, random_state=None, quick=False):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from keras_lectures.lectures.logistic import LogisticRegressionGD

    return make_pipeline(
        StandardScaler(),
        LogisticRegressionGD(learning_rate=1.0 if quick else 4.0,
                             epochs=_epochs(epochs, 100 if quick else 1000),
                             random_state=random_state),
    )


def _regularized_logistic(*, epochs=None, random_state=None, quick=False):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures

    from keras_lectures.lectures.logistic import LogisticRegressionGD

    return make_pipeline(
        PolynomialFeatures(degree=6, include_bias=False),
        LogisticRegressionGD(alpha=1.0, learning_rate=4.0,
                             epochs=_epochs(epochs, 100 if quick else 1000),
                             random_state=random_state),
    )


def _xor_logistic(*, epochs=None, random_state=None):
    from keras_lectures.lectures.logistic import LogisticRegressionGD

    return LogisticRegressionGD(learning_rate=1.0, epochs=_epochs(epochs, 300),
                                random_state=random_state)


def _xor_mlp(*, epochs=None, random_state=None, quick=False):
    from keras_lectures.lectures.mlp import MLPClassifier

    return MLPClassifier((8,), activation="tanh", alpha=0.0, batch_size=None,
                         learning_rate=0.05, epochs=_epochs(epochs, 100 if quick else 300),
                         random_state=random_state)


def _digits_mlp(*, epochs=None, random_state=None, quick=False):
    from keras_lectures.lectures.mlp import MLPClassifier

    return MLPClassifier((25,), activation="sigmoid", alpha=0.0, batch_size=None,
                         learning_rate=0.1, epochs=_epochs(epochs, 30 if quick else 100),
                         random_state=random_state)


def _softmax(*, epochs=None, random_state=None, quick=False):
    from keras_lectures.lectures.logistic import SoftmaxRegression

    return SoftmaxRegression(learning_rate=0.5, batch_size=100,
                             epochs=_epochs(epochs, 5), random_state=random_state)


def _deep_net(*, epochs=None, random_state=None, quick=False):
    from keras_lectures.lectures.deep import DeepNetClassifier

    if quick:
        return DeepNetClassifier((64, 64), dropout=0.3, learning_rate=0.005,
                                 epochs=_epochs(epochs, 8), random_state=random_state)
    return DeepNetClassifier((256, 256), dropout=0.3, epochs=_epochs(epochs, 15),
                             random_state=random_state)


def _convnet(*, epochs=None, random_state=None, quick=False):
    from keras_lectures.lectures.conv import ConvNetClassifier

    if quick:  # 8x8 digits: three halvings leave 1x1
        return ConvNetClassifier((8, 16), dense_units=32, dropout=0.1, image_shape=(8, 8),
                                 learning_rate=0.01, batch_size=50,
                                 epochs=_epochs(epochs, 10), random_state=random_state)
    return ConvNetClassifier((32, 64, 128), dense_units=625, dropout=0.3,
                             image_shape=(28, 28), epochs=_epochs(epochs, 15),
                             random_state=random_state)


WINDOW = 7


def _lstm(*, epochs=None, random_state=None, quick=False):
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MinMaxScaler

    from keras_lectures.lectures.recurrent import LSTMRegressor, SlidingWindow

    model = make_pipeline(
        MinMaxScaler(),
        SlidingWindow(WINDOW),
        LSTMRegressor(10, learning_rate=0.01, epochs=_epochs(epochs, 40 if quick else 500),
                      random_state=random_state),
    )
    # the target (tomorrow's Close) is scaled too, by the training targets only
    return TransformedTargetRegressor(regressor=model, transformer=MinMaxScaler())


# ---------------------------------------------------------------------------
# data
_TABLE_SPLIT = 0.2  # share of rows held out as test data
_SERIES_TRAIN = 0.7  # share of windows (oldest first) for training, as the lab
_IMAGE_SHAPES = {"mnist": (28, 28), "fashion_mnist": (28, 28), "digits": (8, 8)}
_PIXEL_MAX = {"mnist": 255.0, "fashion_mnist": 255.0, "digits": 16.0}


def get_lecture(lecture_id):
    """The :class:`Lecture` with id ``lecture_id``.

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


def _load_dataset(name, data_home):
    """(X, y, feature_names, target_name, images_split) for a dataset name."""
    import keras_lectures.datasets as datasets

    if name == "xor_generated":
        X, y = datasets.make_xor(200, random_state=0)
        return Bunch(data=X, target=y, feature_names=["x1", "x2"], target_name="y")
    if name == "sine":
        return datasets.make_sine_wave(random_state=0)
    info = datasets.DATASETS[name]
    if info.source != "download":  # embedded or generated: nothing to find
        bunch = info.load()
        bunch.setdefault("target_name", "target" if name != "digits" else "digit")
        return bunch
    if name in ("mnist", "fashion_mnist"):
        train = info.load(subset="train", data_home=data_home)
        test = info.load(subset="test", data_home=data_home)
        return Bunch(train=train, test=test, feature_names=list(train.feature_names),
                     target_name="label")
    return info.load(data_home=data_home)


def _split(name, bunch, task, random_state=0):
    from sklearn.model_selection import train_test_split

    from keras_lectures.lectures.recurrent import make_windows, window_feature_names

    if name in ("mnist", "fashion_mnist"):
        return (bunch.train.data, bunch.train.target, bunch.test.data, bunch.test.target,
                bunch.feature_names)
    X, y = np.asarray(bunch.data), np.asarray(bunch.target)
    names = list(bunch.get("feature_names", [])) or None
    if name == "xor":  # the truth table is both the training and the test data
        return X, y, X.copy(), y.copy(), names
    if name in ("stock", "sine"):
        windows, target = make_windows(X, WINDOW, target_column=-1)
        n_train = int(round(_SERIES_TRAIN * len(windows)))
        names = window_feature_names(names or [f"x{i}" for i in range(X.shape[1])], WINDOW)
        return (windows[:n_train], target[:n_train], windows[n_train:], target[n_train:],
                names)
    stratify = y if task == "classification" else None
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=_TABLE_SPLIT, random_state=random_state, stratify=stratify
    )
    return X_train, y_train, X_test, y_test, names


def load_lecture_data(lecture, *, quick=False, data_home=None, allow_fallback=False):
    """A lecture's training and test data.

    Tables are split 80/20 at random (stratified for classification) with a
    fixed seed; MNIST and Fashion-MNIST keep their own training and test
    sets; the XOR truth table is both; a time series becomes 7-step windows
    (:func:`~keras_lectures.lectures.recurrent.make_windows`, flat rows)
    whose oldest 70 % train and the rest test, so that every test target
    comes after every training target. Images are scaled to [0, 1], as the
    lecture feeds them. No scaler is fitted here: the lecture estimators
    that need one contain it, fitted on the training data only.

    Parameters
    ----------
    lecture : Lecture or str
    quick : bool, default=False
        Use the lecture's embedded (or generated) ``fallback_dataset``.
    data_home : str or path-like, default=None
        Where the lecture's files are; see
        :func:`keras_lectures.datasets.get_data_home`.
    allow_fallback : bool, default=False
        When the lecture's files are missing, use the fallback data instead
        of raising.

    Returns
    -------
    data : Bunch
        ``X_train``, ``y_train``, ``X_test``, ``y_test``, ``feature_names``,
        ``target_name``, ``dataset`` (the dataset actually used) and
        ``image_shape`` (``(h, w)`` for image data, else None).

    Raises
    ------
    keras_lectures.datasets.DatasetNotFoundError
        A file is missing and ``allow_fallback`` is False.
    """
    from keras_lectures.datasets import DatasetNotFoundError

    lecture = get_lecture(lecture)
    name = lecture.fallback_dataset if quick else lecture.dataset
    try:
        bunch = _load_dataset(name, data_home)
    except DatasetNotFoundError:
        if not allow_fallback or name == lecture.fallback_dataset:
            raise
        name = lecture.fallback_dataset
        bunch = _load_dataset(name, data_home)
    X_train, y_train, X_test, y_test, names = _split(name, bunch, lecture.task)
    if name in _PIXEL_MAX:
        X_train = np.asarray(X_train, dtype=np.float32) / _PIXEL_MAX[name]
        X_test = np.asarray(X_test, dtype=np.float32) / _PIXEL_MAX[name]
    return Bunch(
        X_train=X_train,
        y_train=y_train,
        X_test=X_test,
        y_test=y_test,
        feature_names=names,
        target_name=bunch.get("target_name"),
        dataset=name,
        image_shape=_IMAGE_SHAPES.get(name),
    )


# ---------------------------------------------------------------------------
# published figures
def _measure_food_truck(data_home, random_state):
    from keras_lectures.datasets import load_food_truck

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
    from keras_lectures.datasets import load_house_prices

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
    from sklearn.metrics import log_loss

    from keras_lectures.datasets import load_admissions
    from keras_lectures.lectures.logistic import raw_coefficients

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
    from keras_lectures.datasets import load_microchips

    X, y = load_microchips(data_home=data_home, return_X_y=True)
    model = _regularized_logistic(random_state=random_state).fit(X, y)
    return {"training accuracy, degree 6, lambda = 1": model.score(X, y)}


def _measure_xor(data_home, random_state):
    from keras_lectures.datasets import load_xor

    X, y = load_xor(data_home=data_home, return_X_y=True)
    logistic = _xor_logistic(random_state=random_state).fit(X, y)
    mlp = _xor_mlp(random_state=random_state).fit(X, y)
    return {
        "logistic regression accuracy (a line separates at most 3 of 4)": logistic.score(X, y),
        "MLP accuracy, one hidden layer": mlp.score(X, y),
    }


def _measure_digits(data_home, random_state):
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    model = _digits_mlp(random_state=random_state).fit(X / 16.0, y)
    return {"training accuracy of the 64-25-10 MLP (at least 0.95)": model.score(X / 16.0, y)}


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


def reproduce_figures(lecture, *, data_home=None, random_state=0, missing="raise"):
    """Fit a lecture's published settings on its own data and check its figures.

    Parameters
    ----------
    lecture : Lecture or str
    data_home : str or path-like, default=None
        Where the lecture's files are.
    random_state : int, default=0
        Seeds the models (most figures do not depend on it).
    missing : {"raise", "skip"}, default="raise"
        What to do when the lecture's files are not all in ``data_home`` and
        verified: ``"raise"`` loads them anyway (the loader downloads or
        raises), ``"skip"`` measures nothing and returns the published
        numbers with ``measured`` and ``passed`` set to None.

    Returns
    -------
    rows : list of dict
        One per :attr:`Lecture.figures`, in order: ``name``, ``published``,
        ``measured``, ``tolerance``, ``source``, ``passed``.
    """
    if missing not in ("raise", "skip"):
        raise ValueError(f"missing must be 'raise' or 'skip', got {missing!r}")
    lecture = get_lecture(lecture)
    if not lecture.figures:
        return []
    from keras_lectures.datasets import dataset_status

    if missing == "skip" and not all(
        status.present and status.verified
        for status in dataset_status(lecture.dataset, data_home)
    ):
        return [
            {"name": figure.name, "published": figure.published, "measured": None,
             "tolerance": figure.tolerance, "source": figure.source, "passed": None}
            for figure in lecture.figures
        ]
    measured = lecture.measure(data_home, random_state)
    rows = []
    for figure in lecture.figures:
        value = float(measured[figure.name])
        rows.append({
            "name": figure.name,
            "published": figure.published,
            "measured": value,
            "tolerance": figure.tolerance,
            "source": figure.source,
            "passed": bool(abs(value - figure.published) <= figure.tolerance + 1e-12),
        })
    return rows
