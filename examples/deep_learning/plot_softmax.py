"""
Softmax regression
==================

Logistic regression for more than two classes: one linear score per class,
turned into probabilities that sum to one by the softmax. There is no hidden
layer: the model is a single layer of ten units, one per digit.

The lecture's MNIST slide does not score softmax regression on its own: its
first rung, about 92 % test accuracy, belongs to the network with one hidden
layer of 256 units (784-256-10). This example trains on a small subset
instead: scikit-learn's 8x8 digits (1,437 training images), the offline
data of ``keras-lectures report --quick``, so it runs in seconds.
"""

# %%
# The data and the model
# ----------------------
# :class:`~keras_lectures.lectures.SoftmaxRegression` trains with plain
# mini-batch gradient descent (``optimizer="sgd"``, its default): batches of
# 100 images, learning rate 0.5, 5 epochs.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import confusion_matrix

from keras_lectures.lectures import get_lecture, load_lecture_data
from keras_lectures.reports import pictures

lecture = get_lecture("softmax")
data = load_lecture_data(lecture, quick=True)
model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)
print(f"{data.dataset}: {len(data.X_train)} training images; {model}")
print(f"optimizer {model.optimizer!r}, batch size {model.batch_size}, "
      f"learning rate {model.learning_rate}, {model.n_iter_} epochs")
train_accuracy = model.score(data.X_train, data.y_train)
test_accuracy = model.score(data.X_test, data.y_test)
print(f"training accuracy {train_accuracy:.3f}, test accuracy {test_accuracy:.3f}")
gap = train_accuracy - test_accuracy
print(f"gap between training and test accuracy {gap:.3f}: "
      f"{'small, little overfitting' if gap < 0.03 else 'large, the model overfits'}")

# %%
# The test accuracy is the share of test images whose highest score is the
# right class: ten linear scores already sort most of these digits. The gap
# says whether the model learned the training images by heart; with only
# 650 weights (64 pixels x 10 classes + 10 biases) for 1,437 images there is
# little room to memorise, and the verdict above reads the measured gap.

# %%
# One template per class
# ----------------------
# With no hidden layer, each class's weights on the pixels form an image: a
# template the softmax compares the input with (red pixels raise the score
# of that class, blue ones lower it).
fig = pictures.first_layer_weights(model, data, fig=plt.figure())

X_train = np.asarray(data.X_train, dtype=float)
y_train = np.ravel(data.y_train)
mean_images = np.array([X_train[y_train == c].mean(axis=0) for c in model.classes_])
correlation = np.corrcoef(np.vstack([model.coef_, mean_images]))[:10, 10:]
own = int(np.sum(np.argmax(correlation, axis=1) == np.arange(10)))
print(f"{own} of 10 templates look most like the average image of their own digit")

# %%
# A template is not a picture of the digit: it is what *separates* that
# digit from the other nine, so it also has blue where other digits put ink.
# Still, the printed count says how many templates resemble (correlate best
# with) the average training image of their own class.

# %%
# The digits it gets wrong
# ------------------------
fig = pictures.misclassified_images(model, data, fig=plt.figure())

predicted = model.predict(data.X_test)
errors = confusion_matrix(data.y_test, predicted, labels=model.classes_)
np.fill_diagonal(errors, 0)
true, wrong = np.unravel_index(np.argmax(errors), errors.shape)
print(f"{errors.sum()} of {len(predicted)} test digits are wrong; the most frequent "
      f"mistake is digit {model.classes_[true]} read as {model.classes_[wrong]} "
      f"({errors[true, wrong]} times)")
plt.show()

# %%
# The mistakes are digits whose strokes overlap another class's template:
# one linear score per class cannot tell apart shapes that differ only in
# how strokes combine. A hidden layer can (see the next examples).

# %%
# Try this
# --------
# * Set ``model.set_params(learning_rate=0.05)`` before ``fit``. Predict:
#   with ten times smaller steps, will 5 epochs reach the same accuracy?
#   Run it and compare the printed test accuracy.
# * Train for 50 epochs (``epochs=50``). Does the training accuracy keep
#   rising? Does the test accuracy follow, or does the gap grow?
# * Replace plain gradient descent with Adam (``optimizer="adam",
#   learning_rate=0.01``): does it get further in the same 5 epochs?
