"""
Your own Keras model, callbacks and TensorBoard logs
====================================================

The lecture estimators are ready-made; :class:`~keras_lectures.KerasClassifier`
takes *any* Keras model. You write a function that builds it; the estimator
calls it at ``fit`` with the parameters routed to it (``model__<name>``) and,
if it asks for it, ``meta``: what ``fit`` learned about the data (number of
features, classes, outputs).

Callbacks are parameters too. Here one callback of our own adds a number to
every epoch's logs (so it lands in ``history_``), and another writes the
epoch logs for TensorBoard, as the lecture's convnet notebook does.
"""

# %%
# The builder
# -----------
# A functional model with two branches: a wide linear path and a deep path,
# added before the softmax. Its size comes from ``meta``, so the same builder
# fits any table of features and any number of classes.
import keras
import numpy as np

from keras_lectures import KerasClassifier


def build(meta, hidden_units=32, dropout=0.2):
    inputs = keras.Input((meta["n_features_in_"],), name="pixels")
    deep = keras.layers.Dense(hidden_units, activation="relu")(inputs)
    deep = keras.layers.Dropout(dropout)(deep)
    deep = keras.layers.Dense(meta["n_classes_"])(deep)
    wide = keras.layers.Dense(meta["n_classes_"])(inputs)
    outputs = keras.layers.Activation("softmax")(keras.layers.Add()([wide, deep]))
    return keras.Model(inputs, outputs, name="wide_and_deep")


# %%
# A callback of our own
# ---------------------
# A Keras callback sees the model after every epoch. This one measures the
# size of the weights (the quantity the L2 penalty of the lecture shrinks)
# and adds it to the epoch's logs; ``history_`` records every key of the logs.
class WeightNorm(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        squares = [np.sum(np.square(keras.ops.convert_to_numpy(w)))
                   for w in self.model.trainable_weights]
        logs["weight_norm"] = float(np.sqrt(np.sum(squares)))


# %%
# TensorBoard logs
# ----------------
# Keras's own ``keras.callbacks.TensorBoard`` writes through TensorFlow's
# summary writer, so it needs TensorFlow and the ``tensorboard`` package,
# whatever the backend. Where they are missing (for instance an environment
# with only JAX or PyTorch), the small callback below writes the same
# per-epoch scalars with ``tensorboardX``, which needs neither; where neither
# is installed, this part is skipped. Both take the folder as ``log_dir``, so
# either is passed as a class and gets ``callbacks__log_dir``.
import importlib.util
import tempfile
from pathlib import Path


class EpochScalars(keras.callbacks.Callback):
    """Write every epoch's logs as TensorBoard scalars (with tensorboardX)."""

    def __init__(self, log_dir):
        super().__init__()
        self.log_dir = log_dir

    def on_train_begin(self, logs=None):
        from tensorboardX import SummaryWriter

        self.writer = SummaryWriter(self.log_dir)

    def on_epoch_end(self, epoch, logs=None):
        for name, value in (logs or {}).items():
            self.writer.add_scalar(name, float(value), epoch + 1)

    def on_train_end(self, logs=None):
        self.writer.close()


def tensorboard_callback():
    """The TensorBoard callback this environment can run, or None."""
    if all(importlib.util.find_spec(name) for name in ("tensorflow", "tensorboard")):
        return keras.callbacks.TensorBoard
    if importlib.util.find_spec("tensorboardX"):
        return EpochScalars
    return None


# %%
# Fit with the callbacks as parameters
# ------------------------------------
# Callback *classes* are built for every fit with the routed ``callbacks__*``
# parameters; callback *instances* are copied for every fit, so two clones of
# the estimator never share one. ``early_stopping`` holds out 15 % of the
# training data and records its loss as ``val_loss``. The estimator compiles
# the model with Adam (its default ``optimizer="adam"``, here with a
# learning rate of 0.005); ``optimizer="sgd"`` or any Keras optimizer
# would do too.
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X / 16.0, y, test_size=0.25, stratify=y, random_state=0
)

log_dir = Path(tempfile.mkdtemp(prefix="keras-lectures-logs-"))
logger = tensorboard_callback()
callbacks = [WeightNorm()] + ([logger] if logger else [])
routed = {"callbacks__log_dir": str(log_dir)} if logger else {}

clf = KerasClassifier(
    build,
    model__hidden_units=32,
    epochs=20,
    batch_size=64,
    learning_rate=0.005,
    callbacks=callbacks,
    early_stopping=True,
    validation_fraction=0.15,
    n_iter_no_change=5,
    random_state=0,
    **routed,
)
clf.fit(X_train, y_train)
print(f"optimizer {clf.optimizer!r}; test accuracy: {clf.score(X_test, y_test):.3f} "
      f"after {clf.n_iter_} of at most {clf.epochs} epochs "
      f"({'stopped early' if clf.n_iter_ < clf.epochs else 'no early stop'})")
print("history_ keys:", sorted(clf.history_))

# %%
# ``history_`` holds the training loss, the held-out loss (``val_loss``,
# from early stopping) and ``weight_norm``, the key our callback added to
# the logs: whatever a callback writes into the logs is recorded.

# %%
# What the callbacks recorded
# ---------------------------
import matplotlib.pyplot as plt

epochs = np.arange(1, clf.n_iter_ + 1)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.6))
ax1.plot(epochs, clf.history_["loss"], label="training")
ax1.plot(epochs, clf.history_["val_loss"], label="held out")
ax1.set_xlabel("epoch")
ax1.set_ylabel("cross-entropy")
ax1.set_title("Loss")
ax1.legend()
ax2.plot(epochs, clf.history_["weight_norm"], color="tab:purple")
ax2.set_xlabel("epoch")
ax2.set_ylabel("L2 norm of all weights")
ax2.set_title("WeightNorm callback")
fig.tight_layout()
plt.show()

norms = clf.history_["weight_norm"]
print(f"weight norm {norms[0]:.2f} after the first epoch, {norms[-1]:.2f} after the last: "
      f"it {'grew' if norms[-1] > norms[0] else 'shrank'}")
losses = clf.history_["val_loss"]
lowest = int(np.argmin(losses)) + 1
print(f"held-out loss {losses[0]:.3f} -> {losses[-1]:.3f}, lowest at epoch {lowest}: "
      f"{'still falling, more epochs may help' if lowest == len(losses) else 'past its best'}")

# %%
# Without a penalty nothing holds the weights back: as training sharpens
# the predictions, the weights usually grow, and the printed norms say
# whether they did. An L2 penalty (the lecture's lambda) would pull the
# same curve down. The held-out loss says whether more epochs would still
# help: if it is lowest at the last epoch, early stopping never fired.

# %%
# The TensorBoard folder
# ----------------------
# ``tensorboard --logdir <folder>`` shows these runs in a browser.
if logger is None:
    print("No TensorBoard writer here: install tensorboardX (or TensorFlow and "
          "tensorboard) to write the logs.")
else:
    written = sorted(p.relative_to(log_dir) for p in log_dir.rglob("*") if p.is_file())
    print(f"{logger.__name__} wrote {len(written)} event file(s) under {log_dir}:")
    for path in written:
        print("  ", path)

# %%
# Each run of this script writes a new folder; the event files hold one
# scalar per key and epoch, the same numbers as ``history_``.

# %%
# Try this
# --------
# * Set ``model__dropout=0.0``: predict whether the weight norm ends
#   higher or lower, then run it.
# * Make the callback stop training when the weight norm passes 12
#   (``self.model.stop_training = True``): after how many epochs does it
#   stop?
# * Change ``optimizer`` to ``"sgd"`` with ``learning_rate=0.1``: does it
#   reach the same test accuracy in 20 epochs?
