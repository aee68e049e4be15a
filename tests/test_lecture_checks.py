"""scikit-learn's estimator checks, all of them, on every lecture estimator.

Each estimator is the smallest version of itself that still passes the score
checks (accuracy > 0.83 on blobs, R^2 > 0.5 on a noisy linear target): few
units, few epochs, full batch where the model allows it.
"""

from sklearn.base import clone
from sklearn.utils.estimator_checks import parametrize_with_checks

from keras_lectures.lectures import (
    ConvNetClassifier,
    DeepNetClassifier,
    LinearRegressionGD,
    LogisticRegressionGD,
    LSTMRegressor,
    MLPClassifier,
    MLPRegressor,
    SlidingWindow,
    SoftmaxRegression,
)
from tests._checks import expected_failed_checks

ESTIMATORS = [
    LinearRegressionGD(learning_rate=0.1, epochs=60, random_state=0),
    LogisticRegressionGD(learning_rate=0.1, epochs=100, random_state=0),
    SoftmaxRegression(learning_rate=0.1, batch_size=None, epochs=100, random_state=0),
    MLPClassifier((8,), batch_size=None, learning_rate=0.05, epochs=30, random_state=0),
    MLPRegressor((8,), batch_size=None, learning_rate=0.05, epochs=60, random_state=0),
    DeepNetClassifier((8, 8), dropout=0.1, batch_size=None, learning_rate=0.05, epochs=30,
                      random_state=0),
    ConvNetClassifier((4,), dense_units=8, dropout=0.0, batch_size=None, learning_rate=0.05,
                      epochs=30, random_state=0),
    LSTMRegressor(4, batch_size=None, learning_rate=0.05, epochs=60, random_state=0),
    SlidingWindow(window=1),
]

# Settings for one check, as scikit-learn's own test suite does for its MLPs.
# The check compares a fit with integer sample weights to a fit on repeated
# rows to 1e-7: a couple of small plain gradient-descent steps keep float32
# rounding below that: one small plain gradient-descent step (whose gradient
# is the same sum either way), from random initial weights (from zero weights
# the predictions are all learnt and carry float32's relative rounding, ~1e-7),
# and no dropout (whose random masks depend on the number of rows). The L2
# penalty is off for it because the lecture's lambda / (2 m) depends on the
# number of rows m, which repeating changes.
PER_CHECK_PARAMS = {
    "check_sample_weight_equivalence_on_dense_data": dict(
        epochs=1, optimizer="sgd", learning_rate=0.001, batch_size=None, alpha=0.0,
        kernel_initializer="glorot_uniform", dropout=0.0,
    ),
}


# The class-weight check raises scikit-learn's max_iter to 1000 (it cannot
# know that these models count iterations in epochs): the same for the
# gradient-descent linear models, which start from zero on unscaled blobs.
# Some checks fit unscaled data (features around 100) on which full-batch
# gradient descent at the rate 0.1 the score checks need diverges (and a
# diverging fit raises): there the linear regression takes smaller steps.
PER_ESTIMATOR_CHECK_PARAMS = {
    (LogisticRegressionGD, "check_class_weight_classifiers"): dict(epochs=1000),
    **{
        (LinearRegressionGD, name): dict(learning_rate=1e-5)
        for name in (
            "check_fit2d_1sample", "check_fit_idempotent", "check_fit_check_is_fitted",
            "check_n_features_in",
        )
    },
}


def _check_name(check):
    return getattr(check, "func", check).__name__


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=expected_failed_checks)
def test_sklearn_compatible(estimator, check):
    name = _check_name(check)
    params = dict(PER_CHECK_PARAMS.get(name, {}))
    for (kind, check_name), extra in PER_ESTIMATOR_CHECK_PARAMS.items():
        if check_name == name and isinstance(estimator, kind):
            params.update(extra)
    params = {k: v for k, v in params.items() if k in estimator.get_params()}
    if params:
        estimator = clone(estimator).set_params(**params)
    check(estimator)
