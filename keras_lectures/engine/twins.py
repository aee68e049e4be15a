"""What the backends' lean loops share: compiled twins, batches, logs.

A *twin* is a private model of a fitting model's architecture, compiled and
built alike, whose traced or compiled functions serve every later model of
that architecture (:mod:`~keras_lectures.engine.cache`); its own weights are
never used.
"""

import numpy as np

from keras_lectures.engine import _keras_internals as internals
from keras_lectures.engine.cache import TRAINERS, architecture_key, same_variables
from keras_lectures.engine.seeding import seeded

__all__ = [
    "STEPS_PER_CALL",
    "cached_trainer",
    "chunk",
    "compiled_twin",
    "epoch_logs",
    "first_batch",
    "has_convolutions",
    "same_structure",
]

#: Full batches per compiled call on jax.
STEPS_PER_CALL = 16


def compiled_twin(model, backend, data_batch):
    """A private model of ``model``'s architecture, compiled and built alike."""
    with seeded(0, backend):  # its weights are never used; keep RNGs untouched
        with internals.without_tensorflow_probe():
            twin = type(model).from_config(model.get_config())
            twin.compile_from_config(model.get_compile_config())
        internals.symbolic_build(twin, data_batch)
    return twin


def cached_trainer(keras, model, data_batch, *, tag, make_trainer):
    """The cached trainer of ``model``'s architecture, made on first use, or None.

    Parameters
    ----------
    keras : module
    model : keras.Model
        The compiled model to train.
    data_batch : tuple
        The first batch, to build the twin as ``fit`` builds the model.
    tag : str
        The backend's part of the cache key.
    make_trainer : callable
        ``make_trainer(twin)``: the backend's trainer around a compiled twin.

    Returns
    -------
    trainer : object or None
        None when the model cannot share compiled code: no architecture key,
        a config that does not rebuild it, or a cached twin whose variables
        differ from the model's.
    """
    key = architecture_key(keras, model, tag)
    if key is None:
        return None
    backend = keras.backend.backend()
    try:
        trainer = TRAINERS.get(
            key, lambda: make_trainer(compiled_twin(model, backend, data_batch))
        )
    except Exception:  # noqa: BLE001 - a model its config cannot rebuild
        return None
    return trainer if same_structure(trainer.model, model) else None


def same_structure(a, b):
    """Whether two compiled models hold variables of the same shapes and dtypes."""
    return same_variables([
        (a.trainable_variables, b.trainable_variables),
        (a.non_trainable_variables, b.non_trainable_variables),
        (a.optimizer.variables, b.optimizer.variables),
        (a.metrics_variables, b.metrics_variables),
    ])


def first_batch(x, y, sample_weight, batch_size):
    """The first batch of the data, as ``fit``'s symbolic build sees it."""
    rows = slice(0, min(batch_size, len(x)))
    if sample_weight is None:
        return (x[rows], y[rows])
    return (x[rows], y[rows], sample_weight[rows])


def epoch_logs(model):
    """The model's metric results, as ``fit`` logs them after an epoch."""
    logs = model.get_metrics_result()
    return {name: float(logs[name]) for name in sorted(logs)}


def has_convolutions(model):
    """Whether the model holds a convolution (stepped, not scanned; see training)."""
    return any(
        "Conv" in type(layer).__name__
        for layer in internals.flatten_layers(model, include_self=False)
    )


def chunk(array, start, stop, k, batch_size):
    """Batches ``start:stop`` of ``array`` as (k, batch_size, ...), zero-padded."""
    body = array[start * batch_size:stop * batch_size]
    out = np.zeros((k * batch_size, *array.shape[1:]), dtype=array.dtype)
    out[:len(body)] = body
    return out.reshape(k, batch_size, *array.shape[1:])
