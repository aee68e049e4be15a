"""Lean training loops that give the result of ``keras.Model.fit``.

The result is equal up to float32 rounding: the fast-vs-fresh tests allow a
relative difference of 1e-5 (jax and tensorflow compile a scan or a loop of
the same steps, which may round differently); on torch the steps are the
same operations, and the tests of its parts find the weights and optimizer
state equal bit for bit, and the metrics (added up over an epoch at once
instead of batch by batch) equal to float32 rounding, 1e-6.

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
  the same architecture (:mod:`~keras_lectures.engine.cache`),
  so fits after the first one compile nothing (:mod:`~keras_lectures.engine._jax`).
- torch: Keras's ``train_step``, as :class:`~keras_lectures.engine._torch_step.TorchStep`
  (the layers' ``call`` chained, and the loss, loss tracker and a plain Adam
  or SGD update run as the torch operations Keras's code ends in, where that
  computes the same), in a plain loop on pre-sliced tensors.
- tensorflow: ``train_step`` traced once per architecture on a cached twin;
  a whole fit is one ``tf.function`` call (the fitting model's state copied
  in, every epoch's batches in a ``tf.while_loop``, the state copied back
  out; one call per batch for models with convolutions, as on jax); each
  epoch's order comes from Keras's own shuffling pipeline, fed the row numbers
  (:mod:`~keras_lectures.engine._tensorflow`).

A loop covers plain fits only: no callbacks, no validation data, no progress
output, no extra ``fit`` arguments, a model whose ``train_step`` is Keras's
own, on a tested Keras version (:mod:`~keras_lectures.engine._keras_internals`).
For anything else :func:`can_train` is False and the caller runs
``keras.Model.fit``.
"""

import warnings

from keras_lectures.engine import _keras_internals as internals
from keras_lectures.engine import registry
from keras_lectures.engine.cache import architecture_key
from keras_lectures.engine.seeding import private_draws
from keras_lectures.engine.twins import first_batch

__all__ = ["can_train", "train"]


def can_train(keras, model):
    """Whether :func:`train` can train ``model`` as ``fit`` would.

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
    if backend not in registry.BACKENDS or not model.compiled or model.optimizer is None:
        return False
    if not internals.tested(model):
        return False
    trainer_class = internals.trainer_class(backend)
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
    if internals.distributed():
        return False
    return _single_tensor(model, "inputs") and _single_tensor(model, "outputs")


def _single_tensor(model, name):
    """Whether the model's ``inputs``/``outputs`` are one tensor (or unknown)."""
    try:
        tensors = getattr(model, name, None)
    except Exception:  # noqa: BLE001 - a model not built yet has none to count
        return True
    return tensors is None or len(tensors) == 1


def train(keras, model, x, y, sample_weight, *, epochs, batch_size):
    """Train ``model`` like ``model.fit(x, y, ...)`` with default settings.

    Equivalent to ``model.fit(x, y, sample_weight=sample_weight,
    batch_size=batch_size, epochs=epochs, verbose=0, shuffle=True)``: the same
    batches, steps and final state, up to float32 rounding (see the module
    notes).

    Parameters
    ----------
    keras : module
    model : keras.Model
        Compiled; :func:`can_train` must hold.
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
    first = first_batch(x, y, sample_weight, batch_size)
    # fit() builds the metrics, the loss and the optimizer from one batch
    # drawn from its shuffled iterator: that draw is part of the random
    # sequence, and the build is part of the model's final state.
    draws_for_build = _needs_symbolic_build(model)
    draws = None
    if backend != "tensorflow":
        # TensorFlow's loop draws its orders first (engine._tensorflow)
        draws = private_draws(release=not _steps_draw_globally(backend, model))
        if draws_for_build:
            _draw_for_build(backend, draws, len(x))
    internals.symbolic_build(model, first)
    model.stop_training = False
    history = registry.hooks(backend).fit(
        keras, model, x, y, sample_weight, epochs, batch_size, draws
    )
    if epochs > 0:
        model.optimizer.finalize_variable_values(model.trainable_weights)
    return history


def _needs_symbolic_build(model):
    if not all(layer.built for layer in internals.flatten_layers(model)):
        return True
    metrics = internals.compiled_metrics(model)
    loss = internals.compiled_loss(model)
    return (metrics is not None and not metrics.built) or (
        loss is not None and not loss.built
    )


def _steps_draw_globally(backend, model):
    """Whether the training steps draw from a process-wide generator.

    Keras's torch dropout without a seed of its own draws from torch's
    default generator; the seeded layers of the other backends carry their
    generator's state in the model.
    """
    return backend == "torch" and any(
        internals.layer_draws_random_numbers(layer)
        for layer in internals.flatten_layers(model)
    )


def _draw_for_build(backend, draws, n):
    """The draws of ``fit``'s symbolic build, which peeks at one batch."""
    if backend == "jax":
        draws.permutation(n)
    else:
        draws.torch_loader_opened()
        draws.torch_sampler_order(n)
