"""The logistic-regression lecture's cost: why cross entropy and not squared error.

``logistic_cost_terms`` draws the sigmoid h = g(z) and the two terms of the
cross-entropy, -log h (when y = 1) and -log(1 - h) (when y = 0): a confident
wrong answer costs without bound. ``cost_slice`` cuts both candidate costs of
a fitted logistic regression along one weight: the squared error through the
sigmoid flattens out where the sigmoid saturates (not convex: gradient
descent can stall there), the cross-entropy curves up everywhere (convex).
:func:`costs_along_weight` computes the slice.
"""

import numpy as np
from sklearn.utils import Bunch

from keras_lectures.reports.pictures._common import (
    feature_names,
    final_step,
    get,
    new_figure,
    split_pipeline,
)

__all__ = ["costs_along_weight", "cost_slice", "logistic_cost_terms"]


def logistic_cost_terms(estimator=None, data=None, *, fig=None):
    """The sigmoid (left) and the cross-entropy's terms -log h and -log(1 - h) (right).

    Parameters
    ----------
    estimator : estimator, optional
        Not used; accepted for the ``(estimator, data)`` convention.
    data : Bunch, optional
        Not used.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    z = np.linspace(-8, 8, 401)
    h = np.linspace(1e-3, 1 - 1e-3, 400)
    fig = new_figure(fig, (9.6, 3.8))
    ax_g, ax_cost = fig.subplots(1, 2)
    ax_g.plot(z, 1.0 / (1.0 + np.exp(-z)), color="tab:blue", linewidth=2)
    ax_g.axhline(0.5, color="gray", linewidth=0.8, linestyle="--")
    ax_g.set_xlabel("z = θᵀx")
    ax_g.set_ylabel("h = g(z) = 1 / (1 + e^-z)")
    ax_g.set_title("The sigmoid")
    ax_cost.plot(h, -np.log(h), color="tab:green", linewidth=2, label="y = 1: -log h")
    ax_cost.plot(h, -np.log(1 - h), color="tab:red", linewidth=2, label="y = 0: -log(1 - h)")
    ax_cost.set_xlabel("predicted probability h")
    ax_cost.set_ylabel("cost of one example")
    ax_cost.set_title("The cross-entropy's two terms")
    ax_cost.legend(loc="upper center", fontsize=9)
    for ax in (ax_g, ax_cost):
        ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig


def costs_along_weight(estimator, X, y, *, weight=0, values=None):
    """Cross-entropy and squared error of a logistic model along one weight.

    Every other weight and the bias stay at the fitted values; the chosen
    weight takes each of ``values``. Both costs are means over the rows:
    ``-mean(y log h + (1 - y) log(1 - h))`` and ``mean((h - y) ** 2) / 2``
    with ``h = sigmoid(X w + b)``, in float64.

    Parameters
    ----------
    estimator : fitted binary LogisticRegressionGD (or Pipeline ending in one)
        Anything with ``coef_`` of shape (1, n_features) and ``intercept_``.
    X : array-like of shape (n_samples, n_features)
        Raw input (a pipeline's preprocessing is applied).
    y : array-like of shape (n_samples,)
        0/1 targets, or the estimator's two classes.
    weight : int, default=0
        Index of the weight to move.
    values : array-like, default=None
        Values of that weight; the fitted value +- 10 (201 points) by default.

    Returns
    -------
    result : Bunch
        ``grid`` (the weight values), ``cross_entropy``, ``squared_error`` (ndarrays of the
        same length) and ``fitted`` (the weight's fitted value).
    """
    transform, model = split_pipeline(estimator)
    coef = np.asarray(model.coef_, dtype=np.float64)
    if coef.ndim != 2 or coef.shape[0] != 1:
        raise ValueError("costs_along_weight needs a binary logistic model (coef_ of one row); "
                         f"got coef_ of shape {coef.shape}.")
    X = np.asarray(transform(np.asarray(X)), dtype=np.float64)
    classes = getattr(model, "classes_", np.array([0, 1]))
    y = (np.ravel(y) == classes[-1]).astype(np.float64)
    w = coef[0].copy()
    if not 0 <= weight < len(w):
        raise ValueError(f"weight must index one of the {len(w)} weights; got {weight}.")
    fitted = float(w[weight])
    values = (np.linspace(fitted - 10, fitted + 10, 201) if values is None
              else np.asarray(values, dtype=np.float64))
    others = X @ w - X[:, weight] * fitted + float(np.ravel(model.intercept_)[0])
    z = others[None, :] + values[:, None] * X[None, :, weight]
    # log h = -log(1 + e^-z), log(1 - h) = -log(1 + e^z), stable for large |z|
    cross_entropy = np.mean(y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z), axis=1)
    h = 0.5 * (1.0 + np.tanh(0.5 * z))
    squared_error = np.mean((h - y) ** 2, axis=1) / 2
    return Bunch(grid=values, cross_entropy=cross_entropy, squared_error=squared_error,
                 fitted=fitted)


def cost_slice(estimator, data, *, weight=0, values=None, fig=None):
    """Cross-entropy (left) and squared error through the sigmoid (right) along one weight.

    The slice is :func:`costs_along_weight` on ``data.X_train``; where a
    cost's curvature (second difference) is negative, it is not convex, and
    those stretches are shaded.

    Parameters
    ----------
    estimator : fitted binary LogisticRegressionGD (or Pipeline ending in one)
    data : Bunch or dict
        ``X_train``, ``y_train``; optionally ``feature_names``.
    weight : int, default=0
    values : array-like, default=None
        See :func:`costs_along_weight`.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    X = np.asarray(get(data, "X_train"))
    result = costs_along_weight(estimator, X, get(data, "y_train"), weight=weight,
                                values=values)
    name = feature_names(data, X.reshape(len(X), -1).shape[1])[weight]
    scaled = final_step(estimator) is not estimator
    fig = new_figure(fig, (10.4, 4.0))
    axes = fig.subplots(1, 2)
    for ax, key, title, color in (
        (axes[0], "cross_entropy", "cross entropy", "tab:green"),
        (axes[1], "squared_error", "squared error through g", "tab:red"),
    ):
        cost = result[key]
        ax.plot(result.grid, cost, color=color, linewidth=2)
        bent = np.zeros(len(cost), dtype=bool)
        bent[1:-1] = np.diff(cost, 2) < -1e-12 * np.max(np.abs(cost))
        if bent.any():
            ax.fill_between(result.grid, cost.min(), cost.max(), where=bent, color="gray",
                            alpha=0.25, label="not convex here")
        ax.axvline(result.fitted, color="k", linestyle="--", linewidth=0.8,
                   label="fitted weight")
        ax.legend(loc="upper center", fontsize=8)
        ax.set_xlabel(f"weight of {'scaled ' if scaled else ''}{name} (others fixed)")
        ax.set_ylabel("cost J")
        ax.set_title(title)
        ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig
