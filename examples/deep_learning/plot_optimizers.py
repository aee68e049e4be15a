"""
Parameter updates: gradient descent, momentum, RMSprop and Adam
===============================================================

Backpropagation gives the gradient; an *optimiser* decides what step to take
with it. The lecture's "parameter updates" slide lists the usual rules:

* **gradient descent**: ``theta <- theta - alpha grad J``, straight down the
  slope;
* **momentum**: ``v <- beta v - alpha grad J``, ``theta <- theta + v``: a
  ball rolling downhill that keeps part of its velocity (``beta = 0.9``);
* **RMSprop**: divide each weight's step by the root of a running average of
  its squared gradients, so that steep and flat directions move at a similar
  pace;
* **Adam**: momentum and RMSprop together (with a correction for the first
  steps).

To see them, this example uses a model with only two parameters, a linear
regression ``h(x) = theta_0 + theta_1 x`` on made-up data, so that the cost
``J(theta_0, theta_1)`` is a surface we can draw and every optimiser's path
over it is visible. The feature is *not* standardised: its values lie
between 2 and 6, far from 0, so that raising theta_1 can be traded against
lowering theta_0 almost for free. That stretches the bowl into a long,
narrow, diagonal valley (the situation the lecture's feature scaling
avoids).
"""

# %%
# The data and the four optimisers
# --------------------------------
# Each optimiser trains a copy of the same :class:`~keras_lectures.LinearRegressionGD`
# (full batch: one epoch is one step) from ``theta = 0`` for 60 steps.
# Gradient descent and momentum share one learning rate, close to the largest
# that still converges here; RMSprop and Adam, whose steps are about
# ``alpha`` per parameter whatever the gradient's size, get rates that
# suit them.
import inspect

import matplotlib.pyplot as plt
import numpy as np
from sklearn.utils import Bunch

import keras_lectures
from keras_lectures import LinearRegressionGD
from keras_lectures.lectures import LECTURES
from keras_lectures.reports import pictures

rng = np.random.default_rng(0)
x = rng.uniform(2, 6, size=(50, 1))
y = 1.0 + 2.0 * x[:, 0] + rng.normal(0, 0.5, size=50)
data = Bunch(X_train=x, y_train=y, feature_names=["x"])

settings = {
    "gradient descent": {"optimizer": "sgd", "learning_rate": 0.09},
    "momentum (0.9)": {"optimizer": "sgd", "optimizer__momentum": 0.9, "learning_rate": 0.09},
    "RMSprop": {"optimizer": "rmsprop", "learning_rate": 0.1},
    "Adam": {"optimizer": "adam", "learning_rate": 0.3},
}
model = LinearRegressionGD(epochs=60)
comparison = pictures.optimizer_comparison(model, data, settings=settings)

hessian = np.array([[1.0, x.mean()], [x.mean(), np.mean(x**2)]])
curvatures = np.linalg.eigvalsh(hessian)
print(f"least squares: theta = {comparison.best.round(3).tolist()}")
print(f"the bowl's curvatures: {curvatures.round(3).tolist()}: the valley is "
      f"{curvatures[1] / curvatures[0]:.0f} times steeper across than along")
product = settings["gradient descent"]["learning_rate"] * curvatures[1]
print(f"gradient descent: learning rate x steep curvature = {product:.2f} "
      f"({'below 2: stable' if product < 2 else 'above 2: diverges'})")

# %%
# The cost's Hessian (its matrix of second derivatives) has the two
# curvatures printed above; their ratio says how elongated the valley is.
# Plain gradient descent has one learning rate for both directions. Across
# the valley each step multiplies the distance to the floor by
# ``1 - alpha x curvature``: below -1 (the product above 2) the steps grow
# and gradient descent diverges; between -1 and 0 it overshoots and
# zig-zags. Along the valley the factor is ``1 - alpha x 0.2``, close to 1:
# it crawls.
fig = pictures.optimizer_paths(model, data, comparison=comparison, fig=plt.figure())

# %%
# Left: the paths from the white square (``theta = 0``) to the star (the
# least-squares minimum), at equal scale on both axes. Right: the cost per
# step on a log scale. The numbers below read the same story off the
# training histories: how many steps each optimiser needed to come within
# 2 % of the lowest possible cost, and where it stopped.
A = np.column_stack([np.ones(len(x)), x[:, 0]])
lowest = np.mean((A @ comparison.best - y) ** 2) / 2
reached = {}
for label, loss in comparison.loss.items():
    close = np.flatnonzero(loss <= 1.02 * lowest)
    reached[label] = int(close[0]) if close.size else None
    end = comparison.paths[label][-1]
    steps = f"{reached[label]} steps" if close.size else f"not within {len(loss)} steps"
    print(f"{label:<17} within 2 % of the lowest cost: {steps:<22} "
          f"last theta {end.round(3).tolist()}, "
          f"{np.linalg.norm(end - comparison.best):.3f} from the minimum")
distance = {label: np.linalg.norm(path[-1] - comparison.best)
            for label, path in comparison.paths.items()}
print(f"closest to the minimum after {len(comparison.loss['Adam'])} steps: "
      f"{min(distance, key=distance.get)}; farthest: {max(distance, key=distance.get)}")
gd, momentum = distance["gradient descent"], distance["momentum (0.9)"]
print(f"momentum ends {gd / momentum:.1f} times closer than gradient descent at the "
      "same learning rate")
by_cost = min(comparison.loss, key=lambda label: comparison.loss[label][-1])
by_distance = min(distance, key=distance.get)
print(f"lowest final cost: {by_cost}; closest to the minimum: {by_distance}"
      + (" (the cost and the distance disagree)" if by_cost != by_distance else ""))

# %%
# Gradient descent (red) first jumps across the valley and back (the
# zig-zag), and its cost soon comes within a few per cent of the lowest
# possible (the table); yet its theta is still far from the star. Along the valley floor the cost
# hardly changes, so the gradient there is tiny and the steps crawl (each
# one shrinks the remaining distance only by a factor ``1 - alpha x``
# the flat curvature). The cost curve alone would say it had converged; the
# distance says otherwise. Momentum (orange), at the same learning rate,
# swings across the valley for longer (its cost curve jumps), but its
# velocity builds up along the floor, and it ends much closer (the ratio is
# printed above). RMSprop and Adam scale each parameter's step separately:
# their first steps go diagonally, the same size in theta_0 and theta_1
# whatever the slopes. That rescales along the axes, not along this
# diagonal valley, so here it does not straighten the path, and as their
# step does not shrink with the gradient, they settle by oscillating. Their
# strength shows in networks, whose weights' gradients differ by orders of
# magnitude from layer to layer (see the vanishing-gradient example): a
# per-weight scale lets one learning rate serve every layer.
#
# Which optimiser the other examples use
# --------------------------------------
# Read off the estimators themselves, not from memory: the lecture
# estimators the gallery builds (``lecture.make_estimator(quick=True)``) and
# the defaults of every estimator class.
print(f"{'lecture':<25} {'estimator':<22} {'optimizer':<9} {'rate':>6}  batch")


def innermost(estimator):
    """The estimator inside pipelines and target transformers."""
    while hasattr(estimator, "steps") or hasattr(estimator, "regressor"):
        estimator = estimator.steps[-1][1] if hasattr(estimator, "steps") else estimator.regressor
    return estimator


for name, lecture in LECTURES.items():
    step = innermost(lecture.make_estimator(quick=True))
    batch = "full" if step.batch_size is None else step.batch_size
    print(f"{name:<25} {type(step).__name__:<22} {step.optimizer:<9} "
          f"{step.learning_rate:>6g}  {batch}")
defaults = {}
for name in sorted(keras_lectures.__all__):
    cls = getattr(keras_lectures, name)
    if inspect.isclass(cls) and "optimizer" in inspect.signature(cls).parameters:
        defaults[name] = inspect.signature(cls).parameters["optimizer"].default
for optimizer in sorted(set(defaults.values())):
    print(f"default {optimizer!r}:", ", ".join(n for n, o in defaults.items() if o == optimizer))

# %%
# The table is the answer: the linear and logistic models (and softmax
# regression) train with ``"sgd"``, Keras's plain gradient descent without
# momentum, the lecture's own algorithm; every neural network (the MLPs, the
# deep net, the convnet, the LSTM, and the generic ``KerasClassifier`` and
# ``KerasRegressor``) trains with Adam. Any of them takes another optimiser
# through ``optimizer=`` and its settings through ``optimizer__*``
# parameters, e.g. ``MLPClassifier(optimizer="sgd", optimizer__momentum=0.9)``.
#
# Try this
# --------
# * Give momentum ``optimizer__momentum=0.5`` instead of 0.9: does it swing
#   less, and does it still end closer than gradient descent?
# * Standardise the feature first: ``make_pipeline(StandardScaler(),
#   LinearRegressionGD(epochs=60))`` as the model. How do the curvatures (and
#   the valley) change, and does gradient descent still zig-zag?
# * Raise gradient descent's learning rate to 0.11: the steep direction's
#   curvature times the rate passes 2 (print ``0.11 * curvatures[1]``);
#   predict the path before you draw it.

plt.show()
