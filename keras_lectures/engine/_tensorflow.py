"""The TensorFlow lean loop and traced forward pass.

Keras's ``train_step`` traced once per architecture on a cached twin. A
whole fit is one ``tf.function`` call: the fitting model's state copied in,
every epoch's batches in a ``tf.while_loop``, the state copied back out
(models with convolutions: one call per batch, as on jax). Each epoch's
order comes from Keras's own shuffling pipeline, fed the row numbers.
"""

import threading

import numpy as np
import tensorflow as tf

from keras_lectures.engine import _keras_internals as internals
from keras_lectures.engine import registry
from keras_lectures.engine.cache import TrainerCache
from keras_lectures.engine.inference import compiled_forward
from keras_lectures.engine.seeding import private_draws
from keras_lectures.engine.twins import (
    cached_trainer,
    epoch_logs,
    first_batch,
    has_convolutions,
)

__all__ = ["fit", "predict", "release_compiled"]


class _TfTrainer:
    """Traced steps of a private twin, run on the fitting model's state.

    ``step`` is the twin's own ``train_step`` on one batch: the step Keras's
    ``fit`` runs, traced once per architecture. ``fit_all`` runs a whole
    fit in one ``tf.function`` call: it copies the fitting model's state in,
    runs every epoch (metrics reset, the epoch's rows gathered in its order,
    its batches in a ``tf.while_loop``) and copies the state back out,
    returning each epoch's metric results.
    """

    def __init__(self, model):
        self.model = model
        self.lock = threading.Lock()
        self.scans = not has_convolutions(model)
        self.names = None  # the logged metrics, in order, once traced
        internals.skip_single_replica_all_reduce(model.optimizer)

        # as Keras's train function: only the step itself may be XLA-compiled
        @tf.function(jit_compile=bool(model.jit_compile), reduce_retracing=True)
        def step(data):
            model.train_step(data)

        self.step = step
        self.fit_all = tf.function(self._fit_all, reduce_retracing=True)
        self.traced = set()

    def run(self, variables, arrays, orders, batch_size):
        """``fit_all``, traced once for any number of rows and epochs."""
        specs = tuple(tf.TensorSpec([None, *a.shape[1:]], a.dtype) for a in arrays)
        if (specs, batch_size) not in self.traced:
            self.fit_all.get_concrete_function(
                variables, specs, tf.TensorSpec([None, None], tf.int64), batch_size)
            self.traced.add((specs, batch_size))
        return self.fit_all(variables, arrays, orders, batch_size).numpy()

    def _fit_all(self, variables, arrays, orders, batch_size):
        twin = self.model
        for ref, value in zip(_state_variables(twin), variables):
            ref.assign(value)
        n = tf.shape(orders, out_type=tf.int64)[1]
        results = tf.TensorArray(tf.float64, size=tf.shape(orders)[0])
        for e in tf.range(tf.shape(orders)[0]):
            twin.reset_metrics()
            rows = [tf.gather(a, orders[e]) for a in arrays]
            # one traced step, batch size unknown, as fit's: the full
            # batches and the partial last one run the same graph
            for start in tf.range(0, n, batch_size):
                stop = tf.minimum(start + batch_size, n)
                self.step(tuple(a[start:stop] for a in rows))
            results = results.write(e, self._results())
        for ref, value in zip(variables, _state_variables(twin)):
            ref.assign(value)
        return results.stack()

    def _results(self):
        logs = self.model.get_metrics_result()
        self.names = sorted(logs)
        return tf.stack([tf.cast(logs[name], tf.float64) for name in self.names])


def _state_variables(model):
    return [
        *model.trainable_variables,
        *model.non_trainable_variables,
        *model.optimizer.variables,
        *model.metrics_variables,
    ]


def fit(keras, model, x, y, sample_weight, epochs, batch_size, draws=None):
    """Train ``model`` as ``fit`` on TensorFlow would (see :mod:`~keras_lectures.engine.training`).

    Each epoch's order is drawn by Keras's own shuffling pipeline; under a
    seed it is drawn before the seed lock is released
    (:func:`~keras_lectures.engine.seeding.private_draws`), so ``draws`` is
    not used.
    """
    trainer = cached_trainer(
        keras, model, first_batch(x, y, sample_weight, batch_size),
        tag="tf-lean", make_trainer=_TfTrainer,
    )
    if trainer is None:
        return model.fit(x, y, sample_weight=sample_weight, batch_size=batch_size,
                         epochs=epochs, verbose=0).history
    arrays = [_as_floatx(keras, a) for a in (x, y, sample_weight) if a is not None]
    orders = _TfEpochOrders(len(x), batch_size)
    if trainer.scans:
        orders = np.array([orders.next() for _ in range(epochs)],
                          dtype=np.int64).reshape(epochs, len(x))
    private_draws()  # nothing more to draw from the process's generators
    with trainer.lock:
        if trainer.scans:
            return _fit_in_one_call(trainer, model, arrays, orders, batch_size)
        return _fit_by_batches(trainer, model, arrays, orders, epochs, batch_size)


def _fit_in_one_call(trainer, model, arrays, orders, batch_size):
    if not len(orders):
        return {}
    variables = [v.value for v in _state_variables(model)]
    results = trainer.run(variables, tuple(arrays), orders.astype(np.int64), batch_size)
    return {name: [float(v) for v in results[:, j]] for j, name in enumerate(trainer.names)}


def _fit_by_batches(trainer, model, arrays, orders, epochs, batch_size):
    twin = trainer.model
    history = {}
    for ref, value in zip(_state_variables(twin), _state_variables(model)):
        ref.assign(value)
    for _ in range(epochs):
        twin.reset_metrics()
        order = orders.next()  # one order for x, y and the weights alike
        _tf_epoch(trainer, [a[order] for a in arrays], batch_size)
        for name, value in epoch_logs(twin).items():
            history.setdefault(name, []).append(value)
    for ref, value in zip(_state_variables(model), _state_variables(twin)):
        ref.assign(value)
    return history


def _tf_epoch(trainer, arrays, batch_size):
    n_full, partial = divmod(len(arrays[0]), batch_size)
    for start in range(n_full):
        trainer.step(tuple(a[start * batch_size:(start + 1) * batch_size] for a in arrays))
    if partial:
        trainer.step(tuple(a[n_full * batch_size:] for a in arrays))


def _as_floatx(keras, array):
    """Floats in Keras's float type, as ``fit``'s data adapter gives them."""
    floatx = keras.backend.floatx()
    if array.dtype.kind == "f" and array.dtype != np.dtype(floatx):
        return array.astype(floatx)
    return array


class _TfEpochOrders:
    """Each epoch's row order, drawn as ``fit`` on TensorFlow draws it.

    ``fit`` shuffles with ``tf.random.shuffle`` inside its ``tf.data``
    pipeline and opens a new iterator every epoch. Under a global seed every
    iterator draws the same permutation (it depends on the seed and the
    number of rows only), so it is drawn once, when the orders are made, and
    remembered; without one, every epoch draws anew. The pipeline is Keras's
    own, fed the row numbers.
    """

    def __init__(self, n, batch_size):
        self.n = n
        self.batch_size = batch_size
        self.dataset = None
        seed = internals.tensorflow_global_seed()
        self.fixed = None if seed is None else _SEEDED_ORDERS.get((seed, n), self._draw)

    def next(self):
        return self._draw() if self.fixed is None else self.fixed

    def _draw(self):
        if self.dataset is None:
            self.dataset = internals.shuffled_rows_dataset(self.n, self.batch_size)
        return np.concatenate([
            np.asarray(batch[0] if isinstance(batch, tuple) else batch)
            for batch in self.dataset
        ])


#: (global seed, rows) -> the permutation every seeded epoch draws
_SEEDED_ORDERS = TrainerCache(max_size=32)


def _trace(call):
    return tf.function(call, reduce_retracing=True)


def predict(keras, model, x, pad_to=None):
    """The outputs for ``x`` from the model's ``stateless_call`` under ``tf.function``."""
    return compiled_forward(keras, model, x, compile=_trace, pad_to=pad_to)


def release_compiled():
    """Free what TensorFlow keeps for functions no longer cached (kernel caches)."""
    internals.clear_tensorflow_kernel_cache()


registry.register("tensorflow", registry.BackendHooks(
    fit=fit, predict=predict, release_compiled=release_compiled,
))
