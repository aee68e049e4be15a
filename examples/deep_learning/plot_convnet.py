"""
Convolutional networks
======================

A convolution slides one small filter (3x3 weights) over the whole image,
so a stroke is detected wherever it is, with few weights; max-pooling then
halves the image, keeping the strongest response of each 2x2 block. The
lecture's MNIST network stacks three such blocks (3x3 convolutions with 32,
64 and 128 maps, each followed by 2x2 pooling: 28 -> 14 -> 7 -> 4), then a
dense layer of 625 units and the 10 outputs; its slide reports "100 %".

This example trains on a small subset: scikit-learn's 8x8 digits, the
offline data of ``keras-lectures report --quick``. The network is smaller
to fit them: two blocks with 8 and 16 filters (two halvings take 8x8 to
2x2; a third would leave a single pixel), then a dense layer of 32 units.
"""

# %%
# The data and the model
# ----------------------
# :class:`~keras_lectures.lectures.ConvNetClassifier` trains with Adam (its
# default ``optimizer="adam"``; here a learning rate of 0.01) in
# mini-batches of 50 images.
import matplotlib.pyplot as plt
import numpy as np

from keras_lectures.lectures import describe_layers, get_lecture, load_lecture_data
from keras_lectures.reports import pictures
from keras_lectures.reports.pictures.networks import layer_outputs

lecture = get_lecture("convnet")
data = load_lecture_data(lecture, quick=True)
model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)
print(f"optimizer {model.optimizer!r}, learning rate {model.learning_rate}, "
      f"batch size {model.batch_size}, {model.n_iter_} epochs")
test_accuracy = model.score(data.X_test, data.y_test)
print(f"test accuracy {test_accuracy:.3f}")

# %%
# The printed accuracy is on test digits the network never saw. It is the
# share of the 360 test images whose largest output is the right digit.

# %%
# Layer by layer
# --------------
# :func:`~keras_lectures.lectures.describe_layers` lists each layer's output
# shape and weights, with the slides' size formula ``o = (i - f + 2p)/s + 1``.
print(describe_layers(model.model_))

keras_model = model.model_
conv_params = sum(layer.count_params() for layer in keras_model.layers
                  if type(layer).__name__ == "Conv2D")
total = keras_model.count_params()
shapes = [tuple(layer.output.shape[1:3]) for layer in keras_model.layers
          if type(layer).__name__ == "MaxPooling2D"]
print(f"the image after each pooling: {' -> '.join(f'{h}x{w}' for h, w in shapes)}")
print(f"convolutions hold {conv_params:,} of the {total:,} parameters "
      f"({conv_params / total:.0%}): most sit in the "
      f"{'dense layers' if conv_params < total / 2 else 'convolutions'}")

# %%
# Read the table from the top: each convolution keeps the image size (3x3
# filter, padding 1, stride 1: ``(8 - 3 + 2)/1 + 1 = 8``), each pooling
# halves it, and the number of maps grows from block to block. The
# convolutions see the whole image with few weights, because one 3x3 filter
# is shared by every position; the printed share says where the rest of
# the parameters sit. In the lecture's network the dense layer on the
# 4x4x128 = 2,048 pooled values carries 2,048 x 625 = 1,280,000 of the
# network's 1,379,557 parameters (biases included; the slide itself prints
# 4,216,800, miscounting the convolutions and the dense layer).

# %%
# The first layer's filters
# -------------------------
fig = pictures.filters(model, data, fig=plt.figure())

# %%
# Each 3x3 kernel is a tiny stroke detector: red weights reward ink, blue
# weights penalise it, so a kernel red on one side and blue on the other
# responds to an edge in that direction. On 8x8 images the filters stay
# coarse; on MNIST's 28x28 digits they become cleaner edge detectors.

# %%
# One digit through the network
# -----------------------------
# The input image, then the maps each convolution outputs for it (after the
# ReLU, *before* pooling): 8x8 maps from the first convolution, 4x4 maps
# from the second, which reads the first block's maps after they were
# pooled to 4x4. The image shrinks, the number of maps grows.
fig = pictures.feature_maps(model, data, fig=plt.figure())
first_maps = [output for layer, output in layer_outputs(model, data.X_test[:1])
              if type(layer).__name__ == "Conv2D"][0]
silent = int(np.sum(np.max(first_maps[0], axis=(0, 1)) == 0))
print(f"{silent} of {first_maps.shape[-1]} first-layer maps are zero everywhere "
      f"for this digit (the ReLU cut their whole response)")

# %%
# A bright region in a map is where its filter found its stroke. A map that
# is dark everywhere (counted above) found nothing in this digit: the ReLU
# sets every negative response to zero.

# %%
# The digits it gets wrong
# ------------------------
fig = pictures.misclassified_images(model, data, fig=plt.figure())
wrong = int(np.sum(model.predict(data.X_test) != np.ravel(data.y_test)))
print(f"{wrong} of {len(data.y_test)} test digits are wrong")
plt.show()

# %%
# With 8x8 pixels many mistakes are digits a person would hesitate over
# too. Compare the count with the deep network example's: a convolution
# looks for the same strokes everywhere instead of learning each position
# separately, so it needs far fewer weights per stroke.

# %%
# Try this
# --------
# * Give the network three blocks, ``filters=(8, 16, 32)``. Predict the
#   image size after the third pooling (run it and read ``describe_layers``).
# * Remove the dense hidden layer's share by setting ``dense_units=8``: how
#   many parameters are left, and how much accuracy does it cost?
# * Train for 3 epochs instead of 10 (``epochs=3``) and look at the
#   filters again: are they as structured?
