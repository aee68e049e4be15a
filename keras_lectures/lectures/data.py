"""A lecture's training and test data: load, split, scale images."""

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.utils import Bunch

from keras_lectures import datasets
from keras_lectures.datasets import DatasetNotFoundError
from keras_lectures.lectures._settings import WINDOW
from keras_lectures.lectures.recurrent import make_windows, window_feature_names
from keras_lectures.lectures.registry import get_lecture

__all__ = ["load_lecture_data"]

_TABLE_SPLIT = 0.2  # share of rows held out as test data
_SERIES_TRAIN = 0.7  # share of windows (oldest first) for training, as the lab
_IMAGE_SHAPES = {"mnist": (28, 28), "fashion_mnist": (28, 28), "digits": (8, 8)}
_PIXEL_MAX = {"mnist": 255.0, "fashion_mnist": 255.0, "digits": 16.0}


def _load_dataset(name, data_home):
    """(X, y, feature_names, target_name, images_split) for a dataset name."""
    if name == "xor_generated":
        X, y = datasets.make_xor(200, random_state=0)
        return Bunch(data=X, target=y, feature_names=["x1", "x2"], target_name="y")
    if name == "sine":
        return datasets.make_sine_wave(random_state=0)
    info = datasets.DATASETS[name]
    if info.source != "download":  # embedded or generated: nothing to find
        bunch = info.load()
        bunch.setdefault("target_name", "target" if name != "digits" else "digit")
        return bunch
    if name in ("mnist", "fashion_mnist"):
        train = info.load(subset="train", data_home=data_home)
        test = info.load(subset="test", data_home=data_home)
        return Bunch(train=train, test=test, feature_names=list(train.feature_names),
                     target_name="label")
    return info.load(data_home=data_home)


def _split(name, bunch, task, random_state=0):
    if name in ("mnist", "fashion_mnist"):
        return (bunch.train.data, bunch.train.target, bunch.test.data, bunch.test.target,
                bunch.feature_names)
    X, y = np.asarray(bunch.data), np.asarray(bunch.target)
    names = list(bunch.get("feature_names", [])) or None
    if name == "xor":  # the truth table is both the training and the test data
        return X, y, X.copy(), y.copy(), names
    if name in ("stock", "sine"):
        windows, target = make_windows(X, WINDOW, target_column=-1)
        n_train = int(round(_SERIES_TRAIN * len(windows)))
        names = window_feature_names(names or [f"x{i}" for i in range(X.shape[1])], WINDOW)
        return (windows[:n_train], target[:n_train], windows[n_train:], target[n_train:],
                names)
    stratify = y if task == "classification" else None
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=_TABLE_SPLIT, random_state=random_state, stratify=stratify
    )
    return X_train, y_train, X_test, y_test, names


def load_lecture_data(lecture, *, quick=False, data_home=None, allow_fallback=False):
    """A lecture's training and test data.

    Tables are split 80/20 at random (stratified for classification) with a
    fixed seed; MNIST and Fashion-MNIST keep their own training and test
    sets; the XOR truth table is both; a time series becomes 7-step windows
    (:func:`~keras_lectures.lectures.recurrent.make_windows`, flat rows)
    whose oldest 70 % train and the rest test, so that every test target
    comes after every training target. Images are scaled to [0, 1], as the
    lecture feeds them. No scaler is fitted here: the lecture estimators
    that need one contain it, fitted on the training data only.

    Parameters
    ----------
    lecture : Lecture or str
    quick : bool, default=False
        Use the lecture's embedded (or generated) ``fallback_dataset``.
    data_home : str or path-like, default=None
        Where the lecture's files are; see
        :func:`keras_lectures.datasets.get_data_home`.
    allow_fallback : bool, default=False
        When the lecture's files are missing, use the fallback data instead
        of raising.

    Returns
    -------
    data : Bunch
        ``X_train``, ``y_train``, ``X_test``, ``y_test``, ``feature_names``,
        ``target_name``, ``dataset`` (the dataset actually used) and
        ``image_shape`` (``(h, w)`` for image data, else None).

    Raises
    ------
    keras_lectures.datasets.DatasetNotFoundError
        A file is missing and ``allow_fallback`` is False.
    """

    lecture = get_lecture(lecture)
    name = lecture.fallback_dataset if quick else lecture.dataset
    try:
        bunch = _load_dataset(name, data_home)
    except DatasetNotFoundError:
        if not allow_fallback or name == lecture.fallback_dataset:
            raise
        name = lecture.fallback_dataset
        bunch = _load_dataset(name, data_home)
    X_train, y_train, X_test, y_test, names = _split(name, bunch, lecture.task)
    if name in _PIXEL_MAX:
        X_train = np.asarray(X_train, dtype=np.float32) / _PIXEL_MAX[name]
        X_test = np.asarray(X_test, dtype=np.float32) / _PIXEL_MAX[name]
    return Bunch(
        X_train=X_train,
        y_train=y_train,
        X_test=X_test,
        y_test=y_test,
        feature_names=names,
        target_name=bunch.get("target_name"),
        dataset=name,
        image_shape=_IMAGE_SHAPES.get(name),
    )
