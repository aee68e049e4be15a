"""What the picture functions share: reading the data, the model inside a pipeline, figures."""

import numpy as np
from matplotlib.figure import Figure

__all__ = [
    "get",
    "as_2d",
    "feature_names",
    "target_name",
    "final_step",
    "split_pipeline",
    "last_step_name",
    "new_figure",
    "model_of",
    "replay",
]


def get(data, key, default=None):
    """``data[key]`` for a dict, ``data.key`` otherwise (``default`` when absent)."""
    if isinstance(data, dict):
        return data.get(key, default)
    return getattr(data, key, default)


def as_2d(X):
    """``X`` as an array of flat rows."""
    X = np.asarray(X)
    return X.reshape(len(X), -1)


def feature_names(data, n):
    """The data's ``feature_names`` when there are ``n`` of them, else x1 ... xn."""
    names = get(data, "feature_names")
    if names is None or len(names) != n:
        return [f"x{i + 1}" for i in range(n)]
    return [str(name) for name in names]


def target_name(data):
    """The data's ``target_name``, else "target"."""
    return str(get(data, "target_name", None) or "target")


def final_step(estimator):
    """The model inside pipelines and target transformers (fitted when fitted)."""
    for _ in range(10):
        steps = getattr(estimator, "steps", None)
        if steps:
            estimator = steps[-1][1]
            continue
        inner = getattr(estimator, "regressor_", None) or getattr(estimator, "regressor", None)
        if inner is not None and not isinstance(inner, str):
            estimator = inner
            continue
        break
    return estimator


def split_pipeline(estimator):
    """``(transform, model)``: the pipeline's preprocessing as a function, and its last step.

    For a plain estimator ``transform`` is the identity.
    """
    steps = getattr(estimator, "steps", None)
    if steps and len(steps) > 1:
        prep = estimator[:-1]
        return prep.transform, steps[-1][1]
    if steps:
        return (lambda X: X), steps[-1][1]
    return (lambda X: X), estimator


def last_step_name(estimator):
    """The parameter prefix of a pipeline's last step (``""`` for a plain estimator)."""
    steps = getattr(estimator, "steps", None)
    return f"{steps[-1][0]}__" if steps else ""


def new_figure(fig, figsize):
    """``fig`` when given (cleared of nothing: drawn into as it is), else a new Figure.

    Figures are built with :class:`matplotlib.figure.Figure` directly, so
    drawing touches no pyplot state; pass ``fig=plt.figure()`` to have pyplot
    (a notebook, sphinx-gallery) show the picture.
    """
    if fig is not None:
        return fig
    return Figure(figsize=figsize, dpi=100)


def model_of(estimator, what):
    """The fitted Keras model of a package estimator (inside a pipeline too)."""
    model = getattr(final_step(estimator), "model_", None)
    if model is None:
        raise ValueError(
            f"{what} needs a fitted estimator of this package (a Keras model in "
            f"model_); got {type(final_step(estimator)).__name__}."
        )
    return model


def replay(estimator, X, y, *, n_snapshots, record, epochs=None):
    """Train a copy of ``estimator`` again, calling ``record`` at regular epochs.

    The copy (:func:`sklearn.base.clone`) is trained with ``warm_start`` in
    ``n_snapshots`` parts of equal length: each ``fit`` continues where the
    last stopped (same weights, same optimizer state), so full-batch
    training takes the very steps one ``fit`` takes. ``record(copy, epochs)``
    is called after each part, with the epochs trained so far.

    Parameters
    ----------
    estimator : estimator or Pipeline
        Its last step needs ``warm_start`` and ``epochs`` parameters (every
        estimator of this package has them).
    X, y : array-like
    n_snapshots : int
        Parts to train in.
    record : callable
        ``record(fitted_copy, epochs_done)``.
    epochs : int, optional
        Epochs in all; the estimator's own ``epochs`` by default.

    Returns
    -------
    fitted_copy : estimator
    """
    from sklearn.base import clone

    prefix = last_step_name(estimator)
    params = estimator.get_params()
    if f"{prefix}epochs" not in params or f"{prefix}warm_start" not in params:
        raise ValueError(
            "replaying training needs an estimator with 'epochs' and 'warm_start' "
            f"parameters (the last step of a pipeline); {type(final_step(estimator)).__name__}"
            " has not both."
        )
    total = int(epochs if epochs is not None else params[f"{prefix}epochs"])
    n_snapshots = max(1, min(int(n_snapshots), total))
    bounds = np.linspace(0, total, n_snapshots + 1).round().astype(int)
    copy = clone(estimator)
    done = 0
    for stop in bounds[1:]:
        part = int(stop - done)
        if part <= 0:
            continue
        copy.set_params(**{f"{prefix}warm_start": True, f"{prefix}epochs": part})
        copy.fit(X, y)
        done = int(stop)
        record(copy, done)
    return copy
