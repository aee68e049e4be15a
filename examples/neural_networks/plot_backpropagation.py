"""
Backpropagation by hand
=======================

The lecture trains a multi-layer perceptron with backpropagation: the chain
rule applied layer by layer, from the cost back to the first weights. This
example does it by hand for the smallest network that solves XOR: two
inputs, two sigmoid hidden units, one sigmoid output (2-2-1, nine weights).
The "delta" terms are written out in NumPy, and then checked three ways:

1. against finite differences (nudge each weight, watch the cost);
2. against the backend's automatic differentiation (JAX, TensorFlow or
   PyTorch, whichever Keras runs on) on the estimator's own model;
3. against one step of :class:`~keras_lectures.MLPClassifier` trained by
   full-batch gradient descent: our hand-made step must land on the same
   weights.

At the end, the same network without its non-linearity
(``activation="identity"``) shows why the hidden layer needs one.
"""

# %%
# The network and its starting weights
# ------------------------------------
# The four rows of the XOR truth table, and a 2-2-1 network trained by plain
# gradient descent (``optimizer="sgd"``, no momentum) on the whole table at
# once (``batch_size=None``), without an L2 penalty (``alpha=0``).
# :func:`~keras_lectures.lectures.initialised_copy` builds the
# network exactly as ``fit`` would start it (the same seed, so the same
# initial weights), without training it.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.base import clone
from sklearn.utils import Bunch

from keras_lectures import MLPClassifier
from keras_lectures.datasets import make_xor
from keras_lectures.lectures import initialised_copy, loss_gradients
from keras_lectures.reports import pictures

X, y = make_xor(4, noise=0.0, shuffle=False)
m = len(X)
learning_rate = 2.0
net = MLPClassifier((2,), activation="sigmoid", alpha=0.0, optimizer="sgd",
                    learning_rate=learning_rate, batch_size=None, epochs=1, random_state=0)
start = initialised_copy(net, X, y)
W1, b1, W2, b2 = (np.asarray(w, dtype=np.float64) for w in start.model_.get_weights())
print("X =", X.tolist(), " y =", y.tolist())
print("W1 =", W1.round(4).tolist(), " b1 =", b1.round(4).tolist())
print("W2 =", W2.round(4).tolist(), " b2 =", b2.round(4).tolist())

# %%
# The kernels are drawn from Xavier's uniform distribution (Keras's
# ``glorot_uniform``), the biases start at zero. ``W1`` is 2x2 (inputs x
# hidden units), ``W2`` is 2x1: nine numbers in all, each of which
# backpropagation has to tell how to change.
#
# The forward pass
# ----------------
# Row by row: ``z1 = X W1 + b1``, ``a1 = g(z1)``, ``z2 = a1 W2 + b2``,
# ``h = g(z2)``, with the sigmoid ``g``; the cost is the cross-entropy,
# ``J = -1/m sum(y log h + (1 - y) log(1 - h))``.


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def forward(W1, b1, W2, b2):
    a1 = sigmoid(X @ W1 + b1)
    h = sigmoid(a1 @ W2 + b2)[:, 0]
    return a1, h


def cost(W1, b1, W2, b2):
    _, h = forward(W1, b1, W2, b2)
    return -np.mean(y * np.log(h) + (1 - y) * np.log(1 - h))


a1, h = forward(W1, b1, W2, b2)
J = cost(W1, b1, W2, b2)
print("h =", h.round(4).tolist())
print(f"J = {J:.6f}   (guessing 0.5 everywhere costs log 2 = {np.log(2):.6f})")

# %%
# Before training the network outputs nearly the same probability for all
# four rows, so its cost is close to that of a coin toss, log 2. Gradient
# descent needs the slope of ``J`` with respect to each of the nine weights.
#
# The backward pass: the delta terms
# ----------------------------------
# Backpropagation names ``delta = dJ/dz`` for each layer's pre-activation
# and passes it backwards:
#
# * output: with a sigmoid output and the cross-entropy the derivative
#   simplifies to ``delta2 = (h - y) / m`` (the same form as logistic
#   regression's gradient);
# * hidden: the chain rule through ``W2`` and the hidden sigmoid,
#   ``delta1 = (delta2 W2^T) * g'(z1)`` with ``g'(z1) = a1 (1 - a1)``;
# * weights: each layer's gradient is its input times its delta,
#   ``dJ/dW2 = a1^T delta2``, ``dJ/dW1 = X^T delta1``; biases sum the deltas.

delta2 = (h - y)[:, None] / m
dW2 = a1.T @ delta2
db2 = delta2.sum(axis=0)
delta1 = (delta2 @ W2.T) * a1 * (1 - a1)
dW1 = X.T @ delta1
db1 = delta1.sum(axis=0)
by_hand = [dW1, db1, dW2, db2]
for name, g in zip(["dJ/dW1", "dJ/db1", "dJ/dW2", "dJ/db2"], by_hand):
    print(f"{name} = {g.round(6).tolist()}")

# %%
# Check 1: finite differences
# ---------------------------
# Nudge one weight by ``+-eps`` and measure how the cost changes:
# ``(J(w + eps) - J(w - eps)) / (2 eps)``. This needs two forward passes per
# weight (slow for a real network, fine for nine weights) and no calculus:
# Andrew Ng's "gradient checking".
params = [W1, b1, W2, b2]
eps = 1e-6
numeric = []
for k, p in enumerate(params):
    g = np.zeros_like(p)
    for index in np.ndindex(p.shape):
        plus = [q.copy() for q in params]
        minus = [q.copy() for q in params]
        plus[k][index] += eps
        minus[k][index] -= eps
        g[index] = (cost(*plus) - cost(*minus)) / (2 * eps)
    numeric.append(g)
scale = max(np.abs(g).max() for g in by_hand)
numeric_error = max(np.abs(a - b).max() for a, b in zip(by_hand, numeric))
print(f"largest gradient {scale:.3g}; largest difference to finite differences "
      f"{numeric_error:.2e} ({numeric_error / scale:.1e} relative)")
print("the deltas are right" if numeric_error < 1e-6 * scale
      else "the deltas disagree with finite differences")

# %%
# In float64 the two agree to about ten significant digits: the remaining
# difference is the finite-difference approximation's own error (of order
# ``eps^2``) and rounding, not a mistake in the deltas. A wrong sign or a
# forgotten ``g'(z1)`` would show up as a difference of the order of the
# gradient itself.
#
# Check 2: the backend's automatic gradient
# -----------------------------------------
# :func:`~keras_lectures.lectures.loss_gradients` asks the Keras
# backend's automatic differentiation for the gradient of the cost the
# estimator trains on, computed in float32 by the model itself.
auto = loss_gradients(start, X, y)
print(f"cost J: by hand {J:.6f}, Keras {auto.loss:.6f}")
auto_error = 0.0
for (path, g_auto), g_hand in zip(auto.gradients.items(), by_hand):
    difference = np.abs(g_auto - g_hand).max()
    auto_error = max(auto_error, difference)
    print(f"{path:<32} largest difference {difference:.1e}")
tolerance = 1e-5 * max(scale, 1.0)
print(f"agree within float32 tolerance ({tolerance:.0e}): {auto_error <= tolerance}")

# %%
# The model computes in float32, which keeps about 7 significant digits
# (machine epsilon 1.2e-7), so its gradient can differ from our float64 one
# in the sixth or seventh digit; we accept differences up to
# ``1e-5 x max(largest gradient, 1)``. Automatic differentiation does what
# we did by hand: it records the forward pass and applies the chain rule
# backwards through it, one operation at a time.
#
# Check 3: one step of gradient descent
# -------------------------------------
# One full-batch step updates every weight by ``w <- w - alpha dJ/dw``. The
# estimator with ``epochs=1`` takes exactly one such step (one epoch over
# four rows in one batch) from the same starting weights.
stepped_by_hand = [p - learning_rate * g for p, g in zip(params, by_hand)]
one_step = clone(net).fit(X, y)
stepped_by_keras = one_step.model_.get_weights()
step_error = max(np.abs(a - b).max() for a, b in zip(stepped_by_hand, stepped_by_keras))
print(f"cost before the step: by hand {J:.6f}, estimator's history_ "
      f"{one_step.history_['loss'][0]:.6f}")
print(f"weights after one step: largest difference {step_error:.1e} "
      f"(float32 tolerance {tolerance:.0e}): "
      f"{'the same step' if step_error <= tolerance else 'different steps'}")

# %%
# "The same step": the weights the estimator reached after its one epoch
# are the ones our few lines of NumPy computed, up to float32 rounding. An
# epoch of :class:`~keras_lectures.MLPClassifier` with ``optimizer="sgd"``
# and ``batch_size=None`` *is* one step of the lecture's gradient descent. (With the default ``optimizer="adam"`` the
# step would be Adam's, see :ref:`sphx_glr_auto_examples_deep_learning_plot_optimizers.py`.)
#
# Many steps
# ----------
# The same network, trained for 2,000 steps.
xor = Bunch(X_train=X, y_train=y, X_test=X[:0], y_test=y[:0], feature_names=["x1", "x2"])
trained = clone(net).set_params(epochs=2000).fit(X, y)
p = trained.predict_proba(X)[:, 1]
solved = trained.score(X, y) == 1.0
print(f"after {trained.n_iter_} steps: cost {trained.history_['loss'][-1]:.4f}, "
      f"P(y = 1) = {p.round(3).tolist()}: "
      f"{'XOR solved' if solved else 'not solved (a local minimum, or too few steps)'}")
fig = pictures.decision_boundary(trained, xor, fig=plt.figure())

# %%
# A 2-2-1 network that solves XOR carves the plane into a band: the two
# "one input on" corners inside, the other two outside. The band is made of
# two bent sigmoid edges, one per hidden unit, something no single straight
# line can draw. Two hidden units are just enough, so some starting weights
# lead into a local minimum instead (see the first exercise).
#
# Without a non-linearity
# -----------------------
# Replace the sigmoid by the identity, ``g(z) = z``, and give the hidden
# layer eight units instead of two. Then ``a1 = X W1 + b1`` and
# ``z2 = X (W1 W2) + (b1 W2 + b2)``: the network is a logistic regression in
# disguise, whatever its size.
linear_net = clone(net).set_params(hidden_layer_sizes=(8,), activation="identity",
                                   epochs=2000)
linear_net.fit(X, y)
V1, c1, V2, c2 = (np.asarray(w, dtype=np.float64) for w in linear_net.model_.get_weights())
collapsed = sigmoid(X @ (V1 @ V2) + (c1 @ V2 + c2))[:, 0]
final_cost = linear_net.history_["loss"][-1]
print(f"identity hidden layer: accuracy {linear_net.score(X, y):.2f}, "
      f"cost {final_cost:.4f}: "
      f"{'a coin toss' if abs(final_cost - np.log(2)) < 0.01 else 'not a coin toss'} "
      f"(log 2 = {np.log(2):.4f})")
print(f"one logistic unit with weights W1 W2 = {(V1 @ V2).ravel().round(4).tolist()} "
      f"gives the same outputs: largest difference "
      f"{np.abs(collapsed - linear_net.predict_proba(X)[:, 1]).max():.1e}")
fig = pictures.decision_boundary(linear_net, xor, fig=plt.figure())

# %%
# Eight linear units collapse into the single linear unit printed above, so
# the "network" can only draw a straight boundary, and for XOR the best
# straight answer is no answer: the cross-entropy is smallest when every row
# gets the same probability, 0.5, and the cost ends at log 2, the price of a
# coin toss (the verdict above compares the two). The non-linearity is what
# lets a hidden layer build new features; without it depth adds nothing.
#
# Try this
# --------
# * Train the 2-2-1 network from other seeds (``random_state`` 0 to 9):
#   some get stuck with rows at 0.5, a local minimum of XOR's cost.
#   Which seeds, on your backend? Does ``learning_rate=5.0`` get them out?
# * Add an L2 penalty (``alpha=0.1``): the estimator's cost gains
#   ``alpha / (2 m) sum(W^2)``. Add its gradient ``alpha / m W`` to ``dW1``
#   and ``dW2`` (not to the biases) and check that the one-step comparison
#   holds again.
# * Put a mistake into the deltas (drop ``a1 * (1 - a1)``) and watch which
#   check catches it, and by how much.

plt.show()
