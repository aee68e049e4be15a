"""Time learning curves on scikit-learn's digits (1797 x 64).

Contenders, with the same 25 fits (5 training sizes x 5 folds):

- ours: ``keras_lectures.diagnostics.learning_curve`` with the package's
  ``KerasClassifier``, timed on its first call (which compiles the training
  steps) and on a second call (which reuses them); with ``--fresh``, also the same curve with the fast
  paths switched off (every fit an ordinary ``keras.Model.fit`` of a fresh
  model), whose scores the fast run must equal;
- scikit-learn's ``learning_curve`` with ``keras.wrappers.SKLearnClassifier``
  (epochs and batch size passed through ``params``);
- scikit-learn's ``MLPClassifier(hidden_layer_sizes=(64,), max_iter=20)``,
  with its default batch size (min(200, n)) and with ``batch_size=32``.

Each Keras model is Dense(64, relu) -> Dense(10, softmax), adam, 20 epochs,
batch 32. One plain Keras fit warms the process before any timing. Prints
wall time, ratios against the Keras wrapper and against the MLP with batch
size 32 (the same work), and the mean validation accuracy per training size.

The Keras wrapper's ``predict`` prints a progress bar on jax and torch; its
output is discarded.

Run: ``KERAS_BACKEND=jax python benchmarks/bench_learning_curve.py
[--epochs N] [--n-jobs N] [--fresh] [--no-wrapper]``
"""

import argparse
import contextlib
import io
import time
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold
from sklearn.model_selection import learning_curve as sk_learning_curve
from sklearn.neural_network import MLPClassifier

from keras_lectures.backend import import_keras
from keras_lectures.diagnostics import learning_curve


def build(meta=None, loss="sparse_categorical_crossentropy"):
    keras = import_keras()
    model = keras.Sequential([
        keras.Input((64,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss=loss,
                  metrics=["accuracy"])
    return model


def build_wrapper(X, y):
    # keras.wrappers.SKLearnClassifier one-hot encodes the targets
    return build(loss="categorical_crossentropy")


def timed(label, func):
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        sizes, _, test = func()
    elapsed = time.perf_counter() - start
    return label, elapsed, sizes, test.mean(axis=1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--n-jobs", type=int, default=None)
    parser.add_argument("--fresh", action="store_true",
                        help="also time ours with the fast paths switched off")
    parser.add_argument("--no-wrapper", action="store_true",
                        help="leave out Keras's SKLearnClassifier (minutes on torch)")
    args = parser.parse_args(argv)

    keras = import_keras()
    keras.utils.disable_interactive_logging()  # the wrapper's predict progress
    from keras_lectures.estimators import KerasClassifier
    from keras_lectures.engine import fast_fit

    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype("float32")
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    common = dict(cv=cv, train_sizes=np.linspace(0.1, 1.0, 5), n_jobs=args.n_jobs)
    epochs, batch = args.epochs, args.batch_size

    # Warm the process once with a plain Keras fit of the same architecture:
    # the one-time costs (the backend's first kernels, the initializers'
    # compilations) then fall on no contender. It fills none of our caches.
    warm = build()
    warm.fit(X[:64], y[:64], epochs=1, batch_size=batch, verbose=0)
    warm.predict(X[:8], verbose=0)
    del warm

    def ours():
        return learning_curve(
            KerasClassifier(build, epochs=epochs, batch_size=batch, random_state=0),
            X, y, **common)

    runs = [
        timed("ours (KerasClassifier)", ours),
        # the same call again: the compiled steps are reused (what a second
        # curve, or a grid search, in the same session costs)
        timed("ours, called again (compiled)", ours),
    ]
    if not args.no_wrapper:
        runs.append(timed("sklearn + keras SKLearnClassifier", lambda: sk_learning_curve(
            keras.wrappers.SKLearnClassifier(model=build_wrapper), X, y,
            params={"epochs": epochs, "batch_size": batch, "verbose": 0},
            **common)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        runs += [
            timed("sklearn MLPClassifier", lambda: sk_learning_curve(
                MLPClassifier((64,), max_iter=epochs, random_state=0), X, y,
                **common)),
            timed("sklearn MLPClassifier batch 32", lambda: sk_learning_curve(
                MLPClassifier((64,), max_iter=epochs, batch_size=batch,
                              random_state=0), X, y, **common)),
        ]

    if args.fresh:
        def fresh_curve():
            with fast_fit(False):
                return learning_curve(
                    KerasClassifier(build, epochs=epochs, batch_size=batch,
                                    random_state=0), X, y, **common)

        runs.append(timed("ours, fast paths off (fresh fits)", fresh_curve))
        same = np.array_equal(runs[0][3], runs[-1][3])
        diff = np.abs(runs[0][3] - runs[-1][3]).max()

    labels = [run[0] for run in runs]
    wrapper_time = (None if args.no_wrapper
                    else runs[labels.index("sklearn + keras SKLearnClassifier")][1])
    mlp_time = runs[labels.index("sklearn MLPClassifier batch 32")][1]
    sizes = runs[0][2]
    print(f"backend: {keras.backend.backend()}, epochs: {epochs}, batch: {batch}, "
          f"fits: {len(sizes) * 5}")
    print(f"{'contender':36s} {'wall s':>8s} {'/wrapper':>9s} {'/MLP-32':>8s}  "
          + " ".join(f"acc@{n:<5d}" for n in sizes))
    for label, elapsed, _, accuracy in runs:
        versus_wrapper = "-" if wrapper_time is None else f"{elapsed / wrapper_time:.2f}"
        print(f"{label:36s} {elapsed:8.2f} {versus_wrapper:>9s} "
              f"{elapsed / mlp_time:8.2f}  "
              + " ".join(f"{a:9.3f}" for a in accuracy))
    if args.fresh:
        print(f"ours fast vs fresh fits: mean test accuracies "
              f"{'identical' if same else f'differ by up to {diff:.2e}'}")


if __name__ == "__main__":
    main()
