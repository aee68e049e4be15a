"""Tests for keras_lectures.datasets: loaders, registry, verified fetching.

Real files come from the ``lecture_data_home`` fixture; nothing is downloaded
(the downloader is replaced wherever a download could be attempted).
"""

import hashlib
import os
import shutil
import subprocess
import sys
import urllib.error
from pathlib import Path

import numpy as np
import pytest

from keras_lectures import datasets
from keras_lectures.datasets import (
    DATASETS,
    ChecksumError,
    DatasetNotFoundError,
    dataset_status,
    fetch,
    get_data_home,
    load_admissions,
    load_fashion_mnist,
    load_food_truck,
    load_house_prices,
    load_microchips,
    load_mnist,
    load_stock,
    load_xor,
    make_sine_wave,
    make_xor,
    verify,
)
from keras_lectures.datasets import _fetch

FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any download attempt fails as it would offline."""

    def offline(url, destination):
        raise urllib.error.URLError("network disabled in tests")

    monkeypatch.setattr(_fetch, "_download", offline)


@pytest.fixture
def copy_of(tmp_path, lecture_data_home):
    """Copy one lecture file into a fresh data home and return its path."""

    def copy(relative):
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(lecture_data_home / relative, target)
        return target

    return copy


# --- data home ------------------------------------------------------------


def test_data_home_defaults_to_keras_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("KERAS_LECTURES_DATA", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    assert get_data_home() == str(tmp_path / "kh" / "datasets")
    monkeypatch.delenv("KERAS_HOME")
    assert get_data_home() == os.path.expanduser(os.path.join("~", ".keras", "datasets"))


def test_data_home_env_and_argument(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_LECTURES_DATA", str(tmp_path / "env"))
    assert get_data_home() == str(tmp_path / "env")
    assert get_data_home(tmp_path / "arg") == str(tmp_path / "arg")
    assert not (tmp_path / "env").exists()  # not created until a download


def test_loader_uses_env_data_home(monkeypatch, lecture_data_home):
    monkeypatch.setenv("KERAS_LECTURES_DATA", str(lecture_data_home))
    assert load_food_truck().data.shape == (97, 1)


# --- the exercise tables ---------------------------------------------------


def test_food_truck(lecture_data_home):
    bunch = load_food_truck(data_home=lecture_data_home)
    assert bunch.data.shape == (97, 1) and bunch.target.shape == (97,)
    assert bunch.feature_names == ["population"] and bunch.target_name == "profit"
    assert bunch.data[0, 0] == 6.1101 and bunch.target[0] == 17.592
    assert bunch.data[-1, 0] == 5.4369 and bunch.target[-1] == 0.61705
    assert "97" in bunch.DESCR and bunch.frame is None


def test_food_truck_reproduces_lecture_gradient_descent(lecture_data_home):
    X, y = load_food_truck(data_home=lecture_data_home, return_X_y=True)
    A = np.column_stack([np.ones(len(X)), X])
    theta = np.zeros(2)
    cost0 = np.sum((A @ theta - y) ** 2) / (2 * len(y))
    for _ in range(1500):
        theta -= 0.01 / len(y) * A.T @ (A @ theta - y)
    assert cost0 == pytest.approx(32.07, abs=0.005)
    np.testing.assert_allclose(theta, [-3.6303, 1.1664], atol=5e-5)
    np.testing.assert_allclose(
        [[1, 3.5], [1, 7.0]] @ theta * 10000, [4519.77, 45342.45], atol=0.01
    )


def test_house_prices(lecture_data_home):
    bunch = load_house_prices(data_home=lecture_data_home)
    assert bunch.data.shape == (47, 2)
    assert bunch.feature_names == ["size", "bedrooms"]
    np.testing.assert_array_equal(bunch.data[0], [2104, 3])
    assert bunch.target[0] == 399900 and bunch.target[-1] == 239500
    A = np.column_stack([np.ones(47), bunch.data])
    theta = np.linalg.solve(A.T @ A, A.T @ bunch.target)
    assert np.array([1, 1650, 3]) @ theta == pytest.approx(293081.46, abs=0.01)


def test_admissions(lecture_data_home):
    bunch = load_admissions(data_home=lecture_data_home)
    assert bunch.data.shape == (100, 2) and bunch.target.dtype == np.int64
    assert np.bincount(bunch.target).tolist() == [40, 60]
    assert list(bunch.target_names) == ["not admitted", "admitted"]
    assert bunch.data[0, 0] == pytest.approx(34.62365962451697)
    assert bunch.target[0] == 0 and bunch.target[-1] == 1


def test_microchips(lecture_data_home):
    X, y = load_microchips(data_home=lecture_data_home, return_X_y=True)
    assert X.shape == (118, 2) and np.bincount(y).tolist() == [60, 58]
    np.testing.assert_array_equal(X[0], [0.051267, 0.69956])
    np.testing.assert_array_equal(X[-1], [0.63265, -0.030612])


def test_as_frame_names_columns(lecture_data_home):
    bunch = load_admissions(data_home=lecture_data_home, as_frame=True)
    assert list(bunch.frame.columns) == ["exam1", "exam2", "admitted"]
    assert list(bunch.data.columns) == ["exam1", "exam2"]
    assert bunch.target.name == "admitted" and bunch.frame.shape == (100, 3)
    X, y = load_food_truck(data_home=lecture_data_home, as_frame=True, return_X_y=True)
    assert list(X.columns) == ["population"] and y.name == "profit"


# --- XOR -------------------------------------------------------------------


def test_load_xor(lecture_data_home):
    X, y = load_xor(data_home=lecture_data_home, return_X_y=True)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])


def test_make_xor():
    X, y = make_xor(4, noise=0.0, shuffle=False)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    X, y = make_xor(200, noise=0.1, random_state=0)
    assert X.shape == (200, 2) and np.bincount(y).tolist() == [100, 100]
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0] > 0.5, X[:, 1] > 0.5))
    np.testing.assert_array_equal(X, make_xor(200, noise=0.1, random_state=0)[0])
    with pytest.raises(ValueError):
        make_xor(0)


# --- stock prices ------------------------------------------------------------


def test_load_stock_is_chronological_by_default(lecture_data_home):
    bunch = load_stock(data_home=lecture_data_home)
    assert bunch.data.shape == (732, 5)
    assert bunch.feature_names == ["Open", "High", "Low", "Volume", "Close"]
    np.testing.assert_array_equal(bunch.target, bunch.data[:, 4])
    # oldest day first: the file's last line
    np.testing.assert_array_equal(
        bunch.data[0], [568.00257, 568.00257, 552.922516, 13100, 558.462551]
    )
    assert bunch.target[-1] == 831.659973


def test_load_stock_file_order(lecture_data_home):
    data = load_stock(data_home=lecture_data_home, chronological=False).data
    np.testing.assert_array_equal(
        data[0], [828.659973, 833.450012, 828.349976, 1247700, 831.659973]
    )
    frame = load_stock(data_home=lecture_data_home, as_frame=True).frame
    assert list(frame.columns) == ["Open", "High", "Low", "Volume", "Close"]
    assert frame.shape == (732, 5)


def test_make_sine_wave_matches_stock_layout():
    bunch = make_sine_wave(100, noise=0.05, random_state=0)
    assert bunch.data.shape == (100, 5)
    assert bunch.feature_names == ["Open", "High", "Low", "Volume", "Close"]
    np.testing.assert_array_equal(bunch.target, bunch.data[:, 4])
    open_, high, low, volume, close = bunch.data.T
    assert np.all(high >= np.maximum(open_, close)) and np.all(low <= np.minimum(open_, close))
    assert np.all(volume > 0)
    clean = make_sine_wave(50, noise=0.0, period=50.0).target
    np.testing.assert_allclose(clean, 10 + np.sin(2 * np.pi * np.arange(50) / 50))
    X, y = make_sine_wave(10, random_state=1, return_X_y=True)
    np.testing.assert_array_equal(X, make_sine_wave(10, random_state=1).data)


# --- MNIST and Fashion-MNIST ---------------------------------------------------


def test_mnist_test_set_from_idx(lecture_data_home):
    bunch = load_mnist(subset="test", data_home=lecture_data_home)
    assert bunch.images.shape == (10000, 28, 28) and bunch.images.dtype == np.uint8
    assert bunch.data.shape == (10000, 784) and bunch.data.dtype == np.float32
    assert bunch.data.max() == 255.0  # raw pixel values, not rescaled
    np.testing.assert_array_equal(bunch.data[0], bunch.images[0].ravel())
    assert np.bincount(bunch.target).tolist() == MNIST_TEST_COUNTS
    assert bunch.target[:5].tolist() == [7, 2, 1, 0, 4]
    assert bunch.target[-1] == 6 and int(bunch.images[0].sum()) == 18454
    assert list(bunch.target_names) == list(range(10)) and bunch.subset == "test"


def test_mnist_train_missing_names_files_and_paths(tmp_path, lecture_data_home):
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        (tmp_path / "mnist").mkdir(exist_ok=True)
        (tmp_path / "mnist" / name).symlink_to(lecture_data_home / "mnist" / name)
    assert load_mnist(subset="test", data_home=tmp_path).target.shape == (10000,)
    with pytest.raises(DatasetNotFoundError) as info:
        load_mnist(subset="train", data_home=tmp_path)
    message = str(info.value)
    assert str(tmp_path / "mnist" / "train-images-idx3-ubyte.gz") in message
    assert str(tmp_path / "mnist" / "train-labels-idx1-ubyte.gz") in message
    assert "https://storage.googleapis.com/cvdf-datasets/mnist/train-images" in message
    assert str(tmp_path / "mnist.npz") in message  # the alternative
    assert "network disabled" in message
    assert isinstance(info.value, FileNotFoundError)
    assert not list(tmp_path.glob("*.part")) and not (tmp_path / "mnist.npz").exists()


def test_mnist_prefers_keras_npz(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    arrays = {
        "x_train": rng.integers(0, 256, (6, 28, 28), dtype=np.uint8),
        "y_train": np.arange(6, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (3, 28, 28), dtype=np.uint8),
        "y_test": np.arange(3, dtype=np.uint8),
    }
    np.savez(tmp_path / "mnist.npz", **arrays)
    fake = _fetch.RemoteFile("mnist.npz", "https://example.invalid/mnist.npz",
                             _fetch.sha256sum(tmp_path / "mnist.npz"))
    monkeypatch.setattr(datasets._mnist, "MNIST_NPZ", fake)
    bunch = load_mnist(subset="all", data_home=tmp_path)
    assert bunch.images.shape == (9, 28, 28)
    np.testing.assert_array_equal(bunch.images[6:], arrays["x_test"])
    assert bunch.target.tolist() == [0, 1, 2, 3, 4, 5, 0, 1, 2]


def test_mnist_bad_subset():
    with pytest.raises(ValueError, match="subset"):
        load_mnist(subset="validation")


@pytest.mark.skipif(not FASHION_DIR.is_dir(), reason="Debian dataset-fashion-mnist not installed")
def test_fashion_mnist_from_debian_package(tmp_path):
    bunch = load_fashion_mnist(subset="test", data_home=tmp_path)
    assert bunch.images.shape == (10000, 28, 28)
    assert np.bincount(bunch.target).tolist() == [1000] * 10
    assert bunch.target_names[9] == "Ankle boot" and bunch.target[0] == 9
    status = dataset_status("fashion_mnist", data_home=tmp_path)
    assert all(s.present and s.verified for s in status)
    assert all(s.path.startswith(str(FASHION_DIR)) for s in status)


# --- checksums and missing files ------------------------------------------------


def test_corrupted_cached_file_is_refused(copy_of, tmp_path):
    path = copy_of("ex1data1.txt")
    original = path.read_bytes()
    path.write_bytes(original.replace(b"6.1101", b"6.1102"))
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    expected = DATASETS["food_truck"].files[0].sha256
    with pytest.raises(ChecksumError) as info:
        load_food_truck(data_home=tmp_path)
    message = str(info.value)
    assert expected in message and actual in message and str(path) in message
    assert isinstance(info.value, ValueError)
    assert (info.value.expected, info.value.actual) == (expected, actual)
    # never replaced, and a fetch refuses it too
    assert path.read_bytes() != original
    with pytest.raises(ChecksumError):
        fetch("food_truck", data_home=tmp_path)
    [status] = dataset_status("food_truck", data_home=tmp_path)
    assert status.present and status.verified is False and status.actual_sha256 == actual


def test_corrupted_mnist_idx_is_refused(copy_of, tmp_path):
    copy_of("mnist/t10k-labels-idx1-ubyte.gz")
    path = copy_of("mnist/t10k-images-idx3-ubyte.gz")
    with open(path, "r+b") as handle:
        handle.seek(1000)
        handle.write(b"\xff")
    with pytest.raises(ChecksumError, match="t10k-images-idx3-ubyte.gz"):
        load_mnist(subset="test", data_home=tmp_path)


def test_missing_file_offline_message(tmp_path):
    with pytest.raises(DatasetNotFoundError) as info:
        load_stock(data_home=tmp_path)
    message = str(info.value)
    assert str(tmp_path / "data-02-stock_daily.csv") in message
    assert DATASETS["stock"].files[0].origin in message
    assert "network disabled" in message
    assert list(tmp_path.iterdir()) == []  # no partial download left behind


def test_download_disabled_message(tmp_path):
    with pytest.raises(DatasetNotFoundError, match="download_if_missing=False"):
        load_xor(data_home=tmp_path, download_if_missing=False)


def test_fetch_downloads_and_verifies(tmp_path, monkeypatch, lecture_data_home):
    requested = []

    def serve(url, destination):
        requested.append(url)
        shutil.copyfile(lecture_data_home / url.rsplit("/", 1)[-1], destination)

    monkeypatch.setattr(_fetch, "_download", serve)
    [path] = fetch("microchips", data_home=tmp_path)
    assert path == tmp_path / "ex2data2.txt" and requested == [
        DATASETS["microchips"].files[0].origin
    ]
    fetch("microchips", data_home=tmp_path)  # present and verified: no download
    assert len(requested) == 1
    assert load_microchips(data_home=tmp_path).data.shape == (118, 2)


def test_corrupt_download_is_discarded(tmp_path, monkeypatch):
    monkeypatch.setattr(
        _fetch, "_download", lambda url, destination: Path(destination).write_text("oops")
    )
    with pytest.raises(ChecksumError) as info:
        fetch("xor", data_home=tmp_path)
    assert hashlib.sha256(b"oops").hexdigest() in str(info.value)
    assert list(tmp_path.iterdir()) == []


# --- registry ---------------------------------------------------------------


def test_registry_names_and_fields():
    assert set(DATASETS) == {
        "food_truck", "house_prices", "admissions", "microchips", "xor", "stock",
        "mnist", "fashion_mnist", "digits", "breast_cancer", "diabetes", "sine",
        "xor_generated", "diabetes_bmi", "diabetes_raw", "breast_cancer_2d", "circles",
    }
    for name, info in DATASETS.items():
        assert info.name == name and info.description and info.lecture and info.card
        for remote in info.files + info.alternatives:
            assert remote.origin.startswith("https://") and len(remote.sha256) == 64
        assert (info.source == "download") == bool(info.files)


def test_registry_hashes_match_shared_sums(lecture_data_home):
    sums = {}
    for line in (lecture_data_home / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        sums[name] = digest
    registered = {
        os.path.join(remote.subdir, remote.filename): remote.sha256
        for info in DATASETS.values()
        for remote in info.files + info.alternatives
    }
    for name, digest in sums.items():
        assert registered[name] == digest


def test_verify_shared_folder(lecture_data_home):
    report = verify(data_home=lecture_data_home)
    assert set(report) == set(DATASETS)
    for name in ("food_truck", "house_prices", "admissions", "microchips", "xor", "stock"):
        [status] = report[name]
        assert status.present and status.verified is True
    mnist = {s.filename: s for s in report["mnist"]}
    assert mnist["mnist.npz"].present is False and mnist["mnist.npz"].verified is None
    assert mnist["t10k-images-idx3-ubyte.gz"].verified is True
    assert mnist["t10k-images-idx3-ubyte.gz"].alternative is True
    assert report["digits"] == []


def test_registry_load_and_embedded():
    digits = datasets.load("digits")
    assert digits.data.shape == (1797, 64)
    X, y = datasets.load("xor_generated", n_samples=8, random_state=0)
    assert X.shape == (8, 2)
    assert datasets.load("sine", n_samples=20).data.shape == (20, 5)
    assert datasets.load_breast_cancer().data.shape == (569, 30)
    assert datasets.load_diabetes().data.shape == (442, 10)
    with pytest.raises(KeyError, match="known datasets"):
        dataset_status("iris")


def test_import_does_not_import_keras(lecture_data_home):
    code = (
        "import sys, keras_lectures.datasets as d;"
        f"d.load_mnist(subset='test', data_home={str(lecture_data_home)!r});"
        f"d.verify(data_home={str(lecture_data_home)!r});"
        "assert 'keras' not in sys.modules, 'keras imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_data_cards_exist():
    cards = Path(__file__).resolve().parents[1] / "datasets"
    index = (cards / "README.md").read_text()
    for info in DATASETS.values():
        assert (cards / info.card).is_file(), info.card
        assert info.card in index
    for info in DATASETS.values():
        text = (cards / info.card).read_text()
        for remote in info.files + info.alternatives:
            assert remote.sha256 in text, (info.card, remote.filename)
