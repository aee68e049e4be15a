"""Choose the Keras backend before Keras is imported.

Keras fixes its backend the first time ``keras`` is imported, from the
``KERAS_BACKEND`` environment variable or ``$KERAS_HOME/keras.json``, and falls
back to TensorFlow. This module is the only place in the package that decides
the backend: it honours both settings, and when neither names one it picks an
installed backend (jax, then tensorflow, then torch) instead of failing on a
missing TensorFlow. Everything else imports Keras through :func:`import_keras`.
"""

import importlib
import importlib.util
import json
import os
import sys

__all__ = ["BACKENDS", "available", "current", "use", "import_keras"]

#: Backends that can train models, in order of preference.
BACKENDS = ("jax", "tensorflow", "torch")

_INSTALL_HINT = {
    "jax": 'pip install "keras-lectures[jax]"',
    "tensorflow": 'pip install "keras-lectures[tensorflow]"',
    "torch": 'pip install "keras-lectures[torch]"',
}


def available():
    """List the Keras backends installed in this environment.

    Returns
    -------
    names : list of str
        Installed backends among ``BACKENDS``, in order of preference.
    """
    return [name for name in BACKENDS if importlib.util.find_spec(name) is not None]


def _keras_json_backend():
    home = os.environ.get("KERAS_HOME") or os.path.join(
        os.path.expanduser("~"), ".keras"
    )
    path = os.path.join(home, "keras.json")
    try:
        with open(path) as handle:
            return json.load(handle).get("backend")
    except (OSError, ValueError, AttributeError):
        return None


def _configured():
    """The backend named by ``KERAS_BACKEND`` or ``keras.json``, if any."""
    return os.environ.get("KERAS_BACKEND") or _keras_json_backend()


def current():
    """Name the backend that Keras uses (or will use when imported).

    Returns
    -------
    name : str
        ``"jax"``, ``"tensorflow"`` or ``"torch"``.

    Raises
    ------
    RuntimeError
        If no backend is configured and none is installed.
    """
    if "keras" in sys.modules:
        return sys.modules["keras"].backend.backend()
    configured = _configured()
    if configured:
        return configured
    installed = available()
    if not installed:
        hints = "; ".join(_INSTALL_HINT.values())
        raise RuntimeError(f"No Keras backend is installed. Install one: {hints}.")
    return installed[0]


def _check_name(name):
    if name not in BACKENDS:
        raise ValueError(
            f"Unknown Keras backend {name!r}; choose one of {', '.join(BACKENDS)}."
        )
    if importlib.util.find_spec(name) is None:
        raise ImportError(
            f"The Keras backend {name!r} is not installed. "
            f"Install it with: {_INSTALL_HINT[name]}."
        )


def use(name):
    """Select the Keras backend for this process.

    Must be called before Keras is imported; calling it again with the backend
    already in use is harmless.

    Parameters
    ----------
    name : {"jax", "tensorflow", "torch"}
        The backend to use.

    Raises
    ------
    ValueError
        If ``name`` is not a known backend.
    ImportError
        If the backend is not installed.
    RuntimeError
        If Keras is already imported with another backend.
    """
    _check_name(name)
    if "keras" in sys.modules:
        loaded = sys.modules["keras"].backend.backend()
        if loaded != name:
            raise RuntimeError(
                f"Keras is already loaded with the {loaded!r} backend, so the "
                f"{name!r} backend cannot be selected in this process. Call "
                f"keras_lectures.backend.use({name!r}) before anything imports "
                f"keras, or set KERAS_BACKEND={name} in the environment."
            )
    os.environ["KERAS_BACKEND"] = name


def import_keras():
    """Import Keras with the chosen backend and return the module.

    Returns
    -------
    keras : module
    """
    if "keras" not in sys.modules:
        name = current()
        _check_name(name)
        os.environ["KERAS_BACKEND"] = name
    return importlib.import_module("keras")
