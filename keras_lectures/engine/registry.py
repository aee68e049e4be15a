"""Which module serves which Keras backend: the engine's backend registry.

Each backend module (``_jax``, ``_tensorflow``, ``_torch``) registers its
hooks here when it is imported: how it trains a model, how it predicts, and
how it frees compiled code. The shared modules (training, inference, the
trainer cache) look the hooks up by the backend's name and never import a
backend module themselves, so no import runs back from a shared module to a
backend one.
"""

import importlib
import threading

__all__ = ["BACKENDS", "BackendHooks", "hooks", "loaded", "register"]

#: The Keras backends the engine has a module for.
BACKENDS = ("jax", "tensorflow", "torch")


class BackendHooks:
    """What the engine needs from one backend module.

    Parameters
    ----------
    fit : callable
        ``fit(keras, model, x, y, sample_weight, epochs, batch_size, draws)``
        trains ``model`` as ``keras.Model.fit`` would and returns its history.
    predict : callable
        ``predict(keras, model, x, pad_to)`` returns the outputs for ``x`` as
        NumPy, or None when the backend's route does not cover the model.
    release_compiled : callable or None, default=None
        Frees the compiled code of trainers no longer cached.
    """

    def __init__(self, fit, predict, release_compiled=None):
        self.fit = fit
        self.predict = predict
        self.release_compiled = release_compiled


_hooks = {}
_lock = threading.Lock()


def register(name, backend_hooks):
    """Register the hooks of the backend ``name`` (called by its module)."""
    with _lock:
        _hooks[name] = backend_hooks


def hooks(name):
    """The hooks of the backend ``name``, importing its module on first use.

    Parameters
    ----------
    name : str
        One of :data:`BACKENDS`.

    Returns
    -------
    hooks : BackendHooks
    """
    if name not in BACKENDS:
        raise ValueError(f"The engine has no module for the Keras backend {name!r}; "
                         f"it has one for {', '.join(BACKENDS)}.")
    found = _hooks.get(name)
    if found is None:
        importlib.import_module(f"keras_lectures.engine._{name}")
        found = _hooks[name]
    return found


def loaded():
    """The names of the backends registered so far (each imported its module)."""
    with _lock:
        return list(_hooks)
