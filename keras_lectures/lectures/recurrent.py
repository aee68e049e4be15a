"""Many-to-one LSTM regression on sliding windows of a time series.

The lecture predicts tomorrow's closing price from the last 7 days' Open,
High, Low, Volume and Close with an LSTM of 10 hidden units. Three pieces:

* :func:`make_windows` turns a series (rows in time order) into one flat row
  per window, ``window * n_features`` lag values, and the value of the
  target column on the next step. Building windows changes the number of
  rows and creates the target, which a scikit-learn transformer cannot do,
  so this happens once, before any model.
* :class:`SlidingWindow` is the transformer that reshapes such flat rows into
  ``(n, window, n_features)`` sequences. Being a pipeline step, it lets a
  scaler work on the flat rows first, fitted on the training windows only:
  ``make_pipeline(MinMaxScaler(), SlidingWindow(7), LSTMRegressor())``, with
  :class:`~sklearn.compose.TransformedTargetRegressor` to scale the target.
  Each lag column is scaled by its own training minimum and maximum, which
  differ from the feature's over the training rows by at most the ``window``
  days at either end.
* :class:`LSTMRegressor` is the model.

The original lab min-max scaled the whole table *before* splitting it into
training and test days, so the test period's minimum and maximum leaked into
the training data. Split first (chronologically: the test days come after the
training days) and fit every scaler on the training part only, as above.
"""

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from keras_lectures.estimators import BaseKerasRegressor
from keras_lectures.lectures._common import LectureMixin
from keras_lectures.lectures._input_gradient import loss_input_gradient
from keras_lectures.utils.fixes import Interval, StrOptions

__all__ = [
    "LSTMRegressor",
    "SlidingWindow",
    "gradient_through_time",
    "make_windows",
    "window_feature_names",
]

#: ``cell`` values -> the Keras recurrent layer that reads the sequence
CELLS = {"lstm": "LSTM", "gru": "GRU", "simple_rnn": "SimpleRNN"}


def make_windows(series, window=7, *, target_column=-1, horizon=1):
    """Cut a time series into flat lag rows and the next step's target.

    Parameters
    ----------
    series : array-like of shape (n_rows, n_features)
        Rows in time order (oldest first). A 1-D array is one feature.
    window : int, default=7
        Time steps per window.
    target_column : int, default=-1
        Column whose future value is the target (the lecture's Close).
    horizon : int, default=1
        Steps ahead of the window's last row (1: the next day).

    Returns
    -------
    X : ndarray of shape (n_windows, window * n_features)
        Window ``i`` holds rows ``i ... i + window - 1``, time-major: the
        first ``n_features`` values are the oldest row.
        ``n_windows = n_rows - window - horizon + 1``.
    y : ndarray of shape (n_windows,)
        ``series[i + window + horizon - 1, target_column]``.

    Examples
    --------
    >>> import numpy as np
    >>> X, y = make_windows(np.arange(10.0), window=3)
    >>> X[0].tolist(), float(y[0])
    ([0.0, 1.0, 2.0], 3.0)
    """
    series = np.asarray(series, dtype=np.float64)
    if series.ndim == 1:
        series = series[:, None]
    if series.ndim != 2:
        raise ValueError(f"series must be 1-D or 2-D; got shape {series.shape}.")
    if window < 1 or horizon < 1:
        raise ValueError("window and horizon must be at least 1.")
    n_windows = len(series) - window - horizon + 1
    if n_windows < 1:
        raise ValueError(
            f"A series of {len(series)} rows has no window of {window} rows with a "
            f"target {horizon} step(s) later."
        )
    index = np.arange(n_windows)[:, None] + np.arange(window)[None, :]
    X = series[index].reshape(n_windows, -1)
    y = series[np.arange(n_windows) + window + horizon - 1, target_column]
    return X, y


def window_feature_names(feature_names, window):
    """Names of :func:`make_windows`' columns: ``"Close[t-1]"`` is yesterday's Close."""
    return [
        f"{name}[t-{window - step}]" for step in range(window) for name in feature_names
    ]


class SlidingWindow(TransformerMixin, BaseEstimator):
    """Reshape flat lag rows into ``(n_samples, window, n_features)`` sequences.

    The rows are those of :func:`make_windows`: ``window`` time steps of
    ``n_features`` values each, oldest first. Placed after a scaler in a
    pipeline, the scaler sees the flat rows (and is fitted on the training
    windows only) and the recurrent model sees sequences.

    Parameters
    ----------
    window : int, default=7
        Time steps per row; ``n_features_in_`` must be a multiple of it.

    Attributes
    ----------
    n_features_in_ : int
        ``window * n_steps_features_``.
    n_steps_features_ : int
        Values per time step.
    """

    _parameter_constraints: dict = {"window": [Interval(Integral, 1, None, closed="left")]}

    def __init__(self, window=7):
        self.window = window

    def fit(self, X, y=None):
        """Check that rows split into ``window`` steps.

        Parameters
        ----------
        X : array-like of shape (n_samples, window * n_features)
        y : ignored

        Returns
        -------
        self : object
        """
        self._validate_params()
        X = validate_data(self, X, reset=True)
        if X.shape[1] % self.window:
            raise ValueError(
                f"Rows of {X.shape[1]} values do not split into window={self.window} "
                "time steps of equal size."
            )
        self.n_steps_features_ = X.shape[1] // self.window
        return self

    def transform(self, X):
        """Reshape flat rows into sequences.

        Parameters
        ----------
        X : array-like of shape (n_samples, window * n_features)

        Returns
        -------
        X_seq : ndarray of shape (n_samples, window, n_features)
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return X.reshape(len(X), self.window, self.n_steps_features_)

    def inverse_transform(self, X):
        """Flatten sequences back into rows.

        Parameters
        ----------
        X : array-like of shape (n_samples, window, n_features)

        Returns
        -------
        X_flat : ndarray of shape (n_samples, window * n_features)
        """
        check_is_fitted(self)
        X = np.asarray(X)
        return X.reshape(len(X), -1)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


class LSTMRegressor(LectureMixin, BaseKerasRegressor):
    """A many-to-one LSTM: a sequence in, one prediction per output out.

    One LSTM layer of ``units`` reads the whole window; a linear Dense layer
    maps its last hidden state to the outputs. The lecture: 7 time steps of 5
    features, 10 hidden units, one output, Adam with a learning rate of 0.01
    for 500 full-batch iterations.

    ``cell`` swaps the LSTM for the lecture's other recurrent units: the
    vanilla recurrent network ``s_t = tanh(U x_t + W s_{t-1} + b)``
    (``"simple_rnn"``, whose gradient vanishes or explodes over long time
    lags) or a GRU (``"gru"``, gated like the LSTM with fewer weights).

    Input: ``(n, timesteps, features)`` arrays (for instance from
    :class:`SlidingWindow`). A 2-D ``(n, d)`` table is read as ``d`` time
    steps of one feature each.

    Parameters
    ----------
    units : int, default=10
        Hidden units of the LSTM (or of the ``cell``).
    cell : {"lstm", "gru", "simple_rnn"}, default="lstm"
        The recurrent layer: Keras's ``LSTM``, ``GRU`` or ``SimpleRNN``
        (tanh), with Keras's default initialisation.
    epochs : int, default=500
    batch_size : int or None, default=None
        ``None`` is full batch, as in the lecture.
    optimizer : str, optimizer class or instance, default="adam"
    learning_rate : float or None, default=0.01
    loss : str, keras loss or None, default=None
        ``None`` is half the mean squared error (the lab minimised the sum of
        squares, the same minimiser).
    metrics, callbacks, validation_fraction, early_stopping, n_iter_no_change, \
random_state, verbose, warm_start, **routed_params
        See :class:`~keras_lectures.estimators.base.BaseKerasEstimator`.

    Attributes
    ----------
    model_ : keras.Model
    history_ : dict of list
    input_shape_ : tuple of int
    n_outputs_ : int
    n_iter_ : int
    """

    _accepts_nd_input = True

    _parameter_constraints: dict = {
        **BaseKerasRegressor._parameter_constraints,
        "units": [Interval(Integral, 1, None, closed="left")],
        "cell": [StrOptions(set(CELLS))],
    }

    def __init__(
        self,
        units=10,
        *,
        cell="lstm",
        epochs=500,
        batch_size=None,
        optimizer="adam",
        learning_rate=0.01,
        loss=None,
        metrics=None,
        callbacks=None,
        validation_fraction=0.1,
        early_stopping=False,
        n_iter_no_change=10,
        random_state=None,
        verbose=0,
        warm_start=False,
        **routed_params,
    ):
        self.units = units
        self.cell = cell
        super().__init__(
            epochs=epochs,
            batch_size=batch_size,
            optimizer=optimizer,
            learning_rate=learning_rate,
            loss=loss,
            metrics=metrics,
            callbacks=callbacks,
            validation_fraction=validation_fraction,
            early_stopping=early_stopping,
            n_iter_no_change=n_iter_no_change,
            random_state=random_state,
            verbose=verbose,
            warm_start=warm_start,
            **routed_params,
        )

    def _build_keras_model(self, keras, meta):
        self._check_lecture_params()
        shape = tuple(meta["input_shape_"])
        if len(shape) not in (1, 2):
            raise ValueError(
                "LSTMRegressor takes (n, timesteps, features) sequences or an (n, d) "
                f"table; got samples of shape {shape}."
            )
        layers = [keras.Input(shape)]
        if len(shape) == 1:
            layers.append(keras.layers.Reshape((shape[0], 1), name="steps"))
        layers += [
            getattr(keras.layers, CELLS[self.cell])(self.units, name=self.cell),
            keras.layers.Dense(meta["n_outputs_"], name="output"),
        ]
        model = keras.Sequential(layers, name="lstm_regressor")
        if self.loss is None:
            return self._compile(keras, model, loss="mean_squared_error", loss_weight=0.5)
        return self._compile(keras, model, loss=self.loss)


def gradient_through_time(estimator_or_model, X, y, *, loss="mean_squared_error"):
    """How strongly the loss reacts to each time step: backpropagation through time.

    A recurrent network applies the same weights at every step,
    ``s_t = f(U x_t + W s_{t-1})``; the gradient of the loss with respect to
    the input ``t`` steps before the end is a product of ``t`` such steps'
    Jacobians, so it shrinks (vanishes) or grows (explodes) geometrically
    with the time lag unless gates keep it in check. This function returns
    its size at every step.

    Parameters
    ----------
    estimator_or_model : keras.Model, fitted estimator or Pipeline
        A sequence model: a Keras model or a fitted estimator of this
        package (a pipeline's earlier steps transform ``X`` first).
    X : array-like of shape (n_samples, timesteps, n_features) or (n_samples, timesteps)
        Sequences, oldest step first.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Targets in the units the model is trained on.
    loss : str or callable, default="mean_squared_error"
        Keras loss of one example.

    Returns
    -------
    norms : ndarray of shape (timesteps,)
        ``norms[t]``: the Euclidean norm of ``d loss_i / d x_{i,t}`` (over the
        features of step ``t``), averaged over the examples ``i``. The last
        entry is the most recent step (time lag 0); ``norms[::-1][k]`` is the
        step ``k`` steps back.

    Examples
    --------
    >>> import numpy as np
    >>> from keras_lectures.lectures import LSTMRegressor
    >>> X = np.random.RandomState(0).normal(size=(8, 5, 1))
    >>> model = LSTMRegressor(3, cell="simple_rnn", epochs=1, random_state=0)
    >>> gradient_through_time(model.fit(X, X[:, 0, 0]), X, X[:, 0, 0]).shape
    (5,)
    """
    from keras_lectures.backend import import_keras

    keras = import_keras()
    obj = estimator_or_model
    if hasattr(obj, "steps"):  # a pipeline: its earlier steps prepare X
        if len(obj.steps) > 1:
            X = obj[:-1].transform(X)
        obj = obj.steps[-1][1]
    model = obj if isinstance(obj, keras.Model) else getattr(obj, "model_", None)
    if model is None:
        raise ValueError(
            "gradient_through_time needs a Keras model or a fitted estimator of this "
            f"package; got {type(obj).__name__} without model_ (fit it first)."
        )
    X = np.asarray(X, dtype=np.float32)
    if X.ndim not in (2, 3):
        raise ValueError(
            "gradient_through_time takes (n_samples, timesteps, n_features) sequences "
            f"or an (n_samples, timesteps) table; got shape {X.shape}."
        )
    gradient = loss_input_gradient(model, X, y, loss=loss)
    if gradient.ndim == 2:
        gradient = gradient[:, :, None]
    return np.linalg.norm(gradient.astype(np.float64), axis=2).mean(axis=0)
