"""Daily stock prices for the LSTM lecture, and a generated stand-in."""

import numpy as np
from sklearn.utils import check_random_state

from ._base import make_bunch, read_table
from ._fetch import fetch_file
from ._registry import STOCK_DAILY

__all__ = ["load_stock", "make_sine_wave"]

STOCK_COLUMNS = ["Open", "High", "Low", "Volume", "Close"]

STOCK_DESCR = f"""GOOG daily stock prices (data-02-stock_daily.csv)
=================================================

Daily Open, High, Low, Volume and Close of Google (GOOG) shares over 732
trading days, as exported from Yahoo Finance for the lecture. The file has two
comment lines (the Yahoo Finance URL and the column names) and lists the
newest day first; :func:`load_stock` returns the oldest day first unless
``chronological=False``. No dates are in the file.

:Number of instances: 732
:Number of attributes: 5 (Open, High, Low, Volume, Close)
:Target: Close (the same day's; windowing turns it into "next day's Close")

Source: the lecture repository https://github.com/leejaymin/TensorFlowLecture
({STOCK_DAILY.origin}).
"""

SINE_DESCR = """Generated sine-wave "prices"
============================

A noisy sine series laid out like the GOOG table (Open, High, Low, Volume,
Close, oldest first) so that the LSTM lecture runs without any file. Close is
10 + sin(2 pi t / period) plus noise; Open is the previous Close plus noise;
High and Low bracket Open and Close; Volume follows the size of the move.
"""


def _header(path):
    """Column names from the file's last ``#`` line before the data."""
    names = None
    with open(path) as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            fields = [f.strip() for f in line.lstrip("#").split(",")]
            if len(fields) > 1:
                names = fields
    return names


def load_stock(
    *,
    data_home=None,
    download_if_missing=True,
    chronological=True,
    return_X_y=False,
    as_frame=False,
):
    """Load the lecture's GOOG daily prices (``data-02-stock_daily.csv``).

    ==============   ==============================
    Samples total    732 trading days
    Dimensionality   5 (Open, High, Low, Volume, Close)
    Features         real (Volume is a share count)
    Target           Close, the last column of ``data``
    ==============   ==============================

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding (or receiving) ``data-02-stock_daily.csv``.
    download_if_missing : bool, default=True
        Download the file when it is absent.
    chronological : bool, default=True
        Return the oldest day first. The file lists the newest day first;
        ``chronological=False`` keeps the file's order. (The lecture's
        TensorFlow code reverses the rows, ``xy[::-1]``, before windowing.)
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        Return pandas objects; ``frame`` has the five columns (Close once).

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (732, 5) with all five columns (the LSTM reads all of them),
        ``target`` (732,) the Close column, ``feature_names``,
        ``target_name`` (``"Close"``), ``frame``, ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True

    Notes
    -----
    The target is the *same* day's Close, i.e. ``data[:, -1]``. Predicting
    the next day's Close from the previous days is done by a sliding window
    over ``data``.
    """
    path = fetch_file(STOCK_DAILY, data_home, download_if_missing=download_if_missing)
    names = _header(path) or STOCK_COLUMNS
    table = read_table(path)
    if chronological:
        table = table[::-1].copy()
    close = names.index("Close")
    return make_bunch(
        table,
        table[:, close].copy(),
        feature_names=names,
        target_name="Close",
        descr=STOCK_DESCR,
        as_frame=as_frame,
        return_X_y=return_X_y,
        chronological=chronological,
    )


def make_sine_wave(
    n_samples=732,
    *,
    noise=0.05,
    period=50.0,
    random_state=None,
    return_X_y=False,
    as_frame=False,
):
    """Generate a sine series shaped like :func:`load_stock`'s data.

    Parameters
    ----------
    n_samples : int, default=732
        Number of days (rows); the default matches the GOOG table.
    noise : float, default=0.05
        Standard deviation of the Gaussian noise on the prices.
    period : float, default=50.0
        Period of the sine, in rows.
    random_state : int, RandomState instance or None, default=None
        Seed for the noise.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        Return pandas objects.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (n_samples, 5) with columns Open, High, Low, Volume, Close
        (oldest first, like ``load_stock()``), ``target`` the Close column,
        ``feature_names``, ``target_name``, ``frame``, ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> from keras_lectures.datasets import make_sine_wave
    >>> make_sine_wave(100, random_state=0).data.shape
    (100, 5)
    """
    if n_samples < 1:
        raise ValueError(f"n_samples must be at least 1, got {n_samples}.")
    if noise < 0:
        raise ValueError(f"noise must be non-negative, got {noise}.")
    rng = check_random_state(random_state)
    t = np.arange(n_samples, dtype=np.float64)
    close = 10.0 + np.sin(2.0 * np.pi * t / period) + rng.normal(scale=noise, size=n_samples)
    previous = np.concatenate([close[:1], close[:-1]])
    open_ = previous + rng.normal(scale=noise, size=n_samples)
    spread = np.abs(rng.normal(scale=noise, size=(2, n_samples)))
    high = np.maximum(open_, close) + spread[0]
    low = np.minimum(open_, close) - spread[1]
    volume = np.round(1e6 * (1.0 + 10.0 * np.abs(close - open_)))
    table = np.column_stack([open_, high, low, volume, close])
    return make_bunch(
        table,
        close.copy(),
        feature_names=STOCK_COLUMNS,
        target_name="Close",
        descr=SINE_DESCR,
        as_frame=as_frame,
        return_X_y=return_X_y,
        chronological=True,
    )
