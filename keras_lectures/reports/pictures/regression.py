"""The linear-regression lectures' figures, and predictions against the truth.

``fitted_line``, ``cost_contour`` and ``cost_history`` are exercise 1's
pictures (one variable); ``learning_rates`` is exercise 1's multi-variable
plot of the cost per iteration for several learning rates;
``predicted_vs_actual`` serves every regression, the LSTM's with the
"tomorrow = today" baseline.
"""

import numpy as np

from keras_lectures.reports.pictures._common import (
    as_2d,
    feature_names,
    final_step,
    get,
    last_step_name,
    new_figure,
    replay,
    split_pipeline,
    target_name,
)

__all__ = [
    "fitted_line",
    "cost_contour",
    "cost_history",
    "learning_rates",
    "predicted_vs_actual",
]


def fitted_line(estimator, data, *, fig=None):
    """The training and test points and the fitted line (or curve).

    With more than one input feature no line can be drawn; the picture is
    then :func:`predicted_vs_actual`.

    Parameters
    ----------
    estimator : fitted regressor or Pipeline
        Called through ``predict`` only.
    data : Bunch or dict
        ``X_train``, ``y_train``, ``X_test``, ``y_test``; optionally
        ``feature_names`` and ``target_name`` for the axis labels.
    fig : matplotlib.figure.Figure, optional
        Figure to draw into (``plt.figure()`` to have pyplot show it); a new
        one by default.

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    X_train = np.asarray(data.X_train)
    if as_2d(X_train).shape[1] != 1:
        return predicted_vs_actual(estimator, data, fig=fig)
    X_test = np.asarray(data.X_test)
    x_train = as_2d(X_train)[:, 0]
    x_test = as_2d(X_test)[:, 0] if len(X_test) else np.empty(0)
    both = np.concatenate([x_train, x_test])
    lo, hi = both.min(), both.max()
    pad = 0.05 * (hi - lo or 1.0)
    grid = np.linspace(lo - pad, hi + pad, 200)
    dtype = X_train.dtype if np.issubdtype(X_train.dtype, np.floating) else np.float64
    line = np.ravel(estimator.predict(grid.reshape(-1, 1).astype(dtype)))

    fig = new_figure(fig, (6.4, 4.2))
    ax = fig.add_subplot()
    ax.scatter(x_train, np.ravel(data.y_train), s=18, color="tab:blue",
               alpha=0.7, label="training data")
    if x_test.size:
        ax.scatter(x_test, np.ravel(data.y_test), s=22, color="tab:green",
                   marker="^", alpha=0.8, label="test data")
    ax.plot(grid, line, color="tab:red", linewidth=2, label="fitted line")
    ax.set_xlabel(feature_names(data, 1)[0])
    ax.set_ylabel(target_name(data))
    ax.set_title("Fitted line")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best")
    fig.tight_layout()
    return fig


def _one_feature(estimator, data, what):
    """The single input column as the model sees it (after a pipeline's scaler), and y."""
    transform, model = split_pipeline(estimator)
    X = as_2d(np.asarray(data.X_train, dtype=np.float64))
    if X.shape[1] != 1:
        raise ValueError(f"{what} needs one input feature (theta_0 and theta_1); the data "
                         f"has {X.shape[1]}.")
    x = np.ravel(as_2d(transform(X)))
    y = np.ravel(np.asarray(data.y_train, dtype=np.float64))
    if len(y) != len(x):
        raise ValueError(f"{what} needs one target column.")
    return x, y, model


def _cost_grid(x, y, theta0, theta1):
    """J(theta_0, theta_1) = 1/(2m) sum((theta_0 + theta_1 x - y)^2) on a grid."""
    # expanded into sums so the grid costs O(grid), not O(grid * m)
    m = len(x)
    sx, sy, sxx, sxy, syy = x.sum(), y.sum(), x @ x, x @ y, y @ y
    t0, t1 = np.meshgrid(theta0, theta1)
    return (m * t0**2 + sxx * t1**2 + syy + 2 * t0 * t1 * sx - 2 * t0 * sy
            - 2 * t1 * sxy) / (2 * m)


def cost_contour(estimator, data, *, n_steps=40, equal_scale=False, fig=None, ax=None):
    """Contours of the cost J(theta_0, theta_1) and the path of gradient descent.

    The estimator's training is replayed on ``data.X_train`` (a copy,
    trained in ``n_steps`` parts with ``warm_start``: the same full-batch
    steps), and its (intercept, weight) after each part is drawn over the
    contours of the lecture's cost, from the initial theta (zero) to the
    minimum. With a scaler in the pipeline, theta is the model's, on the
    scaled feature.

    Parameters
    ----------
    estimator : LinearRegressionGD or Pipeline ending in one
        Fitted or not: only its parameters are used.
    data : Bunch or dict
        ``X_train`` (one feature) and ``y_train``.
    n_steps : int, default=40
        Points on the path.
    equal_scale : bool, default=False
        Draw theta_0 and theta_1 at the same scale, on a square around the
        path and the minimum, so that the contours show the cost's true
        shape (round, or a stretched valley) instead of filling the axes.
    fig : matplotlib.figure.Figure, optional
    ax : matplotlib.axes.Axes, optional
        Axes to draw into (for instance one panel of a comparison); then
        ``fig`` is its figure and the layout is left to the caller.

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    x, y, model = _one_feature(estimator, data, "cost_contour")
    path = []

    def record(copy, epoch):
        step = final_step(copy)
        path.append((float(np.ravel(step.intercept_)[0]), float(np.ravel(step.coef_)[0])))

    start = (0.0, 0.0)
    if get(model, "kernel_initializer", "zeros") == "zeros":
        path.append(start)
    replay(estimator, data.X_train, data.y_train, n_snapshots=n_steps, record=record)
    path = np.asarray(path)
    A = np.column_stack([np.ones_like(x), x])
    best = np.linalg.lstsq(A, y, rcond=None)[0]

    points = np.vstack([path, best])
    lo, hi = points.min(axis=0), points.max(axis=0)
    span = np.maximum(hi - lo, 1e-3 * (np.abs(hi) + 1))
    if equal_scale:  # a square: the same span on both axes, around the middle
        middle = (lo + hi) / 2
        span = np.full(2, span.max())
        lo, hi = middle - span / 2, middle + span / 2
    theta0 = np.linspace(lo[0] - 0.6 * span[0], hi[0] + 0.6 * span[0], 160)
    theta1 = np.linspace(lo[1] - 0.6 * span[1], hi[1] + 0.6 * span[1], 160)
    J = _cost_grid(x, y, theta0, theta1)
    j_min = max(float(J.min()), 1e-12)
    levels = np.geomspace(j_min, float(J.max()) * 1.0001, 18)

    own_axes = ax is None
    if own_axes:
        fig = new_figure(fig, (6.4, 5.0))
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    filled = ax.contourf(theta0, theta1, J, levels=levels, cmap="viridis", alpha=0.75,
                         locator=None)
    ax.contour(theta0, theta1, J, levels=levels, colors="k", linewidths=0.4, alpha=0.5)
    fig.colorbar(filled, ax=ax, label="cost J(θ₀, θ₁)", format="%.3g")
    ax.plot(path[:, 0], path[:, 1], "o-", color="tab:red", markersize=3, linewidth=1.5,
            label=f"gradient descent ({len(path) - 1} snapshots)")
    ax.plot(*path[0], "s", color="white", markeredgecolor="k", markersize=8, label="start")
    ax.plot(*best, "*", color="gold", markeredgecolor="k", markersize=14,
            label="minimum (least squares)")
    scaled = split_pipeline(estimator)[1] is not estimator
    feature = feature_names(data, 1)[0]
    ax.set_xlabel("θ₀ (intercept)")
    ax.set_ylabel(f"θ₁ (weight of {'scaled ' if scaled else ''}{feature})")
    ax.set_title("Cost J(θ₀, θ₁) and the path of gradient descent")
    ax.legend(loc="best", fontsize=8)
    if equal_scale:
        ax.set_aspect("equal")
    if own_axes:
        fig.tight_layout()
    return fig


def cost_history(estimator, data=None, *, fig=None):
    """The cost J per gradient-descent iteration of the fitted model.

    Parameters
    ----------
    estimator : fitted estimator or Pipeline of this package
        Reads the last step's ``history_["loss"]``.
    data : Bunch, optional
        Not used; accepted for the ``(estimator, data)`` convention.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    history = getattr(final_step(estimator), "history_", None)
    if not isinstance(history, dict) or not history.get("loss"):
        raise ValueError("cost_history needs a fitted estimator with history_['loss'].")
    loss = np.asarray(history["loss"], dtype=float)
    fig = new_figure(fig, (6.4, 4.2))
    ax = fig.add_subplot()
    ax.plot(np.arange(len(loss)), loss, "-", color="tab:blue", linewidth=2)
    ax.set_xlabel("iteration (epoch)")
    ax.set_ylabel("cost J(θ) before the step")
    finite = loss[np.isfinite(loss)]
    if finite.size and finite.min() > 0 and finite.max() / finite.min() > 50:
        ax.set_yscale("log")
    ax.set_title(f"Cost per iteration: {_number(finite[0])} → {_number(finite[-1])}"
                 if finite.size else "Cost per iteration")
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig


def _number(value):
    """A cost for a title: thousands separated, else four significant digits."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _too_large_rate(estimator, data):
    """A learning rate past the stability limit 2 / lambda_max of the cost's Hessian."""
    transform, _ = split_pipeline(estimator)
    X = as_2d(transform(as_2d(np.asarray(data.X_train, dtype=np.float64))))
    A = np.column_stack([np.ones(len(X)), X])
    lam = float(np.linalg.eigvalsh(A.T @ A / len(A)).max())
    return float(f"{2.5 / lam:.2g}")


def learning_rates(estimator, data, *, rates=None, epochs=50, fig=None):
    """The cost per iteration of gradient descent for several learning rates.

    A copy of the estimator is trained on ``data.X_train`` for each rate;
    one rate too large makes the cost grow instead of fall.

    Parameters
    ----------
    estimator : LinearRegressionGD or Pipeline ending in one
        Fitted or not: only its parameters are used.
    data : Bunch or dict
        ``X_train`` and ``y_train``.
    rates : sequence of float, optional
        Learning rates; by default 0.01, 0.03, 0.1, 0.3 and one past the
        stability limit (2.5 divided by the largest eigenvalue of the
        cost's Hessian, on the features the model sees).
    epochs : int, default=50
        Iterations per rate.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    from sklearn.base import clone

    if rates is None:
        rates = sorted({0.01, 0.03, 0.1, 0.3, _too_large_rate(estimator, data)})
    prefix = last_step_name(estimator)
    curves = {}
    for rate in rates:
        copy = clone(estimator).set_params(**{f"{prefix}learning_rate": float(rate),
                                              f"{prefix}epochs": int(epochs),
                                              f"{prefix}warm_start": False})
        copy.fit(data.X_train, data.y_train)
        curves[rate] = np.asarray(final_step(copy).history_["loss"], dtype=float)

    fig = new_figure(fig, (6.4, 4.4))
    ax = fig.add_subplot()
    first = min(c[0] for c in curves.values() if np.isfinite(c[0]))
    lowest = min(np.nanmin(np.where(np.isfinite(c), c, np.nan)) for c in curves.values())
    colors = ["tab:blue", "tab:green", "tab:orange", "tab:purple", "tab:red", "tab:brown",
              "tab:pink", "tab:gray"]
    for k, (rate, loss) in enumerate(curves.items()):
        diverged = not np.isfinite(loss[-1]) or loss[-1] > loss[0]
        shown = np.where(np.isfinite(loss), loss, np.nan)
        label = f"α = {rate:g}" + (" (too large: diverges)" if diverged else
                                   f": J = {_number(loss[-1])}")
        ax.plot(np.arange(len(loss)), shown, linewidth=2,
                linestyle="--" if diverged else "-", color=colors[k % len(colors)],
                label=label)
    ax.set_yscale("log")
    ax.set_ylim(max(lowest, 1e-12) * 0.8, first * 20)
    ax.set_xlabel("iteration (epoch)")
    ax.set_ylabel("cost J(θ) before the step")
    ax.set_title("Gradient descent with several learning rates α")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    return fig


def _baseline(data, baseline):
    if baseline is None:
        return None
    if isinstance(baseline, str):
        if baseline != "last":
            raise ValueError(f"baseline must be 'last', an array or None; got {baseline!r}.")
        # windows from make_windows with the target column last: today's value
        return as_2d(np.asarray(data.X_test, dtype=float))[:, -1]
    return np.ravel(np.asarray(baseline, dtype=float))


def predicted_vs_actual(estimator, data, *, baseline=None, fig=None):
    """Predictions against true values on the test data.

    Left: both as series in test order (for a time series, time order).
    Right: predicted against actual, with the line ``predicted = actual``.

    Parameters
    ----------
    estimator : fitted regressor or Pipeline
    data : Bunch or dict
        ``X_test`` and ``y_test``; optionally ``target_name``.
    baseline : {"last"}, array-like or None, default=None
        A naive prediction to compare with, drawn and scored beside the
        model: ``"last"`` is the last input column of each test row, which
        for windows of a series whose target column is the last
        (:func:`~keras_lectures.lectures.recurrent.make_windows`) is
        "tomorrow = today".
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
        The mean absolute errors of the model (and the baseline) are in the
        left panel's title.
    """
    y_test = np.ravel(np.asarray(data.y_test, dtype=float))
    pred = np.ravel(np.asarray(estimator.predict(data.X_test), dtype=float))
    if pred.size != y_test.size:  # multi-output: compare the first output
        pred = pred.reshape(len(y_test) if y_test.ndim == 1 else -1, -1)[:, 0]
    naive = _baseline(data, baseline)
    if naive is not None and naive.shape != y_test.shape:
        raise ValueError(f"the baseline has {naive.size} values for {y_test.size} test targets.")
    fig = new_figure(fig, (10, 4.0))
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [2, 1]})
    steps = np.arange(len(y_test))
    ax1.plot(steps, y_test, "-", color="tab:blue", label="actual")
    ax1.plot(steps, pred, "--", color="tab:red", label="predicted")
    title = f"Predicted and actual (model MAE {np.mean(np.abs(pred - y_test)):.3g}"
    if naive is not None:
        ax1.plot(steps, naive, ":", color="tab:gray", label="baseline: tomorrow = today"
                 if isinstance(baseline, str) else "baseline")
        title += f", baseline MAE {np.mean(np.abs(naive - y_test)):.3g}"
    ax1.set_xlabel("test example (in order)")
    ax1.set_ylabel(target_name(data))
    ax1.set_title(title + ")", fontsize=10)
    ax1.grid(True, alpha=0.3)
    ax1.legend(loc="best")
    ax2.scatter(y_test, pred, s=14, alpha=0.7, color="tab:purple")
    lo = float(min(y_test.min(), pred.min())) if y_test.size else 0.0
    hi = float(max(y_test.max(), pred.max())) if y_test.size else 1.0
    ax2.plot([lo, hi], [lo, hi], "k--", linewidth=1)
    ax2.set_xlabel("actual")
    ax2.set_ylabel("predicted")
    ax2.set_title("Predicted vs actual")
    ax2.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig


def errors(estimator, data, *, baseline=None):
    """Mean absolute errors on the test data: ``{"model": ..., "baseline": ...}``."""
    y_test = np.ravel(np.asarray(data.y_test, dtype=float))
    pred = np.ravel(np.asarray(estimator.predict(data.X_test), dtype=float))[: y_test.size]
    out = {"model": float(np.mean(np.abs(pred - y_test)))}
    naive = _baseline(data, baseline)
    if naive is not None:
        out["baseline"] = float(np.mean(np.abs(naive - y_test)))
    return out
