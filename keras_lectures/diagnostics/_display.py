"""Plots of learning, validation and epoch curves, in scikit-learn's
Display style: ``Display.from_estimator(...)``, ``Display.from_result(...)``
and ``display.plot(ax=None, ...)``.

This module sits downstream of the curve functions, as
``sklearn/model_selection/_plot.py`` does, and registers each Display with the
kind of result it draws (so that ``result.plot()`` finds it). matplotlib's
pyplot is loaded on the first plot, so that importing the package does not
load it.
"""

import importlib

import numpy as np

from keras_lectures.utils.fixes import _interval_max_min_ratio, check_matplotlib_support

from ._epoch_curve import epoch_curve
from ._learning_curve import learning_curve
from ._result import register_display
from ._validation_curve import validation_curve

__all__ = ["LearningCurveDisplay", "ValidationCurveDisplay", "EpochCurveDisplay"]

_STD_DISPLAY_STYLES = ("fill_between", "errorbar", None)


def _check_plot_options(kind, score_type, std_display_style):
    if kind not in ("error", "score"):
        raise ValueError(f'kind must be "error" or "score"; got {kind!r}.')
    if score_type not in ("both", "train", "test"):
        raise ValueError(
            f'score_type must be "both", "train" or "test"; got {score_type!r}.'
        )
    if std_display_style not in _STD_DISPLAY_STYLES:
        raise ValueError(
            "std_display_style must be 'fill_between', 'errorbar' or None; "
            f"got {std_display_style!r}."
        )


def _new_axes():
    """A new figure's Axes, through pyplot (loaded on first use)."""
    _, ax = importlib.import_module("matplotlib.pyplot").subplots()
    return ax


def _null_score(result):
    """Constant predictor's validation value in the plotted score form."""
    error = result.null_error
    if error is None:
        return None
    if result.greater_is_better:
        return result.error_offset - error
    return error + result.error_offset


class _CurveDisplay:
    """Shared plotting: mean over folds with a ±1 standard deviation band."""

    _labels = {"train": "Training", "test": "Validation"}
    # whether log_scale="auto" may choose a logarithmic x axis
    _auto_log_scale = True

    def __init__(self, result):
        self.result = result

    @property
    def score_name(self):
        """Name of the score of the result."""
        return self.result.score_name

    @property
    def train_scores(self):
        """Training scores of the result, shape (n_points, n_folds)."""
        return self.result.train_scores

    @property
    def test_scores(self):
        """Validation scores of the result, shape (n_points, n_folds)."""
        return self.result.test_scores

    @classmethod
    def from_result(cls, result, *, ax=None, **plot_kwargs):
        """Plot a result computed earlier.

        Parameters
        ----------
        result : LearningCurveResult, ValidationCurveResult or EpochCurveResult
            What the matching function returned.
        ax : matplotlib Axes, default=None
            Axes to draw on; None makes a new figure.
        **plot_kwargs
            Options of :meth:`plot`.

        Returns
        -------
        display : LearningCurveDisplay, ValidationCurveDisplay or \
EpochCurveDisplay
            The Display, drawn.
        """
        return cls(result).plot(ax=ax, **plot_kwargs)

    def plot(
        self,
        ax=None,
        *,
        kind="error",
        score_type="both",
        std_display_style="fill_between",
        log_scale="auto",
        show_diagnosis=False,
        show_null=True,
        diagnose_kw=None,
        line_kw=None,
        fill_between_kw=None,
        errorbar_kw=None,
    ):
        """Draw the mean training and validation curves over the folds.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; None makes a new figure.
        kind : {"error", "score"}, default="error"
            Plot errors (lower is better, as in the lecture) or scores. For
            an epoch curve, an error is a loss as recorded and 1 - value for
            an accuracy-like metric; a score is the recorded value.
        score_type : {"both", "train", "test"}, default="both"
            Which curves to draw.
        std_display_style : {"fill_between", "errorbar"} or None, \
default="fill_between"
            How to show ±1 standard deviation over the folds.
        log_scale : "auto" or bool, default="auto"
            Logarithmic x axis. "auto" chooses it for learning and validation
            curves whose x values are spread unevenly (as scikit-learn does)
            and keeps the epochs of an epoch curve linear.
        show_diagnosis : bool, default=False
            Write the :func:`diagnose` paragraph under the axes.
        show_null : bool, default=True
            Draw the constant predictor's validation error (or score) as a
            dashed horizontal line when the result has it.
        diagnose_kw : dict, default=None
            Options for :func:`diagnose` (e.g. ``baseline``); a given
            baseline is drawn as a dotted line.
        line_kw : dict, default=None
            Passed to ``ax.plot`` for the mean curves.
        fill_between_kw : dict, default=None
            Passed to ``ax.fill_between`` for the bands.
        errorbar_kw : dict, default=None
            Passed to ``ax.errorbar`` with ``std_display_style="errorbar"``.

        Returns
        -------
        display : LearningCurveDisplay, ValidationCurveDisplay or \
EpochCurveDisplay
            This Display, with ``ax_``, ``figure_``, ``lines_``,
            ``fill_between_``, ``errorbar_``, ``null_line_``,
            ``baseline_line_``, ``diagnosis_`` and ``caption_`` set.
        """
        check_matplotlib_support(f"{type(self).__name__}.plot")
        _check_plot_options(kind, score_type, std_display_style)
        ax = _new_axes() if ax is None else ax
        diagnose_kw = {} if diagnose_kw is None else dict(diagnose_kw)
        y_label = self._draw_curves(ax, kind, score_type, std_display_style,
                                    line_kw, fill_between_kw, errorbar_kw)
        self._draw_reference_lines(ax, kind, show_null, diagnose_kw.get("baseline"))
        self._set_axes(ax, y_label, log_scale)
        self._write_diagnosis(ax, show_diagnosis, diagnose_kw)
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    def _x_plot(self):
        """The abscissa as plotted: positions 0, 1, ... for non-numbers."""
        x = np.asarray(self.result.x)
        return x if np.issubdtype(x.dtype, np.number) else np.arange(len(x))

    def _curves(self, kind):
        """Training and validation values to plot, and the y axis label."""
        result = self.result
        if kind == "error":
            curves = {"train": result.train_errors, "test": result.test_errors}
            return curves, f"Error ({result.error_name})"
        curves = {"train": result.train_scores, "test": result.test_scores}
        return curves, result.score_name

    def _draw_curves(self, ax, kind, score_type, std_display_style, line_kw,
                     fill_between_kw, errorbar_kw):
        """Mean curves with their spread; returns the y axis label."""
        curves, y_label = self._curves(kind)
        chosen = ("train", "test") if score_type == "both" else (score_type,)
        x = self._x_plot()
        lines, bands, bars = [], [], []
        for key in chosen:
            values = np.asarray(curves[key], dtype=float)
            mean, std = np.nanmean(values, axis=1), np.nanstd(values, axis=1)
            label = self._labels[key]
            if std_display_style == "errorbar":
                bars.append(ax.errorbar(x, mean, std, label=label, **(errorbar_kw or {})))
                continue
            (line,) = ax.plot(x, mean, marker="o", label=label, **(line_kw or {}))
            lines.append(line)
            if std_display_style == "fill_between":
                style = {"alpha": 0.2, "color": line.get_color(), **(fill_between_kw or {})}
                bands.append(ax.fill_between(x, mean - std, mean + std, **style))
        self.lines_ = None if std_display_style == "errorbar" else lines
        self.fill_between_ = bands if std_display_style == "fill_between" else None
        self.errorbar_ = bars if std_display_style == "errorbar" else None
        return y_label

    def _draw_reference_lines(self, ax, kind, show_null, baseline):
        """The constant predictor (dashed) and a given baseline error (dotted)."""
        null = self.result.null_error if kind == "error" else _null_score(self.result)
        self.null_line_ = None
        if show_null and null is not None:
            self.null_line_ = ax.axhline(
                null, linestyle="--", color="grey", label="Constant predictor"
            )
        self.baseline_line_ = None
        if baseline is not None and kind == "error":
            self.baseline_line_ = ax.axhline(
                baseline, linestyle=":", color="black", label="Baseline"
            )

    def _set_axes(self, ax, y_label, log_scale):
        """x scale and ticks, axis labels and the legend."""
        x = np.asarray(self.result.x)
        if not np.issubdtype(x.dtype, np.number):
            ax.set_xticks(self._x_plot(), [str(v) for v in x])
        elif log_scale == "auto":
            if self._auto_log_scale and len(x) > 2 and _interval_max_min_ratio(x) > 5:
                ax.set_xscale("symlog" if x.min() <= 0 else "log")
        elif log_scale:
            ax.set_xscale("log")
        ax.set_xlabel(self.result.x_label)
        ax.set_ylabel(y_label)
        ax.legend()

    def _write_diagnosis(self, ax, show_diagnosis, diagnose_kw):
        """The verdict as the title and the diagnosis paragraph under the axes."""
        self.diagnosis_ = None
        self.caption_ = None
        if not show_diagnosis:
            return
        self.diagnosis_ = self.result.diagnose(**diagnose_kw)
        ax.set_title(f"Diagnosis: {self.diagnosis_.verdict}")
        self.caption_ = ax.text(
            0.0, -0.15, str(self.diagnosis_), transform=ax.transAxes,
            va="top", ha="left", fontsize="small", wrap=True,
        )


@register_display("learning")
class LearningCurveDisplay(_CurveDisplay):
    """Learning curve: error (or score) against the training set size.

    Parameters
    ----------
    result : LearningCurveResult
        From :func:`learning_curve`.

    Attributes
    ----------
    ax_ : matplotlib Axes
        The Axes drawn on.
    figure_ : matplotlib Figure
        Its figure.
    lines_ : list of Line2D or None
        Mean curves (None with ``std_display_style="errorbar"``).
    fill_between_ : list of PolyCollection or None
        ±1 standard deviation bands.
    errorbar_ : list of ErrorbarContainer or None
        The curves with ``std_display_style="errorbar"``.
    null_line_ : Line2D or None
        The constant predictor's line.
    baseline_line_ : Line2D or None
        The baseline's line, when ``diagnose_kw`` gives one.
    caption_ : matplotlib Text or None
        The diagnosis paragraph, with ``show_diagnosis=True``.
    diagnosis_ : Diagnosis or None
        The diagnosis, with ``show_diagnosis=True``.
    """

    @property
    def train_sizes(self):
        """Training set sizes of the result."""
        return self.result.train_sizes

    @classmethod
    def from_estimator(
        cls, estimator, X, y, *, groups=None, train_sizes=np.linspace(0.1, 1.0, 5),
        cv=None, scoring=None, exploit_incremental_learning=False, n_jobs=None,
        pre_dispatch="all", verbose=0, shuffle=False, random_state=None,
        error_score=np.nan, params=None, ax=None, kind="error", score_type="both",
        std_display_style="fill_between", log_scale="auto", show_diagnosis=False,
        show_null=True, diagnose_kw=None, line_kw=None, fill_between_kw=None,
        errorbar_kw=None,
    ):
        """Compute a learning curve and plot it.

        Parameters
        ----------
        estimator : estimator
            Cloned for every fit, as in :func:`learning_curve`.
        X : array-like of shape (n_samples, n_features)
            Inputs.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs) or None
            Targets.
        groups : array-like of shape (n_samples,), default=None
            Group labels for group splitters.
        train_sizes : array-like of shape (n_ticks,), \
default=np.linspace(0.1, 1.0, 5)
            Fractions of the largest training fold, or absolute sizes.
        cv : int, cross-validation splitter or iterable, default=None
            As in scikit-learn.
        scoring : str or callable, default=None
            Scorer name or callable; None uses ``estimator.score``.
        exploit_incremental_learning : bool, default=False
            Use ``partial_fit`` to grow one model per fold.
        n_jobs : int, default=None
            Fits run in parallel through joblib.
        pre_dispatch : int or str, default="all"
            Number of jobs dispatched ahead.
        verbose : int, default=0
            Above 0: the sizes and a progress bar over the fits.
        shuffle : bool, default=False
            Shuffle each training fold before taking prefixes of it.
        random_state : int, RandomState instance or None, default=None
            Seed of the shuffle.
        error_score : "raise" or float, default=np.nan
            Score of a failed fit.
        params : dict, default=None
            Parameters for ``fit``.
        ax : matplotlib Axes, default=None
            Axes to draw on; None makes a new figure.
        kind : {"error", "score"}, default="error"
            Plot errors or scores; see :meth:`plot`.
        score_type : {"both", "train", "test"}, default="both"
            Which curves to draw.
        std_display_style : {"fill_between", "errorbar"} or None, \
default="fill_between"
            How to show ±1 standard deviation over the folds.
        log_scale : "auto" or bool, default="auto"
            Logarithmic x axis; see :meth:`plot`.
        show_diagnosis : bool, default=False
            Write the :func:`diagnose` paragraph under the axes.
        show_null : bool, default=True
            Draw the constant predictor's line.
        diagnose_kw : dict, default=None
            Options for :func:`diagnose`.
        line_kw : dict, default=None
            Passed to ``ax.plot``.
        fill_between_kw : dict, default=None
            Passed to ``ax.fill_between``.
        errorbar_kw : dict, default=None
            Passed to ``ax.errorbar``.

        Returns
        -------
        display : LearningCurveDisplay
            The Display, drawn; its ``result`` is the learning curve.
        """
        result = learning_curve(
            estimator, X, y, groups=groups, train_sizes=train_sizes, cv=cv,
            scoring=scoring, exploit_incremental_learning=exploit_incremental_learning,
            n_jobs=n_jobs, pre_dispatch=pre_dispatch, verbose=verbose, shuffle=shuffle,
            random_state=random_state, error_score=error_score, params=params,
        )
        return cls(result).plot(
            ax=ax, kind=kind, score_type=score_type, std_display_style=std_display_style,
            log_scale=log_scale, show_diagnosis=show_diagnosis, show_null=show_null,
            diagnose_kw=diagnose_kw, line_kw=line_kw, fill_between_kw=fill_between_kw,
            errorbar_kw=errorbar_kw,
        )


@register_display("validation")
class ValidationCurveDisplay(_CurveDisplay):
    """Validation curve: error (or score) against one parameter's values.

    Parameters
    ----------
    result : ValidationCurveResult
        From :func:`validation_curve`.

    Attributes
    ----------
    ax_, figure_, lines_, fill_between_, errorbar_, null_line_, \
baseline_line_, caption_, diagnosis_
        As in :class:`LearningCurveDisplay`.
    """

    @property
    def param_name(self):
        """The parameter that varies."""
        return self.result.param_name

    @property
    def param_range(self):
        """Its values."""
        return self.result.param_range

    @classmethod
    def from_estimator(
        cls, estimator, X, y, *, param_name, param_range, groups=None, cv=None,
        scoring=None, n_jobs=None, pre_dispatch="all", verbose=0, error_score=np.nan,
        params=None, ax=None, kind="error", score_type="both",
        std_display_style="fill_between", log_scale="auto", show_diagnosis=False,
        show_null=True, diagnose_kw=None, line_kw=None, fill_between_kw=None,
        errorbar_kw=None,
    ):
        """Compute a validation curve and plot it.

        Parameters
        ----------
        estimator : estimator
            Cloned for every fit, as in :func:`validation_curve`.
        X : array-like of shape (n_samples, n_features)
            Inputs.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs) or None
            Targets.
        param_name : str
            Parameter to vary, e.g. ``"alpha"`` or ``"ridge__alpha"``.
        param_range : array-like of shape (n_values,)
            Its values.
        groups : array-like of shape (n_samples,), default=None
            Group labels for group splitters.
        cv : int, cross-validation splitter or iterable, default=None
            As in scikit-learn.
        scoring : str or callable, default=None
            Scorer name or callable; None uses ``estimator.score``.
        n_jobs : int, default=None
            Fits run in parallel through joblib.
        pre_dispatch : int or str, default="all"
            Number of jobs dispatched ahead.
        verbose : int, default=0
            Above 0: a progress bar over the fits.
        error_score : "raise" or float, default=np.nan
            Score of a failed fit.
        params : dict, default=None
            Parameters for ``fit``.
        ax : matplotlib Axes, default=None
            Axes to draw on; None makes a new figure.
        kind : {"error", "score"}, default="error"
            Plot errors or scores; see :meth:`plot`.
        score_type : {"both", "train", "test"}, default="both"
            Which curves to draw.
        std_display_style : {"fill_between", "errorbar"} or None, \
default="fill_between"
            How to show ±1 standard deviation over the folds.
        log_scale : "auto" or bool, default="auto"
            Logarithmic x axis; see :meth:`plot`.
        show_diagnosis : bool, default=False
            Write the :func:`diagnose` paragraph under the axes.
        show_null : bool, default=True
            Draw the constant predictor's line.
        diagnose_kw : dict, default=None
            Options for :func:`diagnose`.
        line_kw : dict, default=None
            Passed to ``ax.plot``.
        fill_between_kw : dict, default=None
            Passed to ``ax.fill_between``.
        errorbar_kw : dict, default=None
            Passed to ``ax.errorbar``.

        Returns
        -------
        display : ValidationCurveDisplay
            The Display, drawn; its ``result`` is the validation curve.
        """
        result = validation_curve(
            estimator, X, y, param_name=param_name, param_range=param_range,
            groups=groups, cv=cv, scoring=scoring, n_jobs=n_jobs,
            pre_dispatch=pre_dispatch, verbose=verbose, error_score=error_score,
            params=params,
        )
        return cls(result).plot(
            ax=ax, kind=kind, score_type=score_type, std_display_style=std_display_style,
            log_scale=log_scale, show_diagnosis=show_diagnosis, show_null=show_null,
            diagnose_kw=diagnose_kw, line_kw=line_kw, fill_between_kw=fill_between_kw,
            errorbar_kw=errorbar_kw,
        )


@register_display("epoch")
class EpochCurveDisplay(_CurveDisplay):
    """Epoch curve: training and validation loss (or metric) per epoch.

    With ``kind="error"`` a loss is drawn as recorded and an accuracy-like
    metric as 1 - value; ``kind="score"`` draws the recorded values. The x
    axis is linear unless ``log_scale=True``.

    Parameters
    ----------
    result : EpochCurveResult
        From :func:`epoch_curve`.

    Attributes
    ----------
    ax_, figure_, lines_, fill_between_, errorbar_, null_line_, \
baseline_line_, caption_, diagnosis_
        As in :class:`LearningCurveDisplay`.
    """

    _auto_log_scale = False

    @classmethod
    def from_estimator(
        cls, estimator, X, y, *, metric="loss", groups=None, cv=None, n_jobs=None,
        pre_dispatch="all", verbose=0, params=None, ax=None, kind="error",
        score_type="both", std_display_style="fill_between", log_scale="auto",
        show_diagnosis=False, show_null=True, diagnose_kw=None, line_kw=None,
        fill_between_kw=None, errorbar_kw=None,
    ):
        """Compute an epoch curve and plot it.

        Parameters
        ----------
        estimator : estimator or Pipeline
            Records a ``history_`` when fitted with ``validation_data``, as
            in :func:`epoch_curve`.
        X : array-like of shape (n_samples, ...)
            Inputs.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.
        metric : str, default="loss"
            History key to plot: ``"loss"`` or a compiled metric name.
        groups : array-like of shape (n_samples,), default=None
            Group labels for group splitters.
        cv : int, cross-validation splitter or iterable, default=None
            As in scikit-learn.
        n_jobs : int, default=None
            Folds run in parallel through joblib.
        pre_dispatch : int or str, default="all"
            Number of jobs dispatched ahead.
        verbose : int, default=0
            Above 0: a progress bar over the folds.
        params : dict, default=None
            Extra ``fit`` parameters.
        ax : matplotlib Axes, default=None
            Axes to draw on; None makes a new figure.
        kind : {"error", "score"}, default="error"
            Plot errors or the recorded values; see :meth:`plot`.
        score_type : {"both", "train", "test"}, default="both"
            Which curves to draw.
        std_display_style : {"fill_between", "errorbar"} or None, \
default="fill_between"
            How to show ±1 standard deviation over the folds.
        log_scale : "auto" or bool, default="auto"
            Logarithmic x axis; "auto" keeps the epochs linear.
        show_diagnosis : bool, default=False
            Write the :func:`diagnose` paragraph under the axes.
        show_null : bool, default=True
            Draw the constant predictor's line.
        diagnose_kw : dict, default=None
            Options for :func:`diagnose`.
        line_kw : dict, default=None
            Passed to ``ax.plot``.
        fill_between_kw : dict, default=None
            Passed to ``ax.fill_between``.
        errorbar_kw : dict, default=None
            Passed to ``ax.errorbar``.

        Returns
        -------
        display : EpochCurveDisplay
            The Display, drawn; its ``result`` is the epoch curve.
        """
        result = epoch_curve(
            estimator, X, y, metric=metric, groups=groups, cv=cv, n_jobs=n_jobs,
            pre_dispatch=pre_dispatch, verbose=verbose, params=params,
        )
        return cls(result).plot(
            ax=ax, kind=kind, score_type=score_type, std_display_style=std_display_style,
            log_scale=log_scale, show_diagnosis=show_diagnosis, show_null=show_null,
            diagnose_kw=diagnose_kw, line_kw=line_kw, fill_between_kw=fill_between_kw,
            errorbar_kw=errorbar_kw,
        )
