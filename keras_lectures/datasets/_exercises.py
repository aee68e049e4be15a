"""The four small tables of the regression exercises (ex1data1 ... ex2data2).

They come from Andrew Ng's Machine Learning course (Coursera) exercises 1 and
2, as republished in the lecture repository. Each file is a comma-separated
table without header whose last column is the target.
"""

import numpy as np

from ._base import make_bunch, read_table
from ._fetch import fetch_file
from ._registry import EX1DATA1, EX1DATA2, EX2DATA1, EX2DATA2

__all__ = ["load_food_truck", "load_house_prices", "load_admissions", "load_microchips"]

_SOURCE = (
    "Source: Andrew Ng's Machine Learning course (Coursera), programming "
    "exercise {exercise}, as republished in the lecture repository "
    "https://github.com/leejaymin/TensorFlowLecture ({origin})."
)

FOOD_TRUCK_DESCR = """Food-truck profits (ex1data1.txt)
================================

Population of a city (in 10,000s of people) and the profit of a food truck
there (in $10,000s; negative values are losses).

:Number of instances: 97
:Number of attributes: 1 (population)
:Target: profit

Gradient descent from theta = 0 with alpha = 0.01 for 1500 iterations gives
theta = (-3.6303, 1.1664): profits of $4,519.77 for 35,000 people and
$45,342.45 for 70,000. The cost at theta = 0 is 32.07.

""" + _SOURCE.format(exercise=1, origin=EX1DATA1.origin)

HOUSE_PRICES_DESCR = """House prices in Portland, Oregon (ex1data2.txt)
===============================================

Size of a house (square feet), number of bedrooms, and its price (dollars).
The features differ in scale by three orders of magnitude, which is why the
lecture standardizes them before gradient descent.

:Number of instances: 47
:Number of attributes: 2 (size, bedrooms)
:Target: price

The normal equation predicts $293,081.46 for 1650 sq ft and 3 bedrooms.

""" + _SOURCE.format(exercise=1, origin=EX1DATA2.origin)

ADMISSIONS_DESCR = """University admissions (ex2data1.txt)
====================================

Scores of applicants on two exams and whether they were admitted.

:Number of instances: 100 (60 admitted, 40 not)
:Number of attributes: 2 (exam1, exam2)
:Target: admitted (0 = not admitted, 1 = admitted)

Logistic regression: cost 0.693 at theta = 0; at the optimum cost 0.2035 with
theta ~ (-25.161, 0.206, 0.201); P(admit | 45, 85) = 0.776; training accuracy
89%.

""" + _SOURCE.format(exercise=2, origin=EX2DATA1.origin)

MICROCHIPS_DESCR = """Microchip quality assurance (ex2data2.txt)
=========================================

Results of two tests on microchips and whether each chip was accepted. The
classes are not linearly separable: the lecture maps the two tests to all
polynomial terms up to degree 6 (28 features) and regularizes.

:Number of instances: 118 (58 accepted, 60 rejected)
:Number of attributes: 2 (test1, test2)
:Target: accepted (0 = rejected, 1 = accepted)

With degree-6 features and lambda = 1 the training accuracy is 83.1%.

""" + _SOURCE.format(exercise=2, origin=EX2DATA2.origin)


def _load(remote, data_home, download_if_missing):
    path = fetch_file(remote, data_home, download_if_missing=download_if_missing)
    table = read_table(path)
    return table[:, :-1], table[:, -1]


def load_food_truck(
    *, data_home=None, download_if_missing=True, return_X_y=False, as_frame=False
):
    """Load the food-truck profit data (linear regression, one variable).

    ==============   ================================
    Samples total    97
    Dimensionality   1 (population, in 10,000s)
    Features         real
    Target           real (profit, in $10,000s)
    ==============   ================================

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding (or receiving) ``ex1data1.txt``; see
        :func:`get_data_home`.
    download_if_missing : bool, default=True
        Download the file when it is absent.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        Return pandas objects (``frame`` has columns ``population`` and
        ``profit``).

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (97, 1), ``target`` (97,), ``feature_names``,
        ``target_name``, ``frame``, ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True

    Raises
    ------
    ChecksumError
        If the file on disk is not the published one.
    DatasetNotFoundError
        If the file is absent and cannot be downloaded.

    Examples
    --------
    >>> from keras_lectures.datasets import load_food_truck
    >>> X, y = load_food_truck(return_X_y=True)  # doctest: +SKIP
    >>> X.shape  # doctest: +SKIP
    (97, 1)
    """
    X, y = _load(EX1DATA1, data_home, download_if_missing)
    return make_bunch(
        X,
        y,
        feature_names=["population"],
        target_name="profit",
        descr=FOOD_TRUCK_DESCR,
        as_frame=as_frame,
        return_X_y=return_X_y,
    )


def load_house_prices(
    *, data_home=None, download_if_missing=True, return_X_y=False, as_frame=False
):
    """Load the house-price data (linear regression, several variables).

    ==============   ==============================
    Samples total    47
    Dimensionality   2 (size in sq ft, bedrooms)
    Features         real, integer
    Target           real (price, dollars)
    ==============   ==============================

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding (or receiving) ``ex1data2.txt``.
    download_if_missing : bool, default=True
        Download the file when it is absent.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        Return pandas objects (columns ``size``, ``bedrooms``, ``price``).

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (47, 2), ``target`` (47,), ``feature_names``,
        ``target_name``, ``frame``, ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True
    """
    X, y = _load(EX1DATA2, data_home, download_if_missing)
    return make_bunch(
        X,
        y,
        feature_names=["size", "bedrooms"],
        target_name="price",
        descr=HOUSE_PRICES_DESCR,
        as_frame=as_frame,
        return_X_y=return_X_y,
    )


def load_admissions(
    *, data_home=None, download_if_missing=True, return_X_y=False, as_frame=False
):
    """Load the university admission data (logistic regression).

    ==============   ==============================
    Classes          2
    Samples total    100 (40 not admitted, 60 admitted)
    Dimensionality   2 (exam 1 and exam 2 scores)
    Features         real, 30-100
    ==============   ==============================

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding (or receiving) ``ex2data1.txt``.
    download_if_missing : bool, default=True
        Download the file when it is absent.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        Return pandas objects (columns ``exam1``, ``exam2``, ``admitted``).

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (100, 2), ``target`` (100,) of int 0/1, ``target_names``
        (``["not admitted", "admitted"]``), ``feature_names``,
        ``target_name``, ``frame``, ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True
    """
    X, y = _load(EX2DATA1, data_home, download_if_missing)
    return make_bunch(
        X,
        y.astype(np.int64),
        feature_names=["exam1", "exam2"],
        target_name="admitted",
        target_names=["not admitted", "admitted"],
        descr=ADMISSIONS_DESCR,
        as_frame=as_frame,
        return_X_y=return_X_y,
    )


def load_microchips(
    *, data_home=None, download_if_missing=True, return_X_y=False, as_frame=False
):
    """Load the microchip test data (regularized logistic regression).

    ==============   ==============================
    Classes          2
    Samples total    118 (60 rejected, 58 accepted)
    Dimensionality   2 (test 1 and test 2 results)
    Features         real, about -0.8 to 1.1
    ==============   ==============================

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding (or receiving) ``ex2data2.txt``.
    download_if_missing : bool, default=True
        Download the file when it is absent.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        Return pandas objects (columns ``test1``, ``test2``, ``accepted``).

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (118, 2), ``target`` (118,) of int 0/1, ``target_names``
        (``["rejected", "accepted"]``), ``feature_names``, ``target_name``,
        ``frame``, ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True
    """
    X, y = _load(EX2DATA2, data_home, download_if_missing)
    return make_bunch(
        X,
        y.astype(np.int64),
        feature_names=["test1", "test2"],
        target_name="accepted",
        target_names=["rejected", "accepted"],
        descr=MICROCHIPS_DESCR,
        as_frame=as_frame,
        return_X_y=return_X_y,
    )
