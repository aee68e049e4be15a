"""The lectures: their models, data, pictures and the lecture's numbers.

:data:`LECTURES` maps a lecture id to a :class:`Lecture` record, in teaching
order. The command line and the reports read it. The estimators with each
lecture's settings are in :mod:`~keras_lectures.lectures._settings`, a
lecture's data is loaded by :func:`~keras_lectures.lectures.data.load_lecture_data`,
and :func:`~keras_lectures.lectures.reproduction.reproduce_lecture` fits the
lecture's settings on its own data and compares every number the lecture
states with the value measured now.

A lecture's numbers come in two lists. :attr:`Lecture.figures` holds the
claims a run here checks (a :class:`Figure`: the claim in its source's words
and the interval the measured value must fall in). :attr:`Lecture.quotes`
holds the numbers quoted from the slides that no run here can check (a
:class:`Quote`, with the reason), among them the slide arithmetic that is
wrong, shown beside the value measured for the drawn network.

Importing this module imports scikit-learn but not Keras.
"""

from dataclasses import dataclass, field
from typing import Callable, Optional

from keras_lectures.lectures._measures import (
    _measure_admissions,
    _measure_cnn_arithmetic,
    _measure_digits,
    _measure_food_truck,
    _measure_house_prices,
    _measure_microchips,
    _measure_mlp_cost,
    _measure_stock,
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

__all__ = ["Figure", "Quote", "Lecture", "LECTURES", "get_lecture"]

_EX1 = "Andrew Ng's ML course, ex1"
_EX2 = "Andrew Ng's ML course, ex2"
_SLIDES_MLP = "slides, ch. 3 (multi-layer perceptron)"
_SLIDES_DEEP = "slides, ch. 4 (deep networks)"
_SLIDES_CNN = "slides, ch. 5 (convolutional networks)"
_SLIDES_RNN = "slides, ch. 6 (recurrent networks), the LSTM example"


@dataclass(frozen=True)
class Figure:
    """A claim about a number that a run here checks.

    A reproduction passes when ``low <= measured <= high``
    (:meth:`holds`). The claim is kept as its source states it: an exact
    number with the tolerance we allow for float rounding and stopping
    points, or a one-sided bound ("at most 0.75") as the interval it allows.
    No midpoint of such an interval is ever called published.

    Parameters
    ----------
    name : str
        What is measured.
    claim : str
        The claim in its source's words or formula.
    published : float or None
        The number the source states, as stated; None when it states no
        number (a claim in words, or a bar of ours).
    low, high : float
        The interval the measured value must fall in, ends included.
    source : str
        Where the claim comes from; a bound that is ours says so.
    note : str
        What the learner should know to read the comparison.
    """

    name: str
    claim: str
    published: Optional[float]
    low: float
    high: float
    source: str
    note: str = ""

    def __post_init__(self):
        if not self.low <= self.high:
            raise ValueError(f"Figure {self.name!r}: low {self.low} > high {self.high}.")

    def holds(self, value):
        """Whether ``value`` falls in ``[low, high]`` (with 1e-12 for float rounding).

        Parameters
        ----------
        value : float
            The measured value.

        Returns
        -------
        holds : bool
            Whether the claim holds for ``value``.
        """
        return bool(self.low - 1e-12 <= float(value) <= self.high + 1e-12)

    @property
    def interval(self):
        """The checked interval as text, e.g. ``"[0, 0.75]"`` or ``"= 203,530"``."""
        if self.low == self.high:
            return f"= {_number(self.low)}"
        return f"[{_number(self.low)}, {_number(self.high)}]"


@dataclass(frozen=True)
class Quote:
    """A number quoted from the slides that no run here can check.

    Parameters
    ----------
    name : str
        What the number is.
    claim : str
        The slide's words or formula.
    published : float or None
        The number as the slide states it (seconds for times, bytes for
        memory, a fraction for accuracies).
    source : str
        Which slide.
    reason : str
        Why it is not reproduced here (no run can repeat the slide's setting
        on the data at hand), or what is wrong with the slide's arithmetic.
    corrected : float or None
        Where the slide's arithmetic is wrong: the right value for the drawn
        network, which the measurement must equal.
    measured : bool
        Whether the lecture's measurement gives a value to show beside it.
    """

    name: str
    claim: str
    published: Optional[float]
    source: str
    reason: str
    corrected: Optional[float] = None
    measured: bool = False


def _number(value):
    """A number as text: integers with thousands separators, others as given."""
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.10g}"  # 10 digits: 0.693 - 0.0005 prints 0.6925


def _exact(name, published, tolerance, source, note=""):
    """A published number, reproduced within ``tolerance`` either side."""
    return Figure(name, _number(published), published, published - tolerance,
                  published + tolerance, source, note)


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
        The claims :func:`~keras_lectures.lectures.reproduce_figures` checks.
    measure : callable or None
        ``measure(data_home, random_state)`` returns ``{name: value}`` for
        every figure and every measured quote.
    time_series : bool
        Rows are consecutive in time: validation data must come after the
        training data, never from a shuffled split.
    quotes : tuple of Quote
        Numbers quoted from the slides that no run here can check.
    measure_reads_data : bool
        Whether ``measure`` reads the lecture's data files (False: it only
        builds networks and counts, so it runs without them).
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
    quotes: tuple = ()
    measure_reads_data: bool = True


def _figures(*specs):
    """Figures from ``(name, published, tolerance, source)`` specs or Figure records."""
    return tuple(spec if isinstance(spec, Figure) else _exact(*spec) for spec in specs)


_MNIST_REASON = (
    "the slides train on MNIST's 60,000 training images and test on its 10,000 test "
    "images; the training images cannot be fetched offline (only the 10,000 test images "
    "are at hand), so no run here repeats the slide's setting"
)
_TIME_REASON = (
    "a timing of that hardware training the CNN on the full 60,000-image MNIST training "
    "set; neither is here (this package trains on the machine's CPU; benchmarks/ times "
    "epochs in one run against a baseline)"
)


def _ladder(name, claim, published):
    return Quote(name, claim, published, f"{_SLIDES_DEEP}, the MNIST results slide",
                 _MNIST_REASON)


def _cnn_count(name, claim, published, corrected, reason):
    return Quote(name, claim, published, f"{_SLIDES_CNN}, the CNN's parameter table",
                 reason, corrected=corrected, measured=True)


def _cnn_time(name, claim, seconds):
    return Quote(name, claim, seconds, f"{_SLIDES_CNN}, the CNN training-time table",
                 _TIME_REASON)


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
                Figure("price of 1650 sq ft, 3 bedrooms, gradient descent ($)",
                       "293,081.46 (the normal equation's price)", 293081.46,
                       293081.46 * 0.995, 293081.46 * 1.005,
                       f"{_EX1} (multi), normalEqn; the 0.5 % band is ours",
                       "gradient descent on normalised features is checked against "
                       "the normal equation's price, within a band of 0.5 % either side"),
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
                Figure("logistic regression accuracy (a line separates at most 3 of 4)",
                       "XOR cannot be separated by one line", None, 0.0, 0.75,
                       f"{_SLIDES_MLP}; the bound 0.75 is ours",
                       "a line puts at most 3 of the 4 XOR points on their right side, "
                       "so a linear model's accuracy is at most 0.75"),
                Figure("MLP accuracy, one hidden layer", "a hidden layer solves it", None,
                       1.0, 1.0, _SLIDES_MLP,
                       "solving XOR means all 4 points right: accuracy 1"),
            ),
            _measure_xor,
        ),
        Lecture(
            "digits-mlp",
            "Neural network for handwritten digits",
            "A 64-25-10 network learns the ten digits from 8x8 images.",
            "classification",
            _digits_mlp,
            "digits",
            "digits",
            ("first_layer_weights", "misclassified_images"),
            _figures(
                Figure("training accuracy of the 64-25-10 MLP (at least 0.95)",
                       "at least 0.95 (our bar; the slides give no number)", None,
                       0.95, 1.0,
                       "ours, not the slides': a bar for the sigmoid 64-25-10 network on "
                       "scikit-learn's 8x8 digits"),
            ),
            _measure_digits,
        ),
        Lecture(
            "softmax",
            "Softmax regression on MNIST",
            "One softmax layer on raw pixels: ten linear scores turned into class "
            "probabilities (the slides' about 92 % on MNIST is the 784-256-10 network's, "
            "see deep-net).",
            "classification",
            _softmax,
            "mnist",
            "digits",
            ("first_layer_weights", "misclassified_images"),
        ),
        Lecture(
            "deep-net",
            "Deep networks: initialisation and dropout",
            "ReLU layers train fast; Xavier initialisation and dropout take the slides' "
            "MNIST ladder from about 92 % (784-256-10) through about 97 % (5-layer ReLU "
            "MLP) to about 99 %.",
            "classification",
            _deep_net,
            "mnist",
            "digits",
            ("init_dropout_comparison", "misclassified_images"),
            (
                Figure("parameters of the 784-256-10 net",
                       "[256, 28×28+1] + [10, 256+1] = 203,530", 203530, 203530, 203530,
                       f"{_SLIDES_DEEP}, the 784-256-10 net's cost",
                       "describe_layers on the untrained DeepNetClassifier((256,)) for "
                       "784 inputs and 10 classes"),
                Figure("memory of the 784-256-10 net, the slide's formula (bytes)",
                       "(784 + 784×256 + 10) × 4 bytes = 805,992 bytes (\"804k\")", 805992,
                       805992, 805992, f"{_SLIDES_DEEP}, the 784-256-10 net's cost",
                       "measured as 4 bytes × (one example's 784 inputs + the first "
                       "layer's 200,704 weights + 10 outputs) from describe_layers: the "
                       "formula mixes activations with weights and leaves out the biases "
                       "and the second layer; describe_layers counts 814,120 bytes of "
                       "parameters (203,530 × 4) and 4,200 bytes of activations per "
                       "example"),
            ),
            _measure_mlp_cost,
            quotes=(
                _ladder("MNIST test accuracy, 784-256-10 net", "about 92 %", 0.92),
                _ladder("MNIST test accuracy, 5-layer MLP with ReLU", "about 97 %", 0.97),
                _ladder("MNIST test accuracy, Xavier initialisation and dropout",
                        "about 99 %", 0.99),
                _ladder("MNIST test accuracy, the CNN", "\"100 %\"", 1.0),
            ),
            measure_reads_data=False,
        ),
        Lecture(
            "convnet",
            "Convolutional networks",
            "A 3x3 convolution slides one small set of weights over the whole image; "
            "2x2 max-pooling (no weights) halves each map; three blocks take 28x28 "
            "MNIST digits to 4x4 maps before the dense layers.",
            "classification",
            _convnet,
            "mnist",
            "digits",
            ("filters", "feature_maps", "misclassified_images"),
            (
                Figure("output size, 3x3 convolution on 5x5, stride 1",
                       "o = (i − f)/s + 1 = (5 − 3)/1 + 1 = 3", 3, 3, 3, _SLIDES_CNN,
                       "a Conv2D with valid padding, built on a 5x5 input"),
                Figure("output size, 3x3 max pooling on 5x5, stride 1",
                       "o = (i − f)/s + 1 = 3", 3, 3, 3, _SLIDES_CNN,
                       "a MaxPooling2D with valid padding, built on a 5x5 input"),
                Figure("output size, 3x3 average pooling on 5x5, stride 1",
                       "o = (i − f)/s + 1 = 3", 3, 3, 3, _SLIDES_CNN,
                       "an AveragePooling2D with valid padding, built on a 5x5 input"),
                Figure("conv-32 weights", "3×3×1×32 = 288", 288, 288, 288,
                       f"{_SLIDES_CNN}, the CNN's parameter table",
                       "describe_layers on the untrained lecture ConvNetClassifier "
                       "(28x28 inputs, 10 classes)"),
            ),
            _measure_cnn_arithmetic,
            quotes=(
                _cnn_count("conv-64 weights", "3×3×1×64 = 576", 576, 18432,
                           "the slide's arithmetic: the second convolution sees the "
                           "first one's 32 maps, so it has 3×3×32×64 = 18,432 weights"),
                _cnn_count("conv-128 weights", "3×3×1×128 = 1,152", 1152, 73728,
                           "the slide's arithmetic: the third convolution sees 64 maps, "
                           "so it has 3×3×64×128 = 73,728 weights"),
                _cnn_count("FC weights after the last pooling", "4×4×128×2048 = 4,194,304",
                           4194304, 1280000,
                           "the slide's arithmetic: 2048 = 4×4×128 is the flattened input, "
                           "the drawn FC(2048, 625) has 2048×625 = 1,280,000 weights"),
                _cnn_count("output layer weights", "2048×10 = 20,480", 20480, 6250,
                           "the slide's arithmetic: the drawn FC(625, 10) has 625×10 = "
                           "6,250 weights"),
                _cnn_count("parameters in total", "4,216,800", 4216800, 1379557,
                           "the sum of the entries above; the drawn network has 1,378,698 "
                           "weights and 859 biases, 1,379,557 parameters"),
                Quote("activation memory per image (bytes)",
                      "56.794k × 4 bytes = 227.176 kB (forward only)", 227176,
                      f"{_SLIDES_CNN}, the CNN's parameter table",
                      "the slide does not break its 56.794k values down; describe_layers "
                      "counts 56,779 (the input, every convolution and pooling output, "
                      "625 dense units and 10 outputs), 15 values fewer",
                      measured=True),
                _cnn_time("training time, Intel i7-4790K (34 GFLOPS)", "105 min 31 s", 6331),
                _cnn_time("training time, GTX-745", "22 min 4 s (4.78×)", 1324),
                _cnn_time("training time, GTX-970", "9 min 10 s (11.5×)", 550),
                _cnn_time("training time, GTX-1080", "5 min 27 s (19.3×)", 327),
            ),
            measure_reads_data=False,
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
            measure=_measure_stock,
            time_series=True,
            quotes=(
                Quote("test RMSE on the min-max-scaled Close after 500 steps",
                      "RMSE 0.0243", 0.0243, _SLIDES_RNN,
                      "not comparable one to one: the original min-max scaled the whole "
                      "series, test days included, before splitting it; here every scaler "
                      "is fitted on the oldest 70 % of the windows only and the RMSE is "
                      "on the Close scaled by the training targets' range",
                      measured=True),
            ),
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
