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

from keras_lectures.reports.atomic import atomic_directory, atomic_write_text
from keras_lectures.reports.html import index_page, lecture_page
from keras_lectures.reports.plots import epoch_curve_figure, learning_curve_figure, save_png

__all__ = ["render_lecture", "render_index", "read_summaries"]


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
