"""What every lecture estimator shares: the lecture's cost, L2 and a fast full batch.

The lecture writes the regularised cost of every model as

    J(theta) = (data term) + lambda / (2 m) * sum(theta_j ** 2)

with the bias not penalised, and the data term of linear regression as half
the mean squared error, 1 / (2 m) * sum((h - y) ** 2). scikit-learn's
``MLPClassifier`` and ``MLPRegressor`` use the same two conventions, with
``m`` the number of rows in a gradient step. Keras adds a layer's
``kernel_regularizer`` loss once per gradient step, so an ``L2(lambda / (2 m))``
regulariser with ``m`` the rows per step gives exactly the lecture's J for
full-batch gradient descent and scikit-learn's per-batch penalty for
mini-batches. Half the mean squared error is Keras's ``mean_squared_error``
with a loss weight of 0.5 (no custom loss, so fitted models pickle as plain
Keras models).

Full-batch training on TensorFlow: Keras rebuilds a ``tf.data`` pipeline from
NumPy arrays at the start of every epoch, about 50 ms, which is most of the
time of a 1,500-epoch gradient descent on 97 rows. Full-batch fits on that
backend take the engine's lean loop when it covers them (one trace per
architecture); the others (callbacks, validation data) hand the arrays to
Keras once, as a repeated one-batch dataset; the arithmetic is the same.
``fast_fit(False)`` turns both routes off.
"""

from numbers import Integral, Real

import numpy as np

from keras_lectures.estimators._model_factory import compile_model, make_optimizer
from keras_lectures.utils.fixes import Interval

__all__ = ["LectureMixin", "ALPHA_CONSTRAINT", "check_hidden_layer_sizes", "ACTIVATIONS"]

ALPHA_CONSTRAINT = [Interval(Real, 0, None, closed="left")]

#: accepted ``activation`` values -> Keras activation names (scikit-learn's
#: "identity" and "logistic" are accepted beside the lecture's names)
ACTIVATIONS = {
    "identity": "linear",
    "logistic": "sigmoid",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "relu",
}


def check_hidden_layer_sizes(sizes):
    """Return ``hidden_layer_sizes`` as a tuple of positive ints (ValueError otherwise)."""
    if isinstance(sizes, Integral):
        sizes = (sizes,)
    sizes = tuple(sizes)
    if not all(isinstance(s, Integral) and not isinstance(s, bool) and s > 0 for s in sizes):
        raise ValueError(
            f"hidden_layer_sizes must contain positive integers; got {sizes!r}."
        )
    return tuple(int(s) for s in sizes)


def layer_initializer(keras, spec):
    """A fresh initializer per layer from a name, a config dict or an instance.

    An instance is copied through its config, so that layers never share one
    (with a fixed seed they would otherwise draw identical weights).
    """
    if isinstance(spec, keras.initializers.Initializer):
        return type(spec).from_config(spec.get_config())
    try:
        return keras.initializers.get(spec)
    except ValueError as error:
        raise ValueError(
            f"kernel_initializer={spec!r} is not a Keras initializer: pass a name such "
            "as 'glorot_uniform' (Xavier), 'random_normal' or 'truncated_normal', a "
            "configuration dict or a keras.initializers instance."
        ) from error


class LectureMixin:
    """Mixed in before a core base class by every lecture estimator."""

    # -- the lecture's cost ---------------------------------------------------
    def _penalty(self, keras, meta):
        """The kernel regulariser for ``alpha``: L2(alpha / (2 m)), m rows per step."""
        alpha = getattr(self, "alpha", 0.0)
        if not alpha:
            return None
        rows = meta["n_samples_fit_"]
        if self.batch_size is not None:
            rows = min(rows, self.batch_size)
        return keras.regularizers.L2(float(alpha) / (2.0 * rows))

    def _check_lecture_params(self):
        model_params = self._routed("model")
        if model_params:
            raise ValueError(
                f"{type(self).__name__} builds its own model; model__* parameters "
                f"have no model-building function to go to (got {sorted(model_params)})."
            )

    def _compile(self, keras, model, *, loss, loss_weight=None):
        """Compile ``model`` from the estimator's optimizer settings.

        ``loss_weight`` scales the data term (0.5 turns Keras's mean squared
        error into the lecture's cost); routed ``compile__loss_weights`` win.
        """
        optimizer = make_optimizer(
            keras, self.optimizer, self.learning_rate, self._routed("optimizer")
        )
        compile_params = dict(self._routed("compile"))
        if loss_weight is not None:
            compile_params.setdefault("loss_weights", loss_weight)
        compile_model(
            keras,
            model,
            optimizer=optimizer,
            loss=loss,
            metrics=list(self.metrics) if self.metrics else None,
            compile_params=compile_params,
        )
        return model

    # -- fitting ----------------------------------------------------------------
    def _run_keras_fit(self, keras, fit_data, validation, epochs):
        X = fit_data[0]
        full_batch = self.batch_size is None or self.batch_size >= len(X)
        if (not (full_batch and keras.backend.backend() == "tensorflow")
                or self._routed("fit") or not self._fast_routes()
                or self._can_fit_lean(keras, {}, validation)):
            return super()._run_keras_fit(keras, fit_data, validation, epochs)
        import tensorflow as tf

        def one_batch(arrays):
            return tuple(np.asarray(a) for a in arrays if a is not None)

        dataset = tf.data.Dataset.from_tensors(one_batch(fit_data)).repeat()
        validation_data = None
        if validation is not None:
            validation_data = tf.data.Dataset.from_tensors(one_batch(validation))
        history = self.model_.fit(
            dataset,
            steps_per_epoch=1,
            epochs=epochs,
            shuffle=False,
            verbose=self.verbose,
            validation_data=validation_data,
            callbacks=self._make_callbacks(keras, validation),
        )
        return history.history
