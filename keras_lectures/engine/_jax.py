"""The jax lean loop and compiled forward pass.

Keras's stateless ``train_step`` scanned over chunks of full batches with
``jax.lax.scan`` (one call per chunk), plus one compiled step for the last,
partial batch, or (for models whose rows are independent) the partial batch
padded inside the scan. Models with convolutions run one compiled step per
batch instead: XLA on CPU runs a convolution inside a loop several times
slower than on its own, and such a step is long enough that the per-call
cost a scan saves does not matter. The compiled functions belong to a
cached trainer of the architecture (:mod:`~keras_lectures.engine.cache`).
"""

import threading

import jax
import numpy as np

from keras_lectures.engine import _keras_internals as internals
from keras_lectures.engine import registry
from keras_lectures.engine.cache import is_keras_module
from keras_lectures.engine.inference import compiled_forward
from keras_lectures.engine.padding import rows_independent
from keras_lectures.engine.twins import (
    STEPS_PER_CALL,
    cached_trainer,
    chunk,
    epoch_logs,
    first_batch,
    has_convolutions,
)

__all__ = ["fit", "predict", "release_compiled"]


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
        self.model = model
        self.lock = threading.Lock()
        self.pads = _rows_independent(model)
        self.scans = not has_convolutions(model)

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
            with internals.stateless_scope(mapping) as scope:
                # as Keras's train_step, with the real rows as the loss's weight
                internals.loss_tracker(model).update_state(loss, sample_weight=rows)
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
    if internals.compiled_metrics(model) is None:
        return
    metrics, weighted_metrics, flatten = internals.flat_metrics(model)
    y_true = flatten(y)
    y_pred = flatten(y_pred)
    for metric, y_t, y_p in zip(metrics, y_true, y_pred):
        if metric:
            metric.update_state(y_t, y_p, sample_weight=mask)
    for metric, y_t, y_p in zip(weighted_metrics, y_true, y_pred):
        if metric:
            metric.update_state(y_t, y_p, sample_weight=weight)


def _current(scope, ref, value):
    new = scope.get_current_value(ref)
    return value if new is None else new


#: Loss reductions under which weighting real rows by batch/rows and padded
#: rows by 0 gives the mean over the real rows.
_MEAN_REDUCTIONS = ("sum_over_batch_size", "mean", "mean_with_sample_weight")


def _rows_independent(model):
    """Whether padding the last batch leaves every real row's step unchanged:
    every layer on the allowlist (:mod:`~keras_lectures.engine.padding`), and
    Keras's own metrics and a mean loss."""
    if not rows_independent(model):
        return False
    if not internals.own_metrics_computation(model):
        return False
    if internals.compiled_metrics(model) is not None:
        flat = internals.flat_metrics(model)
        if flat is None:
            return False
        for metric in [*flat[0], *flat[1]]:
            if metric and not is_keras_module(type(metric).__module__):
                return False
    loss = model.loss
    if isinstance(loss, str):
        return True
    reduction = getattr(loss, "reduction", "sum_over_batch_size")
    if not callable(loss) or reduction not in _MEAN_REDUCTIONS:
        return False
    return is_keras_module(type(loss).__module__) or is_keras_module(
        getattr(loss, "__module__", "")
    )


def fit(keras, model, x, y, sample_weight, epochs, batch_size, draws):
    """Train ``model`` as ``fit`` on jax would (see :mod:`~keras_lectures.engine.training`).

    ``draws`` (:class:`~keras_lectures.engine.seeding.Draws`) gives each
    epoch's order, as ``fit``'s ``np.random.permutation``.
    """
    trainer = cached_trainer(
        keras, model, first_batch(x, y, sample_weight, batch_size),
        tag="jax-lean", make_trainer=_JaxTrainer,
    ) or _JaxTrainer(model)
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
    k = STEPS_PER_CALL
    with trainer.lock:
        for _ in range(epochs):
            state = (*state[:3], zero_metrics)
            order = draws.permutation(n)
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
            for name, value in epoch_logs(model).items():
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
            chunk(xs, start, stop, k, batch_size),
            chunk(ys, start, stop, k, batch_size),
            None if ws is None else chunk(ws, start, stop, k, batch_size),
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


def predict(keras, model, x, pad_to=None):
    """The outputs for ``x`` from the model's ``stateless_call`` under ``jax.jit``."""
    return compiled_forward(keras, model, x, compile=jax.jit, pad_to=pad_to)


def release_compiled():
    """Free what jax compiled for trainers no longer cached.

    jax keeps its compiled executables in process-wide caches that outlive
    the functions they were compiled for; clearing them frees every
    executable. Live trainers compile theirs again on their next call.
    """
    jax.clear_caches()


registry.register("jax", registry.BackendHooks(
    fit=fit, predict=predict, release_compiled=release_compiled,
))
