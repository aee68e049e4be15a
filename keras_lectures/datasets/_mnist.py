"""MNIST and Fashion-MNIST: 28x28 grey images in ten classes."""

import numpy as np

from ._base import make_bunch
from ._fetch import DatasetNotFoundError, fetch_file, find_file, local_path, verify_file
from ._idx import read_idx
from ._registry import FASHION_MNIST_IDX, MNIST_IDX, MNIST_NPZ

__all__ = ["load_mnist", "load_fashion_mnist"]

SUBSETS = ("train", "test", "all")
_PARTS = {"train": ("train",), "test": ("test",), "all": ("train", "test")}

FASHION_MNIST_CLASSES = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]

FEATURE_NAMES = [f"pixel_{row}_{col}" for row in range(28) for col in range(28)]

MNIST_DESCR = """MNIST handwritten digits
========================

Images of handwritten digits 0-9, size-normalized and centred in 28x28 pixel
grey images (0 = background, 255 = ink), by Yann LeCun, Corinna Cortes and
Christopher J.C. Burges, from NIST's Special Databases 1 and 3.

:Number of instances: 60,000 train + 10,000 test
:Number of attributes: 784 (28x28 pixels, integers 0..255)
:Classes: 10 (the digits 0-9)

Licence: Creative Commons Attribution-Share Alike 3.0 (Yann LeCun and Corinna
Cortes). Read from Keras's ``mnist.npz`` or from the four IDX files
(``train-images-idx3-ubyte.gz``, ...) in ``<data_home>/mnist/``.

The lecture's MNIST results (one slide, test accuracy): one hidden layer of
256 (784-256-10) about 92 %; a 5-layer MLP with ReLU about 97 %; with Xavier
initialisation and dropout about 99 %; the CNN "100 %".
"""

FASHION_MNIST_DESCR = """Fashion-MNIST
=============

Zalando's article images in ten classes (T-shirt/top, Trouser, Pullover,
Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot), 28x28 grey images in
the same format as MNIST, meant as a harder drop-in replacement.

:Number of instances: 60,000 train + 10,000 test (6,000 / 1,000 per class)
:Number of attributes: 784 (28x28 pixels, integers 0..255)
:Classes: 10

Licence: MIT (Zalando SE). Read from the Debian package's folder
``/usr/share/datasets/fashion-mnist/`` when present, else from
``<data_home>/fashion-mnist/`` (where Keras keeps them).

Published figures (test accuracy): SVC 0.897; three convolution layers with
dropout in Keras 0.926.
"""


def _check_subset(subset):
    if subset not in SUBSETS:
        raise ValueError(f"subset must be one of {SUBSETS}, got {subset!r}.")


def _from_npz(path, subset):
    with np.load(path, allow_pickle=False) as npz:
        images = [npz[f"x_{part}"] for part in _PARTS[subset]]
        labels = [npz[f"y_{part}"] for part in _PARTS[subset]]
    return np.concatenate(images), np.concatenate(labels)


def _from_idx(files, subset, data_home, download_if_missing):
    images, labels = [], []
    for part in _PARTS[subset]:
        for key, out in (("images", images), ("labels", labels)):
            path = fetch_file(
                files[f"{part}_{key}"], data_home, download_if_missing=download_if_missing
            )
            out.append(read_idx(path))
    return np.concatenate(images), np.concatenate(labels)


def _bunch(images, labels, *, subset, descr, target_names, as_frame, return_X_y):
    images = np.ascontiguousarray(images, dtype=np.uint8)
    return make_bunch(
        images.reshape(len(images), -1).astype(np.float32),
        labels.astype(np.int64),
        feature_names=FEATURE_NAMES,
        target_name="label",
        target_names=target_names,
        descr=descr,
        as_frame=as_frame,
        return_X_y=return_X_y,
        images=images,
        subset=subset,
    )


def _mnist_arrays(subset, data_home, download_if_missing):
    npz = find_file(MNIST_NPZ, data_home)
    if npz is not None:
        return _from_npz(verify_file(MNIST_NPZ, npz), subset)
    needed = [MNIST_IDX[f"{p}_{k}"] for p in _PARTS[subset] for k in ("images", "labels")]
    missing = [remote for remote in needed if find_file(remote, data_home) is None]
    if not missing:
        return _from_idx(MNIST_IDX, subset, data_home, False)
    if download_if_missing:
        try:
            path = fetch_file(MNIST_NPZ, data_home)
        except DatasetNotFoundError as exc:
            reason = f"downloading {MNIST_NPZ.origin} failed ({exc.reason})"
        else:
            return _from_npz(path, subset)
    else:
        reason = "downloading is disabled (download_if_missing=False)"
    raise DatasetNotFoundError(
        [(local_path(remote, data_home), remote.origin) for remote in missing],
        reason=reason,
        alternatives=[(local_path(MNIST_NPZ, data_home), MNIST_NPZ.origin)],
    )


def load_mnist(
    *,
    subset="train",
    data_home=None,
    download_if_missing=True,
    return_X_y=False,
    as_frame=False,
):
    """Load the MNIST handwritten digits.

    =================   ==============================
    Classes             10 (digits 0-9)
    Samples total       70,000 (60,000 train, 10,000 test)
    Dimensionality      784 (28x28)
    Features            integers 0-255
    =================   ==============================

    The data are read, in this order of preference, from

    1. Keras's ``mnist.npz`` in the data home (where
       ``keras.datasets.mnist.load_data()`` leaves it);
    2. the IDX files of the requested subset in ``<data_home>/mnist/``
       (``t10k-images-idx3-ubyte.gz`` and ``t10k-labels-idx1-ubyte.gz`` for
       the test set, ``train-*`` for the training set), so the test set alone
       is enough for ``subset="test"``;
    3. a download of ``mnist.npz`` (when ``download_if_missing``).

    Every file is checked against its SHA-256 first.

    Parameters
    ----------
    subset : {"train", "test", "all"}, default="train"
        The 60,000 training images, the 10,000 test images, or both (training
        images first).
    data_home : str or path-like, default=None
        See :func:`get_data_home`.
    download_if_missing : bool, default=True
        Download ``mnist.npz`` when neither it nor the IDX files are present.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        Return pandas objects (784 pixel columns and ``label``).

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        images : ndarray of shape (n, 28, 28), dtype uint8
            The images, 0 (background) to 255 (ink).
        data : ndarray of shape (n, 784), dtype float32
            The same pixels flattened row by row, *not* rescaled (raw
            0..255, as scikit-learn's ``load_digits`` keeps its raw 0..16);
            divide by 255 before training.
        target : ndarray of shape (n,), dtype int64
            The digit, 0-9.
        target_names : ndarray of 0..9
            The class names.
        feature_names : list of ``"pixel_<row>_<col>"``
            One name per pixel.
        subset, target_name, frame, DESCR
            The subset read, the target's name, the pandas frame (with
            ``as_frame``) and the description.

    (data, target) : tuple if ``return_X_y`` is True

    Raises
    ------
    ChecksumError
        If a file on disk is not the published one.
    DatasetNotFoundError
        If the subset's files are absent and cannot be downloaded; the message
        names each missing file, the path to put it at and its URL.
    """
    _check_subset(subset)
    images, labels = _mnist_arrays(subset, data_home, download_if_missing)
    return _bunch(
        images,
        labels,
        subset=subset,
        descr=MNIST_DESCR,
        target_names=np.arange(10),
        as_frame=as_frame,
        return_X_y=return_X_y,
    )


def load_fashion_mnist(
    *,
    subset="train",
    data_home=None,
    download_if_missing=True,
    return_X_y=False,
    as_frame=False,
):
    """Load Fashion-MNIST (Zalando's article images).

    =================   ==============================
    Classes             10
    Samples total       70,000 (60,000 train, 10,000 test)
    Dimensionality      784 (28x28)
    Features            integers 0-255
    =================   ==============================

    Each of the four IDX files is read from the Debian package's folder
    ``/usr/share/datasets/fashion-mnist/`` (package ``dataset-fashion-mnist``)
    when it is there, else from ``<data_home>/fashion-mnist/`` (where
    ``keras.datasets.fashion_mnist.load_data()`` keeps them), else downloaded
    from Keras's origin. Every file is checked against its SHA-256 first.

    Parameters
    ----------
    subset : {"train", "test", "all"}, default="train"
        The 60,000 training images, the 10,000 test images, or both (training
        images first).
    data_home : str or path-like, default=None
        See :func:`get_data_home`.
    download_if_missing : bool, default=True
        Download missing files.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        Return pandas objects (784 pixel columns and ``label``).

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Like :func:`load_mnist`'s: ``images`` (n, 28, 28) uint8, ``data``
        (n, 784) float32 raw 0..255, ``target`` 0-9, and ``target_names``
        the class names (``"T-shirt/top"``, ..., ``"Ankle boot"``).
    (data, target) : tuple if ``return_X_y`` is True

    Raises
    ------
    ChecksumError
        If a file on disk is not the published one.
    DatasetNotFoundError
        If a file is absent and cannot be downloaded.
    """
    _check_subset(subset)
    images, labels = _from_idx(FASHION_MNIST_IDX, subset, data_home, download_if_missing)
    return _bunch(
        images,
        labels,
        subset=subset,
        descr=FASHION_MNIST_DESCR,
        target_names=FASHION_MNIST_CLASSES,
        as_frame=as_frame,
        return_X_y=return_X_y,
    )
