"""The recurrent-network lecture's figure: the gradient through time.

``gradient_over_time`` draws, for one or several sequence models, the size of
``d loss / d x_t`` against the time lag (how many steps before the end step
``t`` lies), on a log scale: a straight falling line is a gradient that
vanishes geometrically, a rising one a gradient that explodes.
"""

import numpy as np

from keras_lectures.reports.pictures._common import get, new_figure

__all__ = ["gradient_over_time"]

_COLORS = ["tab:red", "tab:blue", "tab:green", "tab:orange", "tab:purple", "tab:brown"]


def gradient_over_time(estimator, data, *, n_samples=256, loss="mean_squared_error",
                       fig=None):
    """The gradient's size at every time lag (backpropagation through time).

    Parameters
    ----------
    estimator : fitted estimator, Pipeline or keras.Model, or a dict of them
        A sequence model (:class:`~keras_lectures.lectures.LSTMRegressor`
        with any ``cell``, or a Keras model); a dict ``{label: model}``
        draws one line per model.
    data : Bunch or dict
        ``X_train`` (sequences) and ``y_train``; the first ``n_samples``
        examples are used.
    n_samples : int, default=256
    loss : str or callable, default="mean_squared_error"
        Keras loss of one example.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
        One line per model: the mean norm of ``d loss / d x_t`` against the
        lag ``T - t`` (0: the last step), on a log scale.
    """
    from keras_lectures.lectures.recurrent import gradient_through_time

    models = estimator if isinstance(estimator, dict) else {"model": estimator}
    X = np.asarray(get(data, "X_train"))[:n_samples]
    y = np.asarray(get(data, "y_train"))[:n_samples]
    fig = new_figure(fig, (6.4, 4.4))
    ax = fig.add_subplot()
    for (label, model), color in zip(models.items(), _COLORS * len(models)):
        norms = gradient_through_time(model, X, y, loss=loss)[::-1]
        lags = np.arange(len(norms))
        positive = norms > 0
        ax.plot(lags[positive], norms[positive], "o-", color=color, markersize=3,
                label=f"{label}: {norms[-1]:.2g} at lag {lags[-1]}")
    ax.set_yscale("log")
    ax.set_xlabel("time lag T - t (steps before the last input)")
    ax.set_ylabel("mean ‖d loss / d x_t‖")
    ax.set_title("Backpropagation through time: the gradient at each lag")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    return fig
