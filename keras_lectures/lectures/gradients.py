"""Backpropagation's result, read off a network: the gradient of its cost per layer.

The lecture trains every network by gradient descent on the gradient that
backpropagation computes: the chain rule applied layer by layer, from the
cost back to the first layer's weights. :func:`loss_gradients` asks the
backend's automatic differentiation (JAX's ``grad``, TensorFlow's
``GradientTape`` or PyTorch's ``autograd``) for that gradient, on the very
cost the estimator trains on (its loss plus its L2 penalty), for every weight
of its Keras model, and sums it up per layer: the norm of each layer's kernel
gradient, the number the vanishing-gradient argument is about.

:func:`initialised_copy` gives the network before any training: a copy of
the estimator built exactly as its ``fit`` builds it (the same seed, hence
the same initial weights), trained for zero epochs.
"""

import numpy as np
from sklearn.base import clone
from sklearn.utils import Bunch

__all__ = ["initialised_copy", "loss_gradients"]


def _final_step(estimator):
    steps = getattr(estimator, "steps", None)
    return steps[-1][1] if steps else estimator


def _check_package_estimator(estimator, what):
    step = _final_step(estimator)
    if not hasattr(step, "_build_keras_model"):
        raise TypeError(
            f"{what} takes an estimator of this package (or a Pipeline ending in "
            f"one); got {type(step).__name__}."
        )
    return step


def initialised_copy(estimator, X, y):
    """A copy of the estimator as ``fit(X, y)`` starts it: built, not trained.

    The copy (:func:`sklearn.base.clone`) goes through ``fit`` up to the
    first gradient step: input checks, target encoding, the model built
    under the estimator's ``random_state`` (so its weights are those a
    ``fit`` with that seed starts from), and then zero epochs of training.
    A pipeline's preprocessing steps are fitted as usual.

    Parameters
    ----------
    estimator : estimator of this package or Pipeline ending in one
        Fitted or not: only its parameters are used. Give it an integer
        ``random_state`` to get the initial weights of a real fit.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)

    Returns
    -------
    copy : estimator or Pipeline
        Fitted for zero epochs: ``model_`` holds the initial weights,
        ``history_`` is empty and ``n_iter_`` is 0.

    Examples
    --------
    >>> import numpy as np
    >>> from keras_lectures import MLPClassifier
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    >>> start = initialised_copy(MLPClassifier((2,), random_state=0), X, [0, 1, 1, 0])
    >>> start.n_iter_, len(start.model_.get_weights())
    (0, 4)
    """
    _check_package_estimator(estimator, "initialised_copy")
    copy = clone(estimator)
    step = _final_step(copy)
    if step is not copy:
        for _, transformer in copy.steps[:-1]:
            if transformer is not None and transformer != "passthrough":
                X = transformer.fit_transform(X, y)
    step._fit(X, y, sample_weight=None, validation_data=None, epochs=0, reset=True,
              split_validation=False)
    return copy


def loss_gradients(estimator, X, y, *, training=False):
    """The gradient of the training cost with respect to every weight, by backpropagation.

    The cost is the one the estimator minimises (its compiled loss, loss
    weights and regularisation penalties included), on all of ``X`` at once:
    the gradient of one full-batch gradient-descent step. The backend's
    automatic differentiation computes it.

    Parameters
    ----------
    estimator : fitted estimator of this package, or Pipeline ending in one
        For the gradient at initialisation, pass :func:`initialised_copy`.
    X : array-like of shape (n_samples, n_features)
        Raw input (a pipeline's preprocessing is applied).
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Targets as ``fit`` takes them (class labels for a classifier).
    training : bool, default=False
        Run the layers in training mode (dropout active, batch
        normalisation on the batch's statistics); the default evaluates the
        deterministic network.

    Returns
    -------
    result : Bunch
        ``loss`` (float): the cost at the current weights;
        ``weights`` and ``gradients``: dicts from each trainable weight's
        path (e.g. ``"mlp_classifier/hidden_1/kernel"``) to its value and to
        the cost's gradient with respect to it (float64 arrays of the same
        shape); ``layers`` (list of str): the layers with a kernel, input
        first; ``kernel_norms`` (ndarray): the Euclidean (Frobenius) norm of
        each of those layers' kernel gradients, in that order.

    Examples
    --------
    >>> import numpy as np
    >>> from keras_lectures import MLPClassifier
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    >>> start = initialised_copy(MLPClassifier((2,), random_state=0), X, [0, 1, 1, 0])
    >>> result = loss_gradients(start, X, [0, 1, 1, 0])
    >>> result.layers, result.kernel_norms.shape
    (['hidden_1', 'output'], (2,))
    """
    from keras_lectures.backend import import_keras

    step = _check_package_estimator(estimator, "loss_gradients")
    model = getattr(step, "model_", None)
    if model is None:
        raise ValueError(
            "loss_gradients needs a fitted estimator (for the gradient at "
            "initialisation pass initialised_copy(estimator, X, y))."
        )
    keras = import_keras()
    if step is not estimator:
        X = estimator[:-1].transform(X)
    X = step._validate_predict_input(X)
    y = step._encode_validation_targets(np.asarray(y))
    variables = list(model.trainable_variables)
    loss, gradients = _backend_gradients(keras, model, variables, X, y, bool(training))
    weights = {v.path: np.asarray(keras.ops.convert_to_numpy(v.value), dtype=np.float64)
               for v in variables}
    gradients = {v.path: np.asarray(keras.ops.convert_to_numpy(g), dtype=np.float64)
                 for v, g in zip(variables, gradients)}
    layers, norms = [], []
    for layer in model.layers:
        kernel = getattr(layer, "kernel", None)
        if kernel is not None and kernel.path in gradients:
            layers.append(layer.name)
            norms.append(float(np.linalg.norm(gradients[kernel.path])))
    return Bunch(loss=float(keras.ops.convert_to_numpy(loss)), weights=weights,
                 gradients=gradients, layers=layers, kernel_norms=np.asarray(norms))


def _backend_gradients(keras, model, variables, X, y, training):
    """``(loss, gradients)`` of the model's compiled cost, by the backend's autodiff."""

    def cost():
        y_pred = model(X, training=training)
        return model.compute_loss(x=X, y=y, y_pred=y_pred, training=training)

    backend = keras.backend.backend()
    if backend == "jax":
        import jax

        others = [v for v in model.variables if all(v is not t for t in variables)]

        def stateless_cost(values):
            mapping = list(zip(variables, values)) + [(v, v.value) for v in others]
            with keras.StatelessScope(state_mapping=mapping):
                return cost()

        return jax.value_and_grad(stateless_cost)([v.value for v in variables])
    if backend == "tensorflow":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss = cost()
        return loss, tape.gradient(loss, [v.value for v in variables])
    if backend == "torch":
        import torch

        loss = cost()
        return loss.detach(), torch.autograd.grad(loss, [v.value for v in variables])
    raise ValueError(f"loss_gradients supports jax, tensorflow and torch; not {backend!r}.")
