"""scikit-learn estimators around Keras models."""

from keras_lectures.estimators._guards import TrainingDivergedError
from keras_lectures.estimators.base import BaseKerasEstimator
from keras_lectures.estimators.classifier import BaseKerasClassifier, KerasClassifier
from keras_lectures.estimators.regressor import BaseKerasRegressor, KerasRegressor
from keras_lectures.engine import UntestedVersionWarning, clear_trainers, fast_fit

__all__ = [
    "BaseKerasEstimator",
    "BaseKerasClassifier",
    "BaseKerasRegressor",
    "KerasClassifier",
    "KerasRegressor",
    "TrainingDivergedError",
    "UntestedVersionWarning",
    "clear_trainers",
    "fast_fit",
]
