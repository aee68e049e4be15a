"""
The logistic cost: why cross entropy
====================================

Logistic regression squeezes ``theta^T x`` through the sigmoid
``h = g(z) = 1 / (1 + e^-z)``. Which cost should gradient descent minimise?
The lecture's answer: not the squared error of linear regression, because
through a sigmoid it is not convex (it has flat stretches and bends where
gradient descent can stall), but the cross-entropy

``J = -1/m sum[y log h + (1 - y) log(1 - h)]``,

which is convex and whose gradient has the same form as linear
regression's: ``dJ/dtheta = 1/m sum (h - y) x``. This example draws the
pieces, cuts both costs along one weight of a fitted model, and checks the
gradient formula against finite differences, against the backend's
automatic gradient, and against the step
:class:`~keras_lectures.LogisticRegressionGD` takes.

It runs offline on the stand-in data of ``keras-lectures report --quick``:
two features of breast-cancer tumours (mean radius and mean texture), two
classes.
"""

# %%
# The sigmoid and the two halves of the cost
# ------------------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.base import clone

from keras_lectures.lectures import (
    get_lecture,
    initialised_copy,
    load_lecture_data,
    loss_gradients,
)
from keras_lectures.reports import pictures

fig = pictures.logistic_cost_terms(fig=plt.figure())
for h in (0.99, 0.5, 0.01):
    print(f"h = {h:<4}: cost if y = 1: {-np.log(h):.3f}, if y = 0: {-np.log(1 - h):.3f}")

# %%
# Left: the sigmoid turns any score into a probability, 0.5 at ``z = 0``.
# Right: the cost of one example. When the truth is ``y = 1`` only
# ``-log h`` counts: nothing for a confident right answer, and without bound
# for a confident wrong one (``h = 0.01`` costs 4.6 as printed, ``h -> 0``
# costs infinity). ``y = 0`` mirrors it with ``-log(1 - h)``. Squared error
# would charge a confident wrong answer at most 1.
#
# The data and the fitted model
# -----------------------------
lecture = get_lecture("logistic-regression")
data = load_lecture_data(lecture, quick=True)
model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)
step = model[-1]
print(model)
print(f"weights (standardised features) {step.coef_.round(3).tolist()}, "
      f"bias {step.intercept_.round(3).tolist()}; "
      f"test accuracy {model.score(data.X_test, data.y_test):.3f}")

# %%
# The model standardises both features, then trains one sigmoid unit by
# full-batch gradient descent on the cross-entropy (``optimizer="sgd"``).
#
# Squared error through a sigmoid is not convex
# ---------------------------------------------
# Hold the bias and the second weight at their fitted values and move the
# first weight (mean radius) through a wide range; compute both costs along
# that line. A convex function of one variable curves upwards everywhere:
# its second differences are never negative.
cut = pictures.costs_along_weight(model, data.X_train, data.y_train, weight=0)
curvature = {name: np.diff(cut[name], 2) for name in ("cross_entropy", "squared_error")}
for name, second in curvature.items():
    bent = second < -1e-12 * np.abs(cut[name]).max()
    where = cut["grid"][1:-1][bent]
    shape = (f"not convex between weights {where.min():.2f} and {where.max():.2f} "
             f"({bent.sum()} of {bent.size} points)" if bent.any() else "convex")
    print(f"{name.replace('_', ' '):<14}: {shape}")
fig = pictures.cost_slice(model, data, weight=0, fig=plt.figure())

# %%
# The cross-entropy (left) is a bowl along the whole slice: gradient descent
# from anywhere rolls down to the one minimum. The squared error through the
# sigmoid (right) bends the other way where the weight is far from its
# fitted value: there the sigmoid saturates, the predictions are stuck near 0 or 1, and the cost
# flattens out onto a plateau with almost no slope. A gradient descent that
# starts (or wanders) onto such a plateau barely moves, which is the lecture's
# reason for not using it. (The shaded stretches are where the second
# difference is negative, as printed above.)
#
# The gradient, by hand
# ---------------------
# At the start of training, ``theta = 0`` (``LogisticRegressionGD`` starts
# from zero weights), every ``h`` is 0.5. With a column of ones for the bias,
# the gradient is ``X^T (h - y) / m``.
Z = model[:-1].transform(data.X_train)  # the standardised features the unit sees
y = np.asarray(data.y_train, dtype=np.float64)
m = len(y)
A = np.column_stack([np.ones(m), Z])  # bias column first: theta = (b, w1, w2)


def cross_entropy(theta):
    z = A @ theta
    return np.mean(y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z))


def gradient(theta):
    h = 1.0 / (1.0 + np.exp(-(A @ theta)))
    return A.T @ (h - y) / m


theta0 = np.zeros(3)
by_hand = gradient(theta0)
eps = 1e-6
numeric = np.array([(cross_entropy(theta0 + eps * e) - cross_entropy(theta0 - eps * e))
                    / (2 * eps) for e in np.eye(3)])
print(f"J(0) = {cross_entropy(theta0):.6f} (log 2 = {np.log(2):.6f}: every h is 0.5)")
print(f"gradient (h - y) x  : {by_hand.round(6).tolist()}")
print(f"finite differences  : {numeric.round(6).tolist()}, "
      f"largest difference {np.abs(by_hand - numeric).max():.1e}")

# %%
# The formula and the finite differences agree to many digits: the
# cross-entropy's gradient really is ``(h - y) x`` averaged over the rows,
# the same form as linear regression's ``(h - y) x``, only with ``h`` now the
# sigmoid of ``theta^T x``. (The lecture writes it as ``-1/m sum (y - h) x``,
# the same thing.)
#
# The same gradient from the estimator
# ------------------------------------
# The backend's automatic differentiation on the model as ``fit`` starts it,
# and one full-batch step of the estimator: ``theta_1 = 0 - alpha x gradient``.
start = initialised_copy(model, data.X_train, data.y_train)
auto = loss_gradients(start, data.X_train, data.y_train)
auto_theta = np.concatenate([auto.gradients["logisticregressiongd/logits/bias"],
                             auto.gradients["logisticregressiongd/logits/kernel"][:, 0]])
tolerance = 1e-5  # float32: about 7 significant digits, gradients of size < 1
print(f"automatic gradient  : {auto_theta.round(6).tolist()}, "
      f"largest difference {np.abs(auto_theta - by_hand).max():.1e}")

learning_rate = step.learning_rate
one_step = clone(model).set_params(logisticregressiongd__epochs=1)
one_step.fit(data.X_train, data.y_train)
stepped = np.concatenate([one_step[-1].intercept_, one_step[-1].coef_[0]])
step_error = np.abs(stepped - (theta0 - learning_rate * by_hand)).max()
print(f"one step, alpha = {learning_rate}: estimator {stepped.round(6).tolist()}, "
      f"by hand {(theta0 - learning_rate * by_hand).round(6).tolist()}")
print(f"agree within float32 tolerance {tolerance:g}: "
      f"{max(step_error, np.abs(auto_theta - by_hand).max()) <= tolerance}")

# %%
# Keras computes in float32 (about 7 significant digits), so agreement to
# about ``1e-7`` is all we can ask; the tolerance of ``1e-5`` leaves room for
# rounding on any machine. The estimator's first epoch is one step of the
# lecture's gradient descent with exactly this gradient.
#
# At the fitted weights
# ---------------------
# Gradient descent stops changing theta when the gradient is zero. After
# the fit, how close is it?
fitted_theta = np.concatenate([step.intercept_, step.coef_[0]])
final = loss_gradients(model, data.X_train, data.y_train)
norm_by_hand = np.linalg.norm(gradient(fitted_theta))
norm_by_model = np.linalg.norm(np.concatenate([g.ravel() for g in final.gradients.values()]))
print(f"after {step.n_iter_} steps: |gradient| by hand {norm_by_hand:.2e}, "
      f"from the model {norm_by_model:.2e}; at theta = 0 it was {np.linalg.norm(by_hand):.2e}, "
      f"{np.linalg.norm(by_hand) / norm_by_hand:.0f} times larger")

# %%
# The gradient has shrunk from its size at the start by the factor printed
# above: the model sits close to the bottom of the convex bowl, where the
# cost's slope vanishes in every direction; more steps would shrink it
# further, ever more slowly.
#
# Try this
# --------
# * Cut along the second weight (``weight=1``) and along a much wider range
#   (``values=np.linspace(-50, 50, 401)``): is the cross-entropy still convex,
#   and where does the squared error bend?
# * Train ``LogisticRegressionGD(loss="mean_squared_error")`` (squared error
#   through the sigmoid) in the same pipeline and compare its test accuracy
#   and its ``history_["loss"]`` with the cross-entropy model's. Start it from
#   large weights (``kernel_initializer={"class_name": "Constant",
#   "config": {"value": 10.0}}``): which cost recovers?
# * Replace ``(h - y)`` by ``(h - y) * h * (1 - h)`` in ``gradient``: that is
#   the squared error's gradient. Check it against finite differences of
#   ``np.mean((h - y) ** 2) / 2``, and see why it vanishes when ``h`` is
#   near 0 or 1 even for a wrong answer.

plt.show()
