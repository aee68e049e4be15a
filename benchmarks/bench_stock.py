"""The stock-price LSTM against two baselines, with leak-free scaling.

The lab min-max scaled the whole GOOG table before splitting it, so the test
days' range leaked into training. Here the rows are split first (the oldest
70 % train, the rest test), the scaler is fitted on the training rows only
and applied to both, and then 7-day windows are cut; a test window may look
back into the last training days (those are known at prediction time), but
every test target is a test day.

Predictors of tomorrow's scaled Close, scored by test RMSE:

- the lecture's LSTM (10 units, Adam 0.01, 500 full-batch epochs), over
  ``--seeds`` seeds (mean and standard deviation);
- the same LSTM trained on tomorrow's *change* from today's close, which it
  adds back when predicting (one seed per run, and the mean of the runs'
  predictions); a price series the training rows never reached is then no
  extrapolation for the network;
- "tomorrow = today's close" (the persistence baseline);
- ordinary least squares on the same 7 x 5 window values.

A daily close is close to a random walk, so persistence is hard to beat:
expect the changes-LSTM near it, not far below it.

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


def change_lstm_predictions(X_train, y_train, X_test, epochs, seed):
    """The LSTM fitted to tomorrow's change from today's close (the last
    feature of the window's last day); returns predicted closes."""
    model = LSTMRegressor(10, learning_rate=0.01, epochs=epochs, random_state=seed)
    model.fit(X_train, y_train - X_train[:, -1, -1])
    return model.predict(X_test) + X_test[:, -1, -1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-home", default=str(DEFAULT_SHARED))
    parser.add_argument("--epochs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--seeds", type=int, default=5, help="LSTM runs per variant")
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

    seeds = range(args.seed, args.seed + args.seeds)
    runs = [lstm_rmse(X_train, y_train, X_test, y_test, args.epochs, seed) for seed in seeds]
    scores = np.array([score for score, _ in runs])
    seconds = np.mean([elapsed for _, elapsed in runs])
    print(f"  LSTM (10 units, {args.epochs} epochs)      {scores.mean():.4f} +- "
          f"{scores.std():.4f} over {len(scores)} seeds ({seconds:.1f} s a fit)")
    changes = [change_lstm_predictions(X_train, y_train, X_test, args.epochs, seed)
               for seed in seeds]
    change_scores = np.array([rmse(p, y_test) for p in changes])
    print(f"  LSTM on tomorrow's change         {change_scores.mean():.4f} +- "
          f"{change_scores.std():.4f}; mean of the {len(changes)} runs' predictions "
          f"{rmse(np.mean(changes, axis=0), y_test):.4f}")
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
