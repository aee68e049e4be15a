"""Diagnose a model: bias, variance, learning curves and what to try next.

Works for any scikit-learn estimator or pipeline, Keras or not: estimators are
only cloned, fitted and scored through the scikit-learn API. Importing this
package imports neither Keras nor matplotlib.
"""

from ._bias_variance import BiasVarianceDecomposition, bias_variance_decomposition
from ._diagnose import Diagnosis, diagnose
from ._display import EpochCurveDisplay, LearningCurveDisplay, ValidationCurveDisplay
from ._epoch_curve import EpochCurveResult, epoch_curve
from ._error_forms import ErrorForm, error_form
from ._learning_curve import LearningCurveResult, learning_curve
from ._validation_curve import ValidationCurveResult, validation_curve

__all__ = [
    "BiasVarianceDecomposition",
    "Diagnosis",
    "EpochCurveDisplay",
    "EpochCurveResult",
    "ErrorForm",
    "LearningCurveDisplay",
    "LearningCurveResult",
    "ValidationCurveDisplay",
    "ValidationCurveResult",
    "bias_variance_decomposition",
    "diagnose",
    "epoch_curve",
    "error_form",
    "learning_curve",
    "validation_curve",
]
