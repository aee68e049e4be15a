"""Curves under joblib's dask backend equal the serial run.

Starts a two-process dask cluster (a few seconds). It runs by default;
deselect it with ``-k "not dask"``.
"""

import joblib
import numpy as np
import pytest
from sklearn.datasets import make_regression
from sklearn.linear_model import Ridge

from keras_lectures.diagnostics import learning_curve, validation_curve

distributed = pytest.importorskip("dask.distributed")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_dask_backend_matches_serial(capsys):
    X, y = make_regression(n_samples=100, n_features=5, noise=3.0, random_state=0)
    serial = learning_curve(Ridge(), X, y, cv=3, train_sizes=[0.5, 1.0])
    serial_vc = validation_curve(Ridge(), X, y, param_name="alpha",
                                 param_range=[0.1, 10.0], cv=3)
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        with joblib.parallel_config(backend="dask"):
            par = learning_curve(Ridge(), X, y, cv=3, train_sizes=[0.5, 1.0],
                                 n_jobs=2, verbose=1)
            par_vc = validation_curve(Ridge(), X, y, param_name="alpha",
                                      param_range=[0.1, 10.0], cv=3)
    for a, b in zip(serial, par):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(serial_vc, par_vc):
        np.testing.assert_array_equal(a, b)
    assert "6/6" in capsys.readouterr().err


@pytest.mark.slow
def test_keras_estimator_on_a_process_cluster_matches_serial():
    """A Keras learning curve and a grid search over ``model__*`` fitted by
    worker processes equal the serial run (the workers inherit KERAS_BACKEND)."""
    import keras
    from sklearn.datasets import load_digits
    from sklearn.model_selection import GridSearchCV

    from keras_lectures import KerasClassifier

    def build(meta, hidden_units=8):
        return keras.Sequential([
            keras.Input((meta["n_features_in_"],)),
            keras.layers.Dense(hidden_units, activation="relu"),
            keras.layers.Dense(meta["n_classes_"], activation="softmax"),
        ])

    X, y = load_digits(return_X_y=True)
    X, y = X[:240] / 16.0, y[:240]
    clf = KerasClassifier(build, epochs=3, batch_size=32, random_state=0)
    grid = {"model__hidden_units": [4, 8]}
    serial = learning_curve(clf, X, y, cv=2, train_sizes=[0.5, 1.0])
    serial_search = GridSearchCV(clf, grid, cv=2).fit(X, y)
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        with joblib.parallel_config(backend="dask"):
            par = learning_curve(clf, X, y, cv=2, train_sizes=[0.5, 1.0], n_jobs=2)
            par_search = GridSearchCV(clf, grid, cv=2, n_jobs=2).fit(X, y)
    for a, b in zip(serial, par):  # up to float32 rounding: other processes, same CPU
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-6)
    np.testing.assert_allclose(par_search.cv_results_["mean_test_score"],
                               serial_search.cv_results_["mean_test_score"], atol=1e-6)
    assert par_search.best_params_ == serial_search.best_params_
