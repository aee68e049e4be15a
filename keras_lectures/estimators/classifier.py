"""Keras classifiers: labels in, labels and probabilities out."""

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.multiclass import check_classification_targets, type_of_target

from keras_lectures.estimators.base import BaseKerasEstimator
from keras_lectures.estimators._model_param import BuilderMixin
from keras_lectures.utils.fixes import StrOptions

__all__ = ["BaseKerasClassifier", "KerasClassifier"]


class BaseKerasClassifier(ClassifierMixin, BaseKerasEstimator):
    """Target handling shared by every Keras classifier.

    Binary targets train one sigmoid output, multiclass targets one softmax
    output per class (sparse categorical cross-entropy), multilabel indicator
    targets one sigmoid output per label. Labels may be any sortable values
    (strings included); ``classes_`` holds them in sorted order.

    Parameters
    ----------
    epochs, batch_size, optimizer, learning_rate, loss, metrics, callbacks, \
validation_fraction, early_stopping, n_iter_no_change, random_state, verbose, \
warm_start, **routed_params
        See :class:`~keras_lectures.estimators.base.BaseKerasEstimator`.
    """

    _parameter_constraints: dict = {
        **BaseKerasEstimator._parameter_constraints,
        "class_weight": [dict, StrOptions({"balanced"}), None],
    }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        tags.target_tags.multi_output = True
        return tags

    # -- targets ---------------------------------------------------------
    def _prepare_targets(self, y, *, reset, classes=None):
        check_classification_targets(y)
        target_type = type_of_target(y, input_name="y")
        if target_type not in ("binary", "multiclass", "multilabel-indicator"):
            raise ValueError(
                f"{type(self).__name__} supports binary, multiclass and multilabel "
                f"targets; got {target_type!r} targets."
            )
        if reset:
            if target_type == "multilabel-indicator":
                self.classes_ = np.arange(np.shape(y)[1])
                self.target_type_ = target_type
                self.n_outputs_ = len(self.classes_)
            else:
                found = np.unique(np.ravel(y) if classes is None else classes)
                if len(found) < 2:
                    raise ValueError(
                        f"{type(self).__name__} needs at least two classes to train; "
                        f"y has only one class: {found[0]!r}."
                    )
                self.classes_ = found
                self.target_type_ = "binary" if len(found) == 2 else "multiclass"
                self.n_outputs_ = 1
            self.n_classes_ = len(self.classes_)
        return self._encode(y)

    def _encode(self, y):
        if self.target_type_ == "multilabel-indicator":
            y = np.asarray(y)
            if y.ndim != 2 or y.shape[1] != self.n_classes_:
                raise ValueError(
                    f"y has {np.shape(y)[1:] or 'no'} label columns; the estimator was "
                    f"fitted on {self.n_classes_} labels."
                )
            return y.astype(np.float32)
        y = np.ravel(y) if np.ndim(y) == 2 else np.asarray(y)
        unseen = np.setdiff1d(np.unique(y), self.classes_)
        if len(unseen):
            raise ValueError(
                f"y contains labels the estimator was not fitted on: {unseen.tolist()}; "
                f"known classes: {self.classes_.tolist()}."
            )
        indices = np.searchsorted(self.classes_, y)
        if self.target_type_ == "binary":
            return indices.astype(np.float32).reshape(-1, 1)
        return indices.astype(np.int32)

    def _encode_validation_targets(self, y_val):
        return self._encode(y_val)

    def _stratify_labels(self, y_encoded):
        if self.target_type_ == "multilabel-indicator":
            return None
        labels = np.ravel(y_encoded)
        counts = np.bincount(labels.astype(int))
        if counts[counts > 0].min() < 2:
            return None
        return labels

    def _class_weight_factors(self, y):
        if self.class_weight is None:
            return 1.0
        return compute_sample_weight(self.class_weight, y)

    def _target_meta(self):
        return {
            **super()._target_meta(),
            "classes_": self.classes_,
            "n_classes_": self.n_classes_,
        }

    def _default_loss(self):
        if self.target_type_ == "multiclass" or self._binary_units == 2:
            return "sparse_categorical_crossentropy"
        return "binary_crossentropy"

    # A binary target trains a 1-unit sigmoid on one 0/1 column, or a 2-unit
    # softmax (one unit per class) on class indices, or on two one-hot columns
    # when the model's loss is not a sparse one.
    _binary_units = 1

    def _adopt_output_width(self, model):
        self._binary_units = 1
        if self.target_type_ != "binary":
            return
        width = _output_width(model)
        if width == 2:
            self._binary_units = 2
            return
        loss = model.loss if model.compiled else self.loss
        if width == 1 and _loss_name(loss) is not None and "categorical" in _loss_name(loss):
            raise ValueError(
                f"The model built for {type(self).__name__} outputs 1 unit for 2 classes, "
                f"but its loss {_loss_name(loss)!r} needs one unit per class: use "
                "Dense(2, activation='softmax') as the last layer, or the "
                "'binary_crossentropy' loss with Dense(1, activation='sigmoid')."
            )

    def _targets_for_model(self, y):
        if self.target_type_ != "binary" or self._binary_units == 1:
            return y
        indices = np.ravel(y).astype(np.int32)
        if _is_sparse_loss(getattr(self.model_, "loss", None)):
            return indices
        return np.eye(2, dtype=np.float32)[indices]

    @property
    def _output_units(self):
        """Output units a builder should use for the fitted target."""
        if self.target_type_ == "binary":
            return 1
        return self.n_classes_

    @property
    def _output_activation(self):
        return "softmax" if self.target_type_ == "multiclass" else "sigmoid"

    # -- fitting ---------------------------------------------------------
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Train for one epoch on a batch of data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
        classes : array-like of shape (n_classes,), default=None
            Every class the estimator will see. Required on the first call
            (for multilabel targets it may be omitted).
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        first_call = not hasattr(self, "model_")
        if first_call and classes is None and type_of_target(y) != "multilabel-indicator":
            raise ValueError("classes must be passed on the first call to partial_fit.")
        return self._partial_fit(X, y, sample_weight=sample_weight, classes=classes)

    # -- predicting ------------------------------------------------------
    def predict_proba(self, X):
        """Class probabilities, columns in ``classes_`` order.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Rows sum to 1 for binary and multiclass targets; for multilabel
            targets, column ``j`` is the probability of label ``j``.
        """
        raw = self._forward(X)
        if self.target_type_ == "binary" and raw.shape[1] == 1:
            positive = np.clip(raw[:, 0], 0.0, 1.0)
            return np.column_stack([1.0 - positive, positive])
        if self.target_type_ in ("binary", "multiclass"):
            raw = np.clip(raw, 0.0, None)
            return raw / raw.sum(axis=1, keepdims=True)
        return np.clip(raw, 0.0, 1.0)

    def predict(self, X):
        """Predicted labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_labels)
        """
        proba = self.predict_proba(X)
        if self.target_type_ == "multilabel-indicator":
            return (proba > 0.5).astype(int)
        return self.classes_[np.argmax(proba, axis=1)]


class KerasClassifier(BuilderMixin, BaseKerasClassifier):
    """A scikit-learn classifier around any Keras model-building function.

    Parameters
    ----------
    model : callable or keras.Model
        A function returning a Keras model, compiled or not. It is called
        with the routed ``model__*`` parameters as keyword arguments and, when
        its signature names it, ``meta``: a dict with ``n_features_in_``,
        ``input_shape_``, ``n_samples_fit_`` (rows trained on, after any
        early-stopping hold-out), ``n_outputs_``, ``target_type_``,
        ``classes_`` and ``n_classes_``. A Keras model instance is copied with fresh weights
        for every fit; it is never trained in place. An uncompiled model is
        compiled from ``optimizer``, ``learning_rate``, ``loss`` and
        ``metrics``; the default loss is sparse categorical cross-entropy for
        multiclass targets and binary cross-entropy for binary and multilabel
        ones, so the last layer should be a softmax over ``n_classes_`` units
        or a sigmoid over 1 (binary) or ``n_classes_`` (multilabel) units.
    class_weight : dict, "balanced" or None, default=None
        Weights per class, multiplied into ``sample_weight``.
    epochs, batch_size, optimizer, learning_rate, loss, metrics, callbacks, \
validation_fraction, early_stopping, n_iter_no_change, random_state, verbose, \
warm_start, **routed_params
        The parameters of the base estimator and routed ``prefix__name``
        parameters; see
        :class:`~keras_lectures.estimators.base.BaseKerasEstimator`.

    Attributes
    ----------
    model_ : keras.Model
        The trained model.
    history_ : dict of list
        Per-epoch loss and metrics (``val_*`` for validation data).
    classes_ : ndarray of shape (n_classes,)
    n_classes_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Only when ``X`` had string column names.
    n_outputs_ : int
    target_type_ : str
    n_iter_ : int
        Epochs run by the last call to ``fit`` or ``partial_fit``.
    backend_ : str
        The Keras backend the model was trained on.

    Examples
    --------
    >>> import keras
    >>> def build(hidden_units=16, meta=None):
    ...     return keras.Sequential([
    ...         keras.Input((meta["n_features_in_"],)),
    ...         keras.layers.Dense(hidden_units, activation="relu"),
    ...         keras.layers.Dense(meta["n_classes_"], activation="softmax"),
    ...     ])
    >>> from sklearn.datasets import load_iris
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = KerasClassifier(build, model__hidden_units=32, epochs=20, random_state=0)
    >>> clf.fit(X, y).predict_proba(X[:2]).shape
    (2, 3)
    >>> clf.classes_
    array([0, 1, 2])
    """

    def __init__(
        self,
        model=None,
        *,
        class_weight=None,
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


def _output_width(model):
    """Units of the model's single 2-D output, or None when unknown."""
    try:
        shape = model.output_shape
    except (AttributeError, ValueError):  # not built yet
        return None
    if isinstance(shape, tuple) and len(shape) == 2 and isinstance(shape[-1], int):
        return shape[-1]
    return None


def _loss_name(loss):
    """A compiled or given loss's name in lower case, or None."""
    if loss is None:
        return None
    if isinstance(loss, str):
        return loss.lower()
    name = getattr(loss, "name", None) or getattr(loss, "__name__", None)
    return str(name or type(loss).__name__).lower()


def _is_sparse_loss(loss):
    """Whether a compiled loss takes class indices rather than one-hot rows."""
    return "sparse" in (_loss_name(loss) or "")
