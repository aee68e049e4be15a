"""Checks that turn a bad input or a bad model into a clear error at ``fit``.

Keras reports a model that does not match its data from deep inside the
backend (an ``IndexError``, an ``InvalidArgumentError``), or not at all: a
softmax over 2 units trains on 3 classes on jax and never predicts the third,
a value that overflows float32 becomes ``inf`` and the loss NaN. The checks
here run before (and right after) Keras trains, and name the numbers and the
fix:

- :func:`check_float32_range`: values finite in float64 but beyond float32,
  the dtype the models train in;
- :func:`check_model_fits_data`: the model's input against the samples, its
  output units against the classes or outputs, its last activation against
  the estimator's default loss;
- :func:`check_training_finite` and :func:`make_stop_callback`: a training
  that diverged (NaN or inf loss or weights) raises
  :class:`TrainingDivergedError`, and the estimator keeps no model that
  predicts from NaN weights.
"""

import contextlib

import numpy as np
from sklearn.base import is_classifier

from keras_lectures import _interrupt

__all__ = [
    "TrainingDivergedError",
    "make_stop_callback",
    "check_float32_range",
    "check_model_fits_data",
    "check_training_finite",
    "guarded_fit",
]

_FLOAT32_MAX = float(np.finfo(np.float32).max)

_DIVERGENCE_ADVICE = (
    "This usually means the learning rate is too high for the data: lower "
    "learning_rate, and scale the features (for instance with StandardScaler "
    "in a Pipeline) so that they have comparable, moderate ranges."
)


class TrainingDivergedError(ValueError):
    """Training produced a NaN or infinite loss or weights.

    Parameters
    ----------
    message : str
        What diverged, and what to try.
    epoch : int
        The first epoch (counted from 1 within the failing ``fit`` call) whose
        loss or weights were not finite.
    """

    def __init__(self, message, epoch):
        super().__init__(message)
        self.epoch = epoch


def check_float32_range(array, name, feature_names=None):
    """Raise when a value of ``array`` does not fit in float32.

    Models train in float32: a value beyond about 3.4e38 (finite in float64)
    would turn into ``inf`` and the loss into NaN.

    Parameters
    ----------
    array : ndarray
        Finite values (NaN and inf are refused earlier by scikit-learn's
        validation).
    name : str
        ``"X"`` or ``"y"``, for the message.
    feature_names : array-like of str, default=None
        Column names, for the message.
    """
    if array.dtype.itemsize <= 4 or array.size == 0 or array.dtype.kind != "f":
        return
    too_big = np.abs(array) > _FLOAT32_MAX
    if not too_big.any():
        return
    position = np.unravel_index(np.argmax(too_big), array.shape)
    value = array[position]
    where = f"row {position[0]}"
    if array.ndim == 2:
        column = position[1]
        label = f"column {column}"
        if feature_names is not None:
            label += f" ({feature_names[column]!r})"
        where += f", {label}"
    elif array.ndim > 2:
        where += f", position {tuple(int(i) for i in position[1:])} of the sample"
    raise ValueError(
        f"{name} holds {float(value)!r} at {where}, beyond the float32 range (about "
        f"±{_FLOAT32_MAX:.3g}) the model computes in; it would become inf. "
        f"Rescale {name} (for instance with StandardScaler or by a constant factor)."
    )


def _shape_or_none(model, attribute):
    try:
        shape = getattr(model, attribute)
    except (AttributeError, ValueError):  # not built yet: nothing to compare
        return None
    if not isinstance(shape, tuple) or any(isinstance(s, (tuple, list)) for s in shape):
        return None  # several inputs or outputs
    return shape


def _expected_output(estimator):
    """(units, what they are, how to build the last layer) for the fitted target."""
    target = estimator.target_type_
    if target == "binary":
        return (
            (1, 2),
            "y has 2 classes",
            "Dense(1, activation='sigmoid'), or Dense(2, activation='softmax') with one "
            "unit per class",
        )
    if target == "multiclass":
        return (
            estimator.n_classes_,
            f"y has {estimator.n_classes_} classes",
            "Dense(meta['n_classes_'], activation='softmax'), one unit per class",
        )
    if target == "multilabel-indicator":
        return (
            estimator.n_classes_,
            f"y has {estimator.n_classes_} labels",
            "Dense(meta['n_classes_'], activation='sigmoid'), one unit per label",
        )
    n = estimator.n_outputs_
    return n, f"y has {n} output{'s' * (n != 1)}", "Dense(meta['n_outputs_']), one unit per output"


def check_model_fits_data(estimator, model, *, default_loss):
    """Raise when ``model`` cannot train on the estimator's data as built.

    Compares, where the model already knows its shapes (it was built with a
    ``keras.Input``, or has trained): the model's input with the samples
    (``input_shape_``), the model's output with the target (units against
    classes, labels or outputs), and the last activation with the loss the
    estimator chose (``default_loss``: whether the loss is the estimator's
    own, so that it expects probabilities from a classifier).

    Parameters
    ----------
    estimator : BaseKerasEstimator
        With its target attributes set.
    model : keras.Model
    default_loss : bool
        Whether the model trains with the estimator's default loss.
    """
    name = type(estimator).__name__
    input_shape = _shape_or_none(model, "input_shape")
    if input_shape is not None:
        sample = tuple(estimator.input_shape_)
        expected = tuple(input_shape[1:])
        if len(expected) != len(sample) or any(
            e is not None and e != s for e, s in zip(expected, sample)
        ):
            raise ValueError(
                f"X has samples of shape {sample}, but the model built for {name} "
                f"takes inputs of shape {input_shape}. Give the builder's keras.Input "
                "the shape of one sample (meta['input_shape_'], or "
                "(meta['n_features_in_'],) for rows of features), or reshape X."
            )
    output_shape = _shape_or_none(model, "output_shape")
    if output_shape is None:
        return
    units, what, fix = _expected_output(estimator)
    allowed = units if isinstance(units, tuple) else (units,)
    if len(output_shape) != 2 or output_shape[-1] not in allowed:
        got = (
            f"{output_shape[-1]} unit{'s' * (output_shape[-1] != 1)}"
            if len(output_shape) == 2 else f"shape {output_shape}"
        )
        need = " or ".join(f"{n} unit{'s' * (n != 1)}" for n in allowed)
        raise ValueError(
            f"The model built for {name} outputs {got}, but {what}: its last "
            f"layer must output {need}, e.g. {fix}."
        )
    activation = getattr(getattr(model.layers[-1], "activation", None), "__name__", None)
    if activation == "softmax" and output_shape[-1] == 1:
        raise ValueError(
            f"The model built for {name} ends in a softmax over 1 unit, which always "
            f"outputs 1.0; use {fix}."
        )
    if (
        default_loss
        and is_classifier(estimator)
        and activation is not None
        and activation not in ("softmax", "sigmoid")
    ):
        raise ValueError(
            f"The model built for {name} ends in a {activation!r} activation, but the "
            "default classification loss (cross-entropy) and predict_proba expect "
            f"probabilities: use {fix}."
        )


def make_stop_callback(keras, estimator_name):
    """A Keras callback raising :class:`TrainingDivergedError` at a NaN or inf loss.

    Like ``keras.callbacks.TerminateOnNaN``, but the fit ends with an error
    instead of returning a model with NaN weights. It looks at the epoch's
    loss, not every batch's, so that the training steps need not wait for
    each other.
    """

    class StopOnNonFiniteLoss(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            loss = (logs or {}).get("loss")
            if loss is not None and not np.isfinite(float(loss)):
                raise _diverged(estimator_name, epoch + 1, float(loss))

    return StopOnNonFiniteLoss()


def _diverged(name, epoch, loss):
    what = f"the loss became {loss}" if loss is not None else "the weights became NaN or inf"
    return TrainingDivergedError(
        f"Training of {name} diverged at epoch {epoch} of this fit: {what}. "
        f"{_DIVERGENCE_ADVICE} The estimator keeps no model from this fit.",
        epoch,
    )


def check_training_finite(estimator, model, history):
    """Raise :class:`TrainingDivergedError` when a fit diverged.

    Looks at the per-epoch training loss in ``history`` (the first non-finite
    epoch is named) and then at the model's weights.

    Parameters
    ----------
    estimator : BaseKerasEstimator
    model : keras.Model
        The trained model.
    history : dict of list
        Per-epoch logs of this fit.
    """
    name = type(estimator).__name__
    losses = np.asarray(history.get("loss", ()), dtype=float)
    bad = np.flatnonzero(~np.isfinite(losses))
    if bad.size:
        raise _diverged(name, int(bad[0]) + 1, float(losses[bad[0]]))
    for weight in model.get_weights():
        if not np.isfinite(weight).all():
            raise _diverged(name, max(len(losses), 1), None)


@contextlib.contextmanager
def guarded_fit(estimator):
    """Build and train inside this block; on any error, keep no model.

    A fit that diverged, that does not match its data or that was
    interrupted leaves an unfitted estimator, never one that predicts from a
    broken or half-trained model. Besides:

    - an error that an interrupt caused (see :mod:`keras_lectures._interrupt`)
      comes out as ``KeyboardInterrupt``, so that cross-validation never
      scores it as a failed fit; so does an interrupt swallowed in the block;
    - an error from inside Keras for a model whose shapes were unknown until
      it trained (no ``keras.Input``) is replaced by
      :func:`check_model_fits_data`'s error when that finds the mismatch.
    """
    try:
        yield
        _interrupt.check()
    except BaseException as exc:
        model = estimator.__dict__.get("model_")
        for attribute in ("model_", "history_", "n_iter_"):
            estimator.__dict__.pop(attribute, None)
        if _interrupt.interrupted() and not isinstance(exc, KeyboardInterrupt):
            raise KeyboardInterrupt from exc
        if isinstance(exc, Exception) and model is not None:
            try:
                check_model_fits_data(estimator, model, default_loss=False)
            except ValueError as mismatch:
                if mismatch.args == exc.args:  # the block's own check
                    raise
                raise mismatch from exc
        raise
