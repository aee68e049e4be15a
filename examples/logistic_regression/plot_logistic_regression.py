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
import matplotlib.pyplot as plt

from keras_lectures.lectures import get_lecture, load_lecture_data
from keras_lectures.reports import pictures

lecture = get_lecture("logistic-regression")
data = load_lecture_data(lecture, quick=True)
print(f"{data.dataset}: {len(data.X_train)} training rows, features {data.feature_names}")

model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)
print(f"training accuracy {model.score(data.X_train, data.y_train):.3f}, "
      f"test accuracy {model.score(data.X_test, data.y_test):.3f}")
print(f"cost at theta = 0: {model[-1].history_['loss'][0]:.4f} (log 2 = 0.6931)")

# %%
# The decision boundary
# ---------------------
# The colour is the predicted probability of the second class; the black
# line is where it crosses 0.5. A straight line: the model is linear in its
# inputs.
fig = pictures.decision_boundary(model, data, fig=plt.figure())

# %%
# Watching it train
# -----------------
# The boundary epoch by epoch, as TensorFlow Playground shows it: a copy of
# the model is trained again and drawn after each part of the training. A
# notebook (and this page) shows it with a slider and play buttons;
# ``animation.save("training.gif")`` writes an animated image.
animation = pictures.training_animation(model, data, n_frames=8, resolution=40)
print(f"{animation.n_frames} frames, test accuracy "
      f"{animation.test_scores[0]:.3f} -> {animation.test_scores[-1]:.3f}")
animation

# %%
# The lecture's numbers
# ---------------------
# The lecture's theta, costs, admission probability and accuracy, measured
# again when the admissions file is in the data home.
from keras_lectures.lectures import reproduce_figures

for row in reproduce_figures(lecture, missing="skip"):
    measured = "(file not here)" if row["measured"] is None else f"{row['measured']:.4f}"
    print(f"{row['name']:<32} published {row['published']:>9.4f}   measured {measured}")

plt.show()
