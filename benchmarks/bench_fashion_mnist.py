"""Test accuracy and time per epoch of the lecture's image models.

Models (``--models``, all by default), each with the lecture's settings:

- ``softmax``: :class:`SoftmaxRegression` (SGD 0.5, batches of 100);
- ``dnn``: :class:`DeepNetClassifier` 784-256-256-10, Xavier, no dropout;
- ``dnn-dropout``: the same with dropout 0.3 (``keep_prob=0.7``);
- ``cnn``: :class:`ConvNetClassifier` (32-64-128 filters, 625 units, dropout 0.3),
  30 epochs (the lecture trains 15).

Data (``--dataset``):

- ``fashion_mnist`` (default): the 60,000 training and 10,000 test images
  (the Debian package's files in ``/usr/share/datasets/fashion-mnist/`` or
  the data home). Published reference points: SVC 0.897; Keras nets with two
  convolutions 0.916-0.925; three convolutions with dropout 0.926.
- ``mnist``: the 10,000 images of the MNIST *test* set (all that is at hand
  offline: ``--data-home``, default ``../shared/datasets``), split
  8,000 / 2,000 stratified with seed 0. The slides' MNIST results (full
  training set, other models): 784-256-10 about 0.92, a 5-layer ReLU MLP
  about 0.97, with Xavier initialisation and dropout about 0.99, the CNN
  "1.00".

``--subset N`` trains on the first N training images (stratified sample)
to keep runs short; ``--epochs`` replaces every model's epochs. Pixels are
scaled to [0, 1]. Prints, per model: epochs, training images, seconds per
epoch, total fit time and test accuracy.

Run: ``KERAS_BACKEND=jax python benchmarks/bench_fashion_mnist.py
[--dataset mnist] [--epochs N] [--subset N] [--models softmax cnn]``
"""

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split

from keras_lectures.backend import current
from keras_lectures.lectures import ConvNetClassifier, DeepNetClassifier, SoftmaxRegression

MODELS = {
    "softmax": lambda epochs, seed: SoftmaxRegression(
        epochs=epochs or 5, random_state=seed),
    "dnn": lambda epochs, seed: DeepNetClassifier(
        (256, 256), epochs=epochs or 15, random_state=seed),
    "dnn-dropout": lambda epochs, seed: DeepNetClassifier(
        (256, 256), dropout=0.3, epochs=epochs or 15, random_state=seed),
    # the lecture's 15 epochs reach 0.924 on Fashion-MNIST; 30 reach 0.929
    "cnn": lambda epochs, seed: ConvNetClassifier(
        image_shape=(28, 28), epochs=epochs or 30, random_state=seed),
}

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def load(dataset, data_home):
    from keras_lectures.datasets import load_fashion_mnist, load_mnist

    if dataset == "fashion_mnist":
        X_train, y_train = load_fashion_mnist(subset="train", data_home=data_home,
                                              return_X_y=True)
        X_test, y_test = load_fashion_mnist(subset="test", data_home=data_home,
                                            return_X_y=True)
    else:
        X, y = load_mnist(subset="test", data_home=data_home, return_X_y=True)
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, train_size=8000, test_size=2000, stratify=y, random_state=0)
    return X_train / 255.0, y_train, X_test / 255.0, y_test


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", choices=("fashion_mnist", "mnist"),
                        default="fashion_mnist")
    parser.add_argument("--data-home", default=str(DEFAULT_SHARED))
    parser.add_argument("--models", nargs="+", choices=tuple(MODELS), default=list(MODELS))
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--subset", type=int, default=None,
                        help="train on N training images (stratified sample)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    X_train, y_train, X_test, y_test = load(args.dataset, args.data_home)
    if args.subset and args.subset < len(y_train):
        X_train, _, y_train, _ = train_test_split(
            X_train, y_train, train_size=args.subset, stratify=y_train,
            random_state=args.seed)
    X_train = X_train.astype(np.float32)
    X_test = X_test.astype(np.float32)
    print(f"{args.dataset}: {len(y_train)} training, {len(y_test)} test images; "
          f"backend {current()}")
    print(f"{'model':<12} {'epochs':>6} {'s/epoch':>8} {'fit s':>8} {'test acc':>9}")
    for name in args.models:
        model = MODELS[name](args.epochs, args.seed)
        start = time.perf_counter()
        model.fit(X_train, y_train)
        fit_time = time.perf_counter() - start
        accuracy = model.score(X_test, y_test)
        print(f"{name:<12} {model.n_iter_:>6} {fit_time / model.n_iter_:>8.2f} "
              f"{fit_time:>8.1f} {accuracy:>9.4f}", flush=True)


if __name__ == "__main__":
    main()
