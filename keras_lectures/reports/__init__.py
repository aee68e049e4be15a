"""Report folders: learning-curve reports per lecture and the reproduction table.

The renderer draws and writes; it trains nothing:

* :func:`render_lecture` writes ``<output>/<lecture-id>/`` (figures,
  ``summary.json``, ``index.html``) from a :class:`LectureResult`, atomically;
* :func:`render_index` writes ``<output>/index.html`` listing every lecture report;
* :mod:`keras_lectures.reports.pictures` draws the lecture's figures (the
  slides' pictures, and a training animation) from an estimator and its data:
  plain functions that the examples use as well;
* :func:`render_reproduction` writes ``REPRODUCTION.md`` and ``.json``.

:mod:`keras_lectures.reports.run` is the separate step that fits lectures, runs
the diagnostics and hands the results to the renderer.
"""

import importlib

_LAZY = {
    "LectureResult": "keras_lectures.reports.results",
    "LearningCurveData": "keras_lectures.reports.results",
    "EpochCurveData": "keras_lectures.reports.results",
    "render_lecture": "keras_lectures.reports.render",
    "render_index": "keras_lectures.reports.render",
    "read_summaries": "keras_lectures.reports.render",
    "render_reproduction": "keras_lectures.reports.reproduction",
    "atomic_directory": "keras_lectures.reports.atomic",
}

__all__ = sorted(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'keras_lectures.reports' has no attribute {name!r}")


def __dir__():
    return __all__
