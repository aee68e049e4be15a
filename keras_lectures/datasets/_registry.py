"""The registry of datasets: what each one is, its files, origins and hashes.

:data:`DATASETS` maps a dataset name to a :class:`DatasetInfo`. Datasets read
from files list them (:class:`~keras_lectures.datasets.RemoteFile`, with
origin URL and SHA-256); the others are generated or ship with scikit-learn and
need no file. :func:`dataset_status`, :func:`verify` and :func:`fetch` are what
``keras-lectures datasets list|verify|fetch`` call.
"""

import importlib
from dataclasses import dataclass, field

from ._fetch import (
    RemoteFile,
    candidate_paths,
    fetch_file,
    find_file,
    sha256sum,
)

__all__ = [
    "DATASETS",
    "DatasetInfo",
    "FileStatus",
    "dataset_status",
    "verify",
    "fetch",
    "load",
]

LECTURE_REPOSITORY = "https://github.com/leejaymin/TensorFlowLecture"
LECTURE_BASE = "https://raw.githubusercontent.com/leejaymin/TensorFlowLecture/master/"
KERAS_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
# Google's mirror of the original MNIST IDX files (the one TensorFlow's
# tutorials downloaded from); identical to the lecture's 5.CNN/MNIST_DATA/.
MNIST_IDX_BASE = "https://storage.googleapis.com/cvdf-datasets/mnist/"
FASHION_MNIST_SYSTEM_DIR = "/usr/share/datasets/fashion-mnist"

EX1DATA1 = RemoteFile(
    "ex1data1.txt",
    LECTURE_BASE + "0.1.Fundamental_Neural_Network/ex1/data/ex1data1.txt",
    "6abdea3e6a91a573a18bbe6f20ae79253765a43cf61af7e2d94ef58050e5b50a",
)
EX1DATA2 = RemoteFile(
    "ex1data2.txt",
    LECTURE_BASE + "0.1.Fundamental_Neural_Network/ex1/data/ex1data2.txt",
    "0c0d301ed52906961bdeb2066ea52ffe994759888759602144165cf345fc6377",
)
EX2DATA1 = RemoteFile(
    "ex2data1.txt",
    LECTURE_BASE + "0.1.Fundamental_Neural_Network/ex2/data/ex2data1.txt",
    "184239c88ad2a4257bb6f2eb88ce8a786bff9b982296b520b4995b635c656421",
)
EX2DATA2 = RemoteFile(
    "ex2data2.txt",
    LECTURE_BASE + "0.1.Fundamental_Neural_Network/ex2/data/ex2data2.txt",
    "0d077b391731a9b808e414949b1632371c2c875d92072e8801c0d1f64eeac082",
)
XOR_TRAIN = RemoteFile(
    "XORtrain.txt",
    LECTURE_BASE + "3.XOR/XORtrain.txt",
    "0aa1e6f8aa5f1dcd17cb98d04541bd6490f908f165d32c7574c3dae4c6d2ee6a",
)
STOCK_DAILY = RemoteFile(
    "data-02-stock_daily.csv",
    LECTURE_BASE + "9.RNN/data-02-stock_daily.csv",
    "9b4259e27f5791a3a3191a96b43945d14f02d415c8afb8297f249b82636c2e0c",
)
MNIST_NPZ = RemoteFile(
    "mnist.npz",
    KERAS_BASE + "mnist.npz",
    "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
)
MNIST_IDX = {
    "train_images": RemoteFile(
        "train-images-idx3-ubyte.gz",
        MNIST_IDX_BASE + "train-images-idx3-ubyte.gz",
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        subdir="mnist",
    ),
    "train_labels": RemoteFile(
        "train-labels-idx1-ubyte.gz",
        MNIST_IDX_BASE + "train-labels-idx1-ubyte.gz",
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        subdir="mnist",
    ),
    "test_images": RemoteFile(
        "t10k-images-idx3-ubyte.gz",
        MNIST_IDX_BASE + "t10k-images-idx3-ubyte.gz",
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        subdir="mnist",
    ),
    "test_labels": RemoteFile(
        "t10k-labels-idx1-ubyte.gz",
        MNIST_IDX_BASE + "t10k-labels-idx1-ubyte.gz",
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
        subdir="mnist",
    ),
}


def _fashion(key, filename, sha256, debian_sha256):
    # Keras keeps these in $KERAS_HOME/datasets/fashion-mnist/. The Debian
    # package dataset-fashion-mnist (0.0~git20200523.55506a9-1) ships the same
    # images re-compressed, so its files have other hashes, accepted as well.
    return key, RemoteFile(
        filename,
        KERAS_BASE + filename,
        sha256,
        subdir="fashion-mnist",
        also_accept=(debian_sha256,),
        system_dirs=(FASHION_MNIST_SYSTEM_DIR,),
    )


FASHION_MNIST_IDX = dict(
    [
        _fashion(
            "train_images",
            "train-images-idx3-ubyte.gz",
            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
            "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
        ),
        _fashion(
            "train_labels",
            "train-labels-idx1-ubyte.gz",
            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
            "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
        ),
        _fashion(
            "test_images",
            "t10k-images-idx3-ubyte.gz",
            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
            "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
        ),
        _fashion(
            "test_labels",
            "t10k-labels-idx1-ubyte.gz",
            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
            "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
        ),
    ]
)


@dataclass(frozen=True)
class DatasetInfo:
    """One entry of :data:`DATASETS`.

    Parameters
    ----------
    name : str
        Registry name (``"food_truck"``, ...).
    description : str
        One line on what the data is.
    lecture : str
        The lecture part that uses it.
    loader : str
        Dotted path of the function that loads or generates it.
    files : tuple of RemoteFile
        Files :func:`fetch` downloads; empty for generated and embedded data.
    alternatives : tuple of RemoteFile
        Other files the loader also accepts (MNIST's IDX files beside
        ``mnist.npz``); :func:`fetch` does not download them.
    source : {"download", "generated", "embedded"}
        Where the data comes from: downloaded files, a generator, or the data
        that ships inside scikit-learn.
    card : str
        File name of the data card in the project's ``datasets/`` folder.
    """

    name: str
    description: str
    lecture: str
    loader: str
    files: tuple = field(default=())
    alternatives: tuple = field(default=())
    source: str = "download"
    card: str = ""

    def load(self, **kwargs):
        """Call :attr:`loader` with ``kwargs`` and return what it returns.

        Parameters
        ----------
        **kwargs : dict
            Keyword arguments of the loader (``data_home``, ``return_X_y``,
            ...).

        Returns
        -------
        data : Bunch or tuple
            What the loader returns.
        """
        module, _, function = self.loader.rpartition(".")
        return getattr(importlib.import_module(module), function)(**kwargs)


_HERE = "keras_lectures.datasets"

DATASETS = {
    info.name: info
    for info in [
        DatasetInfo(
            "food_truck",
            "City population (10,000s) and food-truck profit ($10,000s); 97 rows.",
            "Linear regression with one variable (exercise 1)",
            f"{_HERE}.load_food_truck",
            files=(EX1DATA1,),
            card="food_truck.md",
        ),
        DatasetInfo(
            "house_prices",
            "House size (sq ft), bedrooms and price; 47 rows.",
            "Linear regression with multiple variables (exercise 1)",
            f"{_HERE}.load_house_prices",
            files=(EX1DATA2,),
            card="house_prices.md",
        ),
        DatasetInfo(
            "admissions",
            "Two exam scores and university admission (0/1); 100 rows.",
            "Logistic regression (exercise 2)",
            f"{_HERE}.load_admissions",
            files=(EX2DATA1,),
            card="admissions.md",
        ),
        DatasetInfo(
            "microchips",
            "Two microchip test results and QA acceptance (0/1); 118 rows.",
            "Regularized logistic regression (exercise 2)",
            f"{_HERE}.load_microchips",
            files=(EX2DATA2,),
            card="microchips.md",
        ),
        DatasetInfo(
            "xor",
            "The XOR truth table: x1, x2, y; 4 rows.",
            "XOR with a neural network (3.XOR)",
            f"{_HERE}.load_xor",
            files=(XOR_TRAIN,),
            card="xor.md",
        ),
        DatasetInfo(
            "stock",
            "GOOG daily Open, High, Low, Volume, Close; 732 trading days.",
            "Recurrent networks: stock prediction with an LSTM (9.RNN)",
            f"{_HERE}.load_stock",
            files=(STOCK_DAILY,),
            card="stock.md",
        ),
        DatasetInfo(
            "mnist",
            "Handwritten digits 0-9, 28x28 grey images; 60,000 train + 10,000 test.",
            "Softmax, deep and convolutional networks on MNIST (4.MNIST, 5.CNN)",
            f"{_HERE}.load_mnist",
            files=(MNIST_NPZ,),
            alternatives=tuple(MNIST_IDX.values()),
            card="mnist.md",
        ),
        DatasetInfo(
            "fashion_mnist",
            "Zalando article images in 10 classes, 28x28 grey; 60,000 + 10,000.",
            "Convolutional networks on Fashion-MNIST",
            f"{_HERE}.load_fashion_mnist",
            files=tuple(FASHION_MNIST_IDX.values()),
            card="fashion_mnist.md",
        ),
        DatasetInfo(
            "xor_generated",
            "Noisy points around the four XOR corners (generated, no file).",
            "XOR with a neural network (3.XOR)",
            f"{_HERE}.make_xor",
            source="generated",
            card="xor.md",
        ),
        DatasetInfo(
            "sine",
            "A noisy sine series shaped like the stock table (generated, no file).",
            "Recurrent networks, offline stand-in for the stock data (9.RNN)",
            f"{_HERE}.make_sine_wave",
            source="generated",
            card="sine.md",
        ),
        DatasetInfo(
            "digits",
            "scikit-learn's 8x8 handwritten digits; 1,797 images.",
            "Offline stand-in for MNIST",
            "sklearn.datasets.load_digits",
            source="embedded",
            card="embedded.md",
        ),
        DatasetInfo(
            "breast_cancer",
            "scikit-learn's Wisconsin breast cancer data; 569 rows, 30 features.",
            "Offline stand-in for binary classification (logistic regression)",
            "sklearn.datasets.load_breast_cancer",
            source="embedded",
            card="embedded.md",
        ),
        DatasetInfo(
            "diabetes",
            "scikit-learn's diabetes progression data; 442 rows, 10 features.",
            "Offline stand-in for regression (linear regression)",
            "sklearn.datasets.load_diabetes",
            source="embedded",
            card="embedded.md",
        ),
        DatasetInfo(
            "diabetes_bmi",
            "Body-mass index and diabetes progression; 442 rows, 1 feature.",
            "Offline stand-in for the food-truck table (one variable)",
            f"{_HERE}.load_diabetes_bmi",
            source="embedded",
            card="standins.md",
        ),
        DatasetInfo(
            "diabetes_raw",
            "The diabetes features in their own units (1 to 300); 442 rows, 10 features.",
            "Offline stand-in for the house prices (features on different scales)",
            f"{_HERE}.load_diabetes_raw",
            source="embedded",
            card="standins.md",
        ),
        DatasetInfo(
            "breast_cancer_2d",
            "Mean radius and mean texture of the breast-cancer tumours; 569 rows.",
            "Offline stand-in for the admissions (two features, two classes)",
            f"{_HERE}.load_breast_cancer_2d",
            source="embedded",
            card="standins.md",
        ),
        DatasetInfo(
            "circles",
            "Two noisy concentric rings, 2 features (generated, no file).",
            "Offline stand-in for the microchips (a curved boundary)",
            f"{_HERE}.make_noisy_circles",
            source="generated",
            card="standins.md",
        ),
    ]
}


@dataclass(frozen=True)
class FileStatus:
    """The state of one data file, as reported by :func:`dataset_status`.

    Parameters
    ----------
    dataset : str
        Registry name of the dataset.
    filename : str
        The file's name.
    path : str
        Where the file was found, else where it would be downloaded to.
    origin : str
        URL it is downloaded from.
    sha256 : str
        Expected SHA-256.
    present : bool
        Whether a copy exists.
    verified : bool or None
        Whether the copy has the expected SHA-256; None when absent.
    actual_sha256 : str or None
        The copy's SHA-256; None when absent.
    alternative : bool
        True for files the loader accepts instead of :attr:`DatasetInfo.files`.
    """

    dataset: str
    filename: str
    path: str
    origin: str
    sha256: str
    present: bool
    verified: object
    actual_sha256: object = None
    alternative: bool = False


def _info(name):
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(
            f"Unknown dataset {name!r}; known datasets: {', '.join(DATASETS)}."
        ) from None


def _file_status(name, remote, data_home, alternative):
    found = find_file(remote, data_home)
    if found is None:
        return FileStatus(
            name,
            remote.filename,
            str(candidate_paths(remote, data_home)[-1]),
            remote.origin,
            remote.sha256,
            present=False,
            verified=None,
            alternative=alternative,
        )
    actual = sha256sum(found)
    return FileStatus(
        name,
        remote.filename,
        str(found),
        remote.origin,
        remote.sha256,
        present=True,
        verified=actual in remote.accepted,
        actual_sha256=actual,
        alternative=alternative,
    )


def dataset_status(name, data_home=None):
    """Report, file by file, whether a dataset is on disk and intact.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`.
    data_home : str or path-like, default=None
        See :func:`get_data_home`.

    Returns
    -------
    statuses : list of FileStatus
        One per file (``files`` then ``alternatives``); empty for generated
        and embedded datasets. Nothing is downloaded.
    """
    info = _info(name)
    return [_file_status(name, f, data_home, False) for f in info.files] + [
        _file_status(name, f, data_home, True) for f in info.alternatives
    ]


def verify(name=None, data_home=None):
    """Check the SHA-256 of the data files on disk.

    Parameters
    ----------
    name : str, default=None
        A dataset name; None checks every dataset.
    data_home : str or path-like, default=None
        See :func:`get_data_home`.

    Returns
    -------
    report : dict of str to list of FileStatus
        Dataset name to its :func:`dataset_status`. A file whose ``verified``
        is False must be deleted and fetched again; one whose ``verified`` is
        None is absent.
    """
    names = list(DATASETS) if name is None else [_info(name).name]
    return {n: dataset_status(n, data_home) for n in names}


def fetch(name, data_home=None):
    """Download a dataset's files into the data home (verified).

    Files already present are checked, not downloaded again.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`.
    data_home : str or path-like, default=None
        See :func:`get_data_home`.

    Returns
    -------
    paths : list of pathlib.Path
        The verified files (empty for generated and embedded datasets).

    Raises
    ------
    ChecksumError
        If a file on disk (or a download) has the wrong SHA-256.
    DatasetNotFoundError
        If a file cannot be downloaded.
    """
    return [fetch_file(remote, data_home) for remote in _info(name).files]


def load(name, **kwargs):
    """Load (or generate) a registered dataset by name.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`.
    **kwargs
        Passed to the dataset's loader.

    Returns
    -------
    Whatever the loader returns (a Bunch for loaders; ``(X, y)`` for
    :func:`make_xor`).
    """
    return _info(name).load(**kwargs)
