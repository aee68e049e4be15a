"""Padding only where it is exact.

The jax loop pads a fit's last batch with rows that weigh nothing, on models
whose layers are all on the allowlist of ``engine/padding.py``; every layer
of the list is checked here: in training mode, padding rows change no real
row's outputs (every backend), and a padded jax fit equals an unpadded one.
Quantised and unknown layers are refused. Predictions are zero-padded only
on the compiled routes.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import load_digits

from keras_lectures import KerasClassifier, engine
from keras_lectures.backend import import_keras
from keras_lectures.engine.padding import PADDABLE_LAYERS, layer_is_paddable, rows_independent
from tests._builders import dense_classifier

N_FEATURES = 6
N_CLASSES = 3


def _model(name):
    """A small classifier holding the layer class ``name``."""
    keras = import_keras()
    layers = keras.layers
    inputs = keras.Input((N_FEATURES,))
    hidden = layers.Dense(4)(inputs)
    make = {
        "Activation": lambda h: layers.Activation("tanh")(h),
        "ReLU": lambda h: layers.ReLU()(h),
        "LeakyReLU": lambda h: layers.LeakyReLU(0.2)(h),
        "ELU": lambda h: layers.ELU()(h),
        "PReLU": lambda h: layers.PReLU()(h),
        "Softmax": lambda h: layers.Softmax()(h),
        "Rescaling": lambda h: layers.Rescaling(0.5, offset=0.1)(h),
        "Flatten": lambda h: layers.Flatten()(layers.Reshape((2, 2))(h)),
        "Reshape": lambda h: layers.Reshape((4,))(layers.Reshape((2, 2))(h)),
        "Permute": lambda h: layers.Flatten()(layers.Permute((2, 1))(layers.Reshape((2, 2))(h))),
        "RepeatVector": lambda h: layers.Flatten()(layers.RepeatVector(2)(h)),
        "LayerNormalization": lambda h: layers.LayerNormalization()(h),
        "Add": lambda h: layers.Add()([h, layers.Dense(4)(inputs)]),
        "Subtract": lambda h: layers.Subtract()([h, layers.Dense(4)(inputs)]),
        "Multiply": lambda h: layers.Multiply()([h, layers.Dense(4)(inputs)]),
        "Average": lambda h: layers.Average()([h, layers.Dense(4)(inputs)]),
        "Maximum": lambda h: layers.Maximum()([h, layers.Dense(4)(inputs)]),
        "Minimum": lambda h: layers.Minimum()([h, layers.Dense(4)(inputs)]),
        "Concatenate": lambda h: layers.Concatenate()([h, layers.Dense(4)(inputs)]),
        "Embedding": lambda h: layers.Flatten()(layers.Embedding(10, 2)(
            layers.Activation("relu")(inputs))),
        "Sequential": lambda h: keras.Sequential([layers.Dense(4, activation="relu")])(h),
    }
    hidden = make.get(name, lambda h: h)(hidden)
    outputs = layers.Dense(N_CLASSES, activation="softmax")(hidden)
    return keras.Model(inputs, outputs)


def _data(n=37, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.randint(0, 10, size=(n, N_FEATURES)).astype(np.float32)  # Embedding-ready
    y = rng.randint(0, N_CLASSES, size=n)
    return X, y


@pytest.mark.parametrize("name", sorted(PADDABLE_LAYERS))
def test_allowed_layer_is_row_wise_in_training(name):
    """Rows appended to a batch change no real row's training-mode outputs."""
    keras = import_keras()
    model = _model(name)
    kinds = {type(layer).__name__ for layer in model._flatten_layers()}
    assert name in kinds  # the model holds the layer it checks
    assert rows_independent(model)
    X, _ = _data(5)
    padding = X[[0, 1, 2]] * 0.5 + 1.0
    alone = keras.ops.convert_to_numpy(model(X, training=True))
    padded = keras.ops.convert_to_numpy(model(np.concatenate([X, padding]), training=True))
    assert_allclose(padded[:5], alone, rtol=1e-5, atol=1e-6)


def _every_allowed_layer():
    """One classifier holding every layer of the allowlist."""
    keras = import_keras()
    layers = keras.layers
    inputs = keras.Input((N_FEATURES,))
    embedded = layers.Flatten()(layers.Embedding(10, 2)(layers.Activation("relu")(inputs)))
    h = layers.Concatenate()([layers.Dense(4)(inputs), embedded])
    h = layers.Dense(4)(h)
    for layer in (layers.Activation("tanh"), layers.ReLU(), layers.LeakyReLU(0.2),
                  layers.ELU(), layers.PReLU(), layers.Rescaling(0.5, offset=0.1),
                  layers.LayerNormalization(), layers.Softmax()):
        h = layer(h)
    grid = layers.Permute((2, 1))(layers.Reshape((2, 2))(h))
    h = layers.Reshape((4,))(layers.Flatten()(grid))
    h = layers.Flatten()(layers.RepeatVector(2)(h))
    other = layers.Dense(8)(inputs)
    for merge in (layers.Add, layers.Subtract, layers.Multiply, layers.Average,
                  layers.Maximum, layers.Minimum):
        h = merge()([h, other])
    h = keras.Sequential([layers.Dense(4, activation="relu")])(h)
    outputs = layers.Dense(N_CLASSES, activation="softmax")(h)
    return keras.Model(inputs, outputs)


@pytest.mark.skipif(import_keras().backend.backend() != "jax",
                    reason="the padded last batch is the jax loop's")
def test_padded_fit_equals_unpadded_for_every_allowed_layer(monkeypatch):
    """A jax lean fit with the last batch padded equals one without padding,
    on a model holding every layer of the allowlist."""
    from keras_lectures.engine import _jax

    keras = import_keras()
    X, y = _data(37)  # batch 16: a last batch of 5 rows

    def fit(pads):
        engine.clear_trainers()
        monkeypatch.setattr(_jax, "_rows_independent", lambda model: pads)
        keras.utils.set_random_seed(0)
        model = _every_allowed_layer()
        held = {type(layer).__name__ for layer in model._flatten_layers()}
        assert held == set(PADDABLE_LAYERS)
        assert rows_independent(model)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        assert engine.can_train(keras, model)
        with engine.seeded(1, "jax"):
            history = engine.train(keras, model, X, y, None, epochs=2, batch_size=16)
        return history, [np.asarray(w) for w in model.get_weights()]

    (padded_history, padded), (exact_history, exact) = fit(True), fit(False)
    for key in exact_history:
        assert_allclose(padded_history[key], exact_history[key], rtol=1e-5, atol=1e-6)
    for a, b in zip(padded, exact):
        assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    engine.clear_trainers()


def test_a_lambda_activation_shares_nothing():
    """Configs cannot tell two lambdas apart: no padding, no shared trainer."""
    from keras_lectures.engine.cache import compute_architecture_key

    keras = import_keras()

    def centred(x):
        return x - keras.ops.mean(x, axis=0)

    for activation in (centred, lambda x: 2 * x):
        model = keras.Sequential([keras.Input((N_FEATURES,)),
                                  keras.layers.Dense(3, activation=activation)])
        model.compile(optimizer="sgd", loss="mse")
        assert not rows_independent(model)
        assert compute_architecture_key(keras, model) is None


@pytest.mark.filterwarnings("ignore:Layer InputLayer does not have a `quantize`")
@pytest.mark.parametrize("mode", ["int8", "float8"])
def test_quantised_layers_are_refused(mode):
    model = _model("Dense")
    assert rows_independent(model)
    model.quantize(mode)
    assert not rows_independent(model)
    dense = [layer for layer in model.layers if type(layer).__name__ == "Dense"]
    assert not any(layer_is_paddable(layer) for layer in dense)


def test_unknown_and_row_mixing_layers_are_refused():
    keras = import_keras()

    class Doubling(keras.layers.Layer):  # a user's layer: not proven row-wise
        def call(self, x):
            return 2 * x

    refused = [Doubling(), keras.layers.BatchNormalization(), keras.layers.Dropout(0.5),
               keras.layers.LayerNormalization(axis=[0, 1]), keras.layers.Softmax(axis=0),
               keras.layers.Dense(3, activity_regularizer="l2")]
    for layer in refused:
        assert not layer_is_paddable(layer), layer


@pytest.mark.skipif(import_keras().backend.backend() != "jax",
                    reason="the padded last batch is the jax loop's")
@pytest.mark.filterwarnings("ignore:Layer InputLayer does not have a `quantize`")
def test_quantised_model_takes_the_exact_route():
    from keras_lectures.engine import _jax

    model = _model("Dense")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.quantize("float8")
    assert not _jax._JaxTrainer(model).pads


def test_predictions_are_padded_on_compiled_routes_only(monkeypatch):
    """Keras's own predict_on_batch gets the rows as they are; the compiled
    routes pad and drop the padding, with the same outputs."""
    keras = import_keras()
    X, y = load_digits(n_class=3, return_X_y=True)
    X, y = (X[:60] / 16.0).astype(np.float32), y[:60]
    est = KerasClassifier(dense_classifier, epochs=1, random_state=0).fit(X, y)
    shapes = []
    own = keras.Model.predict_on_batch
    monkeypatch.setattr(keras.Model, "predict_on_batch",
                        lambda self, x: shapes.append(len(x)) or own(self, x))
    with engine.fast_fit(False):
        keras_own = est.predict_proba(X[:5])
    assert shapes == [5]
    fast = est.predict_proba(X[:5])
    assert fast.shape == (5, 3)
    assert_allclose(fast, keras_own, rtol=1e-5, atol=1e-6)


@pytest.mark.skipif(import_keras().backend.backend() == "tensorflow",
                    reason="TensorFlow is imported: Keras's probe answers at once")
def test_reading_layer_configs_leaves_keras_tensorflow_probe_alone(monkeypatch):
    """Deciding paddability serialises layer configs without Keras asking
    whether TensorFlow is installed (an import of seconds where it is)."""
    from keras_lectures.engine import _keras_internals

    probe = _keras_internals.tensorflow_probe()
    model = _model("Dense")
    monkeypatch.setattr(probe, "_available", None)
    assert rows_independent(model)
    assert probe._available is None
