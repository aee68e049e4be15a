"""A quiet, lean forward pass: the model's outputs for one chunk of rows.

``model.predict`` runs a data adapter, callbacks and a progress bar, and
``predict_on_batch`` compiles a new function for every new model. A fitted
estimator predicts many small batches (scoring, cross-validation), each on a
model it owns, so here the forward pass is:

- jax and tensorflow: the model's ``stateless_call`` compiled once per
  architecture (``jax.jit``, ``tf.function``; shared through
  :mod:`~keras_lectures.engine.cache`) and called with the
  model's own variable values (:func:`compiled_forward`);
- torch: the model called directly under ``torch.no_grad``.

All three compute what ``model.predict`` computes (inference mode). With the
fast routes switched off (:func:`~keras_lectures.engine.fast_fit`), or on an
untested Keras or backend version, predictions are Keras's
``predict_on_batch``.
"""

import weakref

import numpy as np

from keras_lectures.engine import _keras_internals as internals
from keras_lectures.engine import registry
from keras_lectures.engine.cache import TRAINERS, architecture_key, same_variables
from keras_lectures.engine.seeding import seeded
from keras_lectures.engine.switch import fast_fit_enabled

__all__ = ["compiled_forward", "predict"]


class _Forward:
    """``stateless_call`` in inference mode, compiled for one architecture."""

    def __init__(self, model, compile):
        kwargs = {"training": False} if internals.call_has_training_arg(model) else {}

        def call(trainable, non_trainable, x):
            return model.stateless_call(trainable, non_trainable, x, **kwargs)[0]

        self.model = model
        self.call = compile(call)


#: model -> (cache entry it was checked against, its trainable and
#: non-trainable variables); weak, so a dropped model leaves nothing behind
_CHECKED = weakref.WeakKeyDictionary()


def compiled_forward(keras, model, x, *, compile, pad_to=None):
    """The outputs for ``x`` from a compiled ``stateless_call``, or None.

    Parameters
    ----------
    keras : module
    model : keras.Model
    x : ndarray
    compile : callable
        The backend's compiler (``jax.jit``, ``tf.function``).
    pad_to : int or None, default=None
        Rows to zero-pad ``x`` to first, so that a handful of shapes are
        ever compiled; the padded rows' outputs are dropped.

    Returns
    -------
    outputs : ndarray or None
        None when the model cannot share a compiled forward pass.
    """
    backend = keras.backend.backend()
    key = architecture_key(keras, model, "forward")
    # only models whose config rebuilds them with their inputs (Sequential
    # with an Input, functional models) get a twin
    if key is None or not _has_inputs(model):
        return None
    try:
        entry = TRAINERS.get(key, lambda: _make_forward(model, backend, compile))
    except Exception:  # noqa: BLE001 - a model its config cannot rebuild
        return None
    checked = _CHECKED.get(model)
    if checked is None or checked[0] is not entry:
        if not entry.model.built or not same_variables([
            (entry.model.trainable_variables, model.trainable_variables),
            (entry.model.non_trainable_variables, model.non_trainable_variables),
        ]):
            return None
        # the variables (not their values) of a model never change, so the
        # shape check and the variable lists are kept for its next predictions
        checked = (entry, tuple(model.trainable_variables), tuple(model.non_trainable_variables))
        _CHECKED[model] = checked
    _, trainable, non_trainable = checked
    rows = len(x)
    if pad_to is not None and pad_to > rows:
        x = np.concatenate([x, np.zeros((pad_to - rows, *x.shape[1:]), dtype=x.dtype)])
    outputs = entry.call([v.value for v in trainable], [v.value for v in non_trainable], x)
    return np.asarray(outputs)[:rows]


def _has_inputs(model):
    try:
        return bool(getattr(model, "inputs", None))
    except Exception:  # noqa: BLE001 - a model never called has no inputs
        return False


def _make_forward(model, backend, compile):
    """A forward pass traced on a private twin of ``model``.

    The cache never holds an estimator's model; the twin's own weights are
    never used (``stateless_call`` takes the values to compute with).
    """
    with seeded(0, backend):  # drawing the twin's weights leaves RNGs untouched
        with internals.without_tensorflow_probe():
            twin = type(model).from_config(model.get_config())
    return _Forward(twin, compile)


def predict(keras, model, x, *, fast=None, pad_to=None):
    """Outputs of ``model`` for the rows ``x`` (inference mode), as NumPy.

    Parameters
    ----------
    keras : module
    model : keras.Model
    x : ndarray
    fast : bool or None, default=None
        Whether the fast routes may be taken; None: :func:`fast_fit_enabled`.
    pad_to : int or None, default=None
        On a compiled route, rows to zero-pad ``x`` to (see
        :func:`compiled_forward`); Keras's own route never pads.

    Returns
    -------
    outputs : ndarray
    """
    if fast is None:
        fast = fast_fit_enabled()
    backend = keras.backend.backend()
    if (fast and backend in registry.BACKENDS and internals.tested(model)
            and _single_output(model)):
        outputs = registry.hooks(backend).predict(keras, model, x, pad_to)
        if outputs is not None:
            return outputs
    return np.asarray(model.predict_on_batch(x))


def _single_output(model):
    try:
        outputs = getattr(model, "outputs", None)
    except Exception:  # noqa: BLE001
        return False
    return outputs is None or len(outputs) == 1
