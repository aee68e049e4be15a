"""The deep ReLU network of the MNIST lecture: initialisation and dropout."""

from numbers import Real

from keras_lectures.estimators import BaseKerasClassifier
from keras_lectures.lectures._common import LectureMixin
from keras_lectures.lectures.mlp import MLPClassifier, dense_layers
from keras_lectures.utils.fixes import HasMethods, Interval

__all__ = ["DeepNetClassifier"]


class DeepNetClassifier(LectureMixin, BaseKerasClassifier):
    """A deep fully connected classifier: initialisation, dropout, batch normalisation.

    The lecture's MNIST comparison is three settings of one model (784-256-256-10
    with ReLU, Adam, learning rate 0.001, batches of 100):

    ========================  ============================================
    random initialisation     ``kernel_initializer={"class_name":
                              "RandomNormal", "config": {"stddev": 1.0}}``
                              (the lab's ``tf.random_normal``)
    Xavier                    ``kernel_initializer="glorot_uniform"``
    Xavier + dropout          ``kernel_initializer="glorot_uniform",
                              dropout=0.3`` (the lab's ``keep_prob=0.7``)
    ========================  ============================================

    Keras's own ``"random_normal"`` draws with standard deviation 0.05, a
    much gentler start than the lab's 1.0; pass the configuration above to
    see the lecture's effect. ``"truncated_normal"`` (standard deviation
    0.05, redrawn beyond two) is the initialisation of the lecture's code.
    ``batch_norm=True`` normalises every hidden layer's pre-activations over
    the batch (the batch normalisation the lecture names).

    Parameters
    ----------
    hidden_layer_sizes : array-like of int, default=(256, 256)
    activation : {"relu", "sigmoid", "tanh", "logistic", "identity"}, default="relu"
    kernel_initializer : str, dict or keras initializer, default="glorot_uniform"
        Initial weights of every Dense layer (biases start at 0): a Keras
        initializer name such as ``"glorot_uniform"`` (Xavier),
        ``"random_normal"`` or ``"truncated_normal"``, a configuration dict
        or an instance.
    dropout : float in [0, 1), default=0.0
        Share of each hidden layer's units dropped during training.
    batch_norm : bool, default=False
        Put batch normalisation between each hidden Dense layer (then
        without bias) and its activation. In training it standardises each
        unit over the batch and learns a scale and a shift; predictions use
        the moving averages of the batch statistics.
    alpha : float, default=0.0
        L2 strength lambda (see :class:`MLPClassifier`).
    class_weight : dict, "balanced" or None, default=None
    epochs : int, default=15
    batch_size : int or None, default=100
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
    """

    _parameter_constraints: dict = {
        **MLPClassifier._parameter_constraints,
        "kernel_initializer": [str, dict, HasMethods(["get_config"])],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "batch_norm": ["boolean"],
    }

    def __init__(
        self,
        hidden_layer_sizes=(256, 256),
        activation="relu",
        *,
        kernel_initializer="glorot_uniform",
        dropout=0.0,
        batch_norm=False,
        alpha=0.0,
        class_weight=None,
        epochs=15,
        batch_size=100,
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
        self.kernel_initializer = kernel_initializer
        self.dropout = dropout
        self.batch_norm = batch_norm
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
            output_activation=self._output_activation,
            kernel_initializer=self.kernel_initializer, dropout=self.dropout,
            batch_norm=self.batch_norm,
            name="deep_net",
        )
