"""Plots of learning, validation and epoch curves, in scikit-learn's
Display style: ``Display.from_estimator(...)``, ``Display.from_result(...)``
and ``display.plot(ax=None, ...)``. matplotlib is imported when plotting."""

import numpy as np

from keras_lectures.utils.fixes import _interval_max_min_ratio, check_matplotlib_support

__all__ = ["LearningCurveDisplay", "ValidationCurveDisplay", "EpochCurveDisplay"]


class _CurveDisplay:
    """Shared plotting: mean over folds with a ±1 standard deviation band."""

    _train_label = "Training"
    _test_label = "Validation"

    def __init__(self, result):
        self.result = result

    @property
    def score_name(self):
        return self.result.score_name

    @property
    def train_scores(self):
        return self.result.train_scores

    @property
    def test_scores(self):
        return self.result.test_scores

    @classmethod
    def from_result(cls, result, *, ax=None, **plot_kwargs):
        """Plot a result computed earlier.

        Parameters
        ----------
        result : curve result
            What the matching function returned.
        ax : matplotlib Axes, default=None
            Axes to draw on; None makes a new figure.
        **plot_kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        display : the Display
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
            Plot errors (lower is better, as in the lecture) or scores.
        score_type : {"both", "train", "test"}, default="both"
            Which curves to draw.
        std_display_style : {"fill_between", "errorbar"} or None, \
default="fill_between"
            How to show ±1 standard deviation over the folds.
        log_scale : "auto" or bool, default="auto"
            Logarithmic x axis; "auto" chooses it when the x values are
            spread unevenly (as scikit-learn does).
        show_diagnosis : bool, default=False
            Write the :func:`diagnose` paragraph under the axes.
        show_null : bool, default=True
            Draw the constant predictor's validation error (or score) as a
            dashed horizontal line when the result has it.
        diagnose_kw : dict, default=None
            Options for :func:`diagnose` (e.g. ``baseline``); a given
            baseline is drawn as a dotted line.
        line_kw, fill_between_kw, errorbar_kw : dict, default=None
            Passed to ``ax.plot``, ``ax.fill_between`` and ``ax.errorbar``.

        Returns
        -------
        display : the Display
            With ``ax_``, ``figure_``, ``lines_``, ``fill_between_``,
            ``errorbar_``, ``null_line_``, ``baseline_line_`` and ``caption_``.
        """
        check_matplotlib_support(f"{type(self).__name__}.plot")
        import matplotlib.pyplot as plt

        if kind not in ("error", "score"):
            raise ValueError(f'kind must be "error" or "score"; got {kind!r}.')
        if score_type not in ("both", "train", "test"):
            raise ValueError(
                f'score_type must be "both", "train" or "test"; got {score_type!r}.'
            )
        if std_display_style not in ("fill_between", "errorbar", None):
            raise ValueError(
                "std_display_style must be 'fill_between', 'errorbar' or None; "
                f"got {std_display_style!r}."
            )
        if ax is None:
            _, ax = plt.subplots()
        result = self.result
        x = np.asarray(result.x)
        numeric_x = np.issubdtype(x.dtype, np.number)
        x_plot = x if numeric_x else np.arange(len(x))
        if kind == "error":
            curves = {"train": result.train_errors, "test": result.test_errors}
            null = result.null_error
            y_label = f"Error ({result.error_name})"
        else:
            curves = {"train": np.asarray(result.train_scores, float),
                      "test": np.asarray(result.test_scores, float)}
            null = _null_score(result)
            y_label = result.score_name
        labels = {"train": self._train_label, "test": self._test_label}
        chosen = ["train", "test"] if score_type == "both" else [score_type]

        self.lines_, self.fill_between_, self.errorbar_ = [], [], []
        line_kw = {} if line_kw is None else dict(line_kw)
        for key in chosen:
            values = np.asarray(curves[key], dtype=float)
            mean = np.nanmean(values, axis=1)
            std = np.nanstd(values, axis=1)
            if std_display_style == "errorbar":
                self.errorbar_.append(
                    ax.errorbar(x_plot, mean, std, label=labels[key],
                                **(errorbar_kw or {}))
                )
                continue
            (line,) = ax.plot(x_plot, mean, marker="o", label=labels[key], **line_kw)
            self.lines_.append(line)
            if std_display_style == "fill_between":
                style = {"alpha": 0.2, "color": line.get_color(), **(fill_between_kw or {})}
                self.fill_between_.append(
                    ax.fill_between(x_plot, mean - std, mean + std, **style)
                )
        if std_display_style != "errorbar":
            self.errorbar_ = None
        if std_display_style != "fill_between":
            self.fill_between_ = None
        if std_display_style == "errorbar":
            self.lines_ = None

        self.null_line_ = None
        if show_null and null is not None:
            self.null_line_ = ax.axhline(
                null, linestyle="--", color="grey", label="Constant predictor"
            )
        diagnose_kw = {} if diagnose_kw is None else dict(diagnose_kw)
        self.baseline_line_ = None
        baseline = diagnose_kw.get("baseline")
        if baseline is not None and kind == "error":
            self.baseline_line_ = ax.axhline(
                baseline, linestyle=":", color="black", label="Baseline"
            )

        if not numeric_x:
            ax.set_xticks(x_plot, [str(v) for v in x])
        elif log_scale == "auto":
            use_log = len(x) > 2 and _interval_max_min_ratio(x) > 5
            if use_log:
                ax.set_xscale("symlog" if x.min() <= 0 else "log")
        elif log_scale:
            ax.set_xscale("log")
        ax.set_xlabel(result.x_label)
        ax.set_ylabel(y_label)
        ax.legend()

        self.diagnosis_ = None
        self.caption_ = None
        if show_diagnosis:
            self.diagnosis_ = result.diagnose(**diagnose_kw)
            ax.set_title(f"Diagnosis: {self.diagnosis_.verdict}")
            self.caption_ = ax.text(
                0.0, -0.15, str(self.diagnosis_), transform=ax.transAxes,
                va="top", ha="left", fontsize="small", wrap=True,
            )
        self.ax_ = ax
        self.figure_ = ax.figure
        return self


def _null_score(result):
    """Constant predictor's validation value in the plotted score form."""
    error = result.null_error
    if error is None:
        return None
    if result.greater_is_better:
        return result.error_offset - error
    return error + result.error_offset


def _split_kwargs(kwargs, names):
    picked = {k: kwargs.pop(k) for k in list(kwargs) if k in names}
    return picked, kwargs


_PLOT_KW = (
    "kind", "score_type", "std_display_style", "log_scale", "show_diagnosis",
    "show_null", "diagnose_kw", "line_kw", "fill_between_kw", "errorbar_kw",
)


class LearningCurveDisplay(_CurveDisplay):
    """Learning curve: error (or score) against the training set size.

    Parameters
    ----------
    result : LearningCurveResult
        From :func:`learning_curve`.

    Attributes
    ----------
    ax_, figure_ : matplotlib Axes and Figure
    lines_ : list of Line2D or None
        Mean curves (None with ``std_display_style="errorbar"``).
    fill_between_ : list of PolyCollection or None
        ±1 standard deviation bands.
    errorbar_ : list of ErrorbarContainer or None
    caption_ : matplotlib Text or None
        The diagnosis paragraph, with ``show_diagnosis=True``.
    diagnosis_ : Diagnosis or None
    """

    @property
    def train_sizes(self):
        return self.result.train_sizes

    @classmethod
    def from_estimator(cls, estimator, X, y, *, ax=None, **kwargs):
        """Compute a learning curve and plot it.

        Parameters
        ----------
        estimator, X, y
            As in :func:`learning_curve`.
        ax : matplotlib Axes, default=None
        **kwargs
            :func:`learning_curve` options (``cv``, ``scoring``,
            ``train_sizes``, ``n_jobs``, ...) and :meth:`plot` options
            (``kind``, ``show_diagnosis``, ...).

        Returns
        -------
        display : LearningCurveDisplay
        """
        from ._learning_curve import learning_curve

        plot_kw, curve_kw = _split_kwargs(dict(kwargs), _PLOT_KW)
        result = learning_curve(estimator, X, y, **curve_kw)
        return cls(result).plot(ax=ax, **plot_kw)


class ValidationCurveDisplay(_CurveDisplay):
    """Validation curve: error (or score) against one parameter's values.

    Parameters
    ----------
    result : ValidationCurveResult
        From :func:`validation_curve`.

    Attributes
    ----------
    As in :class:`LearningCurveDisplay`.
    """

    @property
    def param_name(self):
        return self.result.param_name

    @property
    def param_range(self):
        return self.result.param_range

    @classmethod
    def from_estimator(cls, estimator, X, y, *, param_name, param_range, ax=None,
                       **kwargs):
        """Compute a validation curve and plot it.

        Parameters
        ----------
        estimator, X, y, param_name, param_range
            As in :func:`validation_curve`.
        ax : matplotlib Axes, default=None
        **kwargs
            :func:`validation_curve` options and :meth:`plot` options.

        Returns
        -------
        display : ValidationCurveDisplay
        """
        from ._validation_curve import validation_curve

        plot_kw, curve_kw = _split_kwargs(dict(kwargs), _PLOT_KW)
        result = validation_curve(estimator, X, y, param_name=param_name,
                                  param_range=param_range, **curve_kw)
        return cls(result).plot(ax=ax, **plot_kw)


class EpochCurveDisplay(_CurveDisplay):
    """Epoch curve: training and validation loss (or metric) per epoch.

    Parameters
    ----------
    result : EpochCurveResult
        From :func:`epoch_curve`.

    Attributes
    ----------
    As in :class:`LearningCurveDisplay`.
    """

    def plot(self, ax=None, *, kind="error", log_scale=False, **kwargs):
        """Draw the curves; see :meth:`LearningCurveDisplay.plot`.

        With ``kind="error"`` a loss is drawn as is and an accuracy-like
        metric as 1 - value; ``kind="score"`` draws the raw history values.
        The x axis is linear unless ``log_scale`` is set.

        Returns
        -------
        display : EpochCurveDisplay
        """
        return super().plot(ax=ax, kind=kind, log_scale=log_scale, **kwargs)

    @classmethod
    def from_estimator(cls, estimator, X, y, *, ax=None, **kwargs):
        """Compute an epoch curve and plot it.

        Parameters
        ----------
        estimator, X, y
            As in :func:`epoch_curve`.
        ax : matplotlib Axes, default=None
        **kwargs
            :func:`epoch_curve` options (``metric``, ``cv``, ...) and
            :meth:`plot` options.

        Returns
        -------
        display : EpochCurveDisplay
        """
        from ._epoch_curve import epoch_curve

        plot_kw, curve_kw = _split_kwargs(dict(kwargs), _PLOT_KW)
        result = epoch_curve(estimator, X, y, **curve_kw)
        return cls(result).plot(ax=ax, **plot_kw)
