"""Which models may train on a padded last batch: a small allowlist of layers.

The jax loop runs a fit's last, partial batch inside its scan, padded to the
full batch size with real rows that weigh nothing
(:mod:`~keras_lectures.engine._jax`). That is exact only when no real row's
result depends on another row of the batch in training mode. Each layer
decides it from its class (one of :data:`PADDABLE_LAYERS`, Keras's own) and
its config (never a batch axis, no quantisation, no activity regulariser, no
random draws, only Keras's own functions). Anything else (batch
normalisation, dropout, a quantised ``Dense``, whose float8 scaling takes a
maximum over the whole batch, a user's layer) trains its last batch at its
own size, as Keras does. ``tests/test_padding.py`` compares padded and
unpadded results for every layer of the list.
"""

from keras_lectures.engine import _keras_internals as internals
from keras_lectures.engine.cache import is_keras_module, keras_activations, only_keras_objects

__all__ = ["PADDABLE_LAYERS", "layer_is_paddable", "rows_independent"]


def _always(config):
    return True


def _batch_axis_untouched(config):
    """The layer's ``axis`` (one or several) never names the batch axis."""
    axis = config.get("axis", -1)
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    return all(isinstance(a, int) and a != 0 for a in axes)


def _shared_axes_untouched(config):
    shared = config.get("shared_axes") or []
    return 0 not in list(shared)


#: Keras layer classes whose training forward pass treats each row on its
#: own, given a config that passes the check beside it.
PADDABLE_LAYERS = {
    "InputLayer": _always,
    "Sequential": _always,  # containers: their layers are checked one by one
    "Functional": _always,
    "Dense": _always,
    "Activation": _always,
    "ReLU": _always,
    "LeakyReLU": _always,
    "ELU": _always,
    "PReLU": _shared_axes_untouched,
    "Softmax": _batch_axis_untouched,
    "Rescaling": _always,
    "Flatten": _always,
    "Reshape": _always,
    "Permute": _always,
    "RepeatVector": _always,
    "Embedding": _always,
    "LayerNormalization": _batch_axis_untouched,
    "Add": _always,
    "Subtract": _always,
    "Multiply": _always,
    "Average": _always,
    "Maximum": _always,
    "Minimum": _always,
    "Concatenate": _batch_axis_untouched,
}


def _plain_dtype(config):
    """Not quantised: a plain dtype policy and no quantisation config."""
    if config.get("quantization_config") is not None:
        return False
    dtype = config.get("dtype")
    return dtype is None or isinstance(dtype, str) or (
        isinstance(dtype, dict) and dtype.get("class_name") == "DTypePolicy"
    )


def layer_is_paddable(layer):
    """Whether ``layer`` treats each row on its own in training (see the module notes).

    Parameters
    ----------
    layer : keras.layers.Layer

    Returns
    -------
    paddable : bool
    """
    klass = type(layer)
    check = PADDABLE_LAYERS.get(klass.__name__)
    if check is None or not is_keras_module(klass.__module__):
        return False
    if internals.layer_draws_random_numbers(layer):
        return False
    if getattr(layer, "activity_regularizer", None) is not None:
        return False
    if getattr(layer, "quantization_mode", None) is not None:
        return False
    if not keras_activations(layer):
        return False
    if klass.__name__ in ("Sequential", "Functional"):
        return True  # their config lists their layers, which are checked themselves
    try:
        # Keras's serialiser would import TensorFlow (if installed) to look for its shapes
        with internals.without_tensorflow_probe():
            config = layer.get_config()
    except Exception:  # noqa: BLE001 - a config it cannot give: not proven
        return False
    return _plain_dtype(config) and only_keras_objects(config) and check(config)


def rows_independent(model):
    """Whether every layer of ``model`` is paddable (:func:`layer_is_paddable`).

    Parameters
    ----------
    model : keras.Model

    Returns
    -------
    independent : bool
    """
    return all(layer_is_paddable(layer) for layer in internals.flatten_layers(model))
