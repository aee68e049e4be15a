"""
Searching over architectures in a pipeline
==========================================

How many hidden units, and how many layers? The lecture answers by trying
and comparing on held-out data. Because a builder's own arguments are
ordinary estimator parameters (``model__<name>``), scikit-learn's
:class:`~sklearn.model_selection.GridSearchCV` can search over the
architecture itself, with the scaler inside a
:class:`~sklearn.pipeline.Pipeline` so that it is fitted on each training
fold only.

Early stopping decides how long each candidate trains: every fit holds out
part of *its own training fold* (never the test fold) and stops when the loss
on that part stops improving.
"""

# %%
# A builder with architecture parameters
# --------------------------------------
# ``meta`` tells the builder what ``fit`` found in the data: here the number
# of input features and of classes. :class:`~keras_lectures.KerasClassifier`
# trains with Adam (its default ``optimizer="adam"``; here a learning rate
# of 0.02) in mini-batches of 64.
import keras
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from keras_lectures import KerasClassifier


def build(meta, hidden_units=16, n_layers=1):
    inputs = keras.Input((meta["n_features_in_"],))
    x = inputs
    for _ in range(n_layers):
        x = keras.layers.Dense(hidden_units, activation="relu")(x)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, stratify=y, random_state=0
)

pipeline = make_pipeline(
    StandardScaler(),
    KerasClassifier(
        build,
        epochs=40,
        batch_size=64,
        learning_rate=0.02,
        early_stopping=True,
        validation_fraction=0.2,
        n_iter_no_change=3,
        random_state=0,
    ),
)

# %%
# The search
# ----------
# Pipeline steps are addressed by name (``kerasclassifier__``), then the
# builder's parameter (``model__hidden_units``): four architectures, two
# folds each (more folds give steadier estimates, at the price of more fits).
param_grid = {
    "kerasclassifier__model__hidden_units": [4, 32],
    "kerasclassifier__model__n_layers": [1, 2],
}
search = GridSearchCV(
    pipeline, param_grid, cv=StratifiedKFold(2, shuffle=True, random_state=0)
)
search.fit(X_train, y_train)

print("best parameters:", search.best_params_)
print(f"best cross-validated accuracy: {search.best_score_:.3f}")
test_accuracy = search.score(X_test, y_test)
print(f"test accuracy of the refitted best model: {test_accuracy:.3f} "
      f"({test_accuracy - search.best_score_:+.3f} against its cross-validated estimate)")

# %%
# The cross-validated accuracy chose the architecture; the test accuracy,
# on rows the search never saw, checks that choice. They differ by chance
# (a few test rows more or less) and because the winner of a search tends
# to be the candidate whose folds happened to go best: its cross-validated
# score tends to be a slightly optimistic estimate. The printed difference
# says how the two compare here.

# %%
# Every candidate
# ---------------
# ``cv_results_`` holds one row per architecture.
results = search.cv_results_
for params, mean, std in zip(
    results["params"], results["mean_test_score"], results["std_test_score"]
):
    units = params["kerasclassifier__model__hidden_units"]
    layers = params["kerasclassifier__model__n_layers"]
    print(f"{layers} layer(s) of {units:>2} units: accuracy {mean:.3f} +- {std:.3f}")
means = results["mean_test_score"]
spread = means.max() - means.min()
print(f"best and worst candidate differ by {spread:.3f}; the largest fold-to-fold "
      f"standard deviation is {results['std_test_score'].max():.3f}: the ranking is "
      f"{'clear' if spread > 2 * results['std_test_score'].max() else 'within the noise'}")

# %%
# ``std_test_score`` is how much a candidate's accuracy varies between the
# two folds. When the candidates differ by less than about twice that, the
# ranking is as much luck as architecture; the verdict compares the two.
# Where the ranking is within the noise, prefer the smallest architecture
# among the best: it costs least and has least room to overfit.

# %%
# How long did the best model train?
# ----------------------------------
# ``GridSearchCV`` refits the best architecture on the whole training set;
# that fit, too, holds out 20 % of it (``validation_fraction=0.2``) for
# early stopping and trains on the other 80 %. Its ``history_`` has the
# loss on both parts, epoch by epoch. Training stops ``n_iter_no_change``
# epochs without a better held-out loss, and the weights of the best
# epoch are kept.
import matplotlib.pyplot as plt

best = search.best_estimator_[-1]
history = best.history_
best_epoch = int(np.argmin(history["val_loss"])) + 1
stopped_early = best.n_iter_ < best.epochs
print(f"trained {best.n_iter_} of at most {best.epochs} epochs "
      f"({'stopped early' if stopped_early else 'ran to the limit'}); best epoch {best_epoch}")

fig, ax = plt.subplots(figsize=(6.4, 3.8))
epochs = np.arange(1, len(history["loss"]) + 1)
ax.plot(epochs, history["loss"], label="training part")
ax.plot(epochs, history["val_loss"], label="held out for early stopping")
ax.axvline(best_epoch, color="grey", linestyle="--", label="best epoch (weights kept)")
ax.set_xlabel("epoch")
ax.set_ylabel("binary cross-entropy")
ax.set_title("The best architecture, refitted (80 % trains, 20 % held out)")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# The training loss keeps falling as long as training goes on; the
# held-out loss falls, flattens and may turn up as the network starts to
# fit the training part's noise. Early stopping reads the held-out curve:
# the dashed line marks the epoch whose weights the model keeps.

# %%
# Try this
# --------
# * Add ``"kerasclassifier__learning_rate": [0.002, 0.02]`` to the grid.
#   Predict: with the smaller rate, does early stopping still stop early,
#   or does the 40-epoch limit stop it first?
# * Use five folds instead of two (``StratifiedKFold(5, ...)``): do the
#   standard deviations shrink, and does the ranking become clear?
# * Set ``n_iter_no_change=10``: how many more epochs does the refit train,
#   and does the test accuracy change?
