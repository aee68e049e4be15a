"""The "parameter updates" slide: optimisers' paths over a cost surface.

Gradient descent steps straight down the slope, so in a long narrow valley
it zig-zags across and crawls along; momentum keeps a running velocity that
damps the zig-zag and speeds up the crawl; RMSprop divides each weight's
step by the root of its recent squared gradients, so every weight moves at a
similar pace; Adam does both. ``optimizer_paths`` trains copies of one
linear regression with each optimiser and draws their (theta_0, theta_1)
after every step over the contours of the cost, beside the cost per epoch.
:func:`optimizer_comparison` computes what it draws.
"""

import numpy as np
from sklearn.utils import Bunch

from keras_lectures.reports.pictures._common import (
    feature_names,
    final_step,
    get,
    last_step_name,
    new_figure,
    replay,
    split_pipeline,
)
from keras_lectures.reports.pictures.regression import _cost_grid, _one_feature

__all__ = ["OPTIMIZER_SETTINGS", "optimizer_comparison", "optimizer_paths"]

#: label -> estimator parameters: the slide's four update rules
OPTIMIZER_SETTINGS = {
    "gradient descent": {"optimizer": "sgd"},
    "momentum (0.9)": {"optimizer": "sgd", "optimizer__momentum": 0.9},
    "RMSprop": {"optimizer": "rmsprop"},
    "Adam": {"optimizer": "adam"},
}

_COLORS = ["tab:red", "tab:orange", "tab:blue", "tab:purple", "tab:green", "tab:brown"]


def optimizer_comparison(estimator, data, *, settings=None, epochs=None):
    """Train one copy of a linear regression per optimiser; record theta after each epoch.

    Parameters
    ----------
    estimator : LinearRegressionGD (or Pipeline ending in one)
        Fitted or not: only its parameters are used (full batch, so an
        epoch is one step; its learning rate is shared by every optimiser
        unless a setting gives its own ``learning_rate``).
    data : Bunch or dict
        ``X_train`` (one feature) and ``y_train``.
    settings : dict, default=None
        Label -> parameters of the last step; :data:`OPTIMIZER_SETTINGS` by
        default.
    epochs : int, optional
        The estimator's own by default.

    Returns
    -------
    result : Bunch
        ``paths`` (dict: label -> ndarray of shape (epochs + 1, 2), the
        (theta_0, theta_1) at the start and after every epoch), ``loss``
        (dict: label -> ndarray, ``history_["loss"]``: the cost before each
        step), ``best`` (ndarray (2,), the least-squares minimum), ``x`` and
        ``y`` (the feature as the model sees it, and the target).
    """
    from sklearn.base import clone

    x, y, model = _one_feature(estimator, data, "optimizer_paths")
    settings = OPTIMIZER_SETTINGS if settings is None else settings
    prefix = last_step_name(estimator)
    if final_step(estimator).get_params().get("kernel_initializer") != "zeros":
        raise ValueError("optimizer_paths draws paths from theta = 0: use an estimator with "
                         "kernel_initializer='zeros' (LinearRegressionGD's default).")
    result = Bunch(paths={}, loss={}, x=x, y=y)
    for label, setting in settings.items():
        copy = clone(estimator).set_params(**{f"{prefix}{k}": v for k, v in setting.items()})
        n = int(epochs if epochs is not None else copy.get_params()[f"{prefix}epochs"])
        path = [(0.0, 0.0)]

        def record(fitted, epoch, path=path):
            step = final_step(fitted)
            path.append((float(np.ravel(step.intercept_)[0]), float(np.ravel(step.coef_)[0])))

        fitted = replay(copy, get(data, "X_train"), get(data, "y_train"), n_snapshots=n,
                        epochs=n, record=record)
        result.paths[label] = np.asarray(path)
        result.loss[label] = np.asarray(final_step(fitted).history_["loss"], dtype=float)
    A = np.column_stack([np.ones_like(x), x])
    result.best = np.linalg.lstsq(A, y, rcond=None)[0]
    return result


def optimizer_paths(estimator, data, *, settings=None, epochs=None, comparison=None, fig=None):
    """Paths of gradient descent, momentum, RMSprop and Adam over J(theta_0, theta_1).

    Left: the contours of the lecture's cost of a one-feature linear
    regression and each optimiser's (theta_0, theta_1) after every step
    from theta = 0, at equal scale on both axes; right: the cost per epoch
    (log scale). See :func:`optimizer_comparison`.

    Parameters
    ----------
    estimator : LinearRegressionGD (or Pipeline ending in one)
    data : Bunch or dict
        ``X_train`` (one feature) and ``y_train``.
    settings, epochs
        See :func:`optimizer_comparison`.
    comparison : Bunch, optional
        What :func:`optimizer_comparison` returned, to draw it without
        training again (``settings`` and ``epochs`` are then not used).
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    if comparison is None:
        comparison = optimizer_comparison(estimator, data, settings=settings, epochs=epochs)
    points = np.vstack([*comparison.paths.values(), comparison.best])
    lo, hi = points.min(axis=0), points.max(axis=0)
    center, half = (lo + hi) / 2, max(float(np.max(hi - lo)) * 0.6, 1e-3)
    theta0 = np.linspace(center[0] - half, center[0] + half, 160)
    theta1 = np.linspace(center[1] - half, center[1] + half, 160)
    J = _cost_grid(comparison.x, comparison.y, theta0, theta1)
    levels = np.geomspace(max(float(J.min()), 1e-12), float(J.max()) * 1.0001, 18)

    fig = new_figure(fig, (11.0, 5.2))
    ax_path, ax_loss = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.25, 1]})
    ax_path.contour(theta0, theta1, J, levels=levels, cmap="viridis", linewidths=0.8)
    n = len(comparison.paths)
    for k, ((label, path), color) in enumerate(zip(comparison.paths.items(), _COLORS)):
        # the first optimiser (plain gradient descent) drawn on top of the others
        ax_path.plot(path[:, 0], path[:, 1], "o-", color=color, markersize=2.5,
                     linewidth=1.2, alpha=0.85, zorder=3 + n - k, label=label)
        loss = comparison.loss[label]
        ax_loss.semilogy(np.arange(len(loss)), loss, "-", color=color, linewidth=2,
                         label=f"{label}: {loss[-1]:.3g}")
    ax_path.plot(0.0, 0.0, "s", color="white", markeredgecolor="k", markersize=8,
                 label="start θ = 0")
    ax_path.plot(*comparison.best, "*", color="gold", markeredgecolor="k", markersize=14,
                 label="minimum")
    ax_path.set_aspect("equal")
    scaled = split_pipeline(estimator)[1] is not estimator
    ax_path.set_xlabel("θ₀ (intercept)")
    ax_path.set_ylabel(f"θ₁ (weight of {'scaled ' if scaled else ''}"
                       f"{feature_names(data, 1)[0]})")
    ax_path.set_title("Paths over the cost J(θ₀, θ₁)")
    ax_path.legend(loc="upper left", fontsize=7)
    ax_loss.set_xlabel("epoch (one full-batch step)")
    ax_loss.set_ylabel("cost J before the step (log scale)")
    ax_loss.set_title("Cost per epoch")
    ax_loss.grid(True, alpha=0.3)
    ax_loss.legend(loc="best", fontsize=8)
    fig.tight_layout()
    return fig
