"""A quiet, lean forward pass: the model's outputs for one chunk of rows.

``model.predict`` runs a data adapter, callbacks and a progress bar, and
``predict_on_batch`` compiles a new function for every new model. A fitted
estimator predicts many small batches (scoring, cross-validation), each on a
model it owns, so here the forward pass is:

- jax and tensorflow: the model's ``stateless_call`` compiled once per
  architecture (``jax.jit``, ``tf.function``; shared through
  :mod:`~keras_lectures.engine.cache`) and called with the
  model's own variable values;
- torch: the model called directly under ``torch.no_grad``.

All three compute what ``model.predict`` computes (inference mode). With the
fast routes switched off (:func:`~keras_lectures.engine.fast_fit`), or on an
untested Keras version, predictions are Keras's ``predict_on_batch``.
"""

import weakref

import numpy as np

from keras_lectures.engine import _keras_internals as internals
from keras_lectures.engine.cache import TRAINERS, architecture_key, same_variables
from keras_lectures.engine.seeding import seeded
from keras_lectures.engine.switch import fast_fit_enabled

__all__ = ["forward"]


class _Forward:
    """``stateless_call`` in inference mode, compiled for one architecture
    (``jax.jit`` on jax, ``tf.function`` on tensorflow)."""

    def __init__(self, model, backend):
        kwargs = {"training": False} if internals.call_has_training_arg(model) else {}

        def call(trainable, non_trainable, x):
            return model.stateless_call(trainable, non_trainable, x, **kwargs)[0]

        self.model = model
        self.call = _backend_module(backend).compile_forward(call)


def _backend_module(backend):
    if backend == "jax":
        from keras_lectures.engine import _jax

        return _jax
    from keras_lectures.engine import _tensorflow

    return _tensorflow


#: model -> (cache entry it was checked against, its trainable and
#: non-trainable variables); weak, so a dropped model leaves nothing behind
_CHECKED = weakref.WeakKeyDictionary()


def _compiled_forward(keras, model, x):
    backend = keras.backend.backend()
    key = architecture_key(keras, model, "forward")
    # only models whose config rebuilds them with their inputs (Sequential
    # with an Input, functional models) get a twin
    if key is None or not _has_inputs(model):
        return np.asarray(model.predict_on_batch(x))
    try:
        entry = TRAINERS.get(key, lambda: _make_forward(model, backend))
    except Exception:  # noqa: BLE001 - a model its config cannot rebuild
        return np.asarray(model.predict_on_batch(x))
    checked = _CHECKED.get(model)
    if checked is None or checked[0] is not entry:
        if not entry.model.built or not same_variables([
            (entry.model.trainable_variables, model.trainable_variables),
            (entry.model.non_trainable_variables, model.non_trainable_variables),
        ]):
            return np.asarray(model.predict_on_batch(x))
        # the variables (not their values) of a model never change, so the
        # shape check and the variable lists are kept for its next predictions
        checked = (entry, tuple(model.trainable_variables), tuple(model.non_trainable_variables))
        _CHECKED[model] = checked
    _, trainable, non_trainable = checked
    return np.asarray(
        entry.call([v.value for v in trainable], [v.value for v in non_trainable], x)
    )


def _has_inputs(model):
    try:
        return bool(getattr(model, "inputs", None))
    except Exception:  # noqa: BLE001 - a model never called has no inputs
        return False


def _make_forward(model, backend):
    """A forward pass traced on a private twin of ``model``.

    The cache never holds an estimator's model; the twin's own weights are
    never used (``stateless_call`` takes the values to compute with).
    """
    with seeded(0, backend):  # drawing the twin's weights leaves RNGs untouched
        with internals.without_tensorflow_probe():
            twin = type(model).from_config(model.get_config())
    return _Forward(twin, backend)


def forward(keras, model, x):
    """Outputs of ``model`` for the rows ``x`` (inference mode), as NumPy.

    Parameters
    ----------
    keras : module
    model : keras.Model
    x : ndarray

    Returns
    -------
    outputs : ndarray
    """
    backend = keras.backend.backend()
    if not (fast_fit_enabled() and internals.tested()):
        return np.asarray(model.predict_on_batch(x))
    if backend in ("jax", "tensorflow") and _single_output(model):
        return _compiled_forward(keras, model, x)
    if backend == "torch" and _single_output(model):
        from keras_lectures.engine import _torch

        out = _torch.forward(model, x)
        if out is not None:
            return out
    return np.asarray(model.predict_on_batch(x))


def _single_output(model):
    try:
        outputs = getattr(model, "outputs", None)
    except Exception:  # noqa: BLE001
        return False
    return outputs is None or len(outputs) == 1
