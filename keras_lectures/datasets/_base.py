"""Shared pieces of the loaders: reading small text tables, building Bunches."""

import numpy as np
from sklearn.utils import Bunch

__all__ = ["read_table", "make_bunch"]


def read_table(path, delimiter=",", comments="#"):
    """Read a small numeric text table into a 2-D float array.

    Parameters
    ----------
    path : path-like
    delimiter : str or None, default=","
        Column separator; None splits on whitespace.
    comments : str, default="#"
        Lines starting with this are skipped.

    Returns
    -------
    table : ndarray of shape (n_rows, n_columns), dtype float64
    """
    return np.loadtxt(path, delimiter=delimiter, comments=comments, ndmin=2)


def make_bunch(
    data,
    target,
    *,
    feature_names,
    target_name,
    descr,
    as_frame=False,
    return_X_y=False,
    target_names=None,
    **extra,
):
    """Package arrays the way scikit-learn's loaders do.

    Parameters
    ----------
    data : ndarray of shape (n_samples, n_features)
    target : ndarray of shape (n_samples,)
    feature_names : list of str
    target_name : str
        Column name of the target in ``frame``; when it is also one of
        ``feature_names`` (the stock prices' Close) ``frame`` holds it once.
    descr : str
    as_frame : bool, default=False
        Return pandas objects: ``data`` a DataFrame, ``target`` a Series and
        ``frame`` a DataFrame of both. pandas is imported only then.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    target_names : array-like, default=None
        Class names, for classification data.
    **extra
        More Bunch entries (``images``, ``subset``, ...).

    Returns
    -------
    bunch : sklearn.utils.Bunch or tuple
    """
    feature_names = list(feature_names)
    frame = None
    if as_frame:
        import pandas as pd

        data = pd.DataFrame(data, columns=feature_names)
        target = pd.Series(target, name=target_name)
        if target_name in feature_names:
            frame = data.copy()
        else:
            frame = pd.concat([data, target], axis=1)
    if return_X_y:
        return data, target
    bunch = Bunch(
        data=data,
        target=target,
        frame=frame,
        feature_names=feature_names,
        target_name=target_name,
        DESCR=descr,
        **extra,
    )
    if target_names is not None:
        bunch.target_names = np.asarray(target_names)
    return bunch
