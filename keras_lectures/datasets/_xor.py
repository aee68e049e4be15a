"""The XOR problem: the lecture's four-row truth table and a noisy generator."""

import numpy as np
from sklearn.utils import check_random_state

from ._base import make_bunch, read_table
from ._fetch import fetch_file
from ._registry import XOR_TRAIN

__all__ = ["load_xor", "make_xor"]

XOR_DESCR = f"""The XOR truth table (XORtrain.txt)
==================================

The four input pairs of exclusive or and their outputs, the classic problem a
single linear unit cannot solve and a network with one hidden layer can.
The file holds three space-separated integers per line: x1 x2 y.

:Number of instances: 4
:Number of attributes: 2 (x1, x2)
:Target: y = x1 XOR x2

Source: the lecture repository https://github.com/leejaymin/TensorFlowLecture
({XOR_TRAIN.origin}).
"""

# the four corners in the file's order, and their XOR
_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_LABELS = np.array([0, 1, 1, 0])


def load_xor(
    *, data_home=None, download_if_missing=True, return_X_y=False, as_frame=False
):
    """Load the lecture's XOR truth table (``XORtrain.txt``).

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding (or receiving) ``XORtrain.txt``.
    download_if_missing : bool, default=True
        Download the file when it is absent.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        Return pandas objects (columns ``x1``, ``x2``, ``y``).

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (4, 2) float, ``target`` (4,) int: the rows (0, 0) -> 0,
        (0, 1) -> 1, (1, 0) -> 1, (1, 1) -> 0 in the file's order;
        ``feature_names``, ``target_name``, ``target_names``, ``frame``,
        ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True

    See Also
    --------
    make_xor : noisy XOR points generated without any file.
    """
    path = fetch_file(XOR_TRAIN, data_home, download_if_missing=download_if_missing)
    table = read_table(path, delimiter=None)
    return make_bunch(
        table[:, :-1],
        table[:, -1].astype(np.int64),
        feature_names=["x1", "x2"],
        target_name="y",
        target_names=[0, 1],
        descr=XOR_DESCR,
        as_frame=as_frame,
        return_X_y=return_X_y,
    )


def make_xor(n_samples=200, *, noise=0.1, shuffle=True, random_state=None):
    """Generate points around the four XOR corners, labelled by XOR.

    The samples cycle through the corners (0, 0), (0, 1), (1, 0), (1, 1), so
    the classes are balanced, and get Gaussian noise. With ``n_samples=4``,
    ``noise=0`` and ``shuffle=False`` this is exactly :func:`load_xor`'s
    table. Like scikit-learn's ``make_moons``, it returns arrays, not a Bunch.

    Parameters
    ----------
    n_samples : int, default=200
        Number of points.
    noise : float, default=0.1
        Standard deviation of the Gaussian noise added to the coordinates.
    shuffle : bool, default=True
        Shuffle the points.
    random_state : int, RandomState instance or None, default=None
        Seed for the noise and the shuffle.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), dtype float64
    y : ndarray of shape (n_samples,), dtype int64
        ``1`` where exactly one coordinate's corner is 1.

    Examples
    --------
    >>> from keras_lectures.datasets import make_xor
    >>> X, y = make_xor(8, noise=0.0, shuffle=False)
    >>> y.tolist()
    [0, 1, 1, 0, 0, 1, 1, 0]
    """
    if n_samples < 1:
        raise ValueError(f"n_samples must be at least 1, got {n_samples}.")
    if noise < 0:
        raise ValueError(f"noise must be non-negative, got {noise}.")
    rng = check_random_state(random_state)
    corner = np.arange(n_samples) % 4
    X = _CORNERS[corner].copy()
    y = _LABELS[corner].astype(np.int64)
    if noise:
        X += rng.normal(scale=noise, size=X.shape)
    if shuffle:
        order = rng.permutation(n_samples)
        X, y = X[order], y[order]
    return X, y
