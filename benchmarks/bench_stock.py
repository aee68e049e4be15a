"""The stock-price LSTM against two baselines, with leak-free scaling.

The lab min-max scaled the whole GOOG table before splitting it, so the test
days' range leaked into training. Here the rows are split first (the oldest
70 % train, the rest test), the scaler is fitted on the training rows only
and applied to both, and then 7-day windows are cut; a test window may look
back into the last training days (those are known at prediction time), but
every test target is a test day.

Three predictors of tomorrow's scaled Close, scored by test RMSE:

- the lecture's LSTM (10 units, Adam 0.01, 500 full-batch epochs);
- "tomorrow = today's close" (the persistence baseline);
- ordinary least squares on the same 7 x 5 window values.

With ``--leaky`` the LSTM is also trained the lab's way (scaler fitted on
all rows) for comparison.

Run: ``KERAS_BACKEND=jax python benchmarks/bench_stock.py [--epochs N]
[--data-home DIR] [--leaky]``
"""

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import MinMaxScaler

from keras_lectures.backend import current
from keras_lectures.datasets import load_stock
from keras_lectures.lectures import LSTMRegressor, make_windows

WINDOW = 7
TRAIN_SHARE = 0.7
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def windows(scaled, n_train_rows):
    """Training windows (targets in the training rows) and test windows."""
    X, y = make_windows(scaled, WINDOW)
    target_row = np.arange(len(y)) + WINDOW
    train = target_row < n_train_rows
    seq = X.reshape(len(X), WINDOW, -1)
    return seq[train], y[train], seq[~train], y[~train]


def rmse(a, b):
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def lstm_rmse(X_train, y_train, X_test, y_test, epochs, seed):
    model = LSTMRegressor(10, learning_rate=0.01, epochs=epochs, random_state=seed)
    start = time.perf_counter()
    model.fit(X_train, y_train)
    return rmse(model.predict(X_test), y_test), time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-home", default=str(DEFAULT_SHARED))
    parser.add_argument("--epochs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--leaky", action="store_true",
                        help="also train with the lab's scaling of all rows")
    args = parser.parse_args()

    series = load_stock(data_home=args.data_home).data  # oldest first; Close last
    n_train_rows = int(round(TRAIN_SHARE * len(series)))
    scaler = MinMaxScaler().fit(series[:n_train_rows])  # training rows only
    X_train, y_train, X_test, y_test = windows(scaler.transform(series), n_train_rows)
    print(f"GOOG: {len(series)} days, {n_train_rows} training rows; {len(y_train)} "
          f"training and {len(y_test)} test windows of {WINDOW} days; backend {current()}")
    print("test RMSE on Close scaled by the training rows' min and max:")

    lstm, seconds = lstm_rmse(X_train, y_train, X_test, y_test, args.epochs, args.seed)
    print(f"  LSTM (10 units, {args.epochs} epochs)      {lstm:.4f}   ({seconds:.1f} s)")
    persistence = rmse(X_test[:, -1, -1], y_test)
    print(f"  tomorrow = today's close          {persistence:.4f}")
    linear = LinearRegression().fit(X_train.reshape(len(X_train), -1), y_train)
    ols = rmse(linear.predict(X_test.reshape(len(X_test), -1)), y_test)
    print(f"  linear model on the windows       {ols:.4f}")

    if args.leaky:
        leaky = MinMaxScaler().fit(series)  # the lab: all rows, test days included
        Xl_train, yl_train, Xl_test, yl_test = windows(leaky.transform(series), n_train_rows)
        value, _ = lstm_rmse(Xl_train, yl_train, Xl_test, yl_test, args.epochs, args.seed)
        # back to the leak-free scale, so the numbers compare
        close = slice(-1, None)
        span = leaky.data_range_[close] / scaler.data_range_[close]
        print(f"  LSTM, lab's leaky scaling         {value * float(span[0]):.4f}   "
              "(same scale as above)")


if __name__ == "__main__":
    main()
