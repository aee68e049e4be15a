"""
Softmax regression
==================

Logistic regression for more than two classes: one linear score per class,
turned into probabilities that sum to one by the softmax. On MNIST's 28x28
digits the lecture trains it with mini-batch gradient descent (batches of
100, learning rate 0.5) and reaches about 92 % test accuracy.

This example trains on a small subset instead: scikit-learn's 8x8 digits
(1,437 training images), the offline data of ``keras-lectures report
--quick``, so it runs in seconds.
"""

# %%
# The data and the model
# ----------------------
import matplotlib.pyplot as plt

from keras_lectures.lectures import get_lecture, load_lecture_data
from keras_lectures.reports import pictures

lecture = get_lecture("softmax")
data = load_lecture_data(lecture, quick=True)
model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)
print(f"{data.dataset}: {len(data.X_train)} training images; {model}")
print(f"test accuracy {model.score(data.X_test, data.y_test):.3f} "
      f"(the lecture, on MNIST: about 0.92)")

# %%
# One template per class
# ----------------------
# With no hidden layer, each class's weights on the pixels form an image: a
# template the softmax compares the input with.
fig = pictures.first_layer_weights(model, data, fig=plt.figure())

# %%
# The digits it gets wrong
# ------------------------
fig = pictures.misclassified_images(model, data, fig=plt.figure())
plt.show()
