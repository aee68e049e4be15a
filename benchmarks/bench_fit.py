"""Time one fit and one small predict against raw Keras, on the active backend.

On scikit-learn's digits (1797 x 64), Dense(64, relu) -> Dense(10, softmax),
adam, 20 epochs, batch 32, verbose 0:

- ``fit``: the package's ``KerasClassifier`` against raw Keras (build, compile,
  ``model.fit``) and against ``keras.wrappers.SKLearnClassifier``;
- ``predict`` on 100 rows: ours against ``model.predict`` and
  ``model.predict_on_batch`` of the raw Keras model;
- resident memory growth over consecutive fit/predict cycles of fresh
  estimators in one process.

Contenders are interleaved and repeated; medians are printed, with ratios.
Targets: our fit at most 1.05x raw Keras, our predict at least 5x faster than
``model.predict``, memory growth at most 200 MB over 100 cycles.

Run: ``KERAS_BACKEND=jax python benchmarks/bench_fit.py [--repeats N]
[--cycles N] [--epochs N]``
"""

import argparse
import gc
import statistics
import time

from sklearn.datasets import load_digits

from keras_lectures.backend import import_keras


def build(meta=None, loss="sparse_categorical_crossentropy"):
    keras = import_keras()
    model = keras.Sequential([
        keras.Input((64,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss=loss)
    return model


def build_wrapper(X, y):
    # keras.wrappers.SKLearnClassifier one-hot encodes the targets
    return build(loss="categorical_crossentropy")


def resident_mb():
    """Resident set size of this process, in MB (Linux)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    import resource

    return pages * resource.getpagesize() / 2**20


def clock(func):
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def clock_best(func, number):
    """Mean seconds of ``number`` calls (one batch of calls)."""
    start = time.perf_counter()
    for _ in range(number):
        func()
    return (time.perf_counter() - start) / number


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--predict-calls", type=int, default=200)
    args = parser.parse_args(argv)

    keras = import_keras()
    keras.utils.disable_interactive_logging()
    from keras_lectures.estimators import KerasClassifier

    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype("float32")
    X_small = X[:100]
    epochs, batch = args.epochs, args.batch_size

    def raw_fit():
        model = build()
        model.fit(X, y, epochs=epochs, batch_size=batch, verbose=0)
        return model

    def ours_fit():
        return KerasClassifier(build, epochs=epochs, batch_size=batch,
                               random_state=0).fit(X, y)

    def wrapper_fit():
        return keras.wrappers.SKLearnClassifier(
            model=build_wrapper,
            fit_kwargs={"epochs": epochs, "batch_size": batch, "verbose": 0},
        ).fit(X, y)

    # warm up: imports and first traces are not part of any contender
    raw_model, ours, _ = raw_fit(), ours_fit(), wrapper_fit()

    fits = {"raw Keras": [], "ours": [], "keras.wrappers": []}
    for _ in range(args.repeats):
        fits["raw Keras"].append(clock(raw_fit))
        fits["ours"].append(clock(ours_fit))
        fits["keras.wrappers"].append(clock(wrapper_fit))
    fit_median = {name: statistics.median(times) for name, times in fits.items()}

    n = args.predict_calls
    predictors = {
        "model.predict": lambda: raw_model.predict(X_small, verbose=0),
        "model.predict_on_batch": lambda: raw_model.predict_on_batch(X_small),
        "ours.predict": lambda: ours.predict(X_small),
        "ours.predict_proba": lambda: ours.predict_proba(X_small),
    }
    for func in predictors.values():
        func()
    predicts = {name: [] for name in predictors}
    for _ in range(args.repeats):
        for name, func in predictors.items():
            predicts[name].append(clock_best(func, n))
    predict_median = {name: statistics.median(t) for name, t in predicts.items()}

    gc.collect()
    before = resident_mb()
    for _ in range(args.cycles):
        KerasClassifier(build, epochs=1, batch_size=batch).fit(X, y).predict(X_small)
    gc.collect()
    growth = resident_mb() - before

    print(f"backend: {keras.backend.backend()}, epochs: {epochs}, batch: {batch}, "
          f"repeats: {args.repeats} (medians)")
    raw = fit_median["raw Keras"]
    for name, seconds in fit_median.items():
        print(f"fit   {name:24s} {seconds:8.3f} s   x{seconds / raw:5.2f} raw Keras")
    reference = predict_median["model.predict"]
    for name, seconds in predict_median.items():
        print(f"predict(100) {name:24s} {seconds * 1e3:8.3f} ms  "
              f"{reference / seconds:6.1f}x faster than model.predict")
    print(f"memory: {args.cycles} fit/predict cycles (1 epoch each): "
          f"{growth:+.1f} MB resident (from {before:.0f} MB)")
    ok_fit = fit_median["ours"] <= 1.05 * raw
    ok_predict = reference / predict_median["ours.predict"] >= 5
    ok_memory = growth <= 200
    print(f"targets: fit<=1.05x raw {'met' if ok_fit else 'MISSED'}; "
          f"predict>=5x {'met' if ok_predict else 'MISSED'}; "
          f"memory<=200MB {'met' if ok_memory else 'MISSED'}")


if __name__ == "__main__":
    main()
