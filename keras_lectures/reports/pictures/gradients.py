"""The vanishing-gradient lecture's figures: activations, their slopes, gradients per layer.

``activation_derivatives`` draws sigmoid, tanh and ReLU and their
derivatives: the sigmoid's g'(z) = g(z)(1 - g(z)) never exceeds 0.25, so
backpropagation multiplies the gradient by at most a quarter in every
sigmoid layer, while ReLU's slope is 0 or 1. ``gradient_flow`` puts the
consequence next to it: for a deep network with sigmoid or ReLU units and
plain-normal or Xavier initial weights, the norm of the cost's gradient per
layer at initialisation (log scale), and the validation accuracy per epoch.
:func:`gradient_flow_comparison` computes what ``gradient_flow`` draws.
"""

import numpy as np
from sklearn.utils import Bunch

from keras_lectures.reports.pictures._common import get, last_step_name, new_figure, replay

__all__ = [
    "DEPTH_SETTINGS",
    "activation_derivative",
    "activation_derivatives",
    "gradient_flow",
    "gradient_flow_comparison",
]

#: the lab's ``tf.random_normal``: standard deviation 1, whatever the layer's size
PLAIN_NORMAL = {"class_name": "RandomNormal", "config": {"stddev": 0.1}}

#: label -> parameters of the compared networks (activation x initialisation)
DEPTH_SETTINGS = {
    "sigmoid, plain normal": {"activation": "sigmoid", "kernel_initializer": PLAIN_NORMAL},
    "sigmoid, Xavier": {"activation": "sigmoid", "kernel_initializer": "glorot_uniform"},
    "ReLU, plain normal": {"activation": "relu", "kernel_initializer": PLAIN_NORMAL},
    "ReLU, Xavier": {"activation": "relu", "kernel_initializer": "glorot_uniform"},
}

_COLORS = ["tab:red", "tab:orange", "tab:blue", "tab:green", "tab:purple", "tab:brown"]


def activation_derivative(name, z):
    """An activation function and its derivative, in NumPy.

    Parameters
    ----------
    name : {"sigmoid", "logistic", "tanh", "relu", "identity"}
    z : array-like
        Pre-activations.

    Returns
    -------
    g : ndarray
        g(z).
    slope : ndarray
        g'(z): for the sigmoid g(z)(1 - g(z)), for tanh 1 - g(z)^2, for ReLU
        1 where z > 0 and 0 elsewhere (the slope at 0 taken as 0, as the
        backends do), for the identity 1.

    Examples
    --------
    >>> g, slope = activation_derivative("sigmoid", [0.0])
    >>> float(g[0]), float(slope[0])
    (0.5, 0.25)
    """
    z = np.asarray(z, dtype=np.float64)
    if name in ("sigmoid", "logistic"):
        g = 0.5 * (1.0 + np.tanh(0.5 * z))  # 1 / (1 + exp(-z)) without overflow
        return g, g * (1.0 - g)
    if name == "tanh":
        g = np.tanh(z)
        return g, 1.0 - g**2
    if name == "relu":
        return np.maximum(z, 0.0), (z > 0).astype(np.float64)
    if name == "identity":
        return z.copy(), np.ones_like(z)
    raise ValueError(
        f"unknown activation {name!r}; choose one of sigmoid, logistic, tanh, relu, identity"
    )


def activation_derivatives(estimator=None, data=None, *, activations=("sigmoid", "tanh", "relu"),
                           z_range=(-6.0, 6.0), fig=None):
    """Activation functions g(z) (left) and their derivatives g'(z) (right).

    The largest value of each derivative is marked and written in the
    legend: 0.25 for the sigmoid, 1 for tanh and ReLU.

    Parameters
    ----------
    estimator : estimator, optional
        Not used; accepted for the ``(estimator, data)`` convention.
    data : Bunch, optional
        Not used.
    activations : sequence of str, default=("sigmoid", "tanh", "relu")
        Names accepted by :func:`activation_derivative`.
    z_range : (float, float), default=(-6.0, 6.0)
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    z = np.linspace(*z_range, 601)
    fig = new_figure(fig, (9.6, 3.8))
    ax_g, ax_slope = fig.subplots(1, 2)
    for name, color in zip(activations, _COLORS[2:] + _COLORS[:2]):
        g, slope = activation_derivative(name, z)
        top = int(np.argmax(slope))
        ax_g.plot(z, g, color=color, linewidth=2, label=name)
        ax_slope.plot(z, slope, color=color, linewidth=2,
                      label=f"{name}: max {slope[top]:.3g}")
        ax_slope.plot(z[top], slope[top], "o", color=color)
    ax_g.set_title("activation g(z)")
    ax_slope.set_title("derivative g'(z)")
    for ax, label in ((ax_g, "g(z)"), (ax_slope, "g'(z)")):
        ax.set_xlabel("pre-activation z")
        ax.set_ylabel(label)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def gradient_flow_comparison(estimator, data, *, settings=None, epochs=None,
                             validation_fraction=0.2, random_state=0):
    """Gradient norm per layer at initialisation, and validation accuracy per epoch.

    For each setting, a copy of the estimator with those parameters is
    built as its ``fit`` would start (:func:`~keras_lectures.lectures.initialised_copy`)
    on most of ``data.X_train``; the norm of the cost's gradient with
    respect to each layer's kernel is read by backpropagation
    (:func:`~keras_lectures.lectures.loss_gradients`, the whole
    split at once); then a copy is trained one epoch at a time (``warm_start``)
    and scored on the held-out rest after each epoch.

    Parameters
    ----------
    estimator : classifier of this package (or Pipeline ending in one)
        Fitted or not: only its parameters are used; it needs the
        parameters the settings set (``activation`` and
        ``kernel_initializer`` for the default ones: a
        :class:`~keras_lectures.DeepNetClassifier`).
    data : Bunch or dict
        ``X_train`` and ``y_train``.
    settings : dict, default=None
        Label -> parameters of the last step; :data:`DEPTH_SETTINGS` by
        default (sigmoid or ReLU, plain normal or Xavier).
    epochs : int, optional
        Epochs per curve (the estimator's own by default); 0 skips training.
    validation_fraction : float, default=0.2
    random_state : int, default=0
        Seeds the validation split.

    Returns
    -------
    result : Bunch
        ``layers`` (list of str, the layers with a kernel, input first),
        ``gradient_norms`` (dict: label -> ndarray, one norm per layer),
        ``loss`` (dict: label -> cost at initialisation), ``curves`` (dict:
        label -> ndarray of shape (epochs, 2): epoch and validation
        accuracy) and ``n_validation`` (int).
    """
    from sklearn.base import clone
    from sklearn.model_selection import train_test_split

    from keras_lectures.lectures import initialised_copy, loss_gradients

    settings = DEPTH_SETTINGS if settings is None else settings
    prefix = last_step_name(estimator)
    params = estimator.get_params()
    for name in {key for setting in settings.values() for key in setting}:
        if f"{prefix}{name}" not in params:
            raise ValueError(f"gradient_flow needs an estimator with a {name!r} parameter "
                             "(DeepNetClassifier has those of the default settings).")
    y = np.ravel(get(data, "y_train"))
    X = np.asarray(get(data, "X_train"))
    X_fit, X_val, y_fit, y_val = train_test_split(
        X, y, test_size=validation_fraction, random_state=random_state, stratify=y)
    epochs = int(params[f"{prefix}epochs"] if epochs is None else epochs)
    result = Bunch(layers=[], gradient_norms={}, loss={}, curves={}, n_validation=len(y_val))
    for label, setting in settings.items():
        copy = clone(estimator).set_params(**{f"{prefix}{k}": v for k, v in setting.items()})
        start = loss_gradients(initialised_copy(copy, X_fit, y_fit), X_fit, y_fit)
        result.layers = start.layers
        result.gradient_norms[label] = start.kernel_norms
        result.loss[label] = start.loss
        scores = []
        if epochs > 0:
            replay(copy, X_fit, y_fit, n_snapshots=epochs, epochs=epochs,
                   record=lambda fitted, epoch: scores.append(
                       (epoch, fitted.score(X_val, y_val))))
        result.curves[label] = np.asarray(scores, dtype=float).reshape(-1, 2)
    return result


def gradient_flow(estimator, data, *, settings=None, epochs=None, validation_fraction=0.2,
                  random_state=0, comparison=None, fig=None):
    """Gradient norm per layer at initialisation (log scale) beside validation accuracy.

    Left: for each setting, the norm of the gradient of the cost with
    respect to each layer's weights, before any training; a line falling
    from the output back to the first layer is a vanishing gradient, a
    rising one an exploding gradient. Right: validation accuracy per epoch
    of the same networks. See :func:`gradient_flow_comparison`.

    Parameters
    ----------
    estimator : classifier of this package (or Pipeline ending in one)
        A :class:`~keras_lectures.DeepNetClassifier` for the default settings.
    data : Bunch or dict
        ``X_train`` and ``y_train``.
    settings, epochs, validation_fraction, random_state
        See :func:`gradient_flow_comparison`.
    comparison : Bunch, optional
        What :func:`gradient_flow_comparison` returned, to draw it without
        computing it again (the other parameters are then not used).
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    if comparison is None:
        comparison = gradient_flow_comparison(
            estimator, data, settings=settings, epochs=epochs,
            validation_fraction=validation_fraction, random_state=random_state)
    fig = new_figure(fig, (10.4, 4.2))
    ax_norm, ax_acc = fig.subplots(1, 2)
    positions = np.arange(1, len(comparison.layers) + 1)
    for (label, norms), color in zip(comparison.gradient_norms.items(), _COLORS):
        ax_norm.semilogy(positions[:len(norms)], np.maximum(norms, 1e-30), "o-", color=color,
                         label=label)
        curve = comparison.curves.get(label)
        if curve is not None and len(curve):
            ax_acc.plot(curve[:, 0], curve[:, 1], "o-", color=color, markersize=4,
                        label=f"{label}: {curve[-1, 1]:.1%}")
    ax_norm.set_xticks(positions)
    ax_norm.set_xlabel("layer (1 = first hidden layer, last = output)")
    ax_norm.set_ylabel("‖∂J/∂W‖ at initialisation (log scale)")
    ax_norm.set_title("Gradients before training")
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel(f"validation accuracy ({comparison.n_validation} held-out rows)")
    ax_acc.set_title("Validation accuracy")
    ax_acc.xaxis.get_major_locator().set_params(integer=True)
    for ax in (ax_norm, ax_acc):
        ax.grid(True, alpha=0.3)
        ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    return fig
