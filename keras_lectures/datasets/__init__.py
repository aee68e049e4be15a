"""Datasets of the lecture, as scikit-learn-style loaders.

Loaders return a :class:`sklearn.utils.Bunch` (``data``, ``target``,
``feature_names``, ``DESCR``, ``frame`` with ``as_frame=True``, ...) or
``(data, target)`` with ``return_X_y=True``, like ``sklearn.datasets``.

Lecture files are downloaded once into the data home (:func:`get_data_home`:
``$KERAS_LECTURES_DATA``, else ``$KERAS_HOME/datasets``, else
``~/.keras/datasets``) and checked against their published SHA-256 every time
they are read. A file with the wrong hash raises :class:`ChecksumError` and is
never used or overwritten; a file that is missing and cannot be downloaded
raises :class:`DatasetNotFoundError`, naming the path to put it at and the URL
to get it from.

=====================  ===============================  =====================
registry name          loader                           source
=====================  ===============================  =====================
``food_truck``         :func:`load_food_truck`          ex1data1.txt
``house_prices``       :func:`load_house_prices`        ex1data2.txt
``admissions``         :func:`load_admissions`          ex2data1.txt
``microchips``         :func:`load_microchips`          ex2data2.txt
``xor``                :func:`load_xor`                 XORtrain.txt
``stock``              :func:`load_stock`               data-02-stock_daily.csv
``mnist``              :func:`load_mnist`               mnist.npz or IDX files
``fashion_mnist``      :func:`load_fashion_mnist`       IDX files
``xor_generated``      :func:`make_xor`                 generated
``sine``               :func:`make_sine_wave`           generated
``digits``             :func:`load_digits`              scikit-learn
``breast_cancer``      :func:`load_breast_cancer`       scikit-learn
``diabetes``           :func:`load_diabetes`            scikit-learn
``diabetes_bmi``       :func:`load_diabetes_bmi`        scikit-learn (1 column)
``diabetes_raw``       :func:`load_diabetes_raw`        scikit-learn (own units)
``breast_cancer_2d``   :func:`load_breast_cancer_2d`    scikit-learn (2 columns)
``circles``            :func:`make_noisy_circles`       generated
=====================  ===============================  =====================

:data:`DATASETS` describes each (files, origins, hashes, lecture);
:func:`dataset_status`, :func:`verify` and :func:`fetch` inspect and download
them. Importing this package does not import Keras.
"""

from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits

from ._exercises import load_admissions, load_food_truck, load_house_prices, load_microchips
from ._fetch import ChecksumError, DatasetNotFoundError, RemoteFile, sha256sum
from ._home import get_data_home
from ._mnist import load_fashion_mnist, load_mnist
from . import _registry
from ._registry import DatasetInfo, FileStatus, dataset_status, fetch, load, verify
from ._standins import (
    load_breast_cancer_2d,
    load_diabetes_bmi,
    load_diabetes_raw,
    make_noisy_circles,
)
from ._stock import load_stock, make_sine_wave
from ._xor import load_xor, make_xor

#: Every dataset of the lectures: registry name -> :class:`DatasetInfo`.
DATASETS = _registry.DATASETS

__all__ = [
    "DATASETS",
    "ChecksumError",
    "DatasetInfo",
    "DatasetNotFoundError",
    "FileStatus",
    "RemoteFile",
    "dataset_status",
    "fetch",
    "get_data_home",
    "load",
    "load_admissions",
    "load_breast_cancer",
    "load_breast_cancer_2d",
    "load_diabetes",
    "load_diabetes_bmi",
    "load_diabetes_raw",
    "load_digits",
    "load_fashion_mnist",
    "load_food_truck",
    "load_house_prices",
    "load_microchips",
    "load_mnist",
    "load_stock",
    "load_xor",
    "make_noisy_circles",
    "make_sine_wave",
    "make_xor",
    "sha256sum",
    "verify",
]
