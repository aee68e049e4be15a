"""
Linear regression with one variable
===================================

The lecture's first model: a straight line ``h(x) = theta_0 + theta_1 x``
fitted by gradient descent. Start from theta = 0, measure the squared-error
cost ``J(theta) = 1/(2m) sum (h(x) - y)^2`` over all training examples, step
against its gradient, repeat. Each epoch of
:class:`~keras_lectures.lectures.LinearRegressionGD` is one such full-batch
step.

The lecture fits restaurant profits against city populations (the
food-truck file). This example runs offline on the stand-in that
``keras-lectures report --quick`` uses: one feature again (the body-mass
index of scikit-learn's diabetes table) against disease progression, so the
line can be drawn over the points.
"""

# %%
# The data and the model
# ----------------------
# :func:`~keras_lectures.lectures.load_lecture_data` gives the lecture's data
# split into training and test rows; ``quick=True`` picks the offline
# stand-in. ``make_estimator`` builds the lecture's model with the settings a
# quick report uses.
import matplotlib.pyplot as plt

from keras_lectures.lectures import get_lecture, load_lecture_data
from keras_lectures.reports import pictures

lecture = get_lecture("linear-regression")
data = load_lecture_data(lecture, quick=True)
print(f"{data.dataset}: {len(data.X_train)} training and {len(data.X_test)} test rows, "
      f"feature {data.feature_names[0]!r}")

model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)
print(model)
print(f"R² on the test rows: {model.score(data.X_test, data.y_test):.3f}")

# %%
# The fitted line
# ---------------
fig = pictures.fitted_line(model, data, fig=plt.figure())

# %%
# The cost surface and the path of gradient descent
# -------------------------------------------------
# With one feature, theta has two numbers, so the cost is a surface over the
# plane (theta_0, theta_1). Gradient descent walks down from theta = 0 to its
# minimum, each step perpendicular to the contour it stands on.
fig = pictures.cost_contour(model, data, fig=plt.figure())

# %%
# The cost per iteration
# ----------------------
# ``history_["loss"]`` records the cost before every step: it falls quickly,
# then levels off at the minimum.
fig = pictures.cost_history(model, data, fig=plt.figure())

# %%
# The lecture's numbers
# ---------------------
# The lecture published theta and two predicted profits for the food-truck
# file. :func:`~keras_lectures.lectures.reproduce_figures` fits the lecture's
# own settings on that file and measures them again; it needs the file in the
# data home (``keras-lectures datasets fetch food_truck``). Without it, the
# published numbers are listed alone.
from keras_lectures.lectures import reproduce_figures

for row in reproduce_figures(lecture, missing="skip"):
    measured = "(file not here)" if row["measured"] is None else f"{row['measured']:.4f}"
    print(f"{row['name']:<32} published {row['published']:>10.4f}   measured {measured}")

plt.show()
