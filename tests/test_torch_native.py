"""The torch step's native parts equal Keras's own, and are used when they apply.

The first tests compare whole fits (fast paths against ordinary
``keras.Model.fit`` on fresh models) over losses, optimizers and metrics the
native parts cover and some they leave to Keras (a regularised model is
among the model kinds of ``test_training_speedups``); they run on every
backend.
The rest are torch only: each native part against the Keras part it
replaces, on the same state: the weights and optimizer state bit for bit; the
metrics to float32 rounding where the native step adds the same numbers in
another order (checked with ``ATEN_CPU_CAPABILITY`` at ``avx2``, ``avx512``
and ``default``).
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_digits

from keras_lectures import KerasClassifier, KerasRegressor
from keras_lectures.backend import current, import_keras
from tests._builders import dense_classifier, dense_regressor
from tests._same_fit import assert_same_fit, fit_both_ways

torch_only = pytest.mark.skipif(current() != "torch", reason="torch step")


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return (X[:150] / 16.0).astype(np.float32), y[:150]


def logits_classifier(meta=None):
    keras = import_keras()
    return keras.Sequential([
        keras.Input((meta["n_features_in_"],)),
        keras.layers.Dense(8, activation="tanh"),
        keras.layers.Dense(meta["n_classes_"]),
    ])


def _accuracy_per_sample(y_true, y_pred):  # a user's metric: updated every step
    keras = import_keras()
    return keras.ops.cast(
        keras.ops.equal(keras.ops.cast(keras.ops.argmax(y_pred, axis=-1), "int32"),
                        keras.ops.cast(keras.ops.reshape(y_true, (-1,)), "int32")),
        "float32")


CLASSIFIER_SETTINGS = {
    "adam": lambda keras: {},
    "sgd": lambda keras: dict(optimizer="sgd", learning_rate=0.1),
    "sgd-nesterov": lambda keras: dict(optimizer="sgd", learning_rate=0.05,
                                       optimizer__momentum=0.9, optimizer__nesterov=True),
    "sgd-momentum, crossentropy metric": lambda keras: dict(
        optimizer="sgd", optimizer__momentum=0.5,
        metrics=["accuracy", "sparse_categorical_crossentropy"]),
    "amsgrad (Keras's update)": lambda keras: dict(optimizer__amsgrad=True),
    "rmsprop (Keras's update)": lambda keras: dict(optimizer="rmsprop"),
    "clipnorm (Keras's update)": lambda keras: dict(optimizer__clipnorm=0.1),
    "user metric (every step)": lambda keras: dict(metrics=[_accuracy_per_sample]),
    "weighted metrics": lambda keras: dict(compile__weighted_metrics=["accuracy"]),
    "logits": lambda keras: dict(
        model=logits_classifier,
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)),
}


# logits are no probabilities: the classifier's normalisation of them may warn
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
@pytest.mark.parametrize("name", sorted(CLASSIFIER_SETTINGS))
def test_classifier_settings(digits, name):
    X, y = digits
    settings = {"model": dense_classifier, "metrics": ["accuracy"],
                **CLASSIFIER_SETTINGS[name](import_keras())}
    weight = np.random.RandomState(3).uniform(0.2, 2.0, len(y))

    def make():
        return KerasClassifier(epochs=3, batch_size=32, random_state=4, **settings)

    # TensorFlow's lean loop takes Keras's own metrics only: a user metric
    # function sends the fit to Keras's fit there.
    lean = not (name == "user metric (every step)" and import_keras().backend.backend() == "tensorflow")
    fast, fresh = fit_both_ways(make, lambda est: est.fit(X, y, sample_weight=weight), lean=lean)
    if name == "logits":  # the outputs are not probabilities
        assert_array_equal(fast.predict(X), fresh.predict(X))
        for key in fresh.history_:
            np.testing.assert_allclose(fast.history_[key], fresh.history_[key], rtol=1e-5)
    else:
        assert_same_fit(fast, fresh, X)


@pytest.mark.parametrize("loss", ["mse", "binary_crossentropy"])
def test_binary_and_regression_losses(digits, loss):
    X, y = digits
    if loss == "mse":
        target = X[:, :3] @ np.array([1.0, -2.0, 0.5], dtype=np.float32)

        def make():
            return KerasRegressor(dense_regressor, epochs=3, optimizer="sgd",
                                  learning_rate=0.05, metrics=["mae"], random_state=5)
    else:
        target = (y > 4).astype(int)

        def make():
            return KerasClassifier(dense_classifier, epochs=3, metrics=["accuracy"],
                                   random_state=5)

    fast, fresh = fit_both_ways(make, lambda est: est.fit(X[:117], target[:117]))
    assert_same_fit(fast, fresh, X)


# ----------------------------------------------------------------------
# torch: each part against Keras's, and which parts a model gets
def _compiled(keras, *, optimizer="adam", loss="sparse_categorical_crossentropy",
              metrics=("accuracy",), out=10, activation="softmax", seed=0, **layer_kwargs):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input((64,)),
        keras.layers.Dense(16, activation="relu", **layer_kwargs),
        keras.layers.Dropout(0.25),
        keras.layers.Dense(out, activation=activation),
    ])
    model.compile(optimizer=optimizer, loss=loss, metrics=list(metrics))
    return model


def _batch(digits, rows=32):
    import torch

    X, y = digits
    return torch.as_tensor(X[:rows]), torch.as_tensor(y[:rows].astype(np.float32))


def _state(model):
    """The trained state: weights and optimizer variables, and metric variables."""
    def values(variables):
        return [np.array(v.numpy()) for v in variables]

    return (values((*model.trainable_variables, *model.optimizer.variables)),
            values(model.metrics_variables))


#: The deferred metrics add an epoch's rows in one reduction, Keras's step
#: batch by batch: the same sum in another order, whose float32 rounding
#: depends on the CPU's vector width (bit for bit on AVX-512, one rounding
#: step apart with ATEN_CPU_CAPABILITY=avx2: 250.5421 against 250.54208).
METRICS_RTOL = 1e-6


@torch_only
@pytest.mark.parametrize("optimizer", ["adam", "sgd", "sgd-nesterov"])
def test_steps_equal_keras_train_step_bit_for_bit(digits, optimizer):
    """Three epochs of the native step and of Keras's ``train_step``: the same
    weights and optimizer state bit for bit, the same metrics to 1e-6."""
    import torch

    from keras_lectures.engine._torch_step import TorchStep

    keras = import_keras()
    make_optimizer = {
        "adam": lambda: keras.optimizers.Adam(0.01),
        "sgd": lambda: keras.optimizers.SGD(0.1),
        "sgd-nesterov": lambda: keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
    }[optimizer]
    x, y = _batch(digits, 150)
    weight = torch.as_tensor(np.random.RandomState(0).uniform(0.5, 1.5, 150).astype(np.float32))
    states = []
    for ours in (True, False):
        model = _compiled(keras, optimizer=make_optimizer(),
                          metrics=("accuracy", "sparse_categorical_crossentropy"))
        model._symbolic_build(data_batch=(x[:32], y[:32], weight[:32]))
        step = TorchStep(keras, model)
        if ours:
            assert step.forward and step.loss and step.track_loss and step.update
            assert step.defer_metrics
        torch.manual_seed(7)  # dropout
        model.train()
        for epoch in range(3):
            model.reset_metrics()
            for start in range(0, 150, 32):
                rows = slice(start, start + 32)
                if ours:
                    step(x[rows], y[rows], weight[rows])
                else:
                    model.train_step((x[rows], y[rows], weight[rows]))
            step.end_epoch()
        states.append(_state(model))
    (ours_weights, ours_metrics), (keras_weights, keras_metrics) = states
    assert len(ours_weights) == len(keras_weights)
    for a, b in zip(ours_weights, keras_weights):
        assert_array_equal(a, b)
    assert len(ours_metrics) == len(keras_metrics)
    for a, b in zip(ours_metrics, keras_metrics):
        assert_allclose(a, b, rtol=METRICS_RTOL)


@torch_only
def test_parts_left_to_keras():
    from keras_lectures.engine import _torch_native as torch_native
    from keras_lectures.engine._torch_step import TorchStep

    keras = import_keras()
    x = np.zeros((4, 64), np.float32)
    y = np.zeros(4, np.float32)

    def step_for(**kwargs):
        model = _compiled(keras, **kwargs)
        model._symbolic_build(data_batch=(x, y))
        return TorchStep(keras, model)

    plain = step_for()
    assert plain.loss and plain.update and plain.defer_metrics
    assert step_for(optimizer=keras.optimizers.Adam(amsgrad=True)).update is None
    assert step_for(optimizer=keras.optimizers.Adam(clipnorm=1.0)).update is None
    assert step_for(optimizer="rmsprop").update is None
    schedule = keras.optimizers.schedules.ExponentialDecay(0.01, 10, 0.9)
    assert step_for(optimizer=keras.optimizers.SGD(schedule)).update is None
    assert step_for(kernel_regularizer="l2").loss is None
    assert step_for(kernel_constraint="non_neg").update is None
    assert not step_for(metrics=(_accuracy_per_sample,)).defer_metrics
    assert not step_for(
        metrics=(keras.metrics.MeanIoU(num_classes=10, sparse_y_pred=False),)).defer_metrics
    empty = step_for(metrics=())  # compiled metrics with nothing to update
    assert not empty.has_metrics and not empty.defer_metrics
    assert torch_native.dense_forward(keras.layers.Dropout(0.1)) is None


@torch_only
def test_sparse_crossentropy_equals_keras_loss():
    import torch

    from keras_lectures.engine._torch_native import loss_function

    keras = import_keras()
    rng = np.random.RandomState(0)
    probabilities = rng.dirichlet(np.ones(5), 40).astype(np.float32)
    probabilities[:3] = np.eye(5, dtype=np.float32)[[1, 0, 4]]  # clipped: 0 and 1
    probabilities = torch.as_tensor(probabilities)
    logits = torch.as_tensor(rng.normal(size=(40, 5)).astype(np.float32))
    labels = rng.randint(0, 5, 40).astype(np.float32)
    labels[:3] = [0, 0, 2]  # probability 0, 1 and 0 on the true class
    labels = torch.as_tensor(labels)
    weight = torch.as_tensor(rng.uniform(0, 2, 40).astype(np.float32))
    cases = [
        ("sparse_categorical_crossentropy", probabilities, labels),
        (keras.losses.SparseCategoricalCrossentropy(from_logits=True), logits, labels),
        ("sparse_categorical_crossentropy", probabilities, labels[:, None]),  # (n, 1)
    ]
    for loss, y_pred, y_true in cases:
        model = _compiled(keras, loss=loss, out=5, activation=None)
        model._symbolic_build(data_batch=(np.zeros((4, 64), np.float32), y_true[:4].numpy()))
        ours = loss_function(model)
        assert ours is not None
        for w in (None, weight):
            expected = model._compute_loss(y=y_true, y_pred=y_pred, sample_weight=w)
            assert_array_equal(ours(y_true, y_pred, w).numpy(), expected.numpy())


OPTIMIZERS = {
    "adam": lambda keras: keras.optimizers.Adam(0.01),
    "adam, own betas": lambda keras: keras.optimizers.Adam(0.003, beta_1=0.8,
                                                           beta_2=0.99, epsilon=1e-6),
    "sgd": lambda keras: keras.optimizers.SGD(0.1),
    "sgd-momentum": lambda keras: keras.optimizers.SGD(0.05, momentum=0.5),
    "sgd-nesterov": lambda keras: keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
}


@torch_only
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizer_update_equals_keras_apply_bit_for_bit(digits, name):
    """The native update (twice: the second reuses Adam's step sizes) and
    the optimizer's own ``apply``, on the same gradients for 400 steps: the
    same weights, slots and step count."""
    import torch

    from keras_lectures.engine._torch_native import optimizer_update

    keras = import_keras()
    x, y = _batch(digits)
    rng = np.random.RandomState(1)
    states = []
    for ours in (True, True, False):
        model = _compiled(keras, optimizer=OPTIMIZERS[name](keras))
        model._symbolic_build(data_batch=(x, y))
        weights = model.trainable_weights
        update = optimizer_update(model.optimizer, weights)
        assert update is not None
        rng.seed(1)
        for step in range(400):
            scale = 10.0 ** rng.uniform(-4, 1)
            grads = [torch.as_tensor((rng.normal(size=w.shape) * scale).astype(np.float32))
                     for w in weights]
            if step == 200:  # a learning rate set between steps is read
                model.optimizer.learning_rate.assign(0.5 * model.optimizer.learning_rate)
            if ours:
                update(grads)
            else:
                with torch.no_grad():
                    model.optimizer.apply(grads, weights)
        states.append(_state(model)[0])
    assert int(model.optimizer.iterations.numpy()) == 400
    for ours_first, ours_again, keras_own in zip(*states, strict=True):
        assert_array_equal(ours_first, keras_own)
        assert_array_equal(ours_again, keras_own)


@pytest.fixture
def one_torch_thread():
    """One torch thread for the whole test, as the lean loop runs tiny work.

    With more threads Keras's ``fit`` may take other CPU kernels for the
    same products (one rounding step apart now and then).
    """
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@torch_only
@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
@pytest.mark.parametrize("weighted", [False, True])
def test_lean_fit_weights_equal_keras_fit_bit_for_bit(digits, optimizer, weighted,
                                                      one_torch_thread):
    """Five epochs through the lean loop and through ``keras.Model.fit``
    (both on one thread): the same weights and optimizer state, bit for bit."""
    X, y = digits
    weight = np.random.RandomState(2).uniform(0.2, 2.0, len(y)) if weighted else None

    def make():
        return KerasClassifier(dense_classifier, epochs=5, batch_size=32, random_state=6,
                               optimizer=optimizer, metrics=["accuracy"])

    fast, fresh = fit_both_ways(make, lambda est: est.fit(X, y, sample_weight=weight))
    for model in (fast.model_, fresh.model_):
        assert int(model.optimizer.iterations.numpy()) == 5 * 5
    for a, b in zip(_state(fast.model_)[0], _state(fresh.model_)[0], strict=True):
        assert_array_equal(a, b)


@torch_only
def test_inference_chain_equals_model_call_bit_for_bit(digits, one_torch_thread):
    """Predictions chain the layers (dropout off): the model's own outputs."""
    import torch

    from keras_lectures.engine._torch import forward
    from keras_lectures.engine._torch_step import inference_forward

    keras = import_keras()
    x, y = _batch(digits, 150)
    model = _compiled(keras)
    model._symbolic_build(data_batch=(x[:32], y[:32]))
    assert inference_forward(keras, model) is not None
    with torch.no_grad():
        expected = model(x, training=False).numpy()
    assert_array_equal(forward(keras, model, x.numpy()), expected)
    assert_array_equal(model.predict(x.numpy(), verbose=0), expected)
