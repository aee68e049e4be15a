"""Bias-variance decomposition of the expected test loss by bootstrap."""

from dataclasses import dataclass

import numpy as np
from sklearn.base import clone
from sklearn.utils import check_random_state, indexable
from sklearn.utils.parallel import delayed

from keras_lectures.utils.fixes import _safe_indexing

from ._parallel import run_jobs

__all__ = ["BiasVarianceDecomposition", "bias_variance_decomposition"]


@dataclass(frozen=True, eq=False)
class BiasVarianceDecomposition:
    """Result of :func:`bias_variance_decomposition`.

    Unpacks to ``(expected_loss, bias_term, variance)`` where ``bias_term``
    is ``bias_squared`` for squared error and ``bias`` for 0-1 loss.

    Parameters
    ----------
    loss : {"mse", "0-1"}
        The loss decomposed.
    expected_loss : float
        Mean over test points and rounds of the loss of each round's model.
    variance : float
        Squared error: mean over test points and rounds of
        ``(prediction - main_prediction)**2``. 0-1 loss (Domingos): mean
        over test points and rounds of ``prediction != main_prediction``.
    n_rounds : int
        Bootstrap rounds.
    main_prediction : ndarray of shape (n_test,) or (n_test, n_outputs)
        Mean (squared error) or most frequent (0-1 loss) prediction.
    bias_squared : float or None
        Squared error only: mean over test points of
        ``(main_prediction - y)**2``, where the main prediction is the mean
        prediction over rounds. This is the *squared* bias (plus the noise of
        the test targets, which a single test set cannot separate from it);
        it is the term that adds up: ``expected_loss == bias_squared +
        variance``. None for 0-1 loss.
    bias : float or None
        0-1 loss only (Domingos): share of test points whose main prediction
        (the most frequent prediction over rounds) is wrong. None for squared
        error, where only ``bias_squared`` is defined here.
    net_variance : float or None
        0-1 loss only: the variance as it enters the loss (Domingos). On
        points where the main prediction is right, disagreeing with it adds
        to the loss; where it is wrong, disagreeing can only help, by the
        chance that the other prediction is right. So ``expected_loss ==
        bias + net_variance`` (noise-free targets).
    """

    loss: str
    expected_loss: float
    variance: float
    n_rounds: int
    main_prediction: np.ndarray
    bias_squared: float | None = None
    bias: float | None = None
    net_variance: float | None = None

    def __iter__(self):
        bias_term = self.bias_squared if self.loss == "mse" else self.bias
        return iter((self.expected_loss, bias_term, self.variance))

    def __str__(self):
        if self.loss == "mse":
            return (
                f"Expected squared error {self.expected_loss:.4g} = squared bias "
                f"{self.bias_squared:.4g} + variance {self.variance:.4g} "
                f"({self.n_rounds} bootstrap rounds)"
            )
        return (
            f"Expected 0-1 loss {self.expected_loss:.4g} = bias {self.bias:.4g} "
            f"+ net variance {self.net_variance:.4g} (variance {self.variance:.4g}; "
            f"{self.n_rounds} bootstrap rounds)"
        )


def _fit_predict(estimator, X_train, y_train, indices, X_test):
    estimator.fit(_safe_indexing(X_train, indices), _safe_indexing(y_train, indices))
    return np.asarray(estimator.predict(X_test))


def _mode(predictions):
    """Most frequent value along axis 0 (ties: the smallest value)."""
    flat = predictions.reshape(predictions.shape[0], -1)
    out = np.empty(flat.shape[1], dtype=predictions.dtype)
    for j in range(flat.shape[1]):
        values, counts = np.unique(flat[:, j], return_counts=True)
        out[j] = values[np.argmax(counts)]
    return out.reshape(predictions.shape[1:])


def bias_variance_decomposition(
    estimator,
    X_train,
    y_train,
    X_test,
    y_test,
    *,
    loss="mse",
    n_rounds=200,
    random_state=None,
    n_jobs=None,
    verbose=0,
):
    """Split the expected test loss into bias and variance by bootstrapping.

    Each round draws a bootstrap sample of the training set (as many rows,
    with replacement), fits a fresh :func:`~sklearn.base.clone` of
    ``estimator`` on it (nothing, Keras weights included, carries over
    between rounds) and predicts the test set. Over the rounds:

    - ``loss="mse"``: the main prediction is the mean prediction;
      ``bias_squared = mean((main - y)**2)``,
      ``variance = mean((prediction - main)**2)`` and
      ``expected_loss = mean((prediction - y)**2)``, so that
      ``expected_loss == bias_squared + variance`` (up to rounding). The
      noise of ``y_test`` is inside ``bias_squared``.
    - ``loss="0-1"`` (Domingos, 2000, as in mlxtend): the main prediction is
      the most frequent one; ``bias = mean(main != y)``,
      ``variance = mean(prediction != main)`` and
      ``expected_loss = mean(prediction != y)``. These do not add up;
      ``net_variance`` (see :class:`BiasVarianceDecomposition`) does:
      ``expected_loss == bias + net_variance``.

    Parameters
    ----------
    estimator : estimator
        Cloned every round.
    X_train, y_train : array-like
        Data the bootstrap samples are drawn from.
    X_test, y_test : array-like
        Data the loss is measured on.
    loss : {"mse", "0-1"}, default="mse"
        Squared error (regression) or 0-1 loss (classification).
    n_rounds : int, default=200
        Bootstrap rounds.
    random_state : int, RandomState instance or None, default=None
        Seed of the bootstrap samples (the estimator's own randomness is
        set by its parameters).
    n_jobs : int, default=None
        Rounds run in parallel through joblib.
    verbose : int, default=0
        Above 0: a progress bar over the rounds.

    Returns
    -------
    decomposition : BiasVarianceDecomposition
    """
    if loss not in ("mse", "0-1"):
        raise ValueError(f'loss must be "mse" or "0-1"; got {loss!r}.')
    if int(n_rounds) < 1:
        raise ValueError("n_rounds must be at least 1.")
    X_train, y_train = indexable(X_train, y_train)
    y_test = np.asarray(y_test)
    rng = check_random_state(random_state)
    n = len(y_train)
    samples = [rng.randint(0, n, size=n) for _ in range(int(n_rounds))]
    jobs = [
        delayed(_fit_predict)(clone(estimator), X_train, y_train, indices, X_test)
        for indices in samples
    ]
    predictions = np.stack(
        run_jobs(jobs, n_jobs=n_jobs, pre_dispatch="2*n_jobs", verbose=verbose,
                 desc="bias_variance")
    )
    predictions = predictions.reshape((len(samples),) + y_test.shape)
    if loss == "mse":
        return _squared_error_decomposition(predictions.astype(float), y_test)
    return _zero_one_decomposition(predictions, y_test)


def _squared_error_decomposition(predictions, y_test):
    """Squared bias and variance around the mean prediction."""
    main = predictions.mean(axis=0)
    return BiasVarianceDecomposition(
        loss="mse",
        expected_loss=float(np.mean((predictions - y_test) ** 2)),
        bias_squared=float(np.mean((main - y_test) ** 2)),
        variance=float(np.mean((predictions - main) ** 2)),
        n_rounds=len(predictions),
        main_prediction=main,
    )


def _zero_one_decomposition(predictions, y_test):
    """Domingos's bias, variance and net variance around the most frequent
    prediction."""
    main = _mode(predictions)
    wrong_main = main != y_test
    disagree = predictions != main
    variance_per_point = disagree.mean(axis=0)
    # chance that a prediction differing from a wrong main prediction is right
    n_disagree = disagree.sum(axis=0)
    right_when_disagree = np.divide(
        ((predictions == y_test) & disagree).sum(axis=0),
        n_disagree,
        out=np.zeros(n_disagree.shape, dtype=float),
        where=n_disagree > 0,
    )
    sign = np.where(wrong_main, -right_when_disagree, 1.0)
    return BiasVarianceDecomposition(
        loss="0-1",
        expected_loss=float(np.mean(predictions != y_test)),
        bias=float(np.mean(wrong_main)),
        variance=float(np.mean(variance_per_point)),
        net_variance=float(np.mean(sign * variance_per_point)),
        n_rounds=len(predictions),
        main_prediction=main,
    )
