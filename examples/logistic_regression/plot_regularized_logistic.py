"""
Regularised logistic regression
===============================

A straight boundary cannot separate classes arranged in rings. The lecture
feeds logistic regression all polynomial terms of the two inputs up to
degree 6 (27 features) so that the boundary ``theta^T x = 0`` can curve;
with so many weights it can also curve around every noisy point. The L2
penalty ``lambda / (2m) sum theta_j^2`` (the bias is not penalised) trades
the fit against the size of the weights: lambda = 0 overfits, lambda = 1
fits, lambda = 100 underfits.

The lecture's data are microchip test results. This example runs offline on
the stand-in of ``keras-lectures report --quick``: two noisy concentric
rings.
"""

# %%
# The data and the model
# ----------------------
# The model is a pipeline: ``PolynomialFeatures(6)`` then
# :class:`~keras_lectures.lectures.LogisticRegressionGD` with ``alpha``
# (lambda) = 1, trained by plain full-batch gradient descent (its default
# ``optimizer="sgd"``, learning rate 4.0, 100 steps).
import matplotlib.pyplot as plt
import numpy as np

from keras_lectures.lectures import get_lecture, load_lecture_data
from keras_lectures.reports import pictures

lecture = get_lecture("regularized-logistic")
data = load_lecture_data(lecture, quick=True)
model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)
n_features = model[:-1].transform(data.X_train[:1]).shape[1]
print(f"{data.dataset}: {len(data.X_train)} training rows, 2 inputs -> "
      f"{n_features} polynomial features")
train_accuracy = model.score(data.X_train, data.y_train)
test_accuracy = model.score(data.X_test, data.y_test)
print(f"optimizer {model[-1].optimizer!r}, {model[-1].n_iter_} steps; lambda = "
      f"{model[-1].alpha}: training accuracy {train_accuracy:.3f}, test accuracy "
      f"{test_accuracy:.3f} (gap {train_accuracy - test_accuracy:+.3f})")

# %%
# 2 inputs become 27 features: every product ``x1^i x2^j`` with
# ``1 <= i + j <= 6``. The model is still linear in those 27 features, but
# its boundary in the plane of the two inputs is a curve of degree 6. With
# lambda = 1 the training and test accuracy should be close; the printed
# gap says how close.

# %%
# The boundary with lambda = 1
# ----------------------------
fig = pictures.decision_boundary(model, data, fig=plt.figure())

# %%
# The boundary closes around the inner ring: a curve that a straight line
# (plain logistic regression on the two inputs) cannot draw.

# %%
# Overfit, fit, underfit
# ----------------------
# The same model trained with lambda = 0, 1 and 100, 1000 gradient-descent
# steps each, as the report draws it. Without a penalty, gradient descent
# needs many steps to grow the weights that bend the boundary (the quick
# model's 100 are too few to show it). As in the figure, the step is
# lowered to
# ``m / (2 lambda)`` where the penalty would otherwise make it oscillate.
fig = pictures.boundaries_by_lambda(model, data, epochs=1000,
                                    fig=plt.figure(figsize=(12.6, 4.3)))

from sklearn.base import clone

m = len(data.y_train)
print(f"{'lambda':>6} {'training':>9} {'test':>6} {'|theta|':>8}")
norms, train_scores = [], []
for alpha in (0.0, 1.0, 100.0):
    rate = min(model[-1].learning_rate, m / (2 * alpha)) if alpha else model[-1].learning_rate
    fitted = clone(model).set_params(logisticregressiongd__alpha=alpha,
                                     logisticregressiongd__learning_rate=rate,
                                     logisticregressiongd__epochs=1000)
    fitted.fit(data.X_train, data.y_train)
    norms.append(float(np.linalg.norm(fitted[-1].coef_)))
    train_scores.append(fitted.score(data.X_train, data.y_train))
    print(f"{alpha:>6g} {fitted.score(data.X_train, data.y_train):>9.3f} "
          f"{fitted.score(data.X_test, data.y_test):>6.3f} {norms[-1]:>8.2f}")
shrinking = all(a > b for a, b in zip(norms, norms[1:]))
print("the weights", "shrink" if shrinking else "do not shrink", "as lambda grows:",
      f"{norms[0] / norms[-1]:.0f} times smaller with lambda = 100 than without")
print("lambda = 100", "loses" if train_scores[2] < train_scores[1] else "keeps",
      "training accuracy against lambda = 1: "
      f"{'underfitting' if train_scores[2] < train_scores[1] else 'no sign of underfitting'}")

# %%
# Read the panels from left to right. The size of the 27 weights
# (``|theta|``) is what bends the boundary: the larger they are, the more
# the degree-6 terms can twist it. Without a penalty nothing stops them
# growing, and the degree-6 terms draw shapes the data do not ask for:
# look for bulges, or islands of one class away from the rings, where no
# training point calls for them. lambda = 1 keeps the weights smaller and
# the curve close to an ellipse; lambda = 100 shrinks them so much that
# the probabilities stay near 0.5 (pale colours) and the boundary no longer
# follows the rings, and the training accuracy drops because the model is
# too simple (high bias): the last verdict checks it. How much the unpenalised shapes cost on new points shows in the test
# column; on these rings, which an ellipse (a degree-2 curve) separates,
# the degree-6 terms have little to add.

# %%
# The lecture's numbers
# ---------------------
# The lecture's training accuracy on the microchips with lambda = 1, measured
# again when the file is in the data home.
from keras_lectures.lectures import reproduce_figures

for row in reproduce_figures(lecture, missing="skip"):
    measured = "(file not here)" if row["measured"] is None else f"{row['measured']:.4f}"
    verdict = {True: "agrees", False: "DIFFERS", None: ""}[row["passed"]]
    print(f"{row['name']}: published {row['published']:.4f}, measured {measured} {verdict}")

plt.show()

# %%
# Where the microchip file is present, the row says whether our training
# accuracy agrees with the published 0.831 within the package's tolerance.

# %%
# Try this
# --------
# * Draw the panels after 100 steps (``epochs=100``), then 5000. Predict:
#   which panel changes most, and what happens to ``|theta|`` without a
#   penalty?
# * Try ``alphas=(0.0, 0.01, 1.0)``: is lambda = 0.01 closer to no penalty
#   or to lambda = 1?
# * Lower the degree to 2 (``model.set_params(polynomialfeatures__degree=2)``):
#   can lambda = 0 still overfit with 5 features?

