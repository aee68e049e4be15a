"""keras-lectures: a machine-learning-to-deep-learning lecture as scikit-learn
estimators on Keras 3.

Importing the package is cheap: neither Keras nor any backend is imported until
a model is built, so the backend can still be chosen with
:func:`keras_lectures.backend.use` after ``import keras_lectures``.
"""

import importlib

__version__ = "0.1.0"

# public name -> module that defines it; resolved on first access
_LAZY = {
    "KerasClassifier": "keras_lectures.estimators",
    "KerasRegressor": "keras_lectures.estimators",
    "LinearRegressionGD": "keras_lectures.lectures",
    "LogisticRegressionGD": "keras_lectures.lectures",
    "SoftmaxRegression": "keras_lectures.lectures",
    "MLPClassifier": "keras_lectures.lectures",
    "MLPRegressor": "keras_lectures.lectures",
    "DeepNetClassifier": "keras_lectures.lectures",
    "ConvNetClassifier": "keras_lectures.lectures",
    "LSTMRegressor": "keras_lectures.lectures",
    "SlidingWindow": "keras_lectures.lectures",
    "describe_layers": "keras_lectures.lectures",
}
_SUBMODULES = ("backend", "estimators", "lectures", "datasets", "diagnostics", "reports")

__all__ = sorted(_LAZY) + list(_SUBMODULES)


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"keras_lectures.{name}")
    raise AttributeError(f"module 'keras_lectures' has no attribute {name!r}")


def __dir__():
    return __all__
