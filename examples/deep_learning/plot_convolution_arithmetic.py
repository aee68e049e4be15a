"""
Convolution arithmetic: sizes, weights and one convolution by hand
==================================================================

The lecture's MNIST network takes a 28x28 grey image through three 3x3
convolutions with 32, 64 and 128 feature maps, each followed by 2x2
pooling (28 -> 14 -> 7 -> 4), then a fully connected layer of 625 units and
the 10 outputs. Its slide counts the weights layer by layer; some of those
counts are wrong. This example builds that network (without training it),
counts its parameters in code, puts the slide's table beside ours, checks
the output-size formula ``o = (i - f)/s + 1`` against Keras, computes one
convolution by hand and compares max with average pooling.
"""

# %%
# The slide's network, built and counted
# --------------------------------------
# :class:`~keras_lectures.lectures.ConvNetClassifier`'s defaults are the
# slide's network: 3x3 convolutions with ``same`` padding and ReLU, 2x2
# max-pooling with stride 2 (``same`` padding, so 7x7 pools to 4x4), 625
# dense units, 10 classes. :func:`~keras_lectures.lectures.describe_layers`
# builds it for 28x28x1 images without training it (the estimator itself
# stays unfitted) and counts every layer's output values, weights and
# biases.
import matplotlib.pyplot as plt
import numpy as np

from keras_lectures.backend import import_keras
from keras_lectures.lectures import ConvNetClassifier, describe_layers

keras = import_keras()
net = ConvNetClassifier()
table = describe_layers(net, input_shape=(28, 28, 1), n_outputs=10)
print(table)

# %%
# Read the table from the top: every convolution keeps the image's size
# (``same`` padding) and multiplies the maps; every pooling halves the size
# (the formula column shows the numbers). The convolutions hold few weights
# because one small filter is shared by every position of the image; almost
# all the parameters sit in the dense layer, which connects every one of the
# 4x4x128 = 2,048 values to each of its 625 units.
layers = {record["layer"]: record for record in table}
dense_share = layers["dense"]["parameters"] / table.totals["parameters"]
print(f"the dense layer holds {dense_share:.1%} of the "
      f"{table.totals['parameters']:,} parameters")

# %%
# The slide's table beside ours
# -----------------------------
# The slide's breakdown, as it prints it, and the same item counted on the
# network it draws. A convolution's weights are ``f x f x (input maps) x
# (output maps)``: the slide multiplies by 1 input map in every layer,
# though only the first convolution sees the single grey channel. Its fully
# connected layers take 2,048 units where the drawing has 625.
slide = [  # (item, the slide's formula, the slide's number)
    ("conv-32 weights", "3*3*1*32", 288),
    ("conv-64 weights", "3*3*1*64", 576),
    ("conv-128 weights", "3*3*1*128", 1_152),
    ("FC 1 weights", "4*4*128*2048", 4_194_304),
    ("FC 2 weights", "2048*10", 20_480),
]
ours = [
    ("3*3*1*32", layers["conv_1"]["weights"]),
    ("3*3*32*64", layers["conv_2"]["weights"]),
    ("3*3*64*128", layers["conv_3"]["weights"]),
    ("4*4*128*625", layers["dense"]["weights"]),
    ("625*10", layers["output"]["weights"]),
]
print(f"{'item':<17} {'slide':>26}  {'this network':>26}  verdict")
for (item, slide_formula, slide_value), (formula, value) in zip(slide, ours):
    verdict = "agrees" if slide_value == value else "slide wrong"
    print(f"{item:<17} {slide_formula + ' = ' + format(slide_value, ','):>26}  "
          f"{formula + ' = ' + format(value, ','):>26}  {verdict}")
slide_total = 4_216_800
print(f"{'total':<17} {format(slide_total, ','):>26}  "
      f"{format(table.totals['parameters'], ','):>26}  (ours with "
      f"{table.totals['biases']:,} biases; weights alone "
      f"{table.totals['weights']:,})")
print(f"the slide's items add up to its total: "
      f"{sum(value for *_, value in slide) == slide_total}")

# %%
# The slide's total, 4,216,800, is the sum of its own items, so the error
# is in the items, not the addition: the network as drawn has 1,379,557
# parameters (biases included), about a third of the slide's count. Only the
# first convolution's 288 weights agree. The largest item is the dense
# layer in both columns, which is why the fully connected part, not the
# convolutions, decides how much memory a network like this needs.
#
# The activations tell a smaller story: the slide gives 56.794k values per
# image (227.176 kB at 4 bytes each), for a forward pass.
slide_activations = 56_794
ours_activations = table.totals["activations"]
print(f"activations per image: slide {slide_activations:,}, this network "
      f"{ours_activations:,} (difference {slide_activations - ours_activations:+,}); "
      f"bytes: slide 227,176, ours {table.totals['activation_bytes']:,}")

# %%
# Our count is the input (784 values) plus the output of every convolution,
# pooling and dense layer; dropout, flattening and reshaping only pass values
# on and add none. The two totals differ by the few values printed above; the
# slide does not show its breakdown, so which layer the difference comes from
# cannot be read off it. Either way the activations of one image (about
# 227 kB) are small beside the parameters (about 5.5 MB).

fig, ax = plt.subplots(figsize=(7.5, 4))
items = [item.replace(" weights", "") for item, *_ in slide]
x = np.arange(len(items))
ax.bar(x - 0.2, [value for *_, value in slide], 0.4, label="slide", color="tab:gray")
ax.bar(x + 0.2, [value for _, value in ours], 0.4, label="this network", color="tab:blue")
ax.set_yscale("log")
ax.set_xticks(x, items)
ax.set_ylabel("weights (log scale)")
ax.set_title("The slide's weight counts and the network it draws")
ax.legend()
fig.tight_layout()

# %%
# On a log scale the two conv-64 and conv-128 bars stand apart by the factor
# the slide forgot (32 and 64 input maps), and the fully connected bars by
# 2,048 / 625 (FC 1) and again for FC 2.

# %%
# The output-size formula
# -----------------------
# A filter of size ``f`` sliding with stride ``s`` over ``i`` positions
# fits ``o = (i - f)/s + 1`` times (rounded down) without padding
# (``valid``); the slide's example is ``i = 5, f = 3, s = 1``, giving 3.
# With ``p`` zeros padded on each side it becomes ``(i - f + 2p)/s + 1``;
# Keras's ``same`` padding pads just enough for ``o = ceil(i / s)``. The
# table checks the formula against the shapes Keras's layers produce, for
# convolutions and pooling alike.


def output_size(i, f, s, padding):
    if padding == "valid":
        return (i - f) // s + 1
    return -(-i // s)  # ceil(i / s)


cases = [  # (layer, i, f, s, padding)
    ("Conv2D", 5, 3, 1, "valid"),
    ("Conv2D", 28, 3, 1, "same"),
    ("Conv2D", 7, 3, 2, "valid"),
    ("Conv2D", 7, 3, 2, "same"),
    ("MaxPooling2D", 28, 2, 2, "same"),
    ("MaxPooling2D", 7, 2, 2, "valid"),
    ("MaxPooling2D", 7, 2, 2, "same"),
    ("AveragePooling2D", 5, 3, 1, "valid"),
]
agree = []
print(f"{'layer':<17} {'i':>3} {'f':>2} {'s':>2} {'padding':<7} {'formula':>8} {'Keras':>6}")
for kind, i, f, s, padding in cases:
    if kind == "Conv2D":
        layer = keras.layers.Conv2D(1, f, strides=s, padding=padding)
    else:
        layer = getattr(keras.layers, kind)(f, strides=s, padding=padding)
    keras_size = int(layer(np.zeros((1, i, i, 1), dtype="float32")).shape[1])
    formula = output_size(i, f, s, padding)
    agree.append(formula == keras_size)
    print(f"{kind:<17} {i:>3} {f:>2} {s:>2} {padding:<7} {formula:>8} {keras_size:>6}")
print(f"formula and Keras agree in {sum(agree)} of {len(agree)} cases")

# %%
# Where the stride does not divide ``i - f`` the formula rounds down: the
# last positions that a whole filter does not cover are dropped (7x7 pooled
# by 2 without padding gives 3x3). ``same`` padding adds a border of zeros
# instead and keeps the partial window: 7x7 pools to 4x4, the slide's
# 7 -> 4 step.

# %%
# One convolution by hand
# -----------------------
# A convolution layer slides its filter over the image and, at each
# position, multiplies the filter with the patch under it element by
# element, sums, and adds the bias. Here a 5x5 image and one 3x3 filter,
# ``valid`` padding and stride 1: 3x3 outputs, the slide's example.
rng = np.random.default_rng(0)
image = rng.integers(0, 4, size=(5, 5)).astype(np.float32)
kernel = np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], dtype=np.float32)  # vertical edges
bias = 0.5

by_hand = np.zeros((3, 3), dtype=np.float32)
for r in range(3):
    for c in range(3):
        by_hand[r, c] = np.sum(image[r:r + 3, c:c + 3] * kernel) + bias

conv = keras.layers.Conv2D(1, 3, padding="valid")
conv.build((None, 5, 5, 1))
conv.set_weights([kernel.reshape(3, 3, 1, 1), np.array([bias], dtype=np.float32)])
by_keras = keras.ops.convert_to_numpy(conv(image.reshape(1, 5, 5, 1)))[0, :, :, 0]
print("by hand:\n", by_hand)
print("keras.layers.Conv2D:\n", by_keras)
same = np.allclose(by_hand, by_keras, atol=1e-5)
print(f"equal: {same}")

# %%
# The two arrays are equal: a ``Conv2D`` layer is this loop, run for every
# filter and every input channel (the products over channels are summed
# too, which is where the slide's missing ``x 32`` and ``x 64`` come from).
# Note that the filter is not flipped: deep-learning "convolution" is what
# signal processing calls cross-correlation. This filter subtracts the right
# column from the left one, so it answers to vertical edges: large where the
# image is brighter on the left.


def show(ax, values, title):
    ax.imshow(values, cmap="viridis")
    for (r, c), v in np.ndenumerate(values):
        ax.text(c, r, f"{v:g}", ha="center", va="center", color="w", fontsize=9)
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


fig, axes = plt.subplots(1, 3, figsize=(9, 3.2))
show(axes[0], image, "image 5x5")
show(axes[1], kernel, "filter 3x3")
show(axes[2], by_hand, f"output 3x3 (bias {bias})")
fig.tight_layout()

# %%
# Max pooling and average pooling
# -------------------------------
# Pooling has no weights: 2x2 max pooling keeps the largest of each block,
# average pooling the mean. On the 4x4 array below each keeps one value of
# four.
block = np.array([[1, 3, 2, 0],
                  [4, 6, 1, 1],
                  [0, 2, 8, 5],
                  [1, 1, 3, 4]], dtype=np.float32)
blocks = block.reshape(2, 2, 2, 2).swapaxes(1, 2)  # (block row, block col, 2, 2)
max_by_hand, mean_by_hand = blocks.max(axis=(2, 3)), blocks.mean(axis=(2, 3))
as_batch = block.reshape(1, 4, 4, 1)
max_keras = keras.ops.convert_to_numpy(keras.layers.MaxPooling2D(2)(as_batch))[0, :, :, 0]
mean_keras = keras.ops.convert_to_numpy(keras.layers.AveragePooling2D(2)(as_batch))[0, :, :, 0]
print("max pooling:", max_by_hand.tolist(), "Keras agrees:",
      np.allclose(max_by_hand, max_keras))
print("average pooling:", mean_by_hand.tolist(), "Keras agrees:",
      np.allclose(mean_by_hand, mean_keras))

fig, axes = plt.subplots(1, 3, figsize=(9, 3.2))
show(axes[0], block, "input 4x4")
show(axes[1], max_by_hand, "2x2 max pooling")
show(axes[2], mean_by_hand, "2x2 average pooling")
fig.tight_layout()
plt.show()

# %%
# Max pooling keeps each block's strongest response (6 and 8 survive),
# which is what a feature detector wants: "the edge is somewhere in this
# block". Average pooling blurs (the 8 becomes 5), keeping how much of the
# feature the block holds on average. Both cut the values, and the
# computation of every later layer, by four, and neither has anything to
# learn: in the table above the pooling layers have 0 parameters.
#
# Try this
# --------
# * Build ``ConvNetClassifier(filters=(32, 64))`` with ``describe_layers``
#   for 28x28 images: predict the size after the last pooling and the
#   dense layer's weights before you print the table (7x7x64 inputs).
# * Set ``kernel_size=5``: which layers' weights change, and by what
#   factor? Do the output sizes change with ``same`` padding?
# * In the output-size table, add a convolution with ``i = 28, f = 5,
#   s = 2`` under both paddings; work out the two sizes by hand first.
