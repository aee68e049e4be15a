"""The scikit-learn side of a Keras model: parameters, fitting, predicting.

:class:`BaseKerasEstimator` holds everything the classifier, the regressor and
the lecture estimators share: parameter storage and routing, input
validation, seeding, the inner validation split for early stopping, the call
into ``keras.Model.fit``, ``history_``, warm starts and ``partial_fit``, and a
quiet, fast prediction path. Subclasses say how targets are encoded and how
the Keras model is built.

Every fit builds a fresh model (its initial weights come from the seed). A
plain fit (no callbacks, validation data, progress output or ``fit__*``
parameters) then trains through :func:`keras_lectures.engine.train`, which
reuses compiled steps across fits of the same architecture and gives the
result of ``keras.Model.fit`` on that fresh model (up to floating-point
rounding); anything else calls ``keras.Model.fit``.
``KERAS_LECTURES_FAST_FIT=0`` or :func:`keras_lectures.engine.fast_fit`
switches the fast routes off.
"""

import copy
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.model_selection import train_test_split
from sklearn.utils.validation import check_is_fitted, validate_data

from keras_lectures import engine
from keras_lectures.backend import import_keras
from keras_lectures.engine.process_state import quiet_retracing
from keras_lectures.engine.switch import thread_setting
from keras_lectures.estimators import _guards
from keras_lectures.estimators._model_factory import compile_model, make_optimizer
from keras_lectures.estimators.routing import (
    ROUTING_PREFIXES,
    check_prefixes,
    check_routed_names,
    is_routed,
    split_routed,
    suggest,
)
from keras_lectures.estimators._random_state import seed_from_random_state
from keras_lectures.utils.fixes import HasMethods, Interval, _check_sample_weight

__all__ = ["BaseKerasEstimator"]

# Rows predicted per call. On the engine's compiled routes a single chunk is
# zero-padded up to a power of two, the last of several chunks up to a whole
# chunk, so that a handful of shapes are ever compiled, whatever the number of
# rows; Keras's own predict_on_batch gets the rows unpadded.
_PREDICT_CHUNK = 256


class BaseKerasEstimator(BaseEstimator):
    """Base class of the package's Keras estimators.

    Not for direct use: use :class:`~keras_lectures.KerasClassifier`,
    :class:`~keras_lectures.KerasRegressor` or a lecture estimator.

    Parameters
    ----------
    epochs : int, default=10
        Passes over the training data.
    batch_size : int or None, default=32
        Rows per gradient step; ``None`` uses the whole training set (full
        batch gradient descent).
    optimizer : str, optimizer class or optimizer instance, default="adam"
        A fresh optimizer is built for every fit; an instance only lends its
        configuration.
    learning_rate : float or None, default=None
        ``None`` keeps the optimizer's own default.
    loss : str, keras loss or None, default=None
        ``None`` picks the task's loss (see the subclass).
    metrics : list or None, default=None
        Extra Keras metrics, recorded per epoch in ``history_``.
    callbacks : list or None, default=None
        Keras callbacks: instances (copied for every fit) or classes
        (instantiated with the routed ``callbacks__`` parameters).
    validation_fraction : float, default=0.1
        Share of the training data held out for early stopping; the split is
        shuffled and, for classifiers, stratified.
    early_stopping : bool, default=False
        Stop when the held-out loss has not improved for ``n_iter_no_change``
        epochs and keep the best weights.
    n_iter_no_change : int, default=10
        Patience of early stopping, in epochs.
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialisation, shuffling, dropout and the validation
        split. With an integer, two fits give identical predictions; global
        random state is restored after the fit. On TensorFlow, Keras's
        ``fit`` under a seed draws one row order and keeps it for every
        epoch (its shuffling pipeline restarts from the seed each epoch);
        jax and torch reshuffle every epoch.
    verbose : int, default=0
        Keras's progress output during ``fit``; 0 is silent.
    warm_start : bool, default=False
        Continue training the fitted model on the next ``fit`` call.
    **routed_params
        ``model__*``, ``optimizer__*``, ``compile__*``, ``fit__*`` and
        ``callbacks__*`` parameters, handed to the Keras object the prefix
        names, and ``predict__batch_size``, the rows per prediction call
        (256 by default; no other ``predict__`` parameter is accepted).
    """

    _parameter_constraints: dict = {
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left"), None],
        "optimizer": [str, type, HasMethods(["get_config"])],
        "learning_rate": [Interval(Real, 0, None, closed="neither"), None],
        "loss": [str, callable, None],
        "metrics": [list, tuple, None],
        "callbacks": [list, tuple, None],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "early_stopping": ["boolean"],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
    }

    #: dense models take 2-D input; image and sequence estimators allow more
    _accepts_nd_input = False

    def __init__(
        self,
        *,
        epochs=10,
        batch_size=32,
        optimizer="adam",
        learning_rate=None,
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
        self.epochs = epochs
        self.batch_size = batch_size
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.loss = loss
        self.metrics = metrics
        self.callbacks = callbacks
        self.validation_fraction = validation_fraction
        self.early_stopping = early_stopping
        self.n_iter_no_change = n_iter_no_change
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        # Routed parameters are parameters (get_params returns them) that the
        # signature cannot name, so they live in one private dict. Like every
        # parameter, they are checked in fit.
        self._routed_params = routed_params

    # ------------------------------------------------------------------
    # parameters
    def get_params(self, deep=True):
        """Get parameters, routed ``prefix__name`` parameters included.

        Parameters
        ----------
        deep : bool, default=True
            Also return the parameters of contained estimators.

        Returns
        -------
        params : dict
        """
        params = super().get_params(deep=deep)
        params.update(self._routed_params)
        return params

    def set_params(self, **params):
        """Set parameters, routed ``prefix__name`` parameters included.

        Parameters
        ----------
        **params : dict
            Named parameters of the estimator and routed ``prefix__name``
            parameters (``model__units``, ``optimizer__momentum``, ...).

        Returns
        -------
        self : estimator instance
        """
        named = self._get_param_names()
        routed = {k: v for k, v in params.items() if is_routed(k) or k not in named}
        if routed:
            self._routed_params = {**self._routed_params, **routed}
        plain = {k: v for k, v in params.items() if k not in routed}
        if plain:
            super().set_params(**plain)
        return self

    def _check_extra_params(self):
        """Raise for a parameter that is neither named nor routed."""
        for name in self._routed_params:
            if not is_routed(name):
                raise ValueError(
                    f"Unknown parameter {name!r} for {type(self).__name__}"
                    f"{suggest(name, self._get_param_names()) or '.'} Parameters "
                    "outside the signature must be routed: prefix__name, with "
                    "prefix one of " + ", ".join(ROUTING_PREFIXES) + "."
                )
        check_prefixes(self._routed_params)
        self._predict_batch_size()

    def _routed(self, prefix):
        return split_routed(self._routed_params, prefix)

    def _predict_batch_size(self):
        """Rows per prediction call: ``predict__batch_size``, the only ``predict__``."""
        routed = self._routed("predict")
        for name in routed:
            if name != "batch_size":
                raise ValueError(
                    f"Invalid routed parameter 'predict__{name}'"
                    f"{suggest(name, ['batch_size']) or '.'} Prediction takes "
                    "only predict__batch_size (rows per call)."
                )
        batch_size = routed.get("batch_size", _PREDICT_CHUNK)
        if not isinstance(batch_size, Integral) or isinstance(batch_size, bool) or batch_size < 1:
            raise ValueError(
                f"predict__batch_size must be a positive integer; got {batch_size!r}."
            )
        return int(batch_size)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = True
        if self._accepts_nd_input:
            tags.input_tags.three_d_array = True
        return tags

    # ------------------------------------------------------------------
    # what subclasses provide
    def _build_keras_model(self, keras, meta):
        """Return a Keras model (compiled or not) for the given ``meta``."""
        raise NotImplementedError

    def _prepare_targets(self, y, *, reset, classes=None):
        """Validate ``y`` and return the array the Keras model trains on.

        With ``reset``, also set the fitted target attributes (``classes``
        lists every class, for a classifier's first ``partial_fit``).
        """
        raise NotImplementedError

    def _default_loss(self):
        raise NotImplementedError

    def _target_meta(self):
        """Fitted target facts passed to model builders in ``meta``."""
        return {"n_outputs_": self.n_outputs_, "target_type_": self.target_type_}

    def _stratify_labels(self, y_encoded):
        """Labels to stratify the early-stopping split on (None: do not)."""
        return None

    # ------------------------------------------------------------------
    # fitting
    def fit(self, X, y, sample_weight=None, validation_data=None):
        """Train the model on ``X`` and ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (the generic wrappers and the image and sequence
            estimators also take n-d arrays of samples, e.g. images).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Per-sample weights. They are rescaled to average 1, so an integer
            weight acts like repeating the sample.
        validation_data : tuple (X_val, y_val), default=None
            Data scored after every epoch and recorded in ``history_`` under
            ``val_*`` keys. With ``early_stopping`` it replaces the internal
            split.

        Returns
        -------
        self : object
            The fitted estimator.

        Raises
        ------
        ValueError
            When the model does not match the data (its input against the
            samples, its output units against the classes or outputs), or a
            value does not fit in float32.
        TrainingDivergedError
            When the loss or the weights became NaN or infinite; it names the
            epoch. Such a fit leaves no model.
        """
        fitted = hasattr(self, "model_")
        return self._fit(
            X,
            y,
            sample_weight=sample_weight,
            validation_data=validation_data,
            epochs=self.epochs,
            reset=not (self.warm_start and fitted),
            split_validation=True,
        )

    def _partial_fit(self, X, y, sample_weight=None, classes=None):
        return self._fit(
            X,
            y,
            sample_weight=sample_weight,
            validation_data=None,
            epochs=1,
            reset=not hasattr(self, "model_"),
            split_validation=False,
            classes=classes,
        )

    def _fit(
        self, X, y, *, sample_weight, validation_data, epochs, reset, split_validation,
        classes=None,
    ):
        self._validate_params()
        self._check_extra_params()
        keras = import_keras()

        X, y = validate_data(
            self,
            X,
            y,
            reset=reset,
            dtype=[np.float32, np.float64],
            allow_nd=self._accepts_nd_input,
            multi_output=True,
            y_numeric=False,
        )
        self._check_input_rank(X)
        _guards.check_float32_range(X, "X", getattr(self, "feature_names_in_", None))
        if reset:
            self.input_shape_ = tuple(X.shape[1:])
        y_encoded = self._prepare_targets(y, reset=reset, classes=classes)
        sample_weight = self._sample_weight(sample_weight, X, y)
        X = X.astype(np.float32, copy=False)

        seed = seed_from_random_state(self.random_state)
        rng = np.random.RandomState(seed)
        fit_data, validation = self._split_validation(
            X, y_encoded, sample_weight, validation_data, rng, split_validation
        )

        backend_name = keras.backend.backend()
        with engine.seeded(seed, backend_name), _guards.guarded_fit(self), \
                quiet_retracing(backend_name):
            if reset:
                self.model_ = self._new_model(keras, n_samples=len(fit_data[0]))
                self.history_ = {}
            fit_data, validation = (
                None if part is None else (part[0], self._targets_for_model(part[1]), part[2])
                for part in (fit_data, validation)
            )
            history = self._run_keras_fit(keras, fit_data, validation, epochs)
            _guards.check_training_finite(self, self.model_, history)
            _guards.check_model_fits_data(self, self.model_, default_loss=False)

        for key, values in history.items():
            self.history_.setdefault(key, []).extend(float(v) for v in values)
        self.n_iter_ = len(next(iter(history.values()), []))
        self.backend_ = backend_name
        return self

    def _check_input_rank(self, X):
        if not self._accepts_nd_input and X.ndim != 2:
            raise ValueError(
                f"{type(self).__name__} takes 2-D input (n_samples, n_features); "
                f"got an array of shape {X.shape}."
            )

    def _sample_weight(self, sample_weight, X, y):
        if sample_weight is None and getattr(self, "class_weight", None) is None:
            return None
        weight = _check_sample_weight(sample_weight, X, dtype=np.float64, ensure_non_negative=True)
        weight = weight * self._class_weight_factors(y)
        total = weight.sum()
        if total <= 0:
            raise ValueError("Sample weights must contain at least one non-zero number.")
        return (weight * (len(weight) / total)).astype(np.float32)

    def _class_weight_factors(self, y):
        return 1.0

    def _split_validation(self, X, y, weight, validation_data, rng, split_validation):
        """Return ((X, y, w) to train on, (X, y, w) to validate on or None)."""
        if validation_data is not None:
            X_val, y_val = validation_data
            X_val = validate_data(
                self, X_val, reset=False, dtype=[np.float32, np.float64],
                allow_nd=self._accepts_nd_input,
            ).astype(np.float32, copy=False)
            return (X, y, weight), (X_val, self._encode_validation_targets(y_val), None)
        if not (self.early_stopping and split_validation):
            return (X, y, weight), None
        stratify = self._stratify_labels(y)
        arrays = [X, y] if weight is None else [X, y, weight]
        try:
            parts = train_test_split(
                *arrays,
                test_size=self.validation_fraction,
                random_state=rng,
                stratify=stratify,
            )
        except ValueError as error:
            raise ValueError(
                f"Cannot hold out validation_fraction={self.validation_fraction} "
                f"of {len(X)} samples for early stopping: {error}"
            ) from error
        train, held_out = parts[0::2], parts[1::2]
        if weight is None:
            train, held_out = [*train, None], [*held_out, None]
        return tuple(train), tuple(held_out)

    def _encode_validation_targets(self, y_val):
        """Encode validation targets like the training targets."""
        raise NotImplementedError

    def _adopt_output_width(self, model):
        """Record what the new model's output layer implies for the targets."""

    def _targets_for_model(self, y):
        """Encoded targets in the form the fitted model trains on."""
        return y

    def _new_model(self, keras, n_samples):
        meta = {
            "n_features_in_": self.n_features_in_,
            "input_shape_": self.input_shape_,
            "n_samples_fit_": n_samples,
            **self._target_meta(),
        }
        model = self._build_keras_model(keras, meta)
        if not isinstance(model, keras.Model):
            raise TypeError(
                f"The model builder must return a keras.Model; got {type(model).__name__}."
            )
        default_loss = not model.compiled and self.loss is None
        _guards.check_model_fits_data(self, model, default_loss=default_loss)
        self._adopt_output_width(model)
        if not model.compiled:
            optimizer = make_optimizer(
                keras, self.optimizer, self.learning_rate, self._routed("optimizer")
            )
            compile_model(
                keras,
                model,
                optimizer=optimizer,
                loss=self.loss if self.loss is not None else self._default_loss(),
                metrics=list(self.metrics) if self.metrics else None,
                compile_params=self._routed("compile"),
            )
        return model

    def _make_callbacks(self, keras, validation):
        callbacks = [_guards.make_stop_callback(keras, type(self).__name__)]
        routed = self._routed("callbacks")
        for callback in self.callbacks or ():
            if isinstance(callback, type):
                check_routed_names("callbacks", routed, callback.__init__, reserved=("self",))
                callbacks.append(callback(**routed))
            else:
                callbacks.append(copy.deepcopy(callback))
        if self.early_stopping and validation is not None:
            callbacks.append(
                keras.callbacks.EarlyStopping(
                    monitor="val_loss",
                    patience=self.n_iter_no_change,
                    restore_best_weights=True,
                )
            )
        return callbacks

    def _run_keras_fit(self, keras, fit_data, validation, epochs):
        X, y, weight = fit_data
        fit_params = self._routed("fit")
        check_routed_names(
            "fit",
            fit_params,
            keras.Model.fit,
            reserved=(
                "self", "x", "y", "sample_weight", "epochs", "batch_size",
                "validation_data", "callbacks", "verbose",
            ),
        )
        if self._can_fit_lean(keras, fit_params, validation):
            return engine.train(
                keras, self.model_, X, y, weight,
                epochs=epochs, batch_size=self.batch_size or len(X),
            )
        validation_data = None
        if validation is not None:
            X_val, y_val, w_val = validation
            validation_data = (X_val, y_val) if w_val is None else (X_val, y_val, w_val)
        history = self.model_.fit(
            X,
            y,
            sample_weight=weight,
            batch_size=self.batch_size or len(X),
            epochs=epochs,
            verbose=self.verbose,
            validation_data=validation_data,
            callbacks=self._make_callbacks(keras, validation),
            **fit_params,
        )
        return history.history

    def __sklearn_clone__(self):
        """A clone, carrying the caller's ``fast_fit`` setting.

        scikit-learn clones an estimator in the caller's thread before
        handing the clone to a joblib worker (cross-validation, learning
        curves, grid searches), so a clone made inside a
        :func:`~keras_lectures.engine.fast_fit` block keeps that block's
        setting in the worker, as scikit-learn's ``config_context`` does.
        """
        clone = super().__sklearn_clone__()
        setting = thread_setting()
        if setting is None:
            setting = getattr(self, "_fast_fit_carried", None)
        if setting is not None:
            clone._fast_fit_carried = setting
        return clone

    def _fast_routes(self):
        """Whether this estimator may take the engine's fast routes now.

        This thread's open ``fast_fit`` block decides; without one, the
        setting carried by a clone (see :meth:`__sklearn_clone__`); without
        that, the environment (``KERAS_LECTURES_FAST_FIT``).
        """
        setting = thread_setting()
        if setting is None:
            setting = getattr(self, "_fast_fit_carried", None)
        return engine.fast_fit_enabled() if setting is None else setting

    def _can_fit_lean(self, keras, fit_params, validation):
        """Whether this fit may skip ``keras.Model.fit`` for a lean loop.

        The one place that decides it: the lean loops train as ``fit``
        would, but only for plain fits (see :mod:`keras_lectures.engine`).
        """
        return (
            self._fast_routes()
            and not fit_params
            and validation is None
            and not self.callbacks
            and not self.verbose
            and engine.can_train(keras, self.model_)
        )

    # ------------------------------------------------------------------
    # predicting
    def _validate_predict_input(self, X):
        check_is_fitted(self, "model_")
        if not hasattr(self, "feature_names_in_") and _plain_finite_rows(X, self.input_shape_):
            # what validate_data returns for such an array, without its
            # ~50 µs of checks (a third of a small prediction)
            with np.errstate(over="ignore"):  # beyond float32: refused below
                X32 = X.astype(np.float32, copy=False)
            if X32 is X or _plain_finite_rows(X32, self.input_shape_):
                return X32
        if len(self.input_shape_) > 1 and hasattr(X, "shape"):
            # before scikit-learn's check, which would count "features" in
            # the first axis of an image
            self._check_sample_shape(tuple(X.shape[1:]))
        X = validate_data(
            self, X, reset=False, dtype=[np.float32, np.float64],
            allow_nd=self._accepts_nd_input,
        )
        self._check_input_rank(X)
        self._check_sample_shape(X.shape[1:])
        _guards.check_float32_range(X, "X", getattr(self, "feature_names_in_", None))
        return X.astype(np.float32, copy=False)

    def _check_sample_shape(self, shape):
        if shape != self.input_shape_:
            raise ValueError(
                f"X has samples of shape {shape}, but {type(self).__name__} "
                f"was fitted on samples of shape {self.input_shape_}."
            )

    def _forward(self, X):
        """The model's outputs for ``X`` as a float64 NumPy array, quietly."""
        X = self._validate_predict_input(X)
        keras = import_keras()
        chunk = self._predict_batch_size()
        outputs = []
        fast = self._fast_routes()
        with quiet_retracing(keras.backend.backend()):
            for start in range(0, len(X), chunk):
                part = X[start:start + chunk]
                # compiled routes zero-pad to a few shapes; Keras's own never pads
                pad_to = _padded_rows(len(part), chunk) if start == 0 else chunk
                outputs.append(
                    engine.predict(keras, self.model_, part, fast=fast, pad_to=pad_to)
                )
        return np.concatenate(outputs).astype(np.float64)


def _plain_finite_rows(X, sample_shape):
    """Whether ``X`` is a float NumPy array of finite samples of ``sample_shape``.

    For such an array scikit-learn's input validation passes and returns it
    unchanged; anything else goes through that validation and its errors.
    """
    if not (
        type(X) is np.ndarray
        and X.dtype in (np.float32, np.float64)
        and X.shape[1:] == sample_shape
        and X.shape[0] > 0
    ):
        return False
    with np.errstate(over="ignore", invalid="ignore"):
        return bool(np.isfinite(X.sum()))  # a non-finite value, or overflow, makes it inf/nan


def _padded_rows(rows, chunk):
    """Smallest power of two >= rows (at least 8), capped at ``chunk``."""
    size = 8
    while size < rows:
        size *= 2
    return min(size, max(chunk, rows))
