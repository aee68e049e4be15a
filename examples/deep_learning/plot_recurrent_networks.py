"""
Recurrent networks: backpropagation through time, LSTM and GRU
==============================================================

A recurrent network reads a sequence one step at a time and keeps a state,

    s_t = f(U x_t + W s_{t-1}),    o_t = softmax(V s_t),

with the same U, W and V at every step (the lecture's notation). It is
trained by **backpropagation through time**: the network is unrolled over
the steps and the chain rule runs back through every one of them. The
gradient that reaches a step ``k`` steps back has been multiplied ``k``
times by (roughly) ``W`` and the slope of ``f``, so over long time lags it
**vanishes** or **explodes**. The lecture's cures: **gradient clipping**
against exploding gradients, and gated units, **LSTM** and **GRU**, which
keep a memory the gradient can travel along.

This example computes one recurrent pass by hand, measures the gradient at
every time lag, and trains a vanilla RNN, an LSTM and a GRU on a task that
needs a value from 25 steps back, with and without gradient clipping.
"""

# %%
# One recurrent pass by hand
# --------------------------
# Keras's ``SimpleRNN`` is the lecture's vanilla RNN with ``f = tanh``. Its
# weights are ``U`` (kernel), ``W`` (recurrent kernel) and a bias ``b``;
# the loop below applies them step by step and reaches the same final state.
import matplotlib.pyplot as plt
import numpy as np

from keras_lectures.backend import import_keras
from keras_lectures.lectures import LSTMRegressor
from keras_lectures.reports import pictures

keras = import_keras()
rng = np.random.default_rng(0)
sequence = rng.normal(size=(1, 6, 2)).astype(np.float32)  # 6 steps of 2 features
rnn = keras.layers.SimpleRNN(
    4, kernel_initializer=keras.initializers.GlorotUniform(seed=0),
    recurrent_initializer=keras.initializers.Orthogonal(seed=1))
final_state = keras.ops.convert_to_numpy(rnn(sequence))[0]
U, W, b = rnn.get_weights()
s = np.zeros(4, dtype=np.float32)
for x_t in sequence[0]:
    s = np.tanh(x_t @ U + s @ W + b)
print(f"U {U.shape}, W {W.shape}: the same weights at all {sequence.shape[1]} steps")
print("by hand:", np.round(s, 5), "\nKeras:  ", np.round(final_state, 5))
print(f"equal: {np.allclose(s, final_state, atol=1e-5)}")

# %%
# Six applications of one formula give Keras's answer: the network has one
# set of weights however long the sequence is. That is also why training it
# is hard: every step's influence on the end goes through the same ``W``
# again and again.

# %%
# The gradient through time
# -------------------------
# The task: sequences of ``T = 25`` random numbers, with a second feature
# that marks the first step (1 there, 0 elsewhere); the target is the
# marked number, 25 steps before the end. Before any training, we measure
# for every step ``t`` the size of ``d loss / d x_t``
# (:func:`~keras_lectures.lectures.gradient_through_time`, drawn by
# :func:`~keras_lectures.reports.pictures.gradient_over_time`), for a vanilla
# RNN whose recurrent weights ``W`` are an orthogonal matrix times a gain:
# 0.5, 1 and 2.
T = 25


def remember_the_first(n):
    X = np.zeros((n, T, 2), dtype=np.float32)
    X[:, :, 0] = rng.uniform(-1, 1, size=(n, T))
    X[:, 0, 1] = 1.0  # the marker
    return X, X[:, 0, 0].copy()


X_train, y_train = remember_the_first(384)
X_test, y_test = remember_the_first(256)


def vanilla_rnn(gain):
    return keras.Sequential([
        keras.Input((T, 2)),
        keras.layers.SimpleRNN(
            16, recurrent_initializer=keras.initializers.Orthogonal(gain=gain, seed=0),
            kernel_initializer=keras.initializers.GlorotUniform(seed=1)),
        keras.layers.Dense(1, kernel_initializer=keras.initializers.GlorotUniform(seed=2)),
    ])


by_gain = {f"W gain {gain:g}": vanilla_rnn(gain) for gain in (0.5, 1.0, 2.0)}
data = {"X_train": X_test, "y_train": y_test}
fig = pictures.gradient_over_time(by_gain, data, fig=plt.figure())
for line in fig.axes[0].get_lines():  # the drawn norms, read back by lag
    label, norms = line.get_label().split(":")[0], line.get_ydata()
    change = norms[-1] / norms[0]
    trend = "vanishes" if change < 0.1 else "explodes" if change > 10 else "holds"
    print(f"{label}: the gradient {T - 1} steps back is {change:.2g} times the "
          f"last step's: it {trend}")

# %%
# On the log scale a gradient that shrinks (or grows) by the same factor
# at every step is a straight line. With a gain below 1 each step back
# multiplies it by less than 1 and it dies out geometrically: the first
# input, the only one that matters for this task, sends almost no signal to
# the weights. With a gain of 2 the product grows instead and the gradient
# explodes, until tanh saturates. A gain of 1 sits in between: an
# orthogonal ``W`` keeps a vector's length, but tanh's slope, below 1
# wherever the state is not 0, still shrinks the gradient a little at every
# step; the printed ratio says how much over 24 steps. And training moves
# ``W`` away from any gain it started with.

# %%
# Vanilla RNN, LSTM and GRU, and gradient clipping
# ------------------------------------------------
# :class:`~keras_lectures.lectures.LSTMRegressor` takes the recurrent unit
# as ``cell`` (``"simple_rnn"``, ``"lstm"`` or ``"gru"``, 16 units each).
# Gradient clipping, the lecture's cure for exploding gradients, is the
# optimizer's ``clipnorm``, routed with ``optimizer__clipnorm=1.0``: before
# every update, a gradient whose norm exceeds 1 is scaled down to norm 1.
# The vanilla RNN, whose gradient can explode, trains with and without it.
# All networks train for 30 epochs with Adam (learning rate 0.01, batches
# of 64). R² is 0 for always predicting the mean and 1 for recalling the
# first value exactly.
results = {}
fitted = {}
for cell, clip in [("simple_rnn", None), ("simple_rnn", 1.0), ("lstm", None),
                   ("gru", None)]:
    clipping = {} if clip is None else {"optimizer__clipnorm": clip}
    net = LSTMRegressor(16, cell=cell, epochs=30, batch_size=64, learning_rate=0.01,
                        random_state=0, **clipping).fit(X_train, y_train)
    results[cell, clip] = (net.score(X_test, y_test), net.history_["loss"][-1])
    fitted[cell, clip] = net
print(f"{'cell':<11} {'clipnorm':>8} {'test R2':>8} {'training loss':>14}")
for (cell, clip), (r2, loss) in results.items():
    routed = fitted[cell, clip].model_.optimizer.clipnorm
    print(f"{cell:<11} {str(routed):>8} {r2:>8.3f} {loss:>14.4f}")
remembered = [f"{cell}{'' if clip is None else ' (clipped)'}"
              for (cell, clip), (r2, _) in results.items() if r2 > 0.5]
print(f"recalled the value from {T} steps back (R2 > 0.5): "
      f"{', '.join(remembered) or 'none'}")

# %%
# The ``clipnorm`` column is read back from each fitted model's optimizer:
# the routed parameter reached it. A cell that "remembers" must carry the
# first value through 24 updates of its state while new random numbers keep
# arriving. The LSTM's cell state and the GRU's update gate can copy the
# value forward almost unchanged (a gate near 1 passes both the value and
# its gradient); the vanilla RNN must squeeze it through ``tanh(W s)`` at
# every step. Which cells got there within 30 epochs is printed above; a
# cell that did not is not necessarily unable to, but its gradient (below)
# shows how weak its learning signal for the first step is.

free, clipped = results["simple_rnn", None], results["simple_rnn", 1.0]
effect = "changed" if abs(free[1] - clipped[1]) > 1e-6 else "did not change"
print(f"vanilla RNN: clipping {effect} the final training loss "
      f"({free[1]:.4f} -> {clipped[1]:.4f}) and test R2 ({free[0]:.3f} -> {clipped[0]:.3f})")

# %%
# Clipping only acts on the steps whose gradient norm is above 1. Where it
# never is, the two runs are the same run; where it is, clipping caps
# the size of those steps, which protects training from the single huge
# step an exploding gradient would take (and can also slow a run down).

# %%
# The trained networks' gradients through time
# --------------------------------------------
fig = pictures.gradient_over_time(
    {cell: fitted[cell, None] for cell in ("simple_rnn", "lstm", "gru")},
    {"X_train": X_test, "y_train": y_test}, fig=plt.figure())
for line in fig.axes[0].get_lines():
    norms = line.get_ydata()
    print(f"{line.get_label().split(':')[0]}: gradient at lag {T - 1} / lag 0 = "
          f"{norms[-1] / norms[0]:.2g}")
plt.show()

# %%
# For a network that has learned the task, the first step matters most, so
# its gradient should be large at the longest lag and small for the recent
# steps, which are noise: the line rises to the right. The ratios above
# compare the oldest step with the newest for each trained cell; where the
# line still falls to the right, the network's output depends mostly on
# recent inputs and it has not learned to look back 25 steps.
#
# Try this
# --------
# * Set ``T = 10`` and rerun: does the vanilla RNN now recall the value?
#   Predict it from the first figure's slope first.
# * Raise the learning rate to 0.1 and compare the vanilla RNN's runs with
#   and without ``optimizer__clipnorm=1.0``: does either diverge?
# * Give the vanilla RNN 64 units, or ``cell="gru"`` 4 units: is it the
#   number of weights or the gating that makes the difference?
