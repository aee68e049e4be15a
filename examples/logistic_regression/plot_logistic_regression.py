"""
Logistic regression
===================

For a yes/no question the lecture squeezes the linear function through a
sigmoid, ``h(x) = 1 / (1 + exp(-theta^T x))``, and reads the result as the
probability of "yes". The cost is the cross-entropy, which is convex, so
gradient descent finds its minimum; the decision boundary ``h(x) = 0.5`` is
the line ``theta^T x = 0``.

The lecture predicts university admission from two exam scores. This example
runs offline on the stand-in of ``keras-lectures report --quick``: two
features again (mean radius and mean texture of breast-cancer tumours), two
classes, so the boundary can be drawn.
"""

# %%
# The data and the model
# ----------------------
# A ``StandardScaler`` in front of
# :class:`~keras_lectures.lectures.LogisticRegressionGD`, which trains with
# plain gradient descent (its default ``optimizer="sgd"``) on the full
# batch: one step per epoch, learning rate 1.0, starting from theta = 0.
import matplotlib.pyplot as plt
import numpy as np

from keras_lectures.lectures import get_lecture, load_lecture_data
from keras_lectures.reports import pictures

lecture = get_lecture("logistic-regression")
data = load_lecture_data(lecture, quick=True)
print(f"{data.dataset}: {len(data.X_train)} training rows, features {data.feature_names}")

model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)
train_accuracy = model.score(data.X_train, data.y_train)
test_accuracy = model.score(data.X_test, data.y_test)
print(f"optimizer {model[-1].optimizer!r}, {model[-1].n_iter_} full-batch steps")
print(f"training accuracy {train_accuracy:.3f}, test accuracy {test_accuracy:.3f} "
      f"(gap {train_accuracy - test_accuracy:+.3f})")
loss = model[-1].history_["loss"]
print(f"cost at theta = 0: {loss[0]:.4f}; -log(0.5) = log 2 = {np.log(2):.4f}")
print(f"cost after the last step: {loss[-1]:.4f}, "
      f"{'falling all along' if np.all(np.diff(loss) <= 1e-7) else 'not always falling'}")

# %%
# At theta = 0 every score ``theta^T x`` is 0 and the sigmoid gives
# h = 0.5 for every example, whatever its class: each one costs
# ``-log(0.5) = log 2``, so the first cost is log 2 = 0.6931 on any data set.
# It is the cost of knowing nothing. Every step lowers it (the cost is
# convex and the learning rate small enough, as the second line checks).
# A model with three parameters has little room to memorise a few hundred
# tumours: the printed gap between the accuracies measures how much it did.

# %%
# The decision boundary
# ---------------------
# The colour is the predicted probability of the second class; the black
# line is where it crosses 0.5. A straight line: the model is linear in its
# inputs.
fig = pictures.decision_boundary(model, data, fig=plt.figure())
theta = np.ravel(model[-1].coef_)
print(f"boundary: {model[-1].intercept_[0]:+.3f} {theta[0]:+.3f} x1 {theta[1]:+.3f} x2 = 0 "
      f"(x1, x2 the standardised {data.feature_names[0]!r}, {data.feature_names[1]!r})")

# %%
# The printed equation is the black line. The signs of theta say which way
# each feature pushes: a positive weight makes the second class more
# likely as that feature grows. The misclassified points are those on the
# wrong side of the line: where the two classes overlap, a straight line
# cannot put every point right.

# %%
# Watching it train
# -----------------
# The boundary epoch by epoch, as TensorFlow Playground shows it: a copy of
# the model is trained again and drawn after each part of the training. A
# notebook (and this page) shows it with a slider and play buttons;
# ``animation.save("training.gif")`` writes an animated image.
animation = pictures.training_animation(model, data, n_frames=8, resolution=40)
scores = np.asarray(animation.test_scores)
settled = int(np.argmax(np.abs(scores - scores[-1]) <= 0.01)) + 1
print(f"{animation.n_frames} frames, test accuracy {scores[0]:.3f} -> {scores[-1]:.3f}; "
      f"first within 0.01 of the final accuracy at frame {settled}")
animation

# %%
# The line swings into place early, then mostly its steepness (how fast
# the probability goes from 0 to 1 across it) keeps changing: the printed
# frame is the first whose test accuracy is within 0.01 of the last one.

# %%
# The lecture's numbers
# ---------------------
# The lecture's numbers for the admissions file (from Andrew Ng's
# exercise 2): theta, costs, an admission probability and the training
# accuracy, measured again when the file is in the data home.
from keras_lectures.lectures import reproduce_figures

for row in reproduce_figures(lecture, missing="skip"):
    measured = "(file not here)" if row["measured"] is None else f"{row['measured']:.4f}"
    verdict = {True: "agrees", False: "DIFFERS", None: ""}[row["passed"]]
    print(f"{row['name']:<32} published {row['published']:>9.4f}   measured {measured} "
          f"{verdict}")

plt.show()

# %%
# Where the file is present, each row says whether the measured number
# agrees with the published one within the tolerance the package allows:
# the same cost and the same gradient descent give the same theta on any
# backend.

# %%
# Try this
# --------
# * Remove the scaler (fit ``model[-1]`` on the raw features). Predict:
#   does the same learning rate still lower the cost at every step? Look
#   at ``history_["loss"]``.
# * Train for 10 epochs instead of 100 (``epochs=10``). How much of the
#   final test accuracy is already there?
# * Set ``learning_rate=20.0``: does the cost still fall all along?

