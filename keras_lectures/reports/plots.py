"""The two curves every lecture report has, drawn from plain numbers.

Figures are built with :class:`matplotlib.figure.Figure` directly (no pyplot),
so drawing touches no global state and needs no display.
"""

import numpy as np
from matplotlib.figure import Figure

__all__ = ["learning_curve_figure", "epoch_curve_figure", "save_png"]

TRAIN_COLOR = "tab:blue"
VALIDATION_COLOR = "tab:orange"


def _band(ax, x, mean, std, color, label):
    x = np.asarray(x, dtype=float)
    mean = np.asarray(mean, dtype=float)
    std = np.asarray(std, dtype=float)
    ax.plot(x, mean, "o-", color=color, label=label)
    ax.fill_between(x, mean - std, mean + std, color=color, alpha=0.2, linewidth=0)


def learning_curve_figure(curve, *, title=None):
    """Error against training-set size with a +-1 std band.

    Parameters
    ----------
    curve : LearningCurveData
    title : str, optional
    """
    fig = Figure(figsize=(6.4, 4.2), dpi=100)
    ax = fig.add_subplot()
    _band(ax, curve.train_sizes, curve.train_error_mean, curve.train_error_std,
          TRAIN_COLOR, "training error")
    _band(ax, curve.train_sizes, curve.validation_error_mean,
          curve.validation_error_std, VALIDATION_COLOR, "validation error")
    ax.set_xlabel("training-set size (examples)")
    ax.set_ylabel(curve.error_name)
    ax.set_title(title or "Learning curve (mean ± 1 std over splits)")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best")
    fig.tight_layout()
    return fig


def epoch_curve_figure(curve, *, title=None):
    """Loss per epoch, training and (when present) validation.

    Parameters
    ----------
    curve : EpochCurveData
    title : str, optional
    """
    fig = Figure(figsize=(6.4, 4.2), dpi=100)
    ax = fig.add_subplot()
    epochs = np.asarray(curve.epochs, dtype=float)
    ax.plot(epochs, np.asarray(curve.loss, dtype=float), "-", color=TRAIN_COLOR,
            label=f"training {curve.loss_name}")
    if curve.validation_loss is not None and len(curve.validation_loss):
        ax.plot(epochs, np.asarray(curve.validation_loss, dtype=float), "-",
                color=VALIDATION_COLOR, label=f"validation {curve.loss_name}")
    loss = np.asarray(curve.loss, dtype=float)
    positive = loss[np.isfinite(loss)]
    if positive.size and positive.min() > 0 and positive.max() / positive.min() > 50:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(curve.loss_name)
    ax.set_title(title or "Loss per epoch")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best")
    fig.tight_layout()
    return fig


def save_png(fig, path):
    """Save ``fig`` as a PNG file."""
    fig.savefig(path, format="png")
