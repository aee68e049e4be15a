"""scikit-learn's estimator checks, all of them, on the generic wrappers."""

import pytest

from keras_lectures import KerasClassifier, KerasRegressor
from tests._builders import dense_classifier, dense_regressor
from tests._checks import sklearn_checks

# Small models trained just long enough to pass scikit-learn's score checks
# (accuracy > 0.83 on blobs, R^2 > 0.5 on a noisy linear target).
ESTIMATORS = [
    KerasClassifier(
        dense_classifier, model__hidden_units=16, epochs=20, learning_rate=0.05, random_state=0
    ),
    KerasRegressor(
        dense_regressor, model__hidden_units=16, epochs=20, learning_rate=0.05, random_state=0
    ),
]

# Settings for one check, as scikit-learn's own test suite does for its MLPs.
# Weighting by integers equals repeating rows exactly in arithmetic, but the
# check compares probabilities to 1e-7: after many float32 Adam steps rounding
# alone exceeds that, so this check trains briefly with plain gradient descent
# (an unnormalised weighting would still differ by far more than 1e-7).
PER_CHECK_PARAMS = {
    "check_sample_weight_equivalence_on_dense_data": dict(
        epochs=2, optimizer="sgd", learning_rate=0.001, batch_size=None
    ),
}


@pytest.mark.parametrize("estimator, check", sklearn_checks(ESTIMATORS, PER_CHECK_PARAMS))
def test_sklearn_compatible(estimator, check):
    check(estimator)
