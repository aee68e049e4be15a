"""The generic wrappers inside scikit-learn's machinery, and their contracts."""

import pickle
import random

import numpy as np
import pytest
from sklearn.base import clone, is_classifier
from sklearn.datasets import load_breast_cancer, make_classification, make_regression
from sklearn.model_selection import GridSearchCV, cross_val_score, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from keras_lectures import KerasClassifier, KerasRegressor
from tests._builders import dense_classifier, dense_regressor


@pytest.fixture(scope="module")
def blobs():
    X, y = make_classification(
        n_samples=120, n_features=6, n_informative=4, n_classes=3,
        n_clusters_per_class=1, class_sep=2.0, random_state=0,
    )
    return X.astype(np.float32), y


def small_clf(**params):
    defaults = dict(model=dense_classifier, epochs=3, learning_rate=0.05, random_state=0)
    return KerasClassifier(**{**defaults, **params})


def small_reg(**params):
    defaults = dict(model=dense_regressor, epochs=3, learning_rate=0.05, random_state=0)
    return KerasRegressor(**{**defaults, **params})


# -- parameters and routing --------------------------------------------------


def test_routed_parameters_are_parameters():
    clf = KerasClassifier(dense_classifier, model__hidden_units=32, optimizer__beta_1=0.8)
    params = clf.get_params()
    assert params["model__hidden_units"] == 32
    assert params["optimizer__beta_1"] == 0.8
    clf.set_params(model__hidden_units=4)
    assert clf.get_params()["model__hidden_units"] == 4
    copy = clone(clf)
    assert copy.get_params()["model__hidden_units"] == 4
    assert copy.get_params()["optimizer__beta_1"] == 0.8


def test_clone_keeps_every_parameter():
    clf = small_clf(epochs=7, batch_size=5, fit__shuffle=False)
    copy = clone(clf)
    assert copy.epochs == 7 and copy.batch_size == 5
    assert copy.get_params() == clf.get_params()


def test_misspelled_routed_parameter_suggests_the_right_one(blobs):
    X, y = blobs
    clf = small_clf(model__hiden_units=4)
    with pytest.raises(ValueError, match="did you mean 'model__hidden_units'"):
        clf.fit(X, y)


def test_unknown_prefix_and_unknown_parameter_are_named(blobs):
    X, y = blobs
    with pytest.raises(ValueError, match="'modle' is not a routing prefix; did you mean 'model'"):
        small_clf(modle__hidden_units=4).fit(X, y)
    with pytest.raises(ValueError, match="Unknown parameter 'epoch'.*did you mean 'epochs'"):
        small_clf(epoch=4).fit(X, y)


def test_routed_parameters_reach_their_targets(blobs):
    X, y = blobs
    clf = small_clf(optimizer="adam", optimizer__beta_1=0.5, model__hidden_units=5).fit(X, y)
    assert clf.model_.layers[0].units == 5
    assert float(clf.model_.optimizer.beta_1) == pytest.approx(0.5)


def test_fit_does_not_mutate_parameters(blobs):
    X, y = blobs
    callbacks = []
    metrics = ["accuracy"]
    clf = small_clf(callbacks=callbacks, metrics=metrics, early_stopping=True)
    before = clf.get_params()
    clf.fit(X, y)
    assert clf.get_params() == before
    assert callbacks == [] and metrics == ["accuracy"]


def test_model_instance_is_copied_never_trained_in_place(blobs):
    from keras_lectures.backend import import_keras

    keras = import_keras()
    X, y = blobs
    model = keras.Sequential(
        [keras.Input((6,)), keras.layers.Dense(3, activation="softmax")]
    )
    before = [w.copy() for w in model.get_weights()]
    clf = KerasClassifier(model, epochs=2, random_state=0).fit(X, y)
    assert clf.model_ is not model
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)
    assert clf.predict_proba(X).shape == (len(X), 3)


# -- scikit-learn machinery --------------------------------------------------


def test_is_recognised_as_classifier_and_regressor():
    assert is_classifier(small_clf())
    assert small_reg().__sklearn_tags__().estimator_type == "regressor"


def test_pipeline_and_grid_search_over_builder_argument_and_epochs(blobs):
    X, y = blobs
    pipe = make_pipeline(StandardScaler(), small_clf())
    search = GridSearchCV(
        pipe,
        {"kerasclassifier__model__hidden_units": [2, 16], "kerasclassifier__epochs": [1, 4]},
        cv=2,
    )
    search.fit(X, y)
    units = {p["kerasclassifier__model__hidden_units"] for p in search.cv_results_["params"]}
    assert units == {2, 16}
    best = search.best_estimator_[-1]
    assert best.model_.layers[0].units == search.best_params_["kerasclassifier__model__hidden_units"]
    assert best.n_iter_ == search.best_params_["kerasclassifier__epochs"]


def test_cross_val_score_roc_auc_uses_stratified_folds():
    X, y = load_breast_cancer(return_X_y=True)
    X, y = X[:200], y[:200]
    scores = cross_val_score(
        make_pipeline(StandardScaler(), small_clf(epochs=5)), X, y, cv=3, scoring="roc_auc"
    )
    assert scores.shape == (3,)
    assert np.all(np.isfinite(scores)) and scores.min() > 0.9


def test_cross_validate_with_two_jobs(blobs):
    X, y = blobs
    serial = cross_validate(small_clf(), X, y, cv=2)["test_score"]
    parallel = cross_validate(small_clf(), X, y, cv=2, n_jobs=2)["test_score"]
    np.testing.assert_allclose(serial, parallel)


def test_pickle_round_trip_keeps_predictions(blobs):
    X, y = blobs
    clf = small_clf().fit(X, y)
    restored = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(restored.predict_proba(X), clf.predict_proba(X))
    assert restored.history_ == clf.history_


# -- classifier behaviour -----------------------------------------------------


def test_predict_proba_columns_follow_classes_and_rows_sum_to_one(blobs):
    X, y = blobs
    labels = np.array(["cat", "dog", "emu"], dtype=object)[y]
    clf = small_clf(epochs=10).fit(X, labels)
    assert list(clf.classes_) == ["cat", "dog", "emu"]
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[proba.argmax(axis=1)])
    assert clf.score(X, labels) > 0.8


def test_binary_targets_use_one_sigmoid_unit():
    X, y = make_classification(n_samples=80, n_features=4, random_state=1)
    clf = small_clf(epochs=5).fit(X, np.where(y == 1, "yes", "no"))
    assert clf.target_type_ == "binary"
    assert clf.model_.output_shape == (None, 1)
    proba = clf.predict_proba(X)
    assert proba.shape == (80, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_multilabel_targets():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 5))
    Y = np.column_stack([X[:, 0] > 0, X[:, 1] > 0, X[:, 0] + X[:, 1] > 0]).astype(int)
    clf = small_clf(epochs=30).fit(X, Y)
    assert clf.target_type_ == "multilabel-indicator"
    assert clf.predict(X).shape == (60, 3)
    assert clf.predict_proba(X).shape == (60, 3)
    assert (clf.predict(X) == Y).mean() > 0.8


def test_class_weight_balanced_shifts_predictions_to_the_rare_class():
    X, y = make_classification(
        n_samples=200, n_features=4, weights=[0.9, 0.1], class_sep=0.5, random_state=0
    )
    plain = small_clf(epochs=5).fit(X, y)
    balanced = small_clf(epochs=5, class_weight="balanced").fit(X, y)
    assert (balanced.predict(X) == 1).sum() > (plain.predict(X) == 1).sum()


def test_sample_weight_zero_equals_dropping_rows(blobs):
    X, y = blobs
    weight = np.ones(len(X))
    weight[::3] = 0
    kept = weight > 0
    params = dict(epochs=2, batch_size=None, optimizer="sgd", learning_rate=0.01)
    weighted = small_clf(**params).fit(X, y, sample_weight=weight)
    dropped = small_clf(**params).fit(X[kept], y[kept])
    np.testing.assert_allclose(weighted.predict_proba(X), dropped.predict_proba(X), rtol=1e-5)


def test_one_class_is_refused():
    with pytest.raises(ValueError, match="at least two classes"):
        small_clf().fit(np.ones((5, 2)), np.zeros(5))


def test_continuous_target_is_refused_by_classifier():
    with pytest.raises(ValueError, match="Unknown label type"):
        small_clf().fit(np.ones((5, 2)), np.linspace(0, 1, 5))


# -- regressor behaviour ------------------------------------------------------


def test_regressor_single_multi_output_and_integer_targets():
    X, y = make_regression(n_samples=80, n_features=4, n_targets=2, random_state=0)
    y = y / y.std()
    multi = small_reg(epochs=5).fit(X, y)
    assert multi.predict(X).shape == (80, 2)
    single = small_reg(epochs=5).fit(X, y[:, 0])
    assert single.predict(X).shape == (80,)
    integer = small_reg(epochs=2).fit(X, np.arange(80) % 5)
    assert integer.predict(X).dtype == np.float64


def test_regressor_learns_a_linear_target():
    X, y = make_regression(n_samples=200, n_features=3, noise=1.0, random_state=0)
    reg = make_pipeline(StandardScaler(), small_reg(epochs=60, learning_rate=0.02))
    reg.fit(X, y / y.std())
    assert reg.score(X, y / y.std()) > 0.95


# -- randomness ---------------------------------------------------------------


def test_random_state_gives_identical_fits_and_leaves_global_state_alone(blobs):
    X, y = blobs
    random.seed(123)
    np.random.seed(123)
    expected_python, expected_numpy = random.random(), np.random.rand()
    random.seed(123)
    np.random.seed(123)
    first = small_clf(random_state=7, model__hidden_units=16).fit(X, y).predict_proba(X)
    assert random.random() == expected_python
    assert np.random.rand() == expected_numpy
    second = small_clf(random_state=7, model__hidden_units=16).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(first, second)
    other = small_clf(random_state=8, model__hidden_units=16).fit(X, y).predict_proba(X)
    assert not np.allclose(first, other)


def test_random_state_instance_is_accepted(blobs):
    X, y = blobs
    one = small_clf(random_state=np.random.RandomState(3)).fit(X, y).predict_proba(X)
    two = small_clf(random_state=np.random.RandomState(3)).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(one, two)


# -- training options ---------------------------------------------------------


def test_history_records_loss_metrics_and_validation(blobs):
    X, y = blobs
    clf = small_clf(epochs=4, metrics=["accuracy"]).fit(X, y, validation_data=(X[:20], y[:20]))
    assert set(clf.history_) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 4 for v in clf.history_.values())
    assert clf.history_["loss"][-1] < clf.history_["loss"][0]


def test_early_stopping_split_is_stratified_and_from_training_data(blobs, monkeypatch):
    X, y = blobs
    seen = {}
    clf = small_clf(epochs=50, early_stopping=True, n_iter_no_change=2, validation_fraction=0.25)
    original = type(clf)._run_keras_fit

    def spy(self, keras, fit_data, validation, epochs):
        seen["train"], seen["val"] = fit_data[1], validation[1]
        return original(self, keras, fit_data, validation, epochs)

    monkeypatch.setattr(type(clf), "_run_keras_fit", spy)
    clf.fit(X, y)
    assert len(seen["val"]) == 30 and len(seen["train"]) == 90
    # Stratified: each class keeps its share in the held-out part.
    np.testing.assert_allclose(np.bincount(seen["val"]), np.bincount(y) / 4, atol=1)
    assert "val_loss" in clf.history_
    assert clf.n_iter_ < 50  # stopped early


def test_warm_start_continues_training(blobs):
    X, y = blobs
    clf = small_clf(epochs=2, warm_start=True).fit(X, y)
    model = clf.model_
    clf.fit(X, y)
    assert clf.model_ is model
    assert len(clf.history_["loss"]) == 4
    cold = small_clf(epochs=2).fit(X, y)
    first_model = cold.model_
    cold.fit(X, y)
    assert cold.model_ is not first_model and len(cold.history_["loss"]) == 2


@pytest.mark.parametrize("fast", [True, False])
def test_n_iter_counts_like_scikit_learns_mlp(blobs, fast):
    """``n_iter_``: epochs of the last call, as MLPClassifier counts; history grows."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    from keras_lectures.estimators import fast_fit

    X, y = blobs
    steps = [("fit", 3), ("fit", 2), ("partial_fit", None), ("fit", 2)]

    def counts(est, epochs_param):
        n_iter, lengths = [], []
        for method, epochs in steps:
            if epochs is not None:
                est.set_params(**{epochs_param: epochs})
            if method == "fit":
                est.fit(X, y)
            else:
                est.partial_fit(X, y, classes=np.unique(y))
            n_iter.append(est.n_iter_)
            lengths.append(len(getattr(est, "loss_curve_", None) or est.history_["loss"]))
        return n_iter, lengths

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        expected = counts(MLPClassifier(hidden_layer_sizes=(4,), warm_start=True,
                                        random_state=0), "max_iter")
    assert expected == ([3, 2, 1, 2], [3, 5, 6, 8])  # scikit-learn's own counts
    with fast_fit(fast):
        assert counts(small_clf(warm_start=True), "epochs") == expected


def test_partial_fit_needs_classes_first_then_trains_one_epoch(blobs):
    X, y = blobs
    clf = small_clf()
    with pytest.raises(ValueError, match="classes must be passed"):
        clf.partial_fit(X[:10], y[:10])
    clf.partial_fit(X[:40], y[:40], classes=[0, 1, 2])
    clf.partial_fit(X[40:], y[40:])
    assert list(clf.classes_) == [0, 1, 2]
    assert len(clf.history_["loss"]) == 2
    reg = small_reg().partial_fit(X, y.astype(float))
    assert reg.n_iter_ == 1


def test_verbose_zero_is_silent(blobs, capfd):
    X, y = blobs
    capfd.readouterr()
    clf = small_clf().fit(X, y)
    clf.predict(X)
    clf.predict_proba(X)
    out, err = capfd.readouterr()
    assert out == ""
    assert "step" not in err and "━" not in err


# -- bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    "X, y, error, match",
    [
        (np.array([[np.nan, 1.0], [1.0, 2.0]]), [0, 1], ValueError, "NaN"),
        (np.array([[np.inf, 1.0], [1.0, 2.0]]), [0, 1], ValueError, "infinity"),
        (np.empty((0, 2)), [], ValueError, "0 sample"),
        (np.ones((4, 2)), [0, 1, 0], ValueError, "inconsistent numbers of samples"),
        (np.ones(4), [0, 1, 0, 1], ValueError, "Expected 2D array, got 1D array"),
    ],
)
def test_bad_training_input_is_refused_clearly(X, y, error, match):
    with pytest.raises(error, match=match):
        small_clf().fit(X, y)


def test_wrong_number_of_features_at_predict(blobs):
    X, y = blobs
    clf = small_clf().fit(X, y)
    with pytest.raises(ValueError, match="X has 5 features, but KerasClassifier is expecting 6"):
        clf.predict(X[:, :5])


@pytest.mark.parametrize(
    "bad, error, match",
    [
        (np.full((3, 6), np.nan), ValueError, "NaN"),
        (np.full((3, 6), np.inf), ValueError, "infinity"),
        (np.full((3, 6), 3e38, dtype=np.float32), None, None),  # finite; its sum overflows
        (np.empty((0, 6)), ValueError, "0 sample"),
        (np.ones((3, 6, 1)), ValueError, r"samples of shape \(6, 1\), but KerasClassifier was fitted on samples of shape \(6,\)"),
    ],
)
def test_prediction_input_is_checked_like_scikit_learn(blobs, bad, error, match):
    X, y = blobs
    clf = small_clf().fit(X, y)
    if error is None:
        assert clf.predict_proba(bad).shape == (3, 3)
    else:
        with pytest.raises(error, match=match):
            clf.predict(bad)


def test_every_array_form_gives_the_same_predictions(blobs):
    X, y = blobs
    clf = small_clf().fit(X, y)
    strided = np.repeat(X, 2, axis=1)[:, ::2]  # equal to X, not contiguous
    assert not strided.flags.c_contiguous
    for form in (X.astype(np.float64), np.asfortranarray(X), strided, X.tolist(), X.astype(int)):
        as_float32 = np.asarray(form, dtype=np.float32)
        np.testing.assert_array_equal(clf.predict_proba(form), clf.predict_proba(as_float32))
    assert not np.array_equal(clf.predict_proba(X.astype(int)), clf.predict_proba(X))


def test_model_fitted_with_feature_names_warns_on_a_bare_array(blobs):
    pd = pytest.importorskip("pandas")
    X, y = blobs
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    clf = small_clf().fit(frame, y)
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        clf.predict(X)


def test_predict_before_fit_raises_not_fitted():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        small_clf().predict(np.ones((2, 6)))


def test_builder_must_return_a_keras_model(blobs):
    X, y = blobs
    with pytest.raises(TypeError, match="must return a keras.Model"):
        KerasClassifier(lambda: "not a model").fit(X, y)
    with pytest.raises(TypeError, match="`model` must be a function"):
        KerasClassifier(None).fit(X, y)


def test_builder_meta_counts_the_rows_trained_on(blobs):
    X, y = blobs
    seen = {}

    def build(meta):
        seen.update(meta)
        return dense_classifier(meta=meta)

    KerasClassifier(build, epochs=1, early_stopping=True, validation_fraction=0.25,
                    random_state=0).fit(X, y)
    assert seen["n_samples_fit_"] == 90
    assert seen["n_features_in_"] == 6 and seen["n_classes_"] == 3


def test_generic_wrappers_take_image_samples():
    from sklearn.datasets import load_digits

    from keras_lectures.backend import import_keras

    keras = import_keras()
    seen = {}

    def convnet(meta):
        seen.update(meta)
        return keras.Sequential([
            keras.Input(meta["input_shape_"]),
            keras.layers.Conv2D(4, 3, activation="relu", padding="same"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(meta["n_classes_"], activation="softmax"),
        ])

    X, y = load_digits(return_X_y=True)
    images = (X[:400] / 16.0).reshape(-1, 8, 8, 1).astype(np.float32)
    y = y[:400]
    clf = KerasClassifier(convnet, epochs=10, learning_rate=0.01, random_state=0)
    clf.fit(images[:300], y[:300])
    assert seen["input_shape_"] == (8, 8, 1)
    assert clf.input_shape_ == (8, 8, 1)
    assert clf.predict_proba(images[300:]).shape == (100, 10)
    assert clf.score(images[300:], y[300:]) > 0.8  # chance: 0.1
    with pytest.raises(ValueError, match=r"fitted on samples of shape \(8, 8, 1\)"):
        clf.predict(images[300:].reshape(100, 64))
