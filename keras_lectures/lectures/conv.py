"""The lecture's convolutional network for MNIST-like images."""

import math
from numbers import Integral, Real

from keras_lectures.estimators import BaseKerasClassifier
from keras_lectures.lectures._common import LectureMixin
from keras_lectures.utils.fixes import Interval

__all__ = ["ConvNetClassifier", "image_shape_of"]


def image_shape_of(sample_shape, image_shape=None):
    """The (height, width, channels) a ConvNet sees for samples of ``sample_shape``.

    Parameters
    ----------
    sample_shape : tuple of int
        Shape of one sample as given: ``(n_pixels,)`` flat rows, ``(h, w)``
        grey images or ``(h, w, c)`` images.
    image_shape : tuple of int or None
        ``(h, w)`` or ``(h, w, c)`` to reshape each sample to. ``None``: a
        flat row of ``n`` values is a square grey image when ``n`` is a
        perfect square (64 -> 8x8, 784 -> 28x28) and otherwise an ``n x 1``
        strip, so that any table can be fed (the 3x3 filters then slide
        along the features); ``(h, w)`` samples get one channel.

    Returns
    -------
    shape : tuple of 3 int
    """
    sample_shape = tuple(int(s) for s in sample_shape)
    size = math.prod(sample_shape)
    if image_shape is not None:
        shape = tuple(int(s) for s in image_shape)
        if len(shape) == 2:
            shape += (1,)
        if len(shape) != 3 or min(shape) < 1:
            raise ValueError(
                f"image_shape must be (height, width) or (height, width, channels); "
                f"got {image_shape!r}."
            )
        if math.prod(shape) != size:
            raise ValueError(
                f"image_shape={image_shape!r} holds {math.prod(shape)} values; the "
                f"samples have shape {sample_shape} ({size} values)."
            )
        return shape
    if len(sample_shape) == 1:
        side = math.isqrt(size)
        return (side, side, 1) if side * side == size else (size, 1, 1)
    if len(sample_shape) == 2:
        return sample_shape + (1,)
    if len(sample_shape) == 3:
        return sample_shape
    raise ValueError(
        f"ConvNetClassifier takes flat rows, (h, w) or (h, w, c) samples; got "
        f"samples of shape {sample_shape}."
    )


class ConvNetClassifier(LectureMixin, BaseKerasClassifier):
    """The lecture's convolutional network: conv-pool blocks, then a dense layer.

    For each entry of ``filters``: a 3x3 convolution (ReLU, ``same`` padding),
    a 2x2 max-pool with stride 2 (``same`` padding, so odd sizes such as 7x7
    halve to 4x4 and 8x8 images go through three blocks), and dropout. Then
    flatten, a ReLU Dense layer of ``dense_units``, dropout and the output
    layer. The defaults are the lecture's MNIST network: 32, 64 and 128
    filters, 625 dense units, ``keep_prob=0.7`` (``dropout=0.3``), Adam with a
    learning rate of 0.001 and batches of 100.

    Input: flat rows ``(n, h*w)`` (with ``image_shape``, or square by default,
    see :func:`image_shape_of`), grey images ``(n, h, w)`` or images
    ``(n, h, w, c)``. The lecture feeds pixels scaled to [0, 1].

    Parameters
    ----------
    filters : array-like of int, default=(32, 64, 128)
        Filters of each convolution block.
    kernel_size : int, default=3
    pool_size : int, default=2
    dense_units : int, default=625
        Units of the fully connected layer (0: no such layer).
    dropout : float in [0, 1), default=0.3
        Dropped share after every block and after the dense layer.
    image_shape : tuple of int or None, default=None
        ``(h, w)`` or ``(h, w, c)`` of one image when the samples are flat rows.
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
    image_shape_ : tuple of int
        ``(h, w, c)`` the network sees.
    classes_ : ndarray of shape (n_classes,)
    history_ : dict of list
    n_features_in_ : int
    n_iter_ : int
    """

    _accepts_nd_input = True

    _parameter_constraints: dict = {
        **BaseKerasClassifier._parameter_constraints,
        "filters": ["array-like"],
        "kernel_size": [Interval(Integral, 1, None, closed="left")],
        "pool_size": [Interval(Integral, 1, None, closed="left")],
        "dense_units": [Interval(Integral, 0, None, closed="left")],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "image_shape": ["array-like", None],
    }

    def __init__(
        self,
        filters=(32, 64, 128),
        *,
        kernel_size=3,
        pool_size=2,
        dense_units=625,
        dropout=0.3,
        image_shape=None,
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
        self.filters = filters
        self.kernel_size = kernel_size
        self.pool_size = pool_size
        self.dense_units = dense_units
        self.dropout = dropout
        self.image_shape = image_shape
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
        filters = tuple(self.filters)
        if not all(isinstance(f, Integral) and f > 0 for f in filters):
            raise ValueError(f"filters must contain positive integers; got {self.filters!r}.")
        image = image_shape_of(meta["input_shape_"], self.image_shape)
        self.image_shape_ = image
        layers = [keras.Input(meta["input_shape_"])]
        if tuple(meta["input_shape_"]) != image:
            layers.append(keras.layers.Reshape(image, name="image"))
        for k, n_filters in enumerate(filters, 1):
            layers += [
                keras.layers.Conv2D(
                    int(n_filters), self.kernel_size, padding="same", activation="relu",
                    name=f"conv_{k}",
                ),
                keras.layers.MaxPooling2D(self.pool_size, padding="same", name=f"pool_{k}"),
            ]
            if self.dropout:
                layers.append(keras.layers.Dropout(self.dropout, name=f"dropout_{k}"))
        layers.append(keras.layers.Flatten(name="flatten"))
        if self.dense_units:
            layers.append(keras.layers.Dense(self.dense_units, activation="relu", name="dense"))
            if self.dropout:
                layers.append(keras.layers.Dropout(self.dropout, name="dropout_dense"))
        layers.append(
            keras.layers.Dense(self._output_units, activation=self._output_activation,
                               name="output")
        )
        return keras.Sequential(layers, name="conv_net")
