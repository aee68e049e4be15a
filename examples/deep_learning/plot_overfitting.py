"""
Overfitting in a neural network: dropout and batch normalisation
================================================================

A deep network has far more weights than a few hundred examples can pin
down: trained long enough it learns the training images by heart, noise
included, and its error on new images stops falling or rises. The lecture
names the cures: more data and **dropout** (Srivastava et al. 2014: while
training, keep each unit active with probability p, so that no unit can
rely on particular others); it also names **batch normalisation** (2015),
which standardises each layer's inputs over the batch.

This example trains the same deep net (three hidden layers of 256 ReLU
units, Xavier initialisation, Adam) on 150 of scikit-learn's 8x8 digits
three ways, follows the training and validation loss epoch by epoch with
:func:`~keras_lectures.diagnostics.epoch_curve`, and lets
:func:`~keras_lectures.diagnostics.diagnose` read the curves.
"""

# %%
# A few hundred digits and three networks
# ---------------------------------------
# 300 images, split twice at random into 150 to train on and 150 to
# validate on (the curves average the two splits). The networks differ in
# one setting each: none, ``dropout=0.5`` (keep probability 0.5) or
# ``batch_norm=True``.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import ShuffleSplit

from keras_lectures.diagnostics import diagnose, epoch_curve
from keras_lectures.lectures import DeepNetClassifier

X, y = load_digits(return_X_y=True)
rows = np.random.default_rng(0).permutation(len(X))[:300]
X, y = (X[rows] / 16).astype(np.float32), y[rows]
cv = ShuffleSplit(n_splits=2, test_size=0.5, random_state=0)

common = dict(hidden_layer_sizes=(256, 256, 256), epochs=40, batch_size=50,
              learning_rate=0.003, random_state=0)
settings = {
    "no dropout": DeepNetClassifier(**common),
    "dropout 0.5": DeepNetClassifier(dropout=0.5, **common),
    "batch normalisation": DeepNetClassifier(batch_norm=True, **common),
}
n_weights = sum(256 * (n_in + 1) for n_in in (64, 256, 256)) + 10 * 257
n_train = len(X) // 2
print(f"{n_weights:,} weights and biases, {n_weights / n_train:,.0f} per training "
      f"image ({cv.get_n_splits()} splits of {n_train} training images)")
curves = {name: epoch_curve(net, X, y, cv=cv) for name, net in settings.items()}

# %%
# With that many parameters per training image, nothing in the network
# itself stops it from memorising the training set; only the way it is
# trained can.

# %%
# The epoch curves
# ----------------
# Cross-entropy loss per epoch on the training part and on the validation
# part, for each network.
fig, axes = plt.subplots(1, 3, figsize=(12, 4), sharey=True)
for ax, (name, curve) in zip(axes, curves.items()):
    curve.plot(ax=ax)
    ax.set_title(name)
fig.tight_layout()


def mean_curves(curve):
    return np.nanmean(curve.train_errors, axis=1), np.nanmean(curve.test_errors, axis=1)


for name, curve in curves.items():
    train, val = mean_curves(curve)
    best = int(np.nanargmin(val))
    print(f"{name:>20}: training loss {train[-1]:.4f}, validation loss "
          f"{val[-1]:.3f} (lowest {val[best]:.3f} at epoch {curve.epochs[best]})")

train, val = mean_curves(curves["no dropout"])
print(f"no dropout: the validation loss is {val[-1] / max(train[-1], 1e-12):,.0f} times "
      f"the training loss at the last epoch")

# %%
# What to look for in the first panel: a training loss that keeps falling
# towards zero (the network classifies its training images ever more
# confidently) while the validation loss levels off or turns up. The
# distance between the two curves is what the network learned about
# *these* 150 images rather than about digits; the ratio printed above
# measures it. Dropout's training loss is higher by construction (Keras
# records it with half the units silenced, so it is noisy and
# pessimistic); compare the validation losses across the panels.

# %%
# The diagnosis
# -------------
# :func:`~keras_lectures.diagnostics.diagnose` compares the training and
# validation loss at the last epoch, in units of a constant predictor's
# validation loss (always predicting the class frequencies): a gap above a
# tenth of it is high variance, a training loss above a quarter of it high
# bias.
diagnoses = {name: diagnose(curve) for name, curve in curves.items()}
for name, found in diagnoses.items():
    print(f"== {name}\n{found}\n")

# %%
# Read the verdicts and the gaps against each other.
plain, dropped, normed = (diagnoses[name] for name in settings)
narrower = "narrows" if dropped.gap < plain.gap else "does not narrow"
print(f"gap without dropout {plain.gap:.3f}, with dropout {dropped.gap:.3f}: "
      f"dropout {narrower} it; validation loss {plain.validation_error:.3f} -> "
      f"{dropped.validation_error:.3f}")
bn = "lower" if normed.validation_error < plain.validation_error else "higher"
print(f"batch normalisation: gap {normed.gap:.3f}, validation loss "
      f"{normed.validation_error:.3f} ({bn} than without it)")

verdicts = [found.verdict for found in diagnoses.values()]
print(f"{verdicts.count('high variance')} of {len(verdicts)} networks diagnosed "
      "with high variance")

# %%
# A network of this size trained for 40 epochs on 150 images is expected to
# overfit, whatever the cure; what the comparison shows is how far each
# cure moves the validation loss. Dropout attacks overfitting directly: a network that
# cannot count on any single unit has to spread what it learns over many,
# which generalises better. Batch normalisation was made for something
# else, faster and steadier training of deep networks; it fits the
# training images just as completely, so on its own it does not close the
# gap. Its predictions also use running averages of the batch statistics,
# which after the few hundred steps of this small training set are still
# close to where they started, one more reason its validation loss can
# come out worse here than on a large data set. The lecture's other cure
# for high variance, more data, is the first exercise.
#
# Try this
# --------
# * Train on all 1,797 digits (drop the ``[:300]``): predict whether the
#   gap without dropout grows or shrinks, then run it.
# * Try ``dropout=0.2`` and ``dropout=0.8``. Which keeps the validation loss
#   lowest, and what happens to the training loss?
# * Start from the lecture code's initialisation,
#   ``kernel_initializer="truncated_normal"`` (standard deviation 0.05), or
#   from ``"random_normal"`` with ``{"stddev": 1.0}`` as a config dict: does
#   the network still overfit, and after how many epochs?
plt.show()
