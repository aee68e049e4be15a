"""Each lecture's own picture, drawn from a fitted estimator and its data.

Every function takes ``(estimator, data)``: a fitted scikit-learn-compatible
estimator (or pipeline) and the lecture data, a :class:`sklearn.utils.Bunch`
with ``X_train``, ``y_train``, ``X_test``, ``y_test`` and optionally
``feature_names`` and ``image_shape``. They call ``predict`` (and
``predict_proba`` where it helps) but never fit the model, and return a
:class:`matplotlib.figure.Figure`.

========================  ===================================================
``fitted_line``           data and the model's line (one input feature)
``decision_boundary``     the classifier's regions over a 2-D plane
``misclassified_images``  a grid of test images the model got wrong
``predicted_vs_actual``   the model's predictions against the true values
========================  ===================================================
"""

import numpy as np
from matplotlib.figure import Figure

__all__ = [
    "PICTURES",
    "draw",
    "fitted_line",
    "decision_boundary",
    "misclassified_images",
    "predicted_vs_actual",
]


def _get(data, key, default=None):
    if isinstance(data, dict):
        return data.get(key, default)
    return getattr(data, key, default)


def _as_2d(X):
    X = np.asarray(X)
    return X.reshape(len(X), -1)


def _feature_names(data, n):
    names = _get(data, "feature_names")
    if names is None or len(names) != n:
        return [f"x{i + 1}" for i in range(n)]
    return [str(name) for name in names]


def _target_name(data):
    return str(_get(data, "target_name", None) or "target")


def fitted_line(estimator, data):
    """The training and test points and the fitted line (or curve).

    With more than one input feature the line cannot be drawn; the picture is
    then :func:`predicted_vs_actual`.
    """
    X_train = np.asarray(data.X_train)
    if _as_2d(X_train).shape[1] != 1:
        return predicted_vs_actual(estimator, data)
    X_test = np.asarray(data.X_test)
    x_train = _as_2d(X_train)[:, 0]
    x_test = _as_2d(X_test)[:, 0] if len(X_test) else np.empty(0)
    lo = min(x_train.min(), x_test.min() if x_test.size else x_train.min())
    hi = max(x_train.max(), x_test.max() if x_test.size else x_train.max())
    pad = 0.05 * (hi - lo or 1.0)
    grid = np.linspace(lo - pad, hi + pad, 200)
    line = np.ravel(estimator.predict(grid.reshape(-1, 1).astype(X_train.dtype)))

    fig = Figure(figsize=(6.4, 4.2), dpi=100)
    ax = fig.add_subplot()
    ax.scatter(x_train, np.ravel(data.y_train), s=18, color="tab:blue",
               alpha=0.7, label="training data")
    if x_test.size:
        ax.scatter(x_test, np.ravel(data.y_test), s=22, color="tab:green",
                   marker="^", alpha=0.8, label="test data")
    ax.plot(grid, line, color="tab:red", linewidth=2, label="fitted line")
    ax.set_xlabel(_feature_names(data, 1)[0])
    ax.set_ylabel(_target_name(data))
    ax.set_title("Fitted line")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best")
    fig.tight_layout()
    return fig


def decision_boundary(estimator, data, *, resolution=150):
    """The classifier's decision regions over the input plane.

    Two input features are drawn directly. With more, the plane is the first
    two principal components of the training inputs, and each point of the
    plane is mapped back to the input space (the other components at their
    mean) before the model predicts it: a slice through the decision function.
    """
    X_train = _as_2d(data.X_train).astype(float)
    X_test = _as_2d(data.X_test).astype(float) if len(data.X_test) else X_train[:0]
    y_train = np.ravel(data.y_train)
    y_test = np.ravel(data.y_test)
    n_features = X_train.shape[1]
    dtype = np.asarray(data.X_train).dtype
    if not np.issubdtype(dtype, np.floating):
        dtype = np.float32

    if n_features == 2:
        P_train, P_test = X_train, X_test
        labels = _feature_names(data, 2)

        def to_input(points):
            return points
    elif n_features > 2:
        from sklearn.decomposition import PCA

        # Project in the space the model itself sees: after a pipeline's
        # preprocessing steps (a scaler), so no raw feature scale dominates.
        steps = getattr(estimator, "steps", None)
        if steps and len(steps) > 1:
            prep = estimator[:-1]
            estimator = steps[-1][1]
            X_train = _as_2d(prep.transform(X_train.astype(dtype))).astype(float)
            if len(X_test):
                X_test = _as_2d(prep.transform(X_test.astype(dtype))).astype(float)
        pca = PCA(n_components=2).fit(X_train)
        P_train = pca.transform(X_train)
        P_test = pca.transform(X_test) if len(X_test) else np.empty((0, 2))
        labels = ["principal component 1", "principal component 2"]
        to_input = pca.inverse_transform
    else:
        raise ValueError("decision_boundary needs at least two input features")

    both = np.vstack([P_train, P_test]) if len(P_test) else P_train
    lo, hi = both.min(axis=0), both.max(axis=0)
    pad = 0.1 * np.where(hi - lo > 0, hi - lo, 1.0)
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    grid = to_input(np.column_stack([gx.ravel(), gy.ravel()])).astype(dtype)

    classes = np.unique(np.concatenate([y_train, y_test]))
    fig = Figure(figsize=(6.4, 5.0), dpi=100)
    ax = fig.add_subplot()
    proba = None
    if len(classes) == 2 and hasattr(estimator, "predict_proba"):
        try:
            proba = np.asarray(estimator.predict_proba(grid))[:, -1].reshape(gx.shape)
        except Exception:  # a model without usable probabilities: draw labels
            proba = None
    if proba is not None:
        filled = ax.contourf(gx, gy, proba, levels=np.linspace(0, 1, 11),
                             cmap="RdBu_r", alpha=0.45)
        ax.contour(gx, gy, proba, levels=[0.5], colors="k", linewidths=1.5)
        fig.colorbar(filled, ax=ax, label=f"P(class {classes[-1]})")
    else:
        pred = np.ravel(estimator.predict(grid))
        index = np.searchsorted(classes, pred).reshape(gx.shape)
        ax.contourf(gx, gy, index, levels=np.arange(len(classes) + 1) - 0.5,
                    cmap="tab10", alpha=0.3)
    cmap = "RdBu_r" if len(classes) == 2 else "tab10"
    vmax = max(len(classes) - 1, 1)
    ax.scatter(P_train[:, 0], P_train[:, 1], c=np.searchsorted(classes, y_train),
               cmap=cmap, vmin=0, vmax=vmax, edgecolors="k", linewidths=0.5, s=24,
               label="training")
    if len(P_test):
        ax.scatter(P_test[:, 0], P_test[:, 1], c=np.searchsorted(classes, y_test),
                   cmap=cmap, vmin=0, vmax=vmax, edgecolors="k", linewidths=0.5,
                   marker="^", s=34,
                   label="test")
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.set_title("Decision boundary")
    ax.legend(loc="best")
    fig.tight_layout()
    return fig


def _image_shape(data, n_pixels):
    shape = _get(data, "image_shape")
    if shape is not None:
        shape = tuple(int(s) for s in shape)
        if len(shape) == 3 and shape[-1] == 1:
            shape = shape[:2]
        return shape
    side = int(round(np.sqrt(n_pixels)))
    if side * side != n_pixels:
        raise ValueError("misclassified_images needs square images or data.image_shape")
    return side, side


def misclassified_images(estimator, data, *, max_images=25):
    """A grid of test images the model got wrong, titled ``true -> predicted``.

    When it got none wrong, the first test images are shown, titled with their
    correct label.
    """
    X_test = np.asarray(data.X_test)
    y_test = np.ravel(data.y_test)
    pred = np.ravel(estimator.predict(X_test))
    wrong = np.flatnonzero(pred != y_test)
    shown = wrong[:max_images] if wrong.size else np.arange(min(len(X_test), max_images))
    flat = _as_2d(X_test)
    shape = _image_shape(data, flat.shape[1])

    n = max(len(shown), 1)
    cols = int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    fig = Figure(figsize=(1.4 * cols + 0.4, 1.55 * rows + 0.7), dpi=100)
    if wrong.size:
        fig.suptitle(f"{wrong.size} of {len(y_test)} test images misclassified "
                     f"(first {len(shown)}: true → predicted)")
    else:
        fig.suptitle(f"No test image misclassified (first {len(shown)} shown)")
    for k, i in enumerate(shown):
        ax = fig.add_subplot(rows, cols, k + 1)
        ax.imshow(flat[i].reshape(shape), cmap="gray_r", interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        if wrong.size:
            ax.set_title(f"{y_test[i]} → {pred[i]}", color="tab:red", fontsize=9)
        else:
            ax.set_title(f"{y_test[i]}", color="tab:green", fontsize=9)
    fig.tight_layout()
    return fig


def predicted_vs_actual(estimator, data):
    """Predictions against true values on the test data.

    Left: both as series in test order (for a time series, time order).
    Right: predicted against actual, with the line ``predicted = actual``.
    """
    y_test = np.ravel(np.asarray(data.y_test, dtype=float))
    pred = np.ravel(np.asarray(estimator.predict(data.X_test), dtype=float))
    if pred.size != y_test.size:  # multi-output: compare the first output
        pred = pred.reshape(len(y_test) if y_test.ndim == 1 else -1, -1)[:, 0]
    fig = Figure(figsize=(10, 4.0), dpi=100)
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [2, 1]})
    steps = np.arange(len(y_test))
    ax1.plot(steps, y_test, "-", color="tab:blue", label="actual")
    ax1.plot(steps, pred, "--", color="tab:red", label="predicted")
    ax1.set_xlabel("test example (in order)")
    ax1.set_ylabel(_target_name(data))
    ax1.set_title("Predicted and actual")
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


#: picture name (as in ``Lecture.picture``) -> (function, caption)
PICTURES = {
    "fitted_line": (fitted_line, "The fitted line over the data"),
    "decision_boundary": (decision_boundary, "The decision boundary"),
    "misclassified_images": (misclassified_images, "Misclassified test images"),
    "predicted_vs_actual": (predicted_vs_actual, "Predicted against actual values"),
}


def draw(name, estimator, data):
    """Draw the picture ``name`` for a fitted estimator; return ``(figure, caption)``."""
    try:
        function, caption = PICTURES[name]
    except KeyError:
        raise ValueError(
            f"unknown picture {name!r}; choose one of {', '.join(PICTURES)}"
        ) from None
    return function(estimator, data), caption
