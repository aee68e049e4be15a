"""The ``model`` parameter of the generic wrappers: a builder or a model."""

from keras_lectures.estimators._model_factory import call_builder, fresh_copy

__all__ = ["BuilderMixin"]


class BuilderMixin:
    """Build the Keras model from the estimator's ``model`` parameter.

    The model decides what a sample is, so besides rows of features the
    generic wrappers take n-d samples (images, sequences) of any fixed shape.
    """

    _accepts_nd_input = True

    def _build_keras_model(self, keras, meta):
        if isinstance(self.model, keras.Model):
            model_params = self._routed("model")
            if model_params:
                raise ValueError(
                    "model__* parameters need a model-building function; `model` "
                    f"is a Keras model instance (got {sorted(model_params)})."
                )
            return fresh_copy(keras, self.model)
        if not callable(self.model):
            raise TypeError(
                "`model` must be a function that builds a Keras model, or a Keras "
                f"model instance; got {self.model!r}."
            )
        return call_builder(self.model, self._routed("model"), meta)
