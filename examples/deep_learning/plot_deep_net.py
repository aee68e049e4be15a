"""
Deep networks: initialisation and dropout
=========================================

Stacking more hidden layers of ReLU units gives a deep network; how it
starts and how it is kept from memorising matter as much as its size. The
lecture's table on MNIST: weights drawn from a plain normal distribution
give about 94 %, Xavier initialisation (variance scaled by the layer's
fan-in and fan-out) 97-98 %, and dropout (randomly silencing units while
training) about 98 %.

This example trains on a small subset: scikit-learn's 8x8 digits, the
offline data of ``keras-lectures report --quick``, with two hidden layers of
64 units.
"""

# %%
# The data and the model
# ----------------------
import matplotlib.pyplot as plt

from keras_lectures.lectures import get_lecture, load_lecture_data
from keras_lectures.reports import pictures

lecture = get_lecture("deep-net")
data = load_lecture_data(lecture, quick=True)
model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)
print(f"{model}\ntest accuracy {model.score(data.X_test, data.y_test):.3f}")

# %%
# Random normal, Xavier, Xavier with dropout
# ------------------------------------------
# The lecture's table as curves: three copies of the network trained from
# the same data, scored on held-out images after each of 5 epochs.
fig = pictures.init_dropout_comparison(model, data, epochs=5, fig=plt.figure())

# %%
# The digits it gets wrong
# ------------------------
fig = pictures.misclassified_images(model, data, fig=plt.figure())
plt.show()
