"""
When one machine is not enough: curves and searches on a Dask cluster
=====================================================================

A learning curve is many independent fits (training sizes times folds); a
grid search is many more (candidates times folds). scikit-learn runs such
jobs through :mod:`joblib`, and joblib can hand them to a
`Dask <https://distributed.dask.org>`_ cluster instead of local processes.
Nothing in the estimator changes: the same ``KerasClassifier``, the same
``random_state``, the same numbers, only more machines doing the fitting.

Here the "cluster" is a :class:`~dask.distributed.LocalCluster` of two
workers inside this Python process, so that the example runs anywhere in
seconds; the closing section says what changes on a real cluster of worker
processes on several machines.
"""

# %%
# The model and the data
# ----------------------
# A small network on scikit-learn's handwritten digits (8x8 images, 10
# classes), with the scaler inside the pipeline so that every fit scales
# with its own training fold only.
import joblib
import keras
import numpy as np
from dask.distributed import Client, LocalCluster
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from keras_lectures import KerasClassifier
from keras_lectures.diagnostics import learning_curve


def build(meta, hidden_units=16):
    return keras.Sequential([
        keras.Input((meta["n_features_in_"],)),
        keras.layers.Dense(hidden_units, activation="relu"),
        keras.layers.Dense(meta["n_classes_"], activation="softmax"),
    ])


X, y = load_digits(return_X_y=True)
X, y = X[:600], y[:600]
model = make_pipeline(
    StandardScaler(),
    KerasClassifier(build, epochs=10, batch_size=32, random_state=0),
)
sizes = [0.3, 1.0]

# %%
# On this machine first
# ---------------------
# The reference: the learning curve computed in this process, one fit after
# the other.
serial = learning_curve(model, X, y, cv=3, train_sizes=sizes, scoring="accuracy")
print("serial validation error per size:", np.round(serial.test_errors.mean(axis=1), 3))

# %%
# The same curve on the cluster
# -----------------------------
# ``joblib.parallel_config(backend="dask")`` sends every fit of the curve to
# the cluster's workers; ``n_jobs=-1`` lets joblib use all of them. The fits
# of one estimator may run side by side: each seeded fit draws from its own
# generators, never from another fit's.
with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                  dashboard_address=None) as cluster, Client(cluster) as client:
    print("workers:", len(client.scheduler_info()["workers"]))
    with joblib.parallel_config(backend="dask"):
        distributed = learning_curve(model, X, y, cv=3, train_sizes=sizes,
                                     scoring="accuracy", n_jobs=-1)
        search = GridSearchCV(model, {"kerasclassifier__model__hidden_units": [8, 32]},
                              cv=3, n_jobs=-1).fit(X, y)

gap = np.max(np.abs(serial.test_errors - distributed.test_errors))
print("largest difference between the two curves:", gap)
print("the cluster reproduced the serial curve:", bool(gap < 1e-6))

# %%
# Drawn on one axes, the cluster's curve (markers) lies on the serial one
# (lines):
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(5, 3.5))
for result, style, where in [(serial, "-", "serial"), (distributed, "o", "cluster")]:
    ax.plot(result.train_sizes, result.train_errors.mean(axis=1), style,
            color="tab:blue", label=f"training error ({where})")
    ax.plot(result.train_sizes, result.test_errors.mean(axis=1), style,
            color="tab:orange", label=f"validation error ({where})")
ax.set_xlabel("training examples")
ax.set_ylabel("error (1 - accuracy)")
ax.legend(fontsize="small")
fig.tight_layout()

# %%
# The two curves agree: each fit is seeded by the estimator's
# ``random_state``, not by whichever worker runs it, so where a fit runs does
# not change what it learns. (Only a different backend, or a different
# library version on a worker, would.) The printed difference is the proof,
# computed, not assumed. The same holds for workers that are separate
# processes: the test suite fits a ``KerasClassifier`` learning curve and a
# grid search on a cluster of two worker processes and compares them with
# the serial run.

# %%
# The grid search ran on the cluster too
# --------------------------------------
# ``model__hidden_units`` is an argument of the builder, so scikit-learn
# searches over the architecture itself; each candidate's folds were fitted by
# the workers.
for units, score in zip(search.cv_results_["param_kerasclassifier__model__hidden_units"],
                        search.cv_results_["mean_test_score"]):
    print(f"hidden units {units:>2}: mean cross-validated accuracy {score:.3f}")
print("best:", search.best_params_)
scores = search.cv_results_["mean_test_score"]
print(f"the wider layer {'wins' if scores[1] > scores[0] else 'does not win'} "
      f"by {scores[1] - scores[0]:+.3f} accuracy")

# %%
# With only ten epochs on 400 training digits per fold, the 8-unit layer
# underfits ten classes of 64 pixels more than the 32-unit one; the printed
# line says whether the wider layer won on your run, and by how much.
#
# On a real cluster of several machines
# -------------------------------------
# * Start the scheduler and workers with the ``dask`` command line (or your
#   cluster manager) and connect with ``Client("tcp://scheduler:8786")``
#   instead of ``LocalCluster``; the ``parallel_config`` block stays as it is.
# * In a script, put the code that starts worker processes under
#   ``if __name__ == "__main__":``: a new worker process imports the main
#   script, and without the guard would start a cluster of its own.
# * Install the same versions of keras-lectures, Keras, the backend and
#   scikit-learn on every worker, and set ``KERAS_BACKEND`` in each worker's
#   environment: a worker picks its backend when it first imports Keras.
# * Send large data once: ``X_remote = client.scatter(X, broadcast=True)``
#   puts a copy on every worker instead of shipping it with every fit.
# * Speed-up comes from independent fits. One small fit gains nothing from a
#   cluster (starting workers costs seconds); a curve or a search of dozens
#   of fits does.
#
# Try this
# --------
# 1. Add a third worker (``n_workers=3``), or make the workers processes
#    (``processes=True``, in a script under the ``__main__`` guard). Predict
#    whether the curve changes, then run it and compare the printed difference.
# 2. Give the estimator ``random_state=None`` and run the serial and the
#    cluster curve again: are they still equal? Why not?
# 3. Time the search with ``n_jobs=1`` and with ``n_jobs=-1`` on the cluster
#    (``time.perf_counter()``). How many fits must a search have before the
#    cluster pays for its start-up?
