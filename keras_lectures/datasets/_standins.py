"""Offline stand-ins shaped like the lecture's tables.

Quick reports (and ``--allow-fallback``) need data that ships with the
package yet keeps each lecture's shape, so that its pictures mean the same:
one input feature for the fitted line, features on very different scales for
feature normalisation, two features for a decision boundary, and a curved
class boundary for polynomial features. The data comes from scikit-learn
(embedded tables and generators); nothing is downloaded.
"""

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, make_circles

from ._base import make_bunch

__all__ = [
    "load_diabetes_bmi",
    "load_diabetes_raw",
    "load_breast_cancer_2d",
    "make_noisy_circles",
]

_DIABETES_NOTE = (
    "scikit-learn's diabetes data (442 patients; target: disease progression "
    "one year after baseline), without its standardisation (``scaled=False``)."
)


def load_diabetes_bmi(*, return_X_y=False, as_frame=False):
    """One column of the diabetes data: body-mass index against progression.

    The one-variable stand-in for the food-truck table, as in scikit-learn's
    own linear-regression example (which uses the same BMI column).

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        Return pandas objects.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` of shape (442, 1) (BMI in kg/m²), ``target`` (progression),
        ``feature_names``, ``target_name``, ``frame``, ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> from keras_lectures.datasets import load_diabetes_bmi
    >>> load_diabetes_bmi().data.shape
    (442, 1)
    """
    bunch = load_diabetes(scaled=False)
    column = bunch.feature_names.index("bmi")
    return make_bunch(
        bunch.data[:, [column]], bunch.target,
        feature_names=["body-mass index (kg/m²)"],
        target_name="disease progression",
        descr="Body-mass index and disease progression: " + _DIABETES_NOTE,
        as_frame=as_frame, return_X_y=return_X_y,
    )


def load_diabetes_raw(*, return_X_y=False, as_frame=False):
    """The ten diabetes features in their own units (not standardised).

    The stand-in for the house-prices table: features on very different
    scales (sex is 1 or 2, the cholesterol measure s1 about 100 to 300), so
    gradient descent needs normalised features.

    Parameters
    ----------
    return_X_y : bool, default=False
    as_frame : bool, default=False

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` of shape (442, 10), ``target``, ``feature_names``,
        ``target_name``, ``frame``, ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> from keras_lectures.datasets import load_diabetes_raw
    >>> load_diabetes_raw().data.shape
    (442, 10)
    """
    bunch = load_diabetes(scaled=False)
    return make_bunch(
        bunch.data, bunch.target,
        feature_names=list(bunch.feature_names),
        target_name="disease progression",
        descr=_DIABETES_NOTE,
        as_frame=as_frame, return_X_y=return_X_y,
    )


_CANCER_COLUMNS = ("mean radius", "mean texture")


def load_breast_cancer_2d(*, return_X_y=False, as_frame=False):
    """Two features of the breast-cancer data: mean radius and mean texture.

    The stand-in for the two exam scores: two inputs, two classes, a
    boundary one straight line draws well but not perfectly.

    Parameters
    ----------
    return_X_y : bool, default=False
    as_frame : bool, default=False

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` of shape (569, 2), ``target`` (1: benign, 0: malignant),
        ``feature_names``, ``target_names``, ``target_name``, ``frame``,
        ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> from keras_lectures.datasets import load_breast_cancer_2d
    >>> load_breast_cancer_2d().feature_names
    ['mean radius', 'mean texture']
    """
    bunch = load_breast_cancer()
    columns = [list(bunch.feature_names).index(name) for name in _CANCER_COLUMNS]
    return make_bunch(
        bunch.data[:, columns], bunch.target,
        feature_names=list(_CANCER_COLUMNS),
        target_name="benign",
        target_names=bunch.target_names,
        descr="Mean radius and mean texture of scikit-learn's Wisconsin breast "
              "cancer data (569 tumours; 1: benign, 0: malignant).",
        as_frame=as_frame, return_X_y=return_X_y,
    )


def make_noisy_circles(n_samples=200, *, noise=0.2, factor=0.5, random_state=0,
                       return_X_y=False, as_frame=False):
    """Two noisy concentric rings: a curved boundary, like the microchip tests.

    Parameters
    ----------
    n_samples : int, default=200
        Points in all (half on each ring).
    noise : float, default=0.2
        Standard deviation of the Gaussian noise added to every point.
    factor : float, default=0.5
        Radius of the inner ring relative to the outer one (1).
    random_state : int, RandomState instance or None, default=0
    return_X_y : bool, default=False
    as_frame : bool, default=False

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` of shape (n_samples, 2), ``target`` (1: inner ring),
        ``feature_names``, ``target_name``, ``frame``, ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> from keras_lectures.datasets import make_noisy_circles
    >>> make_noisy_circles(50).data.shape
    (50, 2)
    """
    X, y = make_circles(n_samples, noise=noise, factor=factor, random_state=random_state)
    return make_bunch(
        X, y.astype(np.int64),
        feature_names=["test 1", "test 2"],
        target_name="inner ring",
        descr=f"Two noisy concentric circles (sklearn.datasets.make_circles, "
              f"n_samples={n_samples}, noise={noise}, factor={factor}).",
        as_frame=as_frame, return_X_y=return_X_y,
    )
