"""Turn the estimator's ``model`` parameter into a fresh, compiled Keras model."""

import inspect

from keras_lectures.estimators.routing import check_routed_names

__all__ = ["call_builder", "fresh_copy", "make_optimizer", "compile_model"]


def call_builder(build, model_params, meta):
    """Call a model-building function with routed parameters and ``meta``.

    ``meta`` is passed only when the function's signature names it (or takes
    ``**kwargs``), so plain builders such as ``def build(units=8)`` work.
    """
    check_routed_names("model", model_params, build, reserved=("meta",))
    parameters = inspect.signature(build).parameters
    wants_meta = "meta" in parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
    )
    kwargs = dict(model_params)
    if wants_meta:
        kwargs["meta"] = meta
    return build(**kwargs)


def fresh_copy(keras, model):
    """A new model with ``model``'s architecture and freshly drawn weights.

    The user's model is never trained in place. If it was compiled, the copy is
    compiled the same way.
    """
    copy = keras.models.clone_model(model)
    if getattr(model, "compiled", False):
        config = model.get_compile_config()
        if config:
            copy.compile_from_config(config)
    return copy


def make_optimizer(keras, optimizer, learning_rate, optimizer_params):
    """Build a new optimizer from a name, a class or an instance's config."""
    params = dict(optimizer_params)
    if learning_rate is not None:
        params["learning_rate"] = learning_rate
    if isinstance(optimizer, str):
        cls = type(keras.optimizers.get(optimizer))
    elif isinstance(optimizer, type):
        cls = optimizer
    elif isinstance(optimizer, keras.optimizers.Optimizer):
        # Never reuse the caller's instance: its variables belong to one model.
        config = optimizer.get_config()
        config.update(params)
        return type(optimizer).from_config(config)
    else:
        raise TypeError(
            "optimizer must be a name such as 'adam', an optimizer class or an "
            f"optimizer instance; got {optimizer!r}."
        )
    check_routed_names("optimizer", optimizer_params, cls.__init__, reserved=("self",))
    return cls(**params)


def compile_model(keras, model, *, optimizer, loss, metrics, compile_params):
    """Compile ``model`` with the estimator's settings and routed parameters."""
    check_routed_names(
        "compile",
        compile_params,
        keras.Model.compile,
        reserved=("self", "optimizer", "loss", "metrics"),
    )
    model.compile(optimizer=optimizer, loss=loss, metrics=metrics, **compile_params)
    return model
