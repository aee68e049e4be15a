"""
Vanishing gradients: sigmoid, ReLU and initialisation
=====================================================

Why did backpropagation "not work" for deep networks before 2006? The
lecture's answer is the *vanishing gradient*: on its way back from the cost
to the first layer, the gradient is multiplied in every layer by the
derivative of that layer's activation, and the sigmoid's derivative
``g'(z) = g(z) (1 - g(z))`` is never more than 0.25. Through many sigmoid
layers the gradient shrinks geometrically, and the first layers hardly
learn. The cures the lecture names: ReLU, whose derivative is 0 or 1, and
initial weights scaled to the layer's size (Xavier, Glorot and Bengio 2010).

This example draws the activations and their derivatives, then measures the
gradient of the cost for every layer of 8-layer networks (7 hidden layers
and the output) at initialisation, with sigmoid or ReLU units and with
plain normal or Xavier initial weights, and trains them on a few hundred
handwritten digits (scikit-learn's 8x8 digits, the offline data of
``keras-lectures report --quick``).
"""

# %%
# The activations and their derivatives
# -------------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.utils import Bunch

from keras_lectures import DeepNetClassifier
from keras_lectures.lectures import load_lecture_data
from keras_lectures.reports import pictures

z = np.linspace(-10, 10, 20001)
steepest = {name: pictures.activation_derivative(name, z)[1].max()
            for name in ("sigmoid", "tanh", "relu")}
for name, slope in steepest.items():
    print(f"largest derivative of {name:<7}: {slope:.4f}")
print(f"through 7 sigmoid layers the gradient keeps at most "
      f"{steepest['sigmoid']:.2f}^7 = {steepest['sigmoid'] ** 7:.1e} of itself "
      "(times what the weights do)")
fig = pictures.activation_derivatives(fig=plt.figure())

# %%
# The sigmoid's slope peaks at ``z = 0`` with exactly 0.25 and falls to
# almost nothing once ``|z|`` passes 5 (the unit is *saturated*). Each
# sigmoid layer multiplies the gradient flowing back through it by such a
# slope, so seven of them keep at most the tiny fraction printed above.
# ReLU's slope is exactly 1 for every positive input: a ReLU layer passes the
# gradient back unchanged wherever the unit is active. (tanh reaches 1 at
# ``z = 0``, but saturates like the sigmoid.)
#
# Eight layers, four ways
# -----------------------
# The same network, 64 inputs -> 7 hidden layers of 32 units -> 10 classes,
# trained by plain mini-batch gradient descent (``optimizer="sgd"``,
# learning rate 0.1, batches of 16), in four variants: sigmoid or ReLU units,
# and initial weights drawn either from a plain normal distribution with
# standard deviation 0.1 whatever the layer's size, or by Xavier's rule
# (Keras's ``glorot_uniform``, whose spread shrinks as ``1 / sqrt(fan_in +
# fan_out)``). For each, the gradient of the cost with respect to each
# layer's weights is computed by backpropagation before any training, and
# then the network is trained and scored on held-out digits after every
# epoch.
digits = load_lecture_data("deep-net", quick=True)
data = Bunch(X_train=digits.X_train[:600], y_train=digits.y_train[:600])
print(f"{len(data.X_train)} digits, {data.X_train.shape[1]} pixels in "
      f"[{data.X_train.min():g}, {data.X_train.max():g}]; 20 % held out for validation")

net = DeepNetClassifier((32,) * 7, optimizer="sgd", learning_rate=0.1, batch_size=16,
                        epochs=12, random_state=0)
comparison = pictures.gradient_flow_comparison(net, data)
print(f"{'setting':<22} {'layer 1':>9} {'output':>9} {'output/layer 1':>15} {'per layer':>10}")
shrink = {}
for label, norms in comparison.gradient_norms.items():
    ratio = norms[-1] / max(norms[0], 1e-30)
    shrink[label] = ratio ** (-1 / (len(norms) - 1))  # geometric mean factor per layer
    print(f"{label:<22} {norms[0]:9.2e} {norms[-1]:9.2e} {ratio:15.3g} {shrink[label]:10.2f}")

# %%
# Read the table from the output back to the first layer. ``output/layer 1``
# says how many times larger the gradient is at the output layer than at the
# first hidden layer; ``per layer`` is the average factor by which it shrinks
# (below 1) or grows (above 1) from one layer to the one before it.
vanishing = [label for label, factor in shrink.items() if factor < 0.5]
steady = [label for label, factor in shrink.items() if 0.5 <= factor <= 2.0]
print("the gradient vanishes (shrinks by more than half per layer) for:", vanishing)
print("it keeps its size (within a factor 2 per layer) for:", steady)
sigmoid_xavier = shrink["sigmoid, Xavier"]
print(f"sigmoid with Xavier weights: x{sigmoid_xavier:.2f} per layer, "
      f"{'close to' if abs(sigmoid_xavier - 0.25) < 0.1 else 'far from'} the factor 0.25 "
      "that the sigmoid's largest slope allows")
norms = comparison.gradient_norms
smaller = np.median(norms["ReLU, Xavier"] / norms["ReLU, plain normal"])
print(f"ReLU with plain normal weights: every layer's gradient is about {smaller:.0f} "
      "times smaller than with Xavier's")
fig = pictures.gradient_flow(net, data, comparison=comparison, fig=plt.figure())

# %%
# Left, on a log scale: each line is one network's gradient norm, layer by
# layer. The sigmoid lines fall steeply towards layer 1: with Xavier weights
# by about the sigmoid's factor of a quarter per layer, as the lecture
# says; with the small plain-normal weights faster still, because small
# weights shrink the gradient further on top of the slope. The ReLU lines
# stay level from layer to layer: the slope is 1 wherever a unit is active.
# ReLU alone is not enough, though. A weight's gradient is the input its
# layer receives times the delta coming back, and with plain normal weights
# that ignore the layer's size the forward signal shrinks by a constant
# factor in every layer (here about ``sqrt(32 x 0.1^2 / 2) = 0.4``), and so
# does the delta on its way back: every layer's gradient ends up far below
# the Xavier network's, by the factor printed above. Xavier's rule picks the
# spread that keeps the signal's size from layer to layer.
#
# Right: what that does to learning. The printed verdict below compares the
# final validation accuracies.
final = {label: curve[-1, 1] if len(curve) else float("nan")
         for label, curve in comparison.curves.items()}
best = max(final, key=final.get)
print(", ".join(f"{label}: {accuracy:.1%}" for label, accuracy in final.items()))
print(f"best after {len(comparison.curves[best])} epochs: {best} ({final[best]:.1%})")
print("no better than guessing one class (below 20 %, chance is 10 %):",
      [label for label, accuracy in final.items() if accuracy < 0.2])

# %%
# With the same learning rate and the same number of steps, the network whose
# gradient reaches every layer at full size learns; the ones listed as no
# better than guessing predict (nearly) one digit for every image: their
# gradients (the first layers' for the sigmoid networks, every layer's for
# ReLU with small weights) are too small for this learning rate to move the
# weights far from their random start. This is the lecture's
# "backpropagation did not work" for deep nets, and its fix: ReLU plus a
# sensible initialisation. (The lecture's MNIST code initialises with a
# truncated normal; batch normalisation, also named in the lecture, rescales
# every layer's input while training instead.)
#
# Try this
# --------
# * Train with Adam: ``net.set_params(optimizer="adam", learning_rate=0.01)``.
#   Adam divides each weight's step by the size of its own recent gradients,
#   so a small gradient no longer means a small step: do the sigmoid networks
#   now learn? Does the gradient table change (it should not: it is measured
#   before training)?
# * Use the lecture lab's plain normal, standard deviation 1.0:
#   ``settings={"ReLU, normal 1.0": {"activation": "relu", "kernel_initializer":
#   {"class_name": "RandomNormal", "config": {"stddev": 1.0}}}}`` in
#   ``gradient_flow_comparison``. Predict: does the signal now shrink or grow
#   by ``sqrt(32 x 1.0 / 2) = 4`` per layer, and what does that do to the
#   softmax output?
# * Make the networks shallower, ``hidden_layer_sizes=(32,) * 2``: how far
#   apart are the four gradient lines now, and the four accuracy curves?

plt.show()
