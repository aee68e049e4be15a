"""Decision boundaries: the logistic-regression lectures' figures.

``decision_boundary`` draws a fitted classifier's regions over its input
plane (exercise 2); ``boundaries_by_lambda`` trains the regularised model
with lambda = 0, 1 and 100 and draws the three boundaries side by side
(exercise 2, regularised: overfit, fit, underfit).
"""

import numpy as np

from keras_lectures.reports.pictures._common import (
    as_2d,
    feature_names,
    last_step_name,
    new_figure,
)

__all__ = ["decision_boundary", "boundaries_by_lambda", "Plane"]


class Plane:
    """A grid over the 2-D input plane of a classification data set.

    Parameters
    ----------
    data : Bunch or dict
        ``X_train``, ``y_train``, ``X_test``, ``y_test`` with two features.
    resolution : int
        Grid points along each axis.

    Attributes
    ----------
    xs, ys : ndarray
        The grid's axes (10 % wider than the data).
    points : ndarray of shape (resolution ** 2, 2)
        The grid, in the data's dtype.
    classes : ndarray
        The class labels in the training and test data.
    labels : list of str
        Axis labels: the feature names.
    """

    def __init__(self, data, resolution=100):
        X_train = as_2d(data.X_train)
        if X_train.shape[1] != 2:
            raise ValueError(
                f"the input plane needs two input features; the data has {X_train.shape[1]}."
            )
        self.X_train = X_train.astype(float)
        self.X_test = as_2d(data.X_test).astype(float) if len(data.X_test) else \
            self.X_train[:0]
        self.y_train = np.ravel(data.y_train)
        self.y_test = np.ravel(data.y_test)
        dtype = np.asarray(data.X_train).dtype
        self.dtype = dtype if np.issubdtype(dtype, np.floating) else np.float32
        both = np.vstack([self.X_train, self.X_test])
        lo, hi = both.min(axis=0), both.max(axis=0)
        pad = 0.1 * np.where(hi - lo > 0, hi - lo, 1.0)
        self.xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
        self.ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
        gx, gy = np.meshgrid(self.xs, self.ys)
        self.shape = gx.shape
        self.points = np.column_stack([gx.ravel(), gy.ravel()]).astype(self.dtype)
        self.classes = np.unique(np.concatenate([self.y_train, self.y_test]))
        self.labels = feature_names(data, 2)

    def response(self, estimator):
        """P(last class) on the grid for two classes (when available), else class indices."""
        if len(self.classes) == 2 and hasattr(estimator, "predict_proba"):
            try:
                proba = np.asarray(estimator.predict_proba(self.points))[:, -1]
                return proba.reshape(self.shape), True
            except Exception:  # a model without usable probabilities: draw labels
                pass
        pred = np.ravel(estimator.predict(self.points))
        return np.searchsorted(self.classes, pred).reshape(self.shape), False

    def regions(self, ax, response, is_proba, *, smooth=False):
        """The filled regions and the P = 0.5 line; returns the filled contour.

        ``smooth`` draws probabilities as an image (cheaper to draw, used by
        the animation) instead of filled contour bands.
        """
        if is_proba and smooth:
            image = ax.imshow(response, origin="lower", cmap="RdBu_r", vmin=0, vmax=1,
                              alpha=0.45, aspect="auto", interpolation="bilinear",
                              extent=(self.xs[0], self.xs[-1], self.ys[0], self.ys[-1]),
                              zorder=0)
            if response.min() < 0.5 < response.max():
                ax.contour(self.xs, self.ys, response, levels=[0.5], colors="k",
                           linewidths=1.5, zorder=1)
            return image
        if is_proba:
            filled = ax.contourf(self.xs, self.ys, response, levels=np.linspace(0, 1, 11),
                                 cmap="RdBu_r", alpha=0.45, vmin=0, vmax=1, zorder=0)
            if response.min() < 0.5 < response.max():
                ax.contour(self.xs, self.ys, response, levels=[0.5], colors="k",
                           linewidths=1.5, zorder=1)
            return filled
        return ax.contourf(self.xs, self.ys, response,
                           levels=np.arange(len(self.classes) + 1) - 0.5,
                           cmap="tab10", alpha=0.3, zorder=0)

    def draw(self, ax, response, is_proba, *, test=True, colorbar_fig=None, legend=True,
             smooth=False):
        """Regions, the boundary and the points on ``ax``; returns the filled regions."""
        from matplotlib.colors import ListedColormap

        filled = self.regions(ax, response, is_proba, smooth=smooth)
        if is_proba and colorbar_fig is not None:
            colorbar_fig.colorbar(filled, ax=ax, label=f"P(class {self.classes[-1]})")
        cmap = ListedColormap(["tab:blue", "tab:red"]) if len(self.classes) == 2 else "tab10"
        vmax = max(len(self.classes) - 1, 1)
        ax.scatter(self.X_train[:, 0], self.X_train[:, 1],
                   c=np.searchsorted(self.classes, self.y_train), cmap=cmap, vmin=0,
                   vmax=vmax, edgecolors="k", linewidths=0.5, s=22, label="training")
        if test and len(self.X_test):
            ax.scatter(self.X_test[:, 0], self.X_test[:, 1],
                       c=np.searchsorted(self.classes, self.y_test), cmap=cmap, vmin=0,
                       vmax=vmax, edgecolors="k", linewidths=0.5, marker="^", s=32,
                       label="test")
        ax.set_xlim(self.xs[0], self.xs[-1])
        ax.set_ylim(self.ys[0], self.ys[-1])
        ax.set_xlabel(self.labels[0])
        ax.set_ylabel(self.labels[1])
        if legend:
            ax.legend(loc="upper right", fontsize=8)
        return filled


def decision_boundary(estimator, data, *, resolution=150, fig=None):
    """The classifier's decision regions over the input plane.

    Two input features are drawn directly. With more, the plane is the first
    two principal components of the training inputs (after a pipeline's
    preprocessing), and each point of the plane is mapped back to the input
    space (the other components at their mean) before the model predicts it:
    a slice through the decision function.

    Parameters
    ----------
    estimator : fitted classifier or Pipeline
        Called through ``predict_proba`` (two classes) or ``predict``.
    data : Bunch or dict
        ``X_train``, ``y_train``, ``X_test``, ``y_test``; optionally
        ``feature_names``.
    resolution : int, default=150
        Grid points along each axis.
    fig : matplotlib.figure.Figure, optional
        Figure to draw into (``plt.figure()`` to have pyplot show it).

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    n_features = as_2d(data.X_train).shape[1]
    if n_features < 2:
        raise ValueError("decision_boundary needs at least two input features")
    if n_features > 2:
        data, estimator = _projected(estimator, data)
    plane = Plane(data, resolution)
    response, is_proba = plane.response(estimator)
    fig = new_figure(fig, (6.4, 5.0))
    ax = fig.add_subplot()
    plane.draw(ax, response, is_proba, colorbar_fig=fig)
    ax.set_title("Decision boundary" + (" (P = 0.5)" if is_proba else ""))
    fig.tight_layout()
    return fig


class _Through:
    """A classifier seen through a map from the plane to its input space."""

    def __init__(self, estimator, to_input, dtype):
        self.estimator, self.to_input, self.dtype = estimator, to_input, dtype
        if hasattr(estimator, "predict_proba"):
            self.predict_proba = lambda P: estimator.predict_proba(self._inputs(P))

    def _inputs(self, P):
        return self.to_input(np.asarray(P, dtype=float)).astype(self.dtype)

    def predict(self, P):
        return self.estimator.predict(self._inputs(P))


def _projected(estimator, data):
    """The data on its first two principal components, and the model seen through them."""
    from sklearn.decomposition import PCA
    from sklearn.utils import Bunch

    dtype = np.asarray(data.X_train).dtype
    dtype = dtype if np.issubdtype(dtype, np.floating) else np.float32
    X_train = as_2d(data.X_train).astype(dtype)
    X_test = as_2d(data.X_test).astype(dtype)
    # project in the space the model itself sees: after a pipeline's
    # preprocessing steps (a scaler), so no raw feature scale dominates
    steps = getattr(estimator, "steps", None)
    if steps and len(steps) > 1:
        prep = estimator[:-1]
        estimator = steps[-1][1]
        X_train = as_2d(prep.transform(X_train))
        if len(X_test):
            X_test = as_2d(prep.transform(X_test))
    pca = PCA(n_components=2).fit(X_train.astype(float))
    projected = Bunch(
        X_train=pca.transform(X_train.astype(float)),
        X_test=pca.transform(X_test.astype(float)) if len(X_test) else np.empty((0, 2)),
        y_train=data.y_train, y_test=data.y_test,
        feature_names=["principal component 1", "principal component 2"],
    )
    return projected, _Through(estimator, pca.inverse_transform, dtype)


def boundaries_by_lambda(estimator, data, *, alphas=(0.0, 1.0, 100.0), epochs=None,
                         resolution=100, fig=None):
    """Decision boundaries of one model trained with several L2 strengths lambda.

    A copy of the estimator is trained on ``data.X_train`` for each
    ``alpha`` (the lecture's lambda); the panels show the boundaries side by
    side with the training accuracy of each: no penalty overfits (a wiggly
    boundary around every point), lambda = 1 fits, lambda = 100 underfits.

    Parameters
    ----------
    estimator : classifier or Pipeline whose last step has ``alpha``
        Fitted or not: only its parameters are used (for instance
        ``PolynomialFeatures(6)`` then :class:`LogisticRegressionGD`).
    data : Bunch or dict
        Two input features.
    alphas : sequence of float, default=(0, 1, 100)
    epochs : int, optional
        Epochs of each training; the estimator's own by default.
        Gradient descent's step is lowered to ``m / (2 alpha)`` (``m``
        training rows) where the estimator's is larger: beyond ``2 m /
        alpha`` the penalty alone makes the weights oscillate.
    resolution : int, default=100
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    from sklearn.base import clone

    plane = Plane(data, resolution)
    prefix = last_step_name(estimator)
    if f"{prefix}alpha" not in estimator.get_params():
        raise ValueError("boundaries_by_lambda needs an estimator with an 'alpha' parameter "
                         "(the last step of a pipeline).")
    fig = new_figure(fig, (4.2 * len(alphas), 4.3))
    axes = fig.subplots(1, len(alphas), squeeze=False)[0]
    rate = estimator.get_params().get(f"{prefix}learning_rate")
    m = len(np.ravel(data.y_train))
    for ax, alpha in zip(axes, alphas):
        params = {f"{prefix}alpha": float(alpha), f"{prefix}warm_start": False}
        if rate and alpha:
            # the penalty alone shrinks w by (1 - rate * alpha / m) a step:
            # a step past 2 m / alpha oscillates, so keep it at m / (2 alpha)
            params[f"{prefix}learning_rate"] = min(float(rate), m / (2.0 * alpha))
        if epochs is not None:
            params[f"{prefix}epochs"] = int(epochs)
        model = clone(estimator).set_params(**params).fit(data.X_train, data.y_train)
        accuracy = model.score(data.X_train, data.y_train)
        response, is_proba = plane.response(model)
        plane.draw(ax, response, is_proba, test=False, legend=ax is axes[0])
        ax.set_title(f"λ = {alpha:g}: training accuracy {accuracy:.1%}", fontsize=10)
    fig.suptitle("Decision boundary (P = 0.5) for three regularisation strengths λ")
    fig.tight_layout()
    return fig
