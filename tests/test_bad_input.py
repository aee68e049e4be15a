"""Bad input, a model that does not match its data, diverging training.

Each case fails at ``fit`` (or ``predict``) with an error that names the
problem and the numbers, on whichever backend the suite runs on, and leaves
no model behind that could predict from broken weights.
"""

import os
import shutil
import warnings

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from keras_lectures import KerasClassifier, KerasRegressor, LinearRegressionGD
from keras_lectures.diagnostics import learning_curve, validation_curve
from keras_lectures.estimators import TrainingDivergedError

keras = pytest.importorskip("keras")

RNG = np.random.RandomState(0)
X = RNG.randn(48, 3)
Y3 = np.arange(48) % 3


def dense(units, activation="softmax", with_input=True):
    """A builder of one Dense layer with ``units`` outputs."""

    def build(meta=None):
        layers = [keras.layers.Dense(units, activation=activation)]
        if with_input:
            layers.insert(0, keras.Input((meta["n_features_in_"],)))
        return keras.Sequential(layers)

    return build


def fitted_nothing(estimator):
    assert not hasattr(estimator, "model_")
    with pytest.raises(NotFittedError):
        estimator.predict(X)


# ------------------------------------------------------- output vs target


@pytest.mark.parametrize("units", [2, 5])
@pytest.mark.parametrize("with_input", [True, False])
def test_output_units_must_match_the_classes(units, with_input):
    clf = KerasClassifier(dense(units, with_input=with_input), epochs=1, random_state=0)
    with pytest.raises(ValueError, match=f"outputs {units} units, but y has 3 classes"
                       r".*must output 3 units.*n_classes_"):
        clf.fit(X, Y3)
    fitted_nothing(clf)


def test_binary_classifier_takes_one_sigmoid_or_two_softmax_units():
    clf = KerasClassifier(dense(3), epochs=1)
    with pytest.raises(ValueError, match="outputs 3 units, but y has 2 classes.*must output "
                       r"1 unit or 2 units.*Dense\(1, activation='sigmoid'\)"):
        clf.fit(X, Y3 % 2)
    fitted_nothing(clf)
    with pytest.raises(ValueError, match="softmax over 1 unit, which always outputs 1.0"):
        KerasClassifier(dense(1, "softmax"), epochs=1).fit(X, Y3 % 2)
    with pytest.raises(ValueError, match="outputs 1 unit for 2 classes, but its loss "
                       "'sparse_categorical_crossentropy' needs one unit per class"):
        KerasClassifier(dense(1, "sigmoid"), loss="sparse_categorical_crossentropy",
                        epochs=1).fit(X, Y3 % 2)
    for units, activation in [(1, "sigmoid"), (2, "softmax")]:
        fitted = KerasClassifier(dense(units, activation), epochs=1).fit(X, Y3 % 2)
        assert fitted.predict_proba(X).shape == (len(X), 2)


def test_classifier_output_must_be_probabilities_with_the_default_loss():
    with pytest.raises(ValueError, match="'linear' activation.*expect probabilities"):
        KerasClassifier(dense(3, None), epochs=1).fit(X, Y3)
    # with its own loss the model decides what its outputs are
    clf = KerasClassifier(
        dense(3, None), epochs=1, random_state=0,
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    ).fit(X, Y3)
    assert clf.model_.output_shape == (None, 3)


def test_regressor_output_units_must_match_the_outputs():
    reg = KerasRegressor(dense(1, None), epochs=1)
    with pytest.raises(ValueError, match="outputs 1 unit, but y has 2 outputs.*n_outputs_"):
        reg.fit(X, np.column_stack([X[:, 0], X[:, 1]]))
    fitted_nothing(reg)


# ------------------------------------------------------- input vs model


def test_sample_shape_must_match_the_model_input():
    X3 = RNG.randn(48, 3, 2)
    clf = KerasClassifier(lambda: keras.Sequential([
        keras.Input((3,)), keras.layers.Dense(3, activation="softmax")]), epochs=1)
    with pytest.raises(ValueError, match=r"samples of shape \(3, 2\), but the model built "
                       r"for KerasClassifier takes inputs of shape \(None, 3\)"):
        clf.fit(X3, Y3)
    fitted_nothing(clf)


def test_dense_lecture_estimator_refuses_3d_input():
    with pytest.raises(ValueError, match=r"[Ff]ound array with dim 3|dim 3, while dim <= 2 is required by Linear"):
        LinearRegressionGD(epochs=1).fit(RNG.randn(48, 3, 2), X[:, 0])


# ------------------------------------------------------- float32 range


def test_values_beyond_float32_are_refused_at_fit():
    big = X.copy()
    big[5, 2] = 1e39
    clf = KerasClassifier(dense(3), epochs=1)
    with pytest.raises(ValueError, match=r"X holds 1e\+39 at row 5, column 2, beyond the "
                       "float32 range"):
        clf.fit(big, Y3)
    with pytest.raises(ValueError, match=r"y holds -1e\+39 at row 0"):
        KerasRegressor(dense(1, None), epochs=1).fit(X, np.r_[-1e39, X[1:, 0]])


def test_values_beyond_float32_name_the_column():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(X.copy(), columns=["a", "b", "c"])  # pandas < 3 shares X
    frame.loc[3, "b"] = -2e40
    with pytest.raises(ValueError, match=r"row 3, column 1 \('b'\)"):
        KerasRegressor(dense(1, None), epochs=1).fit(frame, X[:, 0])


def test_values_beyond_float32_are_refused_at_predict():
    clf = KerasClassifier(dense(3), epochs=1, random_state=0).fit(X, Y3)
    row = X[:2].copy()
    row[1, 0] = 1e39
    with pytest.raises(ValueError, match="row 1, column 0, beyond the float32 range"):
        clf.predict_proba(row)
    # large but representable values still predict (finite probabilities)
    assert np.isfinite(clf.predict_proba(X[:2] * 1e30)).all()


# ------------------------------------------------------- divergence


def diverging(**params):
    settings = dict(epochs=3, optimizer="sgd", learning_rate=1e6, batch_size=16, random_state=0)
    return KerasRegressor(dense(1, None), **{**settings, **params})


@pytest.mark.parametrize("route", ["lean", "keras fit"])
def test_diverging_training_raises_and_keeps_no_model(route):
    params = {"fit__shuffle": True} if route == "keras fit" else {}
    reg = diverging(**params)
    with pytest.raises(TrainingDivergedError, match="diverged at epoch 1 of this fit: the loss "
                       "became (nan|inf).*learning_rate.*scale the features") as info:
        reg.fit(X * 1e3, X[:, 0] * 1e3)
    assert info.value.epoch == 1
    fitted_nothing(reg)


def test_huge_but_finite_features_diverge_with_a_clear_error():
    # finite in float32, but squared errors overflow: NaN on every backend
    with pytest.raises(TrainingDivergedError, match="diverged at epoch 1"):
        KerasRegressor(dense(1, None), epochs=2, random_state=0).fit(X * 1e30, X[:, 0])


def test_warm_start_divergence_drops_the_model():
    reg = KerasRegressor(dense(1, None), epochs=1, optimizer="sgd", learning_rate=0.01,
                         warm_start=True, random_state=0).fit(X, X[:, 0])
    with pytest.raises(TrainingDivergedError):
        reg.fit(X * 1e30, X[:, 0])
    fitted_nothing(reg)


def test_nan_weights_with_a_finite_loss_are_caught():
    reg = KerasRegressor(dense(1, None), epochs=1, random_state=0).fit(X, X[:, 0])
    from keras_lectures.estimators._guards import check_training_finite

    reg.model_.layers[-1].kernel.assign(np.full((3, 1), np.nan, dtype="float32"))
    with pytest.raises(TrainingDivergedError, match="weights became NaN or inf"):
        check_training_finite(reg, reg.model_, {"loss": [0.5]})


# ------------------------------------------------------- curves


def test_validation_curve_raises_when_every_fit_fails():
    clf = KerasClassifier(dense(3), epochs=1)
    with pytest.raises(ValueError, match="All the 4 fits failed"):
        validation_curve(clf, X, Y3, param_name="model__units", param_range=[2, 4], cv=2)
    # the same, as learning_curve does
    with pytest.raises(ValueError, match="All the 2 fits failed"):
        learning_curve(clf.set_params(model__units=2), X, Y3, train_sizes=[1.0], cv=2)


def test_curves_score_a_diverging_fit_as_failed():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="(?s)All the 2 fits failed.*"
                           "TrainingDivergedError.*diverged at epoch"):
            learning_curve(diverging(), X * 1e3, X[:, 0] * 1e3,
                           train_sizes=[1.0], cv=2)


# ------------------------------------------------------- data files


@pytest.fixture
def food_truck_home(tmp_path, lecture_data_home):
    home = tmp_path / "data"
    home.mkdir()
    shutil.copyfile(lecture_data_home / "ex1data1.txt", home / "ex1data1.txt")
    return home


def test_same_size_edit_with_the_same_time_is_caught(food_truck_home):
    from keras_lectures.datasets import ChecksumError, load_food_truck

    path = food_truck_home / "ex1data1.txt"
    assert load_food_truck(data_home=food_truck_home).data.shape == (97, 1)
    before = path.stat()
    data = bytearray(path.read_bytes())
    data[0:1] = b"7" if data[0:1] != b"7" else b"8"
    path.write_bytes(bytes(data))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    with pytest.raises(ChecksumError, match="ex1data1.txt"):
        load_food_truck(data_home=food_truck_home)


def test_data_home_that_is_a_file_is_named(tmp_path):
    from keras_lectures.datasets import get_data_home, load_food_truck

    a_file = tmp_path / "data.txt"
    a_file.write_text("not a folder")
    with pytest.raises(NotADirectoryError, match="data.txt is a file, not a folder"):
        load_food_truck(data_home=a_file)
    with pytest.raises(NotADirectoryError, match="is a file, not a folder"):
        get_data_home(a_file)
