"""A quiet, lean forward pass: the model's outputs for one chunk of rows.

``model.predict`` runs a data adapter, callbacks and a progress bar, and
``predict_on_batch`` compiles a new function for every new model. A fitted
estimator predicts many small batches (scoring, cross-validation), each on a
model it owns, so here the forward pass is:

- jax: the model's ``stateless_call`` compiled once per architecture (shared
  through :mod:`~keras_lectures.estimators.trainer_cache`) and called with the
  model's own variable values;
- torch: the model called directly under ``torch.no_grad``;
- tensorflow: ``predict_on_batch``.

All three compute what ``model.predict`` computes (inference mode).
"""

import numpy as np

from keras_lectures.estimators.trainer_cache import (
    TRAINERS,
    architecture_key,
    fast_fit_enabled,
)

__all__ = ["forward"]


class _JaxForward:
    """``stateless_call`` in inference mode, compiled for one architecture."""

    def __init__(self, model):
        import jax

        def call(trainable, non_trainable, x):
            kwargs = {"training": False} if model._call_has_training_arg else {}
            return model.stateless_call(trainable, non_trainable, x, **kwargs)[0]

        self.model = model
        self.call = jax.jit(call)


def _jax_forward(keras, model, x):
    key = architecture_key(keras, model, "jax-forward")
    if key is None:
        return np.asarray(model.predict_on_batch(x))
    # The model itself serves as the traced structure: stateless_call never
    # reads or writes its variables, so keeping it alive in the cache is only
    # a memory cost (a few small models at most).
    entry = TRAINERS.get(key, lambda: _JaxForward(model))
    trainable = [v.value for v in model.trainable_variables]
    non_trainable = [v.value for v in model.non_trainable_variables]
    if not _same_shapes(entry.model, model):
        return np.asarray(model.predict_on_batch(x))
    return np.asarray(entry.call(trainable, non_trainable, x))


def _same_shapes(a, b):
    for left, right in (
        (a.trainable_variables, b.trainable_variables),
        (a.non_trainable_variables, b.non_trainable_variables),
    ):
        if len(left) != len(right) or any(
            tuple(u.shape) != tuple(v.shape) or u.dtype != v.dtype
            for u, v in zip(left, right)
        ):
            return False
    return True


def _torch_forward(model, x):
    import torch

    from keras.src.backend.torch.core import convert_to_tensor

    with torch.no_grad():
        kwargs = {"training": False} if model._call_has_training_arg else {}
        outputs = model(convert_to_tensor(x), **kwargs)
    if not isinstance(outputs, torch.Tensor):
        return None
    return outputs.detach().cpu().numpy()


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
    if not fast_fit_enabled():
        return np.asarray(model.predict_on_batch(x))
    if backend == "jax" and _single_output(model):
        return _jax_forward(keras, model, x)
    if backend == "torch" and _single_output(model):
        out = _torch_forward(model, x)
        if out is not None:
            return out
    return np.asarray(model.predict_on_batch(x))


def _single_output(model):
    outputs = getattr(model, "outputs", None)
    return outputs is None or len(outputs) == 1
