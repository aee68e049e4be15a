"""Turn a score into an error: the rule every diagnostic uses.

scikit-learn scores follow one convention: greater is better. The lecture
reasons in errors (lower is better). The rule that links them is explicit and
stored on every result as ``error_offset``::

    error = error_offset - score

- Scorers named ``neg_*`` (``neg_mean_squared_error``, ``neg_log_loss``, ...)
  and scorers made with ``make_scorer(..., greater_is_better=False)`` are
  negated losses: ``error_offset = 0``, so ``error = -score`` is the loss
  itself (mean squared error, log loss, ...).
- Scores whose best value is 1 (accuracy, balanced accuracy, R², explained
  variance, F1, precision, recall, ROC AUC, ...) give
  ``error_offset = 1``: ``error = 1 - score`` (misclassification rate for
  accuracy, fraction of unexplained variance for R²).
- With ``scoring=None`` a classifier is scored by accuracy and a regressor by
  R², as in scikit-learn's ``score`` methods, so the same two rules apply.
- Anything else (a plain callable, an unknown name) is negated:
  ``error = -score``.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.base import is_classifier, is_regressor

__all__ = ["ErrorForm", "error_form"]

# Score names (without a "_score" suffix) whose best value is 1.
_BEST_IS_ONE = (
    "accuracy",
    "balanced_accuracy",
    "top_k_accuracy",
    "r2",
    "explained_variance",
    "d2_",
    "f1",
    "precision",
    "recall",
    "jaccard",
    "roc_auc",
    "average_precision",
    "matthews_corrcoef",
    "adjusted_rand",
    "rand",
    "mutual_info",
    "normalized_mutual_info",
    "adjusted_mutual_info",
    "homogeneity",
    "completeness",
    "v_measure",
    "fowlkes_mallows",
)


@dataclass(frozen=True)
class ErrorForm:
    """How scores of one scorer map to errors.

    Parameters
    ----------
    score_name : str
        Name of the score (``"accuracy"``, ``"neg_mean_squared_error"``, ...).
    error_name : str
        Name of the error (``"1 - accuracy"``, ``"mean squared error"``, ...).
    error_offset : float
        ``error = error_offset - score``: 1.0 for scores whose best value is
        1, 0.0 for negated losses and unknown scores.
    greater_is_better : bool
        Whether a larger score is better; True for every scikit-learn scorer.
    """

    score_name: str
    error_name: str
    error_offset: float
    greater_is_better: bool = True

    def to_error(self, scores):
        """Turn scores (greater is better) into errors (lower is better).

        Parameters
        ----------
        scores : array-like
            Scores of this form's scorer.

        Returns
        -------
        errors : ndarray of float
            ``error_offset - scores`` (``scores - error_offset`` for a score
            where lower is better), of the shape of ``scores``.
        """
        scores = np.asarray(scores, dtype=float)
        if self.greater_is_better:
            return self.error_offset - scores
        return scores - self.error_offset


def _strip_score(name):
    return name[: -len("_score")] if name.endswith("_score") else name


def _pretty(name):
    return name.replace("_", " ")


def _best_is_one(name):
    name = _strip_score(name)
    return any(name == key or name.startswith(key) for key in _BEST_IS_ONE)


def _form_from_name(name, sign=1):
    """ErrorForm of a score called ``name`` (``sign=-1``: a negated loss)."""
    if sign < 0:
        loss = name[4:] if name.startswith("neg_") else _strip_score(name)
        return ErrorForm(f"neg_{loss}", _pretty(loss), 0.0)
    if name.startswith("neg_"):
        return ErrorForm(name, _pretty(name[4:]), 0.0)
    if _best_is_one(name):
        return ErrorForm(name, f"1 - {_pretty(_strip_score(name))}", 1.0)
    return ErrorForm(name, f"negative {_pretty(name)}", 0.0)


def error_form(scoring, estimator):
    """Find how the scores of ``scoring`` turn into errors.

    Parameters
    ----------
    scoring : str, callable or None
        The ``scoring`` argument given to a diagnostic.
    estimator : estimator
        The estimator it scores (used when ``scoring`` is None).

    Returns
    -------
    form : ErrorForm
        See the module docstring for the rule.
    """
    if scoring is None:
        if is_classifier(estimator):
            return _form_from_name("accuracy")
        if is_regressor(estimator):
            return _form_from_name("r2")
        return ErrorForm("score", "negative score", 0.0)
    if isinstance(scoring, str):
        return _form_from_name(scoring)
    if callable(scoring):
        score_func = getattr(scoring, "_score_func", None)
        sign = getattr(scoring, "_sign", 1)
        if score_func is not None:
            return _form_from_name(getattr(score_func, "__name__", "score"), sign)
        return _form_from_name(getattr(scoring, "__name__", "score"))
    raise TypeError(
        "scoring must be None, a string or a callable (one metric); "
        f"got {type(scoring).__name__}"
    )


def null_scoring(scoring, estimator):
    """The scoring to use for the constant predictor of ``estimator``.

    With ``scoring=None`` the estimator's own ``score`` is used for the
    estimator, and the matching scikit-learn metric (accuracy or R²) for the
    constant predictor.
    """
    if scoring is not None:
        return scoring
    if is_classifier(estimator):
        return "accuracy"
    if is_regressor(estimator):
        return "r2"
    return None
