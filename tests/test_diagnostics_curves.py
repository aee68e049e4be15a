"""learning_curve and validation_curve give scikit-learn's numbers."""

import sys
import subprocess
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import model_selection as skms
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import FitFailedWarning
from sklearn.linear_model import LogisticRegression, Ridge, SGDRegressor
from sklearn.metrics import make_scorer, mean_absolute_error
from sklearn.model_selection import GroupKFold, KFold, ShuffleSplit, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from keras_lectures.diagnostics import (
    LearningCurveResult,
    ValidationCurveResult,
    error_form,
    learning_curve,
    validation_curve,
)


@pytest.fixture(scope="module")
def regression():
    return make_regression(n_samples=120, n_features=6, noise=5.0, random_state=0)


@pytest.fixture(scope="module")
def classification():
    return make_classification(n_samples=150, n_features=5, random_state=0)


def _assert_same(ours, theirs):
    assert len(tuple(ours)) == len(theirs)
    for a, b in zip(ours, theirs):
        assert_array_equal(a, b)


def test_import_does_not_load_keras_or_pyplot():
    code = (
        "import sys, keras_lectures.diagnostics as d; d.learning_curve; "
        "assert 'keras' not in sys.modules, 'keras'; "
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "estimator",
    [Ridge(alpha=1.0), make_pipeline(StandardScaler(), Ridge(alpha=0.5))],
    ids=["ridge", "pipeline"],
)
@pytest.mark.parametrize("scoring", [None, "neg_mean_squared_error",
                                     make_scorer(mean_absolute_error,
                                                 greater_is_better=False)])
def test_learning_curve_matches_sklearn(regression, estimator, scoring):
    X, y = regression
    ours = learning_curve(estimator, X, y, cv=4, scoring=scoring)
    theirs = skms.learning_curve(estimator, X, y, cv=4, scoring=scoring)
    assert isinstance(ours, LearningCurveResult)
    _assert_same(ours, theirs)
    train_sizes, train_scores, test_scores = ours  # unpacks like the tuple
    assert train_scores.shape == test_scores.shape == (len(train_sizes), 4)


def test_learning_curve_return_times_and_indexing(regression):
    X, y = regression
    result = learning_curve(Ridge(), X, y, cv=3, return_times=True)
    sizes, train, test, fit_times, score_times = result
    assert len(result) == 5
    assert result[1] is train
    assert fit_times.shape == score_times.shape == train.shape
    assert np.all(fit_times >= 0)
    assert len(learning_curve(Ridge(), X, y, cv=3)) == 3


def test_learning_curve_stratified_and_shuffle(classification):
    X, y = classification
    cv = StratifiedKFold(3, shuffle=True, random_state=1)
    kw = dict(cv=cv, train_sizes=[0.3, 0.6, 1.0], shuffle=True, random_state=0)
    ours = learning_curve(LogisticRegression(), X, y, **kw)
    theirs = skms.learning_curve(LogisticRegression(), X, y, **kw)
    _assert_same(ours, theirs)


def test_learning_curve_groups(regression):
    X, y = regression
    groups = np.arange(len(y)) % 6
    kw = dict(cv=GroupKFold(3), groups=groups, train_sizes=[20, 40, 60])
    ours = learning_curve(Ridge(), X, y, **kw)
    theirs = skms.learning_curve(Ridge(), X, y, **kw)
    _assert_same(ours, theirs)
    assert_array_equal(ours.train_sizes, [20, 40, 60])


def test_learning_curve_explicit_index_pairs(regression):
    X, y = regression
    splits = [(np.arange(0, 80), np.arange(80, 120)),
              (np.arange(40, 120), np.arange(0, 40))]
    ours = learning_curve(Ridge(), X, y, cv=splits)
    theirs = skms.learning_curve(Ridge(), X, y, cv=splits)
    _assert_same(ours, theirs)
    # a one-shot generator works too, and the constant predictor uses its splits
    gen = ((train, test) for train, test in splits)
    again = learning_curve(Ridge(), X, y, cv=gen)
    _assert_same(again, theirs)
    assert again.null_test_scores.shape == (2,)


def test_learning_curve_callable_scorer_plain_function(regression):
    X, y = regression

    def neg_max_error(estimator, X, y):
        return -np.max(np.abs(estimator.predict(X) - y))

    ours = learning_curve(Ridge(), X, y, cv=3, scoring=neg_max_error)
    theirs = skms.learning_curve(Ridge(), X, y, cv=3, scoring=neg_max_error)
    _assert_same(ours, theirs)
    assert ours.error_offset == 0.0
    assert_array_equal(ours.test_errors, -ours.test_scores)


def test_learning_curve_incremental(regression):
    X, y = regression
    est = SGDRegressor(random_state=0, max_iter=5, tol=None)
    kw = dict(cv=3, exploit_incremental_learning=True, train_sizes=[0.5, 1.0])
    ours = learning_curve(est, X, y, **kw)
    theirs = skms.learning_curve(est, X, y, **kw)
    _assert_same(ours, theirs)


class FailsOnSmallData(RegressorMixin, BaseEstimator):
    """Ridge that refuses to fit on fewer than ``min_samples`` rows."""

    def __init__(self, min_samples=50):
        self.min_samples = min_samples

    def fit(self, X, y):
        if len(X) < self.min_samples:
            raise ValueError("too few samples")
        self.ridge_ = Ridge().fit(X, y)
        return self

    def predict(self, X):
        return self.ridge_.predict(X)


def test_learning_curve_error_score(regression):
    X, y = regression
    kw = dict(cv=3, train_sizes=[20, 40, 60, 80])
    with pytest.warns(FitFailedWarning, match="too few samples"):
        ours = learning_curve(FailsOnSmallData(), X, y, error_score=-99.0, **kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitFailedWarning)
        theirs = skms.learning_curve(FailsOnSmallData(), X, y, error_score=-99.0, **kw)
    _assert_same(ours, theirs)
    assert np.all(ours.test_scores[:2] == -99.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitFailedWarning)
        nan_result = learning_curve(FailsOnSmallData(), X, y, **kw)
    assert np.isnan(nan_result.test_scores[0]).all()
    assert np.isfinite(nan_result.test_scores[-1]).all()
    with pytest.raises(ValueError, match="too few samples"):
        learning_curve(FailsOnSmallData(), X, y, error_score="raise", **kw)


def test_learning_curve_params_sample_weight(regression):
    X, y = regression
    weights = np.linspace(0.5, 2.0, len(y))
    params = {"sample_weight": weights}
    ours = learning_curve(Ridge(), X, y, cv=3, params=params)
    theirs = skms.learning_curve(Ridge(), X, y, cv=3, params=params)
    _assert_same(ours, theirs)


def test_learning_curve_verbose_progress(regression, capsys):
    X, y = regression
    learning_curve(Ridge(), X, y, cv=2, train_sizes=[0.5, 1.0], verbose=1)
    captured = capsys.readouterr()
    assert "Training set sizes" in captured.out
    assert "4/4" in captured.err


@pytest.mark.parametrize("cv", [3, KFold(3), ShuffleSplit(3, random_state=0)])
def test_validation_curve_matches_sklearn(regression, cv):
    X, y = regression
    kw = dict(param_name="alpha", param_range=[0.01, 1.0, 100.0], cv=cv)
    ours = validation_curve(Ridge(), X, y, **kw)
    theirs = skms.validation_curve(Ridge(), X, y, **kw)
    assert isinstance(ours, ValidationCurveResult)
    train, test = ours
    _assert_same(ours, theirs)
    assert train.shape == (3, 3)


def test_validation_curve_pipeline_groups_scoring(classification):
    X, y = classification
    groups = np.arange(len(y)) % 5
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    kw = dict(param_name="logisticregression__C", param_range=[0.01, 1.0],
              cv=GroupKFold(5), groups=groups, scoring="balanced_accuracy")
    ours = validation_curve(pipe, X, y, **kw)
    theirs = skms.validation_curve(pipe, X, y, **kw)
    _assert_same(ours, theirs)
    assert ours.error_offset == 1.0
    assert_allclose(ours.test_errors, 1 - ours.test_scores)


def test_validation_curve_error_score(regression):
    X, y = regression
    with pytest.warns(FitFailedWarning):
        result = validation_curve(
            FailsOnSmallData(), X, y, param_name="min_samples",
            param_range=[10, 1000], cv=3,
        )
    assert np.isfinite(result.test_scores[0]).all()
    assert np.isnan(result.test_scores[1]).all()


@pytest.mark.parametrize(
    "scoring, name, offset",
    [
        ("accuracy", "1 - accuracy", 1.0),
        ("r2", "1 - r2", 1.0),
        ("roc_auc", "1 - roc auc", 1.0),
        ("neg_mean_squared_error", "mean squared error", 0.0),
        ("neg_log_loss", "log loss", 0.0),
        (make_scorer(mean_absolute_error, greater_is_better=False),
         "mean absolute error", 0.0),
        ("max_error", "negative max error", 0.0),
    ],
)
def test_error_form_rule(scoring, name, offset):
    form = error_form(scoring, Ridge())
    assert form.error_name == name
    assert form.error_offset == offset
    assert form.greater_is_better


def test_error_form_default_scoring():
    assert error_form(None, LogisticRegression()).error_name == "1 - accuracy"
    assert error_form(None, make_pipeline(StandardScaler(), Ridge())).error_name == "1 - r2"


def test_null_error_is_constant_predictor(classification, regression):
    X, y = classification
    result = learning_curve(LogisticRegression(), X, y, cv=3)
    folds = list(StratifiedKFold(3).split(X, y))
    expected = [
        1 - np.mean(y[test] == np.bincount(y[train]).argmax()) for train, test in folds
    ]
    assert_allclose(result.null_test_errors, expected)
    X, y = regression
    result = learning_curve(Ridge(), X, y, cv=3, scoring="neg_mean_squared_error")
    folds = list(KFold(3).split(X, y))
    expected = [np.mean((y[test] - y[train].mean()) ** 2) for train, test in folds]
    assert_allclose(result.null_test_errors, expected)
    assert result.null_error == pytest.approx(np.mean(expected))


def test_metadata_routing_groups_in_params(regression):
    import sklearn

    X, y = regression
    groups = np.arange(len(y)) % 3
    with sklearn.config_context(enable_metadata_routing=True):
        kw = dict(cv=GroupKFold(3), params={"groups": groups})
        ours = learning_curve(Ridge(), X, y, **kw)
        theirs = skms.learning_curve(Ridge(), X, y, **kw)
        _assert_same(ours, theirs)
        ours_vc = validation_curve(Ridge(), X, y, param_name="alpha",
                                   param_range=[0.1, 1.0], **kw)
        theirs_vc = skms.validation_curve(Ridge(), X, y, param_name="alpha",
                                          param_range=[0.1, 1.0], **kw)
        _assert_same(ours_vc, theirs_vc)


def test_every_result_names_its_kind_and_unpacks(regression):
    X, y = regression
    assert learning_curve(Ridge(), X, y, cv=3).kind == "learning"
    result = validation_curve(Ridge(), X, y, param_name="alpha",
                              param_range=[0.1, 1.0], cv=3)
    assert result.kind == "validation"
    assert len(result) == 2 and result[1] is result.test_scores


@pytest.mark.parametrize("routing", [False, True], ids=["plain", "routing"])
def test_validation_curve_raises_when_every_fit_fails(regression, routing):
    import sklearn

    X, y = regression
    with sklearn.config_context(enable_metadata_routing=routing):
        with pytest.raises(ValueError, match="All the 6 fits failed"):
            validation_curve(FailsOnSmallData(), X, y, param_name="min_samples",
                             param_range=[500, 1000], cv=3)
        with pytest.raises(ValueError, match="All the 3 fits failed"):
            learning_curve(FailsOnSmallData(min_samples=500), X, y, cv=3,
                           train_sizes=[1.0])
        # some fits fail: one warning, NaN scores where they failed
        with pytest.warns(FitFailedWarning, match="3 fits failed"):
            result = validation_curve(FailsOnSmallData(), X, y,
                                      param_name="min_samples",
                                      param_range=[10, 1000], cv=3)
    assert np.isfinite(result.test_scores[0]).all()
    assert np.isnan(result.test_scores[1]).all()


def test_metadata_routing_routes_sample_weight_to_fit_and_scorer(regression):
    import sklearn

    X, y = regression
    weights = np.linspace(0.5, 2.0, len(y))
    with sklearn.config_context(enable_metadata_routing=True):
        ridge = Ridge().set_fit_request(sample_weight=True)
        scorer = make_scorer(mean_absolute_error, greater_is_better=False)
        scorer = scorer.set_score_request(sample_weight=True)
        kw = dict(param_name="alpha", param_range=[0.1, 10.0], cv=3,
                  scoring=scorer, params={"sample_weight": weights})
        ours = validation_curve(ridge, X, y, **kw)
        theirs = skms.validation_curve(ridge, X, y, **kw)
        unweighted = validation_curve(ridge, X, y, **{**kw, "params": None})
        ours_lc = learning_curve(ridge, X, y, cv=3, scoring=scorer,
                                 params={"sample_weight": weights})
        theirs_lc = skms.learning_curve(ridge, X, y, cv=3, scoring=scorer,
                                        params={"sample_weight": weights})
        with pytest.raises(ValueError, match="groups only when metadata routing"):
            validation_curve(Ridge(), X, y, param_name="alpha", param_range=[1.0],
                             cv=GroupKFold(3), groups=np.arange(len(y)) % 3)
    _assert_same(ours, theirs)
    _assert_same(ours_lc, theirs_lc)
    assert not np.allclose(ours.test_scores, unweighted.test_scores)
