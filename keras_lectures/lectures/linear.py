"""Linear regression trained by gradient descent (the lecture's first model)."""

import numpy as np
from sklearn.utils.validation import check_is_fitted

from keras_lectures.estimators import BaseKerasRegressor
from keras_lectures.lectures._common import (
    ALPHA_CONSTRAINT,
    LectureMixin,
    layer_initializer,
)
from keras_lectures.utils.fixes import HasMethods

__all__ = ["LinearRegressionGD"]


def _dense_weights(model):
    """Kernel (n_features, n_outputs) and bias (n_outputs,) of the model's last Dense layer."""
    layer = model.layers[-1]
    kernel, bias = (np.asarray(w, dtype=np.float64) for w in layer.get_weights())
    return kernel, bias


class LinearRegressionGD(LectureMixin, BaseKerasRegressor):
    """Linear regression fitted by plain gradient descent on the lecture's cost.

    One Dense unit per output, no hidden layer. The cost is the lecture's

        J(theta) = 1 / (2 m) * sum((X theta - y) ** 2) + alpha / (2 m) * sum(w ** 2)

    (the bias is not penalised), minimised by gradient descent without
    momentum from zero weights. With the defaults (full batch,
    ``learning_rate=0.01``, 1500 epochs) one epoch is one iteration of the
    lecture's ``gradientDescent``, so the food-truck exercise gives its
    theta = (-3.6303, 1.1664).

    Parameters
    ----------
    alpha : float, default=0.0
        L2 strength lambda of the cost above.
    kernel_initializer : str, dict or keras initializer, default="zeros"
        Initial weights; the lecture starts from theta = 0 (the bias always
        starts at 0).
    epochs : int, default=1500
        Gradient-descent iterations (full batch) or passes over the data.
    batch_size : int or None, default=None
        ``None`` is full-batch gradient descent, as in the lecture; an integer
        gives mini-batch stochastic gradient descent.
    optimizer : str, optimizer class or instance, default="sgd"
        ``"sgd"`` is plain gradient descent (Keras's SGD has no momentum by
        default).
    learning_rate : float, default=0.01
        The lecture's alpha (the step size).
    loss : str, keras loss or None, default=None
        ``None`` is the lecture's cost: half the mean squared error. Another
        loss replaces it as it is.
    metrics, callbacks, validation_fraction, early_stopping, n_iter_no_change, \
random_state, verbose, warm_start, **routed_params
        See :class:`~keras_lectures.estimators.base.BaseKerasEstimator`.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_outputs, n_features)
        Fitted weights (theta_1 ... theta_n), read from the model.
    intercept_ : float or ndarray of shape (n_outputs,)
        Fitted bias (theta_0).
    history_ : dict of list
        ``history_["loss"][k]`` is the cost J *before* gradient step ``k + 1``
        (Keras scores each full batch before updating), so
        ``history_["loss"][0]`` is the cost at the initial weights: 32.07 on
        the food-truck data with zero weights. The lecture's ``J_history[k]``
        (the cost *after* step ``k + 1``) is ``history_["loss"][k + 1]``; the
        cost after the last step is :meth:`cost` on the training data. With
        mini-batches the entries are epoch averages.
    model_ : keras.Model
    n_features_in_ : int
    n_outputs_ : int
    n_iter_ : int

    See Also
    --------
    sklearn.linear_model.SGDRegressor : the same model, stochastic gradient descent.
    sklearn.linear_model.LinearRegression : the normal equation's solution.

    Examples
    --------
    >>> from keras_lectures import LinearRegressionGD
    >>> from keras_lectures.datasets import load_food_truck
    >>> X, y = load_food_truck(return_X_y=True)  # doctest: +SKIP
    >>> reg = LinearRegressionGD().fit(X, y)  # doctest: +SKIP
    >>> reg.intercept_, reg.coef_  # doctest: +SKIP
    (-3.6303, array([1.1664]))
    """

    _parameter_constraints: dict = {
        **BaseKerasRegressor._parameter_constraints,
        "alpha": ALPHA_CONSTRAINT,
        "kernel_initializer": [str, dict, HasMethods(["get_config"])],
    }

    def __init__(
        self,
        *,
        alpha=0.0,
        kernel_initializer="zeros",
        epochs=1500,
        batch_size=None,
        optimizer="sgd",
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
        self.alpha = alpha
        self.kernel_initializer = kernel_initializer
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
        model = keras.Sequential(
            [
                keras.Input(meta["input_shape_"]),
                keras.layers.Dense(
                    meta["n_outputs_"],
                    kernel_initializer=layer_initializer(keras, self.kernel_initializer),
                    bias_initializer="zeros",
                    kernel_regularizer=self._penalty(keras, meta),
                    name="linear",
                ),
            ],
            name="linear_regression",
        )
        if self.loss is None:
            return self._compile(keras, model, loss="mean_squared_error", loss_weight=0.5)
        return self._compile(keras, model, loss=self.loss)

    # -- the fitted line ------------------------------------------------------
    @property
    def coef_(self):
        """Slopes of the fitted line (the lecture's theta_1, ..., theta_n).

        ndarray of shape (n_features,) for a 1-D target, else
        (n_outputs, n_features).
        """
        check_is_fitted(self, "model_")
        kernel, _ = _dense_weights(self.model_)
        return kernel[:, 0].copy() if self.target_type_ == "continuous" else kernel.T

    @property
    def intercept_(self):
        """Intercept of the fitted line (the lecture's theta_0).

        float for a 1-D target, else ndarray of shape (n_outputs,).
        """
        check_is_fitted(self, "model_")
        _, bias = _dense_weights(self.model_)
        return float(bias[0]) if self.target_type_ == "continuous" else bias

    def cost(self, X, y):
        """The lecture's cost J at the fitted weights, in float64.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)

        Returns
        -------
        J : float
            ``1/(2m) * sum((prediction - y)**2) + alpha/(2m) * sum(coef_**2)``
            with ``m`` the number of rows of ``X``.
        """
        X = self._validate_predict_input(X).astype(np.float64)
        y = np.asarray(y, dtype=np.float64).reshape(len(X), -1)
        kernel, bias = _dense_weights(self.model_)
        residual = X @ kernel + bias - y
        m = len(X)
        return float(
            (residual**2).sum() / (2 * m) + self.alpha * (kernel**2).sum() / (2 * m)
        )
