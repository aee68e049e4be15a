"""Shared test fixtures.

The lecture's data files live in ``../shared/datasets`` beside the checkout (or
wherever ``KERAS_LECTURES_SHARED`` points). Tests read them from there and never
download; without that folder they skip, saying why, except under CI
(``CI=true``) or when ``KERAS_LECTURES_SHARED`` names the folder: there the
data is meant to be present, and its absence fails them.
"""

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

REPO_ROOT = Path(__file__).resolve().parents[1]


def _shared_datasets():
    configured = os.environ.get("KERAS_LECTURES_SHARED")
    if configured:
        return Path(configured)
    return REPO_ROOT.parent / "shared" / "datasets"


@pytest.fixture(scope="session")
def lecture_data_home():
    """Folder holding the lecture's real data files (skip when absent)."""
    path = _shared_datasets()
    if not (path / "SHA256SUMS").is_file():
        message = (f"lecture data folder {path} not found; set KERAS_LECTURES_SHARED to "
                   "a folder holding the lecture's data files to run this test")
        if os.environ.get("CI") == "true" or os.environ.get("KERAS_LECTURES_SHARED"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _clear_engine_caches():
    from keras_lectures.engine.cache import TRAINERS

    TRAINERS.clear()
    tensorflow_engine = sys.modules.get("keras_lectures.engine._tensorflow")
    if tensorflow_engine is not None:
        tensorflow_engine._SEEDED_ORDERS.clear()


@pytest.fixture
def clean_engine_caches():
    """The engine's caches empty before and after the test.

    The test's first fast fit of an architecture builds (compiles, traces) a
    new trainer, whatever ran before it in the same worker; what it caches is
    gone after it. (Compiled code is freed in batches, as in any process.)
    """
    _clear_engine_caches()
    yield
    _clear_engine_caches()


# ------------------------------------------------------------ slow tests
# The min-deps tox env runs ``-m "not slow"``: the core estimator, engine and
# diagnostics tests. A test is slow for what it does, named here per test:
# scikit-learn's check suites, a gallery script, the report command end to end
# (the ``quick_report`` fixture), lecture fits with the published settings, a
# browser, the built documentation.
SLOW_TESTS = {
    "test_sklearn_compatible",
    "test_example_runs",
    "test_published_figures_are_reproduced",
    "test_food_truck_theta_and_cost_history",
    "test_admissions_theta_in_raw_units",
    "test_present_files_are_measured_under_skip",
    "test_fit_prints_scores",
    "test_backends_compare_runs_the_lecture_in_a_subprocess",
    "test_report_on_the_food_truck_file_draws_the_same_pictures",
}
SLOW_FIXTURES = {"quick_report", "site"}
SLOW_TEST_WORDS = ("browser",)

# ------------------------------------------- one backend in full, a smoke subset
# scikit-learn's check suites and the gallery run in full on FULL_BACKEND (the
# quickest to train on; the docs build also runs the whole gallery on jax, at
# full length). On the other backends only the part whose outcome depends on
# the backend runs: the checks of what the backend's engine computes or
# converts (training, weights, inference on subsets, determinism, pickling,
# input arrays). The rest of the checks test the estimators' Python code
# (parameters, validation, tags, errors raised before training), the same on
# every backend. The gallery runs here on every backend but jax, whose run is
# the docs env's (the whole gallery at full length, then every notebook in a
# Jupyter kernel). KERAS_LECTURES_TEST_ALL=1 runs everything on any backend.
FULL_BACKEND = "torch"
BACKEND_CHECKS = {
    "check_sample_weight_equivalence_on_dense_data",
    "check_class_weight_classifiers",
    "check_methods_subset_invariance",
    "check_methods_sample_order_invariance",
    "check_fit_idempotent",
    "check_estimators_pickle",
    "check_classifiers_train",
    "check_regressors_train",
    "check_classifier_multioutput",
    "check_regressor_multioutput",
    "check_estimators_dtypes",
    "check_regressors_int",
    "check_readonly_memmap_input",
    "check_f_contiguous_array_estimator",
}
# Estimators whose backend checks run on FULL_BACKEND only: their Keras models
# are plain Dense layers trained as the MLPs' are (the same engine path, which
# the MLPs' and the generic wrappers' checks cover on every backend), or they
# hold no Keras model at all.
DENSE_ONLY_ESTIMATORS = {"LinearRegressionGD", "LogisticRegressionGD", "SoftmaxRegression",
                         "SlidingWindow"}
GALLERY_ELSEWHERE = "jax"  # the docs env runs the gallery on this backend
# The quick report of every lecture: its picture kinds and verdicts are the
# same on every backend; every backend's report of two lectures is compared
# with the stored list in test_cli_report.
FULL_BACKEND_ONLY = {"test_quick_report_of_every_lecture_shows_the_stored_contents"}


def _name(item):
    return getattr(item, "originalname", None) or item.name  # doctests have none


def _is_slow(item):
    return (
        _name(item) in SLOW_TESTS
        or bool(SLOW_FIXTURES & set(getattr(item, "fixturenames", ())))
        or any(word in item.name for word in SLOW_TEST_WORDS)
    )


def _runs_elsewhere(item, backend):
    """A test that another env runs for this backend, or one backend for all."""
    params = getattr(item, "callspec", None)
    params = params.params if params else {}
    if _name(item) == "test_sklearn_compatible" and "check" in params:
        check = params["check"]
        estimator = type(params.get("estimator")).__name__
        return backend != FULL_BACKEND and (
            getattr(check, "func", check).__name__ not in BACKEND_CHECKS
            or estimator in DENSE_ONLY_ESTIMATORS)
    if _name(item) == "test_example_runs":
        return backend == GALLERY_ELSEWHERE
    if _name(item) in FULL_BACKEND_ONLY:
        return backend != FULL_BACKEND
    return False


def _backend():
    from keras_lectures.backend import current

    try:
        return current()
    except RuntimeError:  # no backend installed: nothing runs on one anyway
        return FULL_BACKEND


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _is_slow(item):
            item.add_marker(pytest.mark.slow)
    # Slow tests first: with several workers (pytest-xdist), a long test that
    # starts last leaves the other workers idle while it runs.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    if os.environ.get("KERAS_LECTURES_TEST_ALL") == "1":
        return
    backend = _backend()
    deselected = [item for item in items if _runs_elsewhere(item, backend)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in set(deselected)]


@pytest.fixture
def isolated_script(clean_engine_caches):
    """A gallery script's own process state: matplotlib's default rcParams,
    a cleared Keras session, the engine's caches empty, and the global random
    generators (Python's, NumPy's, TensorFlow's seed) as they were before it,
    all restored after."""
    import random

    import matplotlib
    import numpy as np

    from keras_lectures.backend import import_keras

    keras = import_keras()
    python_state, numpy_state = random.getstate(), np.random.get_state()
    tensorflow_seed = None
    if keras.backend.backend() == "tensorflow":
        from keras_lectures.engine._keras_internals import tensorflow_global_seed

        tensorflow_seed = tensorflow_global_seed()
    keras.backend.clear_session()
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        yield
    keras.backend.clear_session()
    random.setstate(python_state)
    np.random.set_state(numpy_state)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.random.set_seed(tensorflow_seed)
