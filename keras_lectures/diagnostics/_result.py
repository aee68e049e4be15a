"""What every curve result shares: its kind, the tuple it unpacks to, its
errors, its plot and its diagnosis."""

import numpy as np

from ._diagnose import diagnose

__all__ = ["CurveResultMixin", "register_display"]

# Result kind -> the Display class that draws it. The display module sits
# downstream of the curve functions and registers its classes here when it is
# imported (the package's ``__init__`` imports it).
_DISPLAYS = {}


def register_display(kind):
    """Class decorator: the decorated Display draws results of ``kind``."""

    def register(display_class):
        _DISPLAYS[kind] = display_class
        return display_class

    return register


class CurveResultMixin:
    """Shared behaviour of the curve results.

    Subclasses are dataclasses with ``train_scores``, ``test_scores`` (arrays
    of shape (n_points, n_folds)), ``error_offset``, ``greater_is_better`` and
    ``null_test_scores`` fields; they set ``kind`` (``"learning"``,
    ``"validation"`` or ``"epoch"``: which curve it is) and define ``x`` (the
    curve's abscissa), ``x_label`` and ``_as_tuple`` (what unpacking yields,
    as scikit-learn's function returns it).
    """

    kind = None

    # -- the tuple protocol: a result unpacks like scikit-learn's tuple
    def _as_tuple(self):
        raise NotImplementedError

    def __iter__(self):
        return iter(self._as_tuple())

    def __len__(self):
        return len(self._as_tuple())

    def __getitem__(self, index):
        return self._as_tuple()[index]

    # -- errors: lower is better, ``error = error_offset - score``
    def _to_error(self, values):
        values = np.asarray(values, dtype=float)
        if self.greater_is_better:
            return self.error_offset - values
        return values - self.error_offset

    @property
    def train_errors(self):
        """Training errors, shape (n_points, n_folds); lower is better."""
        return self._to_error(self.train_scores)

    @property
    def test_errors(self):
        """Validation errors, shape (n_points, n_folds); lower is better."""
        return self._to_error(self.test_scores)

    @property
    def null_test_errors(self):
        """Validation error of a constant predictor per fold, or None."""
        if self.null_test_scores is None:
            return None
        return self._to_error(self.null_test_scores)

    @property
    def null_error(self):
        """Mean validation error of a constant predictor, or None.

        The constant predictor is ``DummyClassifier(strategy="prior")`` or
        ``DummyRegressor(strategy="mean")`` fitted on the same training folds.
        It sets the scale of "a high error" when no baseline is given.
        """
        errors = self.null_test_errors
        if errors is None or np.all(np.isnan(errors)):
            return None
        return float(np.nanmean(errors))

    @property
    def n_folds(self):
        """Number of cross-validation folds."""
        return np.asarray(self.train_scores).shape[1]

    def plot(self, ax=None, **kwargs):
        """Plot the curve with the matching Display.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; None makes a new figure.
        **kwargs
            Options of the Display's ``plot`` method (``kind``,
            ``show_diagnosis``, ...).

        Returns
        -------
        display : LearningCurveDisplay, ValidationCurveDisplay or \
EpochCurveDisplay
            The Display that drew the curve.
        """
        return _DISPLAYS[self.kind].from_result(self, ax=ax, **kwargs)

    def diagnose(self, **kwargs):
        """Diagnose bias and variance; see :func:`diagnose` for the options.

        Parameters
        ----------
        **kwargs
            Options of :func:`diagnose` (``baseline``, ``tolerance``, ...).

        Returns
        -------
        diagnosis : Diagnosis
            The verdict, the numbers behind it and what to try next.
        """
        return diagnose(self, **kwargs)
