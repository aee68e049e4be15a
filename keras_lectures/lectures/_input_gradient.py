"""The gradient of a model's loss with respect to its input, on every backend.

Keras 3 has no backend-neutral ``grad``; each backend differentiates in its
own way (``jax.grad``, ``tf.GradientTape``, ``torch.autograd.grad``). The
model's weights are left untouched (no gradients are stored in them).
"""

import numpy as np

__all__ = ["loss_input_gradient"]


def loss_input_gradient(model, X, y, loss="mean_squared_error"):
    """``d L / d X`` for ``L = sum_i loss(y_i, model(X_i))``, in inference mode.

    Each example's loss depends on its own input only, so row ``i`` of the
    result is the gradient of example ``i``'s loss.

    Parameters
    ----------
    model : keras.Model
        A built model.
    X : array-like of shape (n_samples, ...)
        Inputs, as the model takes them.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Targets, as the model's loss reads them.
    loss : str or callable, default="mean_squared_error"
        A Keras loss name or a function ``loss(y_true, y_pred)`` returning one
        value per example.

    Returns
    -------
    gradient : ndarray of shape X.shape, float32
    """
    from keras_lectures.backend import import_keras

    keras = import_keras()
    loss_fn = keras.losses.get(loss) if isinstance(loss, str) else loss
    X = np.asarray(X, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} examples and y has {len(y)}.")
    if y.ndim == 1:
        y = y[:, None]
    y_tensor = keras.ops.convert_to_tensor(y)

    def total_loss(x, call):
        return keras.ops.sum(loss_fn(y_tensor, call(x)))

    backend = keras.backend.backend()
    if backend == "jax":
        import jax

        trainable = [v.value for v in model.trainable_variables]
        fixed = [v.value for v in model.non_trainable_variables]

        def call(x):
            return model.stateless_call(trainable, fixed, x, training=False)[0]

        gradient = jax.grad(lambda x: total_loss(x, call))(keras.ops.convert_to_tensor(X))
    elif backend == "tensorflow":
        import tensorflow as tf

        x = tf.convert_to_tensor(X)
        with tf.GradientTape() as tape:
            tape.watch(x)
            value = total_loss(x, lambda t: model(t, training=False))
        gradient = tape.gradient(value, x)
    elif backend == "torch":
        import torch

        x = keras.ops.convert_to_tensor(X).detach().requires_grad_(True)
        value = total_loss(x, lambda t: model(t, training=False))
        (gradient,) = torch.autograd.grad(value, x)
    else:
        raise ValueError(f"Input gradients are not available on the {backend!r} backend.")
    return np.asarray(keras.ops.convert_to_numpy(gradient), dtype=np.float32)
