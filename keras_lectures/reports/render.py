"""Render report folders from results; no training happens here.

``render_lecture(result, output)`` writes ``output/<lecture-id>/`` with
``learning_curve.png``, ``epoch_curve.png``, the lecture's own pictures,
``summary.json`` and ``index.html``; the folder is built beside the old one and
swapped in only when complete. ``render_index(output)`` rewrites
``output/index.html`` from the ``summary.json`` of every lecture folder there.
"""

import json
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from keras_lectures.reports.atomic import atomic_directory, atomic_write_text
from keras_lectures.reports.html import index_page, lecture_page

__all__ = ["render_lecture", "render_index", "read_summaries", "learning_curve_figure",
           "epoch_curve_figure", "save_png"]

_FIGSIZE = (6.4, 4.2)


def _per_split(values, mean, std):
    """Per-split values, shape (n_points, n_splits), for a curve Display.

    Where only the mean and standard deviation were kept, the two columns
    ``mean - std`` and ``mean + std`` have exactly that mean and std.
    """
    if values is not None:
        return np.asarray(values, dtype=float)
    mean, std = np.asarray(mean, dtype=float), np.asarray(std, dtype=float)
    return np.column_stack([mean - std, mean + std])


def learning_curve_figure(curve, *, title=None):
    """Error against training-set size (mean ± 1 std over splits), drawn by
    :class:`~keras_lectures.diagnostics.LearningCurveDisplay`.

    Parameters
    ----------
    curve : LearningCurveData
    title : str, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    from keras_lectures.diagnostics import LearningCurveDisplay, LearningCurveResult

    train = _per_split(curve.train_errors, curve.train_error_mean, curve.train_error_std)
    validation = _per_split(curve.validation_errors, curve.validation_error_mean,
                            curve.validation_error_std)
    result = LearningCurveResult(
        train_sizes=np.asarray(curve.train_sizes), train_scores=train,
        test_scores=validation, fit_times=np.zeros_like(train),
        score_times=np.zeros_like(train), score_name=curve.error_name,
        error_name=curve.error_name, error_offset=0.0, greater_is_better=False)
    fig = Figure(figsize=_FIGSIZE, dpi=100)
    display = LearningCurveDisplay(result).plot(ax=fig.add_subplot(), log_scale=False)
    display.ax_.set_title(title or "Learning curve (mean ± 1 std over splits)")
    display.ax_.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig


def epoch_curve_figure(curve, *, title=None):
    """Loss per epoch, training and (when measured) validation, drawn by
    :class:`~keras_lectures.diagnostics.EpochCurveDisplay`; a log scale when
    the loss spans more than a factor 50.

    Parameters
    ----------
    curve : EpochCurveData
    title : str, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    from keras_lectures.diagnostics import EpochCurveDisplay, EpochCurveResult

    loss = np.asarray(curve.loss, dtype=float)
    has_validation = curve.validation_loss is not None and len(curve.validation_loss)
    validation = (np.asarray(curve.validation_loss, dtype=float) if has_validation
                  else np.full_like(loss, np.nan))
    result = EpochCurveResult(
        epochs=np.asarray(curve.epochs), metric=curve.loss_name,
        train_history=loss[:, None], validation_history=validation[:, None],
        error_name=curve.loss_name, error_offset=0.0, greater_is_better=False)
    fig = Figure(figsize=_FIGSIZE, dpi=100)
    display = EpochCurveDisplay(result).plot(
        ax=fig.add_subplot(), score_type="both" if has_validation else "train",
        std_display_style=None)
    for line in display.lines_:  # one point per epoch: a plain line
        line.set_marker("")
    display.ax_.legend()
    finite = loss[np.isfinite(loss)]
    if finite.size and finite.min() > 0 and finite.max() / finite.min() > 50:
        display.ax_.set_yscale("log")
    display.ax_.set_title(title or "Loss per epoch")
    display.ax_.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig


def save_png(fig, path):
    """Save ``fig`` as a PNG file."""
    fig.savefig(path, format="png")


def _close(fig):
    # Figures built with matplotlib.figure.Figure need no pyplot bookkeeping;
    # dropping the canvas' renderer frees its memory early.
    fig.clf()


def render_lecture(result, output):
    """Write the report folder of one lecture result.

    Parameters
    ----------
    result : LectureResult
    output : path-like
        The reports folder; the lecture's folder is ``output/<lecture_id>``.

    Returns
    -------
    path : pathlib.Path
        The lecture's report folder.
    """
    output = Path(output)
    target = output / result.lecture_id
    summary = result.summary()
    if not summary.get("created"):
        summary["created"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    images = []
    with atomic_directory(target) as folder:
        if result.learning_curve is not None:
            fig = learning_curve_figure(
                result.learning_curve, title=f"Learning curve: {result.title}"
            )
            save_png(fig, folder / "learning_curve.png")
            _close(fig)
            images.append({"file": "learning_curve.png",
                           "caption": "Learning curve: error against training-set size "
                                      "(mean ± 1 std over splits)"})
        if result.epoch_curve is not None:
            fig = epoch_curve_figure(result.epoch_curve, title=f"Loss per epoch: {result.title}")
            save_png(fig, folder / "epoch_curve.png")
            _close(fig)
            images.append({"file": "epoch_curve.png", "caption": "Loss per epoch"})
        for name, (fig, caption) in result.pictures.items():
            if hasattr(fig, "save"):  # an animation: an animated image
                fig.save(folder / name)
                fig = fig.figure_
            else:
                save_png(fig, folder / name)
            _close(fig)
            images.append({"file": name, "caption": caption})
        summary["images"] = images
        (folder / "summary.json").write_text(
            json.dumps(summary, indent=2, allow_nan=False) + "\n", encoding="utf-8"
        )
        (folder / "index.html").write_text(lecture_page(summary), encoding="utf-8")
    return target


def read_summaries(output):
    """The ``summary.json`` of every lecture folder in ``output``, sorted by id.

    Hidden folders (builds in progress) and unreadable summaries are skipped.

    Parameters
    ----------
    output : path-like
        The reports folder.

    Returns
    -------
    summaries : list of dict
        The summaries; empty when ``output`` is not a folder.
    """
    output = Path(output)
    summaries = []
    if not output.is_dir():
        return summaries
    for path in sorted(output.glob("*/summary.json")):
        if path.parent.name.startswith("."):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("lecture_id") == path.parent.name:
            summaries.append(data)
    return summaries


def render_index(output, *, order=None):
    """Rewrite ``output/index.html`` listing every lecture report in ``output``.

    Parameters
    ----------
    output : path-like
    order : sequence of str, optional
        Lecture ids in the order to list them (others follow, sorted).

    Returns
    -------
    path : pathlib.Path
        The index page.
    """
    output = Path(output)
    summaries = read_summaries(output)
    if order:
        rank = {lecture_id: k for k, lecture_id in enumerate(order)}
        summaries.sort(key=lambda s: (rank.get(s["lecture_id"], len(rank)), s["lecture_id"]))
    path = output / "index.html"
    atomic_write_text(path, index_page(summaries))
    return path
