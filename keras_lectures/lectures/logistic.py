"""Logistic and softmax regression trained by gradient descent."""

import numpy as np
from scipy.special import expit, softmax
from sklearn.utils.validation import check_is_fitted

from keras_lectures.estimators import BaseKerasClassifier
from keras_lectures.lectures._common import (
    ALPHA_CONSTRAINT,
    LectureMixin,
    layer_initializer,
)
from keras_lectures.utils.fixes import HasMethods

__all__ = ["LogisticRegressionGD", "SoftmaxRegression", "raw_coefficients"]


class LogisticRegressionGD(LectureMixin, BaseKerasClassifier):
    """Logistic regression fitted by gradient descent on the lecture's cost.

    One sigmoid unit on the inputs (one softmax unit per class for more than
    two classes, one sigmoid per label for multilabel targets), trained on the
    cross-entropy plus the lecture's penalty ``alpha / (2 m) * sum(w ** 2)``
    (the bias is not penalised). The default starts from zero weights, as the
    lecture does, so ``history_["loss"][0]`` is the cost at theta = 0 (log 2
    = 0.693 for two classes).

    The lecture found the admissions optimum with ``fminunc``. Gradient
    descent on the raw exam scores (0-100) converges very slowly; put a
    :class:`~sklearn.preprocessing.StandardScaler` before the estimator in a
    :class:`~sklearn.pipeline.Pipeline` and map the coefficients back with
    :func:`raw_coefficients`. With
    :class:`~sklearn.preprocessing.PolynomialFeatures` in the pipeline it is the
    regularised microchips exercise.

    Parameters
    ----------
    alpha : float, default=0.0
        L2 strength lambda.
    kernel_initializer : str, dict or keras initializer, default="zeros"
        Initial weights (the bias always starts at 0).
    class_weight : dict, "balanced" or None, default=None
        Weights per class, multiplied into ``sample_weight``.
    epochs : int, default=1000
    batch_size : int or None, default=None
        ``None`` is full-batch gradient descent.
    optimizer : str, optimizer class or instance, default="sgd"
    learning_rate : float, default=0.1
    loss : str, keras loss or None, default=None
        ``None``: binary cross-entropy (sparse categorical cross-entropy for
        more than two classes).
    metrics, callbacks, validation_fraction, early_stopping, n_iter_no_change, \
random_state, verbose, warm_start, **routed_params
        See :class:`~keras_lectures.estimators.base.BaseKerasEstimator`.

    Attributes
    ----------
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        Weights, read from the model (scikit-learn's layout).
    intercept_ : ndarray of shape (1,) or (n_classes,)
    classes_ : ndarray of shape (n_classes,)
    history_ : dict of list
        ``history_["loss"][k]``: the cost before step ``k + 1`` (full batch).
    model_ : keras.Model
    n_features_in_ : int
    n_iter_ : int

    See Also
    --------
    sklearn.linear_model.LogisticRegression : the same model, fitted by a solver.
    """

    _parameter_constraints: dict = {
        **BaseKerasClassifier._parameter_constraints,
        "alpha": ALPHA_CONSTRAINT,
        "kernel_initializer": [str, dict, HasMethods(["get_config"])],
    }

    def __init__(
        self,
        *,
        alpha=0.0,
        kernel_initializer="zeros",
        class_weight=None,
        epochs=1000,
        batch_size=None,
        optimizer="sgd",
        learning_rate=0.1,
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
        self.class_weight = class_weight
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
        return keras.Sequential(
            [
                keras.Input(meta["input_shape_"]),
                keras.layers.Dense(
                    self._output_units,
                    activation=self._output_activation,
                    kernel_initializer=layer_initializer(keras, self.kernel_initializer),
                    bias_initializer="zeros",
                    kernel_regularizer=self._penalty(keras, meta),
                    name="logits",
                ),
            ],
            name=type(self).__name__.lower(),
        )

    # -- the fitted linear function ----------------------------------------------
    def _weights(self):
        check_is_fitted(self, "model_")
        kernel, bias = self.model_.get_layer("logits").get_weights()
        return np.asarray(kernel, dtype=np.float64), np.asarray(bias, dtype=np.float64)

    @property
    def coef_(self):
        """Weights of the features in the logits, read from the fitted model.

        ndarray of shape (1, n_features) for a binary target, else
        (n_classes, n_features); float64.
        """
        return self._weights()[0].T

    @property
    def intercept_(self):
        """Bias of the logits, read from the fitted model.

        ndarray of shape (1,) for a binary target, else (n_classes,); float64.
        """
        return self._weights()[1]

    def decision_function(self, X):
        """The logits ``X @ coef_.T + intercept_``, computed from the weights.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            For two classes, the log-odds of ``classes_[1]``; otherwise one
            column per class.
        """
        X = self._validate_predict_input(X).astype(np.float64)
        kernel, bias = self._weights()
        scores = X @ kernel + bias
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict_proba(self, X):
        """Class probabilities from the logits, in float64.

        The sigmoid (softmax for more than two classes) of
        :meth:`decision_function`: the model's own output, without float32
        rounding, so that probabilities rank rows exactly as the logits do.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        scores = self.decision_function(X)
        if self.target_type_ == "binary":
            positive = expit(scores)
            return np.column_stack([1.0 - positive, positive])
        if self.target_type_ == "multiclass":
            return softmax(scores, axis=1)
        return expit(scores)

    def decision_boundary(self, x1):
        """The second feature on the decision boundary, for two-feature inputs.

        The boundary of a binary model is ``theta_0 + theta_1 x1 + theta_2 x2
        = 0``; this returns ``x2 = -(theta_0 + theta_1 x1) / theta_2``.

        Parameters
        ----------
        x1 : array-like
            Values of the first feature (in the estimator's own input space:
            after any scaler of a pipeline).

        Returns
        -------
        x2 : ndarray
        """
        kernel, bias = self._weights()
        if kernel.shape != (2, 1):
            raise ValueError(
                "decision_boundary needs a binary model on two features; this one "
                f"has {kernel.shape[0]} features and {kernel.shape[1]} output(s)."
            )
        x1 = np.asarray(x1, dtype=np.float64)
        return -(bias[0] + kernel[0, 0] * x1) / kernel[1, 0]


class SoftmaxRegression(LogisticRegressionGD):
    """Multinomial logistic regression: the lecture's MNIST softmax lab.

    One softmax unit per class on the inputs, trained on the cross-entropy by
    mini-batch gradient descent (the lab: ``GradientDescentOptimizer(0.5)``,
    batches of 100, pixels in [0, 1]). For two classes the softmax reduces to
    one sigmoid unit (the same model with half the parameters).

    Parameters
    ----------
    alpha : float, default=0.0
    kernel_initializer : str, dict or keras initializer, default="zeros"
        The lab starts from zero weights (``tf.zeros``).
    class_weight : dict, "balanced" or None, default=None
    epochs : int, default=5
    batch_size : int or None, default=100
    optimizer : str, optimizer class or instance, default="sgd"
    learning_rate : float, default=0.5
    loss, metrics, callbacks, validation_fraction, early_stopping, \
n_iter_no_change, random_state, verbose, warm_start, **routed_params
        See :class:`LogisticRegressionGD`.

    Attributes
    ----------
    coef_ : ndarray of shape (n_classes, n_features)
    intercept_ : ndarray of shape (n_classes,)
    classes_ : ndarray of shape (n_classes,)
    history_ : dict of list
    model_ : keras.Model
    """

    def __init__(
        self,
        *,
        alpha=0.0,
        kernel_initializer="zeros",
        class_weight=None,
        epochs=5,
        batch_size=100,
        optimizer="sgd",
        learning_rate=0.5,
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
        super().__init__(
            alpha=alpha,
            kernel_initializer=kernel_initializer,
            class_weight=class_weight,
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


def raw_coefficients(pipeline):
    """Intercept and weights of a scaler + linear-model pipeline, in raw-feature units.

    For ``make_pipeline(StandardScaler(), model)`` the model's logit is
    ``b + sum_j w_j (x_j - mean_j) / scale_j``; in the raw features that is
    ``theta_0 = b - sum_j w_j mean_j / scale_j`` and ``theta_j = w_j /
    scale_j``: the theta the lecture reports for unscaled inputs.

    Parameters
    ----------
    pipeline : Pipeline
        A fitted pipeline whose first step is a ``StandardScaler`` and whose
        last step has ``coef_`` and ``intercept_`` (one output).

    Returns
    -------
    theta : ndarray of shape (n_features + 1,)
        ``(theta_0, theta_1, ..., theta_n)``.
    """
    scaler, model = pipeline[0], pipeline[-1]
    weights = np.ravel(model.coef_).astype(np.float64)
    intercept = float(np.ravel(model.intercept_)[0])
    mean = getattr(scaler, "mean_", None)
    scale = getattr(scaler, "scale_", None)
    mean = np.zeros_like(weights) if mean is None else mean
    scale = np.ones_like(weights) if scale is None else scale
    theta = weights / scale
    return np.concatenate([[intercept - float(theta @ mean)], theta])
