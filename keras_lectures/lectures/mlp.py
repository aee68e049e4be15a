"""Multi-layer perceptrons: the hidden layers that solve XOR."""

from numbers import Integral

from keras_lectures.estimators import BaseKerasClassifier, BaseKerasRegressor
from keras_lectures.lectures._common import (
    ACTIVATIONS,
    ALPHA_CONSTRAINT,
    LectureMixin,
    check_hidden_layer_sizes,
    layer_initializer,
)
from keras_lectures.utils.fixes import Interval, StrOptions

__all__ = ["MLPClassifier", "MLPRegressor", "dense_layers"]

_MLP_CONSTRAINTS = {
    "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
    "activation": [StrOptions(set(ACTIVATIONS))],
    "alpha": ALPHA_CONSTRAINT,
}


def dense_layers(
    keras, estimator, meta, *, units, output_activation, kernel_initializer="glorot_uniform",
    dropout=0.0, batch_norm=False, name="mlp",
):
    """A Sequential model: the hidden Dense layers, then ``units`` outputs.

    Every kernel (the output layer's included) gets the estimator's L2
    penalty; biases are not penalised. ``dropout`` follows each hidden layer.
    With ``batch_norm``, each hidden layer is a Dense layer without bias
    (batch normalisation's shift takes its place), batch normalisation and
    then the activation, as Ioffe and Szegedy (2015) place it.
    """
    sizes = check_hidden_layer_sizes(estimator.hidden_layer_sizes)
    activation = ACTIVATIONS[estimator.activation]
    layers = [keras.Input(meta["input_shape_"])]
    for k, size in enumerate(sizes, 1):
        layers.append(
            keras.layers.Dense(
                size,
                activation=None if batch_norm else activation,
                use_bias=not batch_norm,
                kernel_initializer=layer_initializer(keras, kernel_initializer),
                kernel_regularizer=estimator._penalty(keras, meta),
                name=f"hidden_{k}",
            )
        )
        if batch_norm:
            layers += [
                keras.layers.BatchNormalization(name=f"batch_norm_{k}"),
                keras.layers.Activation(activation, name=f"activation_{k}"),
            ]
        if dropout:
            layers.append(keras.layers.Dropout(dropout, name=f"dropout_{k}"))
    layers.append(
        keras.layers.Dense(
            units,
            activation=output_activation,
            kernel_initializer=layer_initializer(keras, kernel_initializer),
            kernel_regularizer=estimator._penalty(keras, meta),
            name="output",
        )
    )
    return keras.Sequential(layers, name=name)


class MLPClassifier(LectureMixin, BaseKerasClassifier):
    """A multi-layer perceptron classifier (Keras), scikit-learn's parameters.

    Hidden Dense layers of ``hidden_layer_sizes`` units with ``activation``,
    then a sigmoid (two classes, or one per label) or softmax output, trained
    on the cross-entropy plus ``alpha / (2 m) * sum(W ** 2)`` over every
    kernel, ``m`` the rows per gradient step: the lecture's regularised cost
    and :class:`sklearn.neural_network.MLPClassifier`'s. One hidden layer
    solves XOR, which no logistic regression can.

    Parameters
    ----------
    hidden_layer_sizes : array-like of int, default=(100,)
        Units of each hidden layer.
    activation : {"sigmoid", "tanh", "relu", "logistic", "identity"}, default="relu"
        Hidden activation ("logistic" is "sigmoid", "identity" is linear).
    alpha : float, default=0.0001
        L2 strength lambda.
    class_weight : dict, "balanced" or None, default=None
    epochs : int, default=200
    batch_size : int or None, default=200
        As scikit-learn: ``min(200, n_samples)`` rows per step.
    optimizer : str, optimizer class or instance, default="adam"
    learning_rate : float or None, default=0.001
    loss, metrics, callbacks, validation_fraction, early_stopping, \
n_iter_no_change, random_state, verbose, warm_start, **routed_params
        See :class:`~keras_lectures.estimators.base.BaseKerasEstimator`.

    Attributes
    ----------
    model_ : keras.Model
    classes_ : ndarray of shape (n_classes,)
    history_ : dict of list
    n_features_in_ : int
    n_iter_ : int

    Examples
    --------
    >>> from keras_lectures import MLPClassifier
    >>> from keras_lectures.datasets import make_xor
    >>> X, y = make_xor(4, noise=0.0, shuffle=False)
    >>> clf = MLPClassifier((8,), activation="tanh", learning_rate=0.05,
    ...                     epochs=300, random_state=0).fit(X, y)
    >>> clf.predict(X)
    array([0, 1, 1, 0])
    """

    _parameter_constraints: dict = {
        **BaseKerasClassifier._parameter_constraints,
        **_MLP_CONSTRAINTS,
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        alpha=0.0001,
        class_weight=None,
        epochs=200,
        batch_size=200,
        optimizer="adam",
        learning_rate=0.001,
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
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.alpha = alpha
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
        return dense_layers(
            keras, self, meta, units=self._output_units,
            output_activation=self._output_activation, name="mlp_classifier",
        )


class MLPRegressor(LectureMixin, BaseKerasRegressor):
    """A multi-layer perceptron regressor (Keras), scikit-learn's parameters.

    Hidden Dense layers, then one linear unit per output, trained on half the
    mean squared error plus ``alpha / (2 m) * sum(W ** 2)``: the lecture's cost
    and :class:`sklearn.neural_network.MLPRegressor`'s.

    Parameters
    ----------
    hidden_layer_sizes : array-like of int, default=(100,)
    activation : {"sigmoid", "tanh", "relu", "logistic", "identity"}, default="relu"
    alpha : float, default=0.0001
    epochs : int, default=200
    batch_size : int or None, default=200
    optimizer : str, optimizer class or instance, default="adam"
    learning_rate : float or None, default=0.001
    loss : str, keras loss or None, default=None
        ``None`` is half the mean squared error.
    metrics, callbacks, validation_fraction, early_stopping, n_iter_no_change, \
random_state, verbose, warm_start, **routed_params
        See :class:`~keras_lectures.estimators.base.BaseKerasEstimator`.

    Attributes
    ----------
    model_ : keras.Model
    history_ : dict of list
    n_features_in_ : int
    n_outputs_ : int
    n_iter_ : int
    """

    _parameter_constraints: dict = {
        **BaseKerasRegressor._parameter_constraints,
        **_MLP_CONSTRAINTS,
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        alpha=0.0001,
        epochs=200,
        batch_size=200,
        optimizer="adam",
        learning_rate=0.001,
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
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.alpha = alpha
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
        model = dense_layers(
            keras, self, meta, units=meta["n_outputs_"], output_activation=None,
            name="mlp_regressor",
        )
        if self.loss is None:
            return self._compile(keras, model, loss="mean_squared_error", loss_weight=0.5)
        return self._compile(keras, model, loss=self.loss)
