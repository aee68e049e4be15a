"""Keras regressors: single or multi-output numeric targets."""

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.utils.validation import check_array

from keras_lectures.estimators import _guards
from keras_lectures.estimators.base import BaseKerasEstimator
from keras_lectures.estimators._model_param import BuilderMixin

__all__ = ["BaseKerasRegressor", "KerasRegressor"]


class BaseKerasRegressor(RegressorMixin, BaseKerasEstimator):
    """Target handling shared by every Keras regressor.

    A 1-D target trains one output unit and predicts a 1-D array; a 2-D
    target trains one unit per column. Integer targets are used as floats.

    Parameters
    ----------
    epochs, batch_size, optimizer, learning_rate, loss, metrics, callbacks, \
validation_fraction, early_stopping, n_iter_no_change, random_state, verbose, \
warm_start, **routed_params
        See :class:`~keras_lectures.estimators.base.BaseKerasEstimator`.
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _prepare_targets(self, y, *, reset, classes=None):
        y = self._encode(y)
        if reset:
            self.n_outputs_ = y.shape[1]
            self.target_type_ = "continuous" if self.n_outputs_ == 1 else "continuous-multioutput"
        elif y.shape[1] != self.n_outputs_:
            raise ValueError(
                f"y has {y.shape[1]} outputs; the estimator was fitted on {self.n_outputs_}."
            )
        return y

    def _encode(self, y):
        y = check_array(y, ensure_2d=False, dtype=[np.float64, np.float32], input_name="y")
        if y.ndim > 2:
            raise ValueError(f"y must be 1-D or 2-D; got shape {y.shape}.")
        _guards.check_float32_range(y.reshape(len(y), -1), "y")
        return y.reshape(len(y), -1).astype(np.float32)

    def _encode_validation_targets(self, y_val):
        return self._encode(y_val)

    def _default_loss(self):
        return "mean_squared_error"

    def partial_fit(self, X, y, sample_weight=None):
        """Train for one epoch on a batch of data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        return self._partial_fit(X, y, sample_weight=sample_weight)

    def predict(self, X):
        """Predicted values.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            1-D when the model was fitted on a 1-D target.
        """
        raw = self._forward(X)
        return raw[:, 0] if self.target_type_ == "continuous" else raw


class KerasRegressor(BuilderMixin, BaseKerasRegressor):
    """A scikit-learn regressor around any Keras model-building function.

    Parameters
    ----------
    model : callable or keras.Model
        A function returning a Keras model, compiled or not, called with the
        routed ``model__*`` parameters and, when its signature names it,
        ``meta`` (``n_features_in_``, ``input_shape_``, ``n_samples_fit_``,
        ``n_outputs_``, ``target_type_``). A Keras model instance is copied with fresh
        weights for every fit. The default loss is mean squared error.
    epochs, batch_size, optimizer, learning_rate, loss, metrics, callbacks, \
validation_fraction, early_stopping, n_iter_no_change, random_state, verbose, \
warm_start, **routed_params
        The parameters of the base estimator and routed ``prefix__name``
        parameters; see
        :class:`~keras_lectures.estimators.base.BaseKerasEstimator`.

    Attributes
    ----------
    model_ : keras.Model
    history_ : dict of list
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
    n_outputs_ : int
    target_type_ : {"continuous", "continuous-multioutput"}
    n_iter_ : int
    backend_ : str
    """

    def __init__(
        self,
        model=None,
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
        self.model = model
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
