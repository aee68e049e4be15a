"""The lecture's models as scikit-learn estimators, and the lecture registry.

=============================  ==================================================
:class:`LinearRegressionGD`    linear regression by gradient descent
:class:`LogisticRegressionGD`  logistic regression by gradient descent
:class:`SoftmaxRegression`     multinomial logistic regression (MNIST softmax)
:class:`MLPClassifier`         multi-layer perceptron classifier (XOR, digits)
:class:`MLPRegressor`          multi-layer perceptron regressor
:class:`DeepNetClassifier`     deep ReLU network: initialisation and dropout
:class:`ConvNetClassifier`     convolution + pooling blocks for images
:class:`LSTMRegressor`         many-to-one LSTM on sequences
:class:`SlidingWindow`         flat lag rows -> (n, window, features) sequences
:func:`make_windows`           a time series -> lag rows and next-step targets
:func:`describe_layers`        per-layer shapes, activations, weights and bytes
:func:`initialised_copy`       an estimator as ``fit`` starts it, not trained
:func:`loss_gradients`         the training cost's gradient per weight and layer
:data:`LECTURES`               the lectures: models, data, the lecture's numbers
:func:`reproduce_lecture`      the lecture's numbers beside the values measured now
=============================  ==================================================

Importing this package imports scikit-learn but not Keras; Keras (and the
backend) is imported when a model is first built.
"""

from keras_lectures.lectures.conv import ConvNetClassifier
from keras_lectures.lectures.data import load_lecture_data
from keras_lectures.lectures.deep import DeepNetClassifier
from keras_lectures.lectures.describe import LayerTable, describe_layers
from keras_lectures.lectures.gradients import initialised_copy, loss_gradients
from keras_lectures.lectures.linear import LinearRegressionGD
from keras_lectures.lectures.logistic import (
    LogisticRegressionGD,
    SoftmaxRegression,
    raw_coefficients,
)
from keras_lectures.lectures.mlp import MLPClassifier, MLPRegressor
from keras_lectures.lectures.recurrent import LSTMRegressor, SlidingWindow, make_windows
from keras_lectures.lectures import registry
from keras_lectures.lectures.registry import Figure, Lecture, Quote, get_lecture
from keras_lectures.lectures.reproduction import reproduce_figures, reproduce_lecture

#: The lectures of the course: id -> :class:`Lecture`.
LECTURES = registry.LECTURES

__all__ = [
    "ConvNetClassifier",
    "DeepNetClassifier",
    "Figure",
    "LECTURES",
    "LSTMRegressor",
    "LayerTable",
    "Lecture",
    "LinearRegressionGD",
    "LogisticRegressionGD",
    "MLPClassifier",
    "MLPRegressor",
    "Quote",
    "SlidingWindow",
    "SoftmaxRegression",
    "describe_layers",
    "get_lecture",
    "initialised_copy",
    "load_lecture_data",
    "loss_gradients",
    "make_windows",
    "raw_coefficients",
    "reproduce_figures",
    "reproduce_lecture",
]
