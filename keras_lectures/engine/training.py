"""Lean training loops that give the same result as ``keras.Model.fit``.

``keras.Model.fit`` pays, for every step, for a data adapter, callbacks and
log handling, and for every new model, for tracing and compiling its step.
For a small model most of a fit's time goes there, not into arithmetic. The
loops here run the model's own ``train_step`` (so loss, regularisation,
optimizer and metrics are Keras's) on the very batches ``fit`` would draw (the
same shuffling, from the same random generators, in the same order), and
write back the same final state: weights, optimizer variables, metric
variables and the per-epoch history.

- jax: Keras's stateless ``train_step`` scanned over chunks of full batches
  with ``jax.lax.scan`` (one call per chunk), plus one compiled step for the
  last, partial batch. Models with convolutions run one compiled step per
  batch instead: XLA on CPU runs a convolution inside a loop several times
  slower than on its own, and such a step is long enough that the per-call
  cost a scan saves does not matter. The compiled functions belong to a cached *trainer* of
  the same architecture (:mod:`~keras_lectures.estimators.trainer_cache`),
  so fits after the first one compile nothing.
- torch: Keras's ``train_step``, as :class:`~keras_lectures.estimators.torch_step.TorchStep`
  (the layers' ``call`` chained, and the loss, loss tracker and a plain Adam
  or SGD update run as the torch operations Keras's code ends in, where that
  computes the same), in a plain loop on pre-sliced tensors.
- tensorflow: ``train_step`` traced once per architecture on a cached twin
  (in a ``tf.while_loop`` over chunks of full batches; one call per batch
  for models with convolutions, as on jax), the fitting model's
  state copied in before and out after; each epoch's order comes from
  Keras's own shuffling pipeline, fed the row numbers.

A loop covers plain fits only: no callbacks, no validation data, no progress
output, no extra ``fit`` arguments, a model whose ``train_step`` is Keras's
own. :func:`lean_fit` returns None for anything else and the caller runs
``keras.Model.fit``.
"""

import threading
import warnings

import numpy as np

from keras_lectures.estimators.seeding import seeded
from keras_lectures.estimators.torch_step import TorchStep, threads_for
from keras_lectures.estimators.trainer_cache import (
    TRAINERS,
    TrainerCache,
    architecture_key,
    same_variables,
    without_tensorflow_probe,
)

__all__ = ["lean_fit", "lean_fit_supported"]

#: Full batches per compiled call on jax (and per tf.function call).
_STEPS_PER_CALL = 16


def lean_fit_supported(keras, model):
    """Whether :func:`lean_fit` can train ``model`` exactly as ``fit`` would.

    Parameters
    ----------
    keras : module
    model : keras.Model
        A compiled model.

    Returns
    -------
    supported : bool
    """
    backend = keras.backend.backend()
    if backend not in ("jax", "torch", "tensorflow"):
        return False
    if not model.compiled or model.optimizer is None:
        return False
    trainer_class = _backend_trainer_class(backend)
    for name in ("train_step", "compute_loss_and_updates", "fit"):
        own = getattr(type(model), name, None)
        if own is not None and own is not getattr(trainer_class, name, None) and not (
            name == "fit" and own is getattr(keras.Model, "fit", None)
        ):
            return False
    if model.run_eagerly or getattr(model, "steps_per_execution", 1) != 1:
        return False
    if backend == "jax" and not model.jit_compile:
        return False
    if backend == "torch" and model.jit_compile:
        return False
    if backend == "tensorflow" and architecture_key(keras, model, "tf-lean") is None:
        return False  # nothing to reuse: the ordinary fit is as fast
    from keras.src.distribution import distribution_lib

    if distribution_lib.distribution() is not None:
        return False
    return _single_tensor(model, "inputs") and _single_tensor(model, "outputs")


def _single_tensor(model, name):
    """Whether the model's ``inputs``/``outputs`` are one tensor (or unknown)."""
    try:
        tensors = getattr(model, name, None)
    except Exception:  # noqa: BLE001 - a model not built yet has none to count
        return True
    return tensors is None or len(tensors) == 1


def _backend_trainer_class(backend):
    if backend == "jax":
        from keras.src.backend.jax.trainer import JAXTrainer

        return JAXTrainer
    if backend == "tensorflow":
        from keras.src.backend.tensorflow.trainer import TensorFlowTrainer

        return TensorFlowTrainer
    from keras.src.backend.torch.trainer import TorchTrainer

    return TorchTrainer


def lean_fit(keras, model, x, y, sample_weight, *, epochs, batch_size):
    """Train ``model`` like ``model.fit(x, y, ...)`` with default settings.

    Equivalent to ``model.fit(x, y, sample_weight=sample_weight,
    batch_size=batch_size, epochs=epochs, verbose=0, shuffle=True)``: the same
    batches, steps and final state, up to floating-point rounding.

    Parameters
    ----------
    keras : module
    model : keras.Model
        Compiled; :func:`lean_fit_supported` must hold.
    x, y : ndarray
    sample_weight : ndarray or None
    epochs, batch_size : int

    Returns
    -------
    history : dict of list
        Per-epoch logs, as ``History.history``.
    """
    backend = keras.backend.backend()
    batch_size = int(batch_size)
    max_epochs = keras.config.max_epochs()
    if max_epochs and max_epochs < epochs:  # KERAS_MAX_EPOCHS, as fit() obeys it
        warnings.warn(f"Limiting epochs to {max_epochs}")
        epochs = max_epochs
    first = _first_batch(x, y, sample_weight, batch_size)
    # fit() builds the metrics, the loss and the optimizer from one batch
    # drawn from its shuffled iterator: that draw is part of the random
    # sequence, and the build is part of the model's final state.
    draws_for_build = _needs_symbolic_build(model)
    if draws_for_build and backend != "tensorflow":
        _draw_for_build(backend, len(x), batch_size)
    model._symbolic_build(data_batch=first)
    model.stop_training = False
    if backend == "jax":
        history = _jax_fit(keras, model, x, y, sample_weight, epochs, batch_size)
    elif backend == "tensorflow":
        history = _tf_fit(keras, model, x, y, sample_weight, epochs, batch_size)
    else:
        history = _torch_fit(keras, model, x, y, sample_weight, epochs, batch_size)
    if epochs > 0:
        model.optimizer.finalize_variable_values(model.trainable_weights)
    return history


def _first_batch(x, y, sample_weight, batch_size):
    rows = slice(0, min(batch_size, len(x)))
    if sample_weight is None:
        return (x[rows], y[rows])
    return (x[rows], y[rows], sample_weight[rows])


def _needs_symbolic_build(model):
    if not all(layer.built for layer in model._flatten_layers()):
        return True
    metrics = model._compile_metrics
    loss = model._compile_loss
    return (metrics is not None and not metrics.built) or (
        loss is not None and not loss.built
    )


def _draw_epoch_order(backend, n, batch_size):
    """Draw one epoch's batch order exactly as Keras's data iterator does.

    On torch, Keras's epoch iterator opens a new ``DataLoader`` iterator at
    the start of every epoch (drawing a base seed from torch's global
    generator; the sampler draws its own seed on the first batch), and one
    more after the epoch's last step: see :func:`_draw_at_epoch_end`.
    """
    if backend == "jax":
        return np.random.permutation(n)
    loader = _torch_index_loader(n, batch_size)
    iter(loader)  # the iterator's base seed
    # the batches are the sampler's order cut in pieces; fetching each batch
    # through the loader draws nothing more
    return np.fromiter(loader.batch_sampler.sampler, dtype=np.int64, count=n)


def _draw_at_epoch_end(n, batch_size):
    """torch: the iterator Keras opens, unused, after an epoch's last step.

    Its draw must come after the steps: unseeded dropout draws from the same
    global generator.
    """
    iter(_torch_index_loader(n, batch_size))


def _draw_for_build(backend, n, batch_size):
    """The draws of ``fit``'s symbolic build, which peeks at one batch."""
    if backend == "jax":
        np.random.permutation(n)
    else:
        next(iter(_torch_index_loader(n, batch_size)))


def _torch_index_loader(n, batch_size):
    import torch

    return torch.utils.data.DataLoader(
        range(n),
        batch_sampler=torch.utils.data.BatchSampler(
            torch.utils.data.RandomSampler(range(n)),
            batch_size=batch_size,
            drop_last=False,
        ),
        collate_fn=_no_collate,
    )


def _no_collate(batch):
    return batch


def _epoch_logs(model):
    logs = model.get_metrics_result()
    return {name: float(logs[name]) for name in sorted(logs)}


# ----------------------------------------------------------------------
# jax
class _JaxTrainer:
    """Compiled steps of one architecture; state always comes from outside.

    ``steps`` scans Keras's own ``train_step`` over a chunk of full batches
    and ``step`` runs one (partial) batch. For models whose training step
    treats rows independently (:func:`_rows_independent`), ``padded_steps``
    also runs the last, partial batch inside the scan: padded to the full
    batch size, with weights that give the padding no influence and scale
    the loss back to a mean over the real rows, so that one compiled function
    serves every number of rows.
    """

    def __init__(self, model):
        import jax

        from keras.src import backend

        self.model = model
        self.lock = threading.Lock()
        self.pads = _rows_independent(model)
        self.scans = not _has_convolutions(model)

        def step(state, data):
            return model.train_step(state, data)[1]

        def weighted_step(state, x, y, loss_weight, mask, metric_weight, rows):
            trainable, non_trainable, optimizer_vars, metric_vars = state
            grad_fn = jax.value_and_grad(model.compute_loss_and_updates, has_aux=True)
            (_, aux), grads = grad_fn(
                trainable, non_trainable, metric_vars, x, y, loss_weight,
                training=True, optimizer_variables=optimizer_vars,
            )
            loss, y_pred, non_trainable, metric_vars = aux
            trainable, optimizer_vars = model.optimizer.stateless_apply(
                optimizer_vars, grads, trainable
            )
            mapping = list(zip(model.metrics_variables, metric_vars))
            with backend.StatelessScope(state_mapping=mapping) as scope:
                # as Keras's train_step, with the real rows as the loss's weight
                model._loss_tracker.update_state(loss, sample_weight=rows)
                _update_compiled_metrics(model, y, y_pred, mask, metric_weight)
            metric_vars = [
                _current(scope, ref, value)
                for ref, value in zip(model.metrics_variables, metric_vars)
            ]
            return (trainable, non_trainable, optimizer_vars, metric_vars)

        def steps(state, xs, ys, sws, active):
            def body(carry, inputs):
                x, y, sw, on = inputs
                data = (x, y) if sw is None else (x, y, sw)
                carry = jax.lax.cond(on, lambda s: step(s, data), lambda s: s, carry)
                return carry, None

            return jax.lax.scan(body, state, (xs, ys, sws, active))[0]

        def padded_steps(state, xs, ys, loss_weights, masks, metric_weights, rows,
                         active):
            def body(carry, inputs):
                x, y, lw, mask, mw, n, on = inputs
                carry = jax.lax.cond(
                    on, lambda s: weighted_step(s, x, y, lw, mask, mw, n),
                    lambda s: s, carry,
                )
                return carry, None

            inputs = (xs, ys, loss_weights, masks, metric_weights, rows, active)
            return jax.lax.scan(body, state, inputs)[0]

        self.step = jax.jit(step)
        self.steps = jax.jit(steps)
        self.padded_steps = jax.jit(padded_steps)


def _update_compiled_metrics(model, y, y_pred, mask, weight):
    """``CompileMetrics.update_state`` with padded rows masked out.

    Unweighted metrics see the 0/1 mask as their weight (a weighted mean over
    the real rows is their plain mean); weighted metrics see the sample
    weights, which are 0 on padded rows.
    """
    compiled = model._compile_metrics
    if compiled is None:
        return
    y_true = compiled._flatten_y(y)
    y_pred = compiled._flatten_y(y_pred)
    for metric, y_t, y_p in zip(compiled._flat_metrics, y_true, y_pred):
        if metric:
            metric.update_state(y_t, y_p, sample_weight=mask)
    for metric, y_t, y_p in zip(compiled._flat_weighted_metrics, y_true, y_pred):
        if metric:
            metric.update_state(y_t, y_p, sample_weight=weight)


def _current(scope, ref, value):
    new = scope.get_current_value(ref)
    return value if new is None else new


#: Layers whose training forward pass treats every row on its own, without
#: drawing random numbers: a padded row cannot change the real rows' results.
_ROW_WISE_LAYERS = {
    "InputLayer", "Dense", "EinsumDense", "Activation", "Flatten", "Reshape",
    "Permute", "RepeatVector", "Conv1D", "Conv2D", "Conv3D", "SeparableConv1D",
    "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D", "Conv1DTranspose",
    "Conv2DTranspose", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
    "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D",
    "GlobalMaxPooling2D", "LayerNormalization", "Embedding", "ReLU", "Softmax",
    "LeakyReLU", "ELU", "PReLU", "Rescaling", "ZeroPadding1D", "ZeroPadding2D",
    "Cropping1D", "Cropping2D", "UpSampling1D", "UpSampling2D", "Add",
    "Concatenate", "Multiply", "Sequential", "Functional",
}

#: Loss reductions under which weighting real rows by batch/rows and padded
#: rows by 0 gives the mean over the real rows.
_MEAN_REDUCTIONS = ("sum_over_batch_size", "mean", "mean_with_sample_weight")


def _rows_independent(model):
    """Whether padding the last batch leaves every real row's step unchanged."""
    for layer in model._flatten_layers(include_self=True):
        if type(layer).__name__ not in _ROW_WISE_LAYERS:
            return False
        if not type(layer).__module__.startswith("keras."):
            return False
        if getattr(layer, "_seed_generators", None):
            return False
        if getattr(layer, "activity_regularizer", None) is not None:
            return False
    from keras.src.trainers.trainer import Trainer

    if type(model).compute_metrics is not Trainer.compute_metrics:
        return False
    compiled = model._compile_metrics
    if compiled is not None:
        if not (hasattr(compiled, "_flat_metrics")
                and hasattr(compiled, "_flat_weighted_metrics")):
            return False
        for metric in [*compiled._flat_metrics, *compiled._flat_weighted_metrics]:
            if metric and not type(metric).__module__.startswith("keras."):
                return False
    loss = model.loss
    if isinstance(loss, str):
        return True
    reduction = getattr(loss, "reduction", "sum_over_batch_size")
    if not callable(loss) or reduction not in _MEAN_REDUCTIONS:
        return False
    return type(loss).__module__.startswith("keras.") or getattr(
        loss, "__module__", ""
    ).startswith("keras.")


def _compiled_twin(model, backend, data_batch):
    """A private model of ``model``'s architecture, compiled and built alike."""
    with seeded(0, backend):  # its weights are never used; keep RNGs untouched
        with without_tensorflow_probe():
            twin = type(model).from_config(model.get_config())
            twin.compile_from_config(model.get_compile_config())
        twin._symbolic_build(data_batch=data_batch)
    return twin


def _same_structure(a, b):
    return same_variables([
        (a.trainable_variables, b.trainable_variables),
        (a.non_trainable_variables, b.non_trainable_variables),
        (a.optimizer.variables, b.optimizer.variables),
        (a.metrics_variables, b.metrics_variables),
    ])


def _jax_trainer_for(keras, model, data_batch):
    key = architecture_key(keras, model, "jax-lean")
    if key is None:
        return _JaxTrainer(model)
    try:
        trainer = TRAINERS.get(
            key, lambda: _JaxTrainer(_compiled_twin(model, "jax", data_batch))
        )
    except Exception:  # noqa: BLE001 - a model its config cannot rebuild
        return _JaxTrainer(model)
    if not _same_structure(trainer.model, model):
        return _JaxTrainer(model)
    return trainer


def _jax_fit(keras, model, x, y, sample_weight, epochs, batch_size):
    import jax

    trainer = _jax_trainer_for(keras, model, _first_batch(x, y, sample_weight, batch_size))
    n = len(x)
    state = (
        [v.value for v in model.trainable_variables],
        [v.value for v in model.non_trainable_variables],
        [v.value for v in model.optimizer.variables],
        [v.value for v in model.metrics_variables],
    )
    model.reset_metrics()
    zero_metrics = [v.value for v in model.metrics_variables]
    history = {}
    k = _STEPS_PER_CALL
    with trainer.lock:
        for _ in range(epochs):
            state = (*state[:3], zero_metrics)
            order = np.random.permutation(n)
            if not trainer.scans:
                state = _stepwise_epoch(trainer, state, x, y, sample_weight, order,
                                        batch_size)
            elif trainer.pads:
                state = _padded_epoch(trainer, state, x, y, sample_weight, order,
                                      batch_size, k)
            else:
                state = _exact_epoch(trainer, state, x, y, sample_weight, order,
                                     batch_size, k)
            for ref, value in zip(model.metrics_variables, state[3]):
                ref.assign(value)
            for name, value in _epoch_logs(model).items():
                history.setdefault(name, []).append(value)
    state = jax.block_until_ready(state)
    for refs, values in zip(
        (model.trainable_variables, model.non_trainable_variables,
         model.optimizer.variables),
        state[:3],
    ):
        for ref, value in zip(refs, values):
            ref.assign(value)
    return history


def _has_convolutions(model):
    return any(
        "Conv" in type(layer).__name__ for layer in model._flatten_layers(include_self=False)
    )


def _stepwise_epoch(trainer, state, x, y, sample_weight, order, batch_size):
    """One epoch, one compiled step per batch."""
    for start in range(0, len(x), batch_size):
        rows = order[start:start + batch_size]
        data = (x[rows], y[rows]) if sample_weight is None else (
            x[rows], y[rows], sample_weight[rows])
        state = trainer.step(state, data)
    return state


def _exact_epoch(trainer, state, x, y, sample_weight, order, batch_size, k):
    """One epoch: scans of full batches, then the partial batch at its size."""
    n_full, partial = divmod(len(x), batch_size)
    xs, ys = x[order], y[order]
    ws = None if sample_weight is None else sample_weight[order]
    for start in range(0, n_full, k):
        stop = min(start + k, n_full)
        state = trainer.steps(
            state,
            _chunk(xs, start, stop, k, batch_size),
            _chunk(ys, start, stop, k, batch_size),
            None if ws is None else _chunk(ws, start, stop, k, batch_size),
            np.arange(k) < stop - start,
        )
    if partial:
        rows = slice(n_full * batch_size, len(x))
        data = (xs[rows], ys[rows]) if ws is None else (xs[rows], ys[rows], ws[rows])
        state = trainer.step(state, data)
    return state


def _padded_epoch(trainer, state, x, y, sample_weight, order, batch_size, k):
    """One epoch in scans of k batches, the partial batch padded and weighted."""
    n = len(x)
    n_batches = -(-n // batch_size)
    total = -(-n_batches // k) * k
    # pad the order itself, with real rows (finite values), to total batches
    padded = np.resize(order, total * batch_size)
    real = np.zeros(total * batch_size, dtype=bool)
    real[:n] = True
    rows = np.minimum(np.maximum(n - np.arange(total) * batch_size, 0), batch_size)
    metric_weight = real.astype(np.float32)
    if sample_weight is not None:
        metric_weight[:n] = sample_weight[order]
    scale = np.repeat(batch_size / np.maximum(rows, 1), batch_size).astype(np.float32)
    loss_weight = metric_weight * scale
    shape = (total // k, k, batch_size)
    xs = x[padded].reshape(*shape, *x.shape[1:])
    ys = y[padded].reshape(*shape, *y.shape[1:])
    loss_weight = loss_weight.reshape(shape)
    mask = real.astype(np.float32).reshape(shape)
    metric_weight = metric_weight.reshape(shape)
    counts = rows.astype(np.float32).reshape(total // k, k)
    active = (rows > 0).reshape(total // k, k)
    for i in range(total // k):
        state = trainer.padded_steps(
            state, xs[i], ys[i], loss_weight[i], mask[i], metric_weight[i], counts[i],
            active[i],
        )
    return state


def _chunk(array, start, stop, k, batch_size):
    """Batches ``start:stop`` of ``array`` as (k, batch_size, ...), zero-padded."""
    body = array[start * batch_size:stop * batch_size]
    out = np.zeros((k * batch_size, *array.shape[1:]), dtype=array.dtype)
    out[:len(body)] = body
    return out.reshape(k, batch_size, *array.shape[1:])


# ----------------------------------------------------------------------
# torch
def _torch_fit(keras, model, x, y, sample_weight, epochs, batch_size):
    import torch

    from keras.src.backend.torch.core import convert_to_tensor

    step = TorchStep(keras, model)
    n = len(x)
    history = {}
    model.train()
    try:
        with threads_for(model, batch_size):
            for _ in range(epochs):
                model.reset_metrics()
                order = _draw_epoch_order("torch", n, batch_size)
                xs = convert_to_tensor(x[order])
                ys = convert_to_tensor(y[order])
                ws = None if sample_weight is None else convert_to_tensor(sample_weight[order])
                for start in range(0, n, batch_size):
                    rows = slice(start, start + batch_size)
                    step(xs[rows], ys[rows], None if ws is None else ws[rows])
                step.end_epoch()
                _draw_at_epoch_end(n, batch_size)
                with torch.no_grad():
                    for name, value in _epoch_logs(model).items():
                        history.setdefault(name, []).append(value)
    finally:
        model.eval()
    return history


# ----------------------------------------------------------------------
# tensorflow
class _TfTrainer:
    """Traced steps of a private twin; state is copied in and out per fit.

    ``steps`` runs the twin's own ``train_step`` over a chunk of full
    batches inside one ``tf.function`` call (a ``tf.while_loop``), ``step``
    one batch: the step Keras's ``fit`` runs, traced once per architecture.
    """

    def __init__(self, model):
        import tensorflow as tf

        self.model = model
        self.lock = threading.Lock()
        self.scans = not _has_convolutions(model)

        # as Keras's train function: only the step itself may be XLA-compiled
        @tf.function(jit_compile=bool(model.jit_compile), reduce_retracing=True)
        def step(data):
            model.train_step(data)

        @tf.function(reduce_retracing=True)
        def steps(data, count):
            for i in tf.range(count):
                step(tf.nest.map_structure(lambda t: t[i], data))

        self.step = step
        self.steps = steps


def _state_variables(model):
    return [
        *model.trainable_variables,
        *model.non_trainable_variables,
        *model.optimizer.variables,
        *model.metrics_variables,
    ]


def _tf_trainer_for(keras, model, data_batch):
    key = architecture_key(keras, model, "tf-lean")
    try:
        trainer = TRAINERS.get(
            key, lambda: _TfTrainer(_compiled_twin(model, "tensorflow", data_batch))
        )
    except Exception:  # noqa: BLE001 - a model its config cannot rebuild
        return None
    return trainer if _same_structure(trainer.model, model) else None


def _tf_fit(keras, model, x, y, sample_weight, epochs, batch_size):
    trainer = _tf_trainer_for(keras, model, _first_batch(x, y, sample_weight, batch_size))
    if trainer is None:
        return model.fit(x, y, sample_weight=sample_weight, batch_size=batch_size,
                         epochs=epochs, verbose=0).history
    arrays = [_as_floatx(keras, a) for a in (x, y, sample_weight) if a is not None]
    orders = _TfEpochOrders(len(x), batch_size)
    twin = trainer.model
    history = {}
    with trainer.lock:
        for ref, value in zip(_state_variables(twin), _state_variables(model)):
            ref.assign(value)
        for _ in range(epochs):
            twin.reset_metrics()
            _tf_epoch(trainer, [a[orders.next()] for a in arrays], batch_size)
            for name, value in _epoch_logs(twin).items():
                history.setdefault(name, []).append(value)
        for ref, value in zip(_state_variables(model), _state_variables(twin)):
            ref.assign(value)
    return history


def _tf_epoch(trainer, arrays, batch_size):
    n_full, partial = divmod(len(arrays[0]), batch_size)
    k = _STEPS_PER_CALL if trainer.scans else 1
    for start in range(0, n_full, k):
        stop = min(start + k, n_full)
        if k == 1:
            trainer.step(tuple(a[start * batch_size:stop * batch_size] for a in arrays))
        else:
            trainer.steps(
                tuple(_chunk(a, start, stop, k, batch_size) for a in arrays),
                np.int32(stop - start),  # a tensor argument: no retracing per count
            )
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
    number of rows only), so it is drawn once and remembered; without one,
    every epoch draws anew. The pipeline is Keras's own, fed the row numbers.
    """

    def __init__(self, n, batch_size):
        from tensorflow.python.eager import context

        self.n = n
        self.batch_size = batch_size
        seed = context.global_seed()
        self.key = None if seed is None else (seed, n)
        self.dataset = None

    def next(self):
        # TrainerCache.get draws anew, storing nothing, when the key is None
        return _SEEDED_ORDERS.get(self.key, self._draw)

    def _draw(self):
        if self.dataset is None:
            from keras.src.trainers.data_adapters.array_data_adapter import (
                ArrayDataAdapter,
            )

            self.dataset = ArrayDataAdapter(
                np.arange(self.n), batch_size=self.batch_size, shuffle=True
            ).get_tf_dataset()
        return np.concatenate([
            np.asarray(batch[0] if isinstance(batch, tuple) else batch)
            for batch in self.dataset
        ])


#: (global seed, rows) -> the permutation every seeded epoch draws
_SEEDED_ORDERS = TrainerCache(max_size=32)
