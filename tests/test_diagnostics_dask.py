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
