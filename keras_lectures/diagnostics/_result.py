"""What every curve result shares: scores, their error form, a reference."""

import numpy as np

__all__ = ["CurveResultMixin"]


class CurveResultMixin:
    """Error views of a curve result.

    Subclasses are dataclasses with ``train_scores``, ``test_scores`` (arrays
    of shape (n_points, n_folds)), ``error_offset``, ``greater_is_better`` and
    ``null_test_scores`` fields, and an ``x`` property (the curve's abscissa).
    """

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

    def diagnose(self, **kwargs):
        """Diagnose bias and variance; see :func:`diagnose` for the options.

        Returns
        -------
        diagnosis : Diagnosis
        """
        from ._diagnose import diagnose

        return diagnose(self, **kwargs)
