"""A torch training step equal to Keras's ``train_step``, with less Python.

Keras's torch ``train_step`` calls the model, which runs ``Layer.__call__``
on every layer (input checks, autocasting, masks, call contexts), computes
the loss, the loss tracker, the optimizer update and every metric through
Keras's backend-neutral operations, and reads every metric's result after
each step. Nearly all of that time is Python around tiny tensors. Here:

- a ``Sequential`` stack of Keras's own layers, in float32, without masks or
  activity regularisers, has its layers' ``call`` chained (``Dense`` as
  plain torch operations), with the same random draws;
- a plain compiled loss, the loss tracker and a plain Adam or SGD update run
  as the same torch operations Keras's code ends in, on tensors looked up
  once a fit (:mod:`~keras_lectures.engine._torch_native`); the gradients
  come from torch's autograd engine as ``torch.autograd.grad`` would get
  them;
- Keras's mean metrics (accuracy, mean squared error, ...) are updated once
  an epoch, on the epoch's batches together, and read once an epoch.

Anything else stays Keras's own, in Keras's order. Results are equal bit for
bit (``tests/test_torch_native.py``). Predictions chain the layers alike
(:func:`inference_forward`).
"""

import functools

import torch

from keras_lectures.engine import _keras_internals as internals
from keras_lectures.engine._torch_native import (
    deferrable_metrics,
    dense_forward,
    loss_function,
    loss_tracker_update,
    optimizer_update,
)

__all__ = ["TorchStep", "inference_forward"]

#: Keras layers whose ``__call__`` adds nothing numerical to their ``call``
#: for float32 inputs without masks.
_CHAINABLE = frozenset({
    "Dense", "EinsumDense", "Dropout", "Activation", "Flatten", "Reshape",
    "ReLU", "Softmax", "LeakyReLU", "ELU", "Rescaling",
    "Conv1D", "Conv2D", "Conv3D", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
    "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D",
    "GlobalMaxPooling2D", "ZeroPadding1D", "ZeroPadding2D",
})


class TorchStep:
    """Keras's torch ``train_step`` for one fit of ``model``.

    Call it once per batch, and :meth:`end_epoch` after an epoch's last
    batch, before reading the metrics.

    Parameters
    ----------
    keras : module
    model : keras.Model
        Compiled and built, with Keras's own ``train_step``.
    """

    def __init__(self, keras, model):
        self.model = model
        self.forward = _forward_chain(keras, model)
        # the variables a fit trains do not change during a plain fit
        self.weights = list(model.trainable_weights)
        self.params = tuple(v.value for v in self.weights)
        self.own_metrics = internals.own_metrics_computation(model)
        own_loss = internals.own_loss_computation(model)
        self.loss = loss_function(model) if own_loss else None
        self.track_loss = loss_tracker_update(model)
        self.update = (None if model.optimizer is None
                       else optimizer_update(model.optimizer, self.weights))
        self.compiled_metrics = compiled = internals.compiled_metrics(model)
        self.call_kwargs = {"training": True} if internals.call_has_training_arg(model) else {}
        # compile(metrics=[]) leaves compiled metrics with nothing to update
        self.has_metrics = compiled is not None and (not compiled.built or bool(compiled.metrics))
        self.defer_metrics = (self.own_metrics and self.has_metrics
                              and deferrable_metrics(model))
        self.pending = []

    def __call__(self, x, y, sample_weight):
        """One step on a batch of torch tensors."""
        model = self.model
        if not self.weights:  # Keras's step warns about it
            data = (x, y) if sample_weight is None else (x, y, sample_weight)
            model.train_step(data)
            return
        if self.forward is None or x.dtype != torch.float32:
            y_pred = model(x, **self.call_kwargs)
        else:
            y_pred = x
            for forward in self.forward:
                y_pred = forward(y_pred)
        loss = None if self.loss is None else self.loss(y, y_pred, sample_weight)
        if loss is None:
            loss = internals.compute_loss(model, x, y, y_pred, sample_weight)
        if self.track_loss is None:
            internals.loss_tracker(model).update_state(loss, sample_weight=x.shape[0])
        else:
            self.track_loss(loss, x.shape[0])
        if self.update is None and model.optimizer is not None:
            loss = model.optimizer.scale_loss(loss)
        # the gradients loss.backward() leaves in .grad after zero_grad()
        if loss.ndim == 0 and loss.requires_grad:
            gradients = list(internals.torch_gradients(loss, self.params))
        else:
            gradients = list(torch.autograd.grad(loss, self.params, allow_unused=True))
        if self.update is not None and all(g is not None for g in gradients):
            self.update(gradients)
        else:
            with torch.no_grad():
                model.optimizer.apply(gradients, self.weights)
        if not self.own_metrics:
            model.compute_metrics(x, y, y_pred, sample_weight=sample_weight)
        elif self.defer_metrics:
            self.pending.append((y, y_pred.detach(), sample_weight))
        elif self.has_metrics:
            # Keras's compute_metrics, less the reading of every result
            self.compiled_metrics.update_state(y, y_pred, sample_weight=sample_weight)

    def end_epoch(self):
        """Update the deferred metrics with the epoch's batches."""
        if not self.pending:
            return
        ys, y_preds, weights = zip(*self.pending)
        self.pending = []
        weight = None if weights[0] is None else torch.cat(weights)
        with torch.no_grad():
            self.compiled_metrics.update_state(
                torch.cat(ys), torch.cat(y_preds), sample_weight=weight
            )


def _forward_chain(keras, model, training=True):
    """One callable per layer to chain in order, or None for the model's call."""
    layers = _chained_layers(keras, model)
    if layers is None:
        return None
    chain = []
    for layer in layers:
        native = dense_forward(layer)
        if native is not None:
            chain.append(native)
        elif internals.call_has_training_arg(layer):
            chain.append(functools.partial(layer.call, training=training))
        else:
            chain.append(layer.call)
    return chain


def inference_forward(keras, model):
    """The model's call in inference mode as chained layers, ``f(x)``, or None.

    The layers' ``call`` with ``training=False``, in order: what
    ``model(x, training=False)`` runs for float32 inputs (see :class:`TorchStep`).
    """
    chain = _forward_chain(keras, model, training=False)
    if chain is None:
        return None

    def forward(x):
        if x.dtype != torch.float32:
            return model(x, training=False)
        for layer in chain:
            x = layer(x)
        return x

    return forward


def _chained_layers(keras, model):
    """The layers to chain in order, or None when the model's call is needed."""
    if type(model) is not keras.Sequential:
        return None
    if model.dtype_policy.name != "float32":
        return None
    layers = tuple(model.layers)
    for layer in layers:
        if type(layer).__name__ not in _CHAINABLE:
            return None
        if not type(layer).__module__.startswith("keras."):
            return None
        if layer.activity_regularizer is not None or layer.dtype_policy.name != "float32":
            return None
    return layers
