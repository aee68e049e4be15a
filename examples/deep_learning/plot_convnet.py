"""
Convolutional networks
======================

A convolution slides one small filter (3x3 weights) over the whole image,
so a stroke is detected wherever it is, with few weights; max-pooling then
halves the image, keeping the strongest response of each 2x2 block. The
lecture stacks three such blocks and a dense layer and reaches about 99 % on
MNIST.

This example trains on a small subset: scikit-learn's 8x8 digits, the
offline data of ``keras-lectures report --quick`` (three halvings take 8x8
to 1x1), with 8 and 16 filters instead of the lecture's 32, 64 and 128.
"""

# %%
# The data and the model
# ----------------------
import matplotlib.pyplot as plt

from keras_lectures.lectures import describe_layers, get_lecture, load_lecture_data
from keras_lectures.reports import pictures

lecture = get_lecture("convnet")
data = load_lecture_data(lecture, quick=True)
model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)
print(f"test accuracy {model.score(data.X_test, data.y_test):.3f}")

# %%
# Layer by layer
# --------------
# :func:`~keras_lectures.lectures.describe_layers` lists each layer's output
# shape and weights, with the slides' size formula ``o = (i - f + 2p)/s + 1``.
print(describe_layers(model.model_))

# %%
# The first layer's filters
# -------------------------
fig = pictures.filters(model, data, fig=plt.figure())

# %%
# One digit through the network
# -----------------------------
# The feature maps of one test image after each block: the image shrinks,
# the number of maps grows.
fig = pictures.feature_maps(model, data, fig=plt.figure())

# %%
# The digits it gets wrong
# ------------------------
fig = pictures.misclassified_images(model, data, fig=plt.figure())
plt.show()
