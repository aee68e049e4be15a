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
# stand-in. ``make_estimator`` builds the model a quick report uses: a
# ``StandardScaler`` in front of
# :class:`~keras_lectures.lectures.LinearRegressionGD`, which trains by plain
# gradient descent (its default ``optimizer="sgd"``), here 100 full-batch
# steps with a learning rate of 0.1.
import matplotlib.pyplot as plt
import numpy as np

from keras_lectures.lectures import get_lecture, load_lecture_data
from keras_lectures.reports import pictures

lecture = get_lecture("linear-regression")
data = load_lecture_data(lecture, quick=True)
print(f"{data.dataset}: {len(data.X_train)} training and {len(data.X_test)} test rows, "
      f"feature {data.feature_names[0]!r}")

model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)
print(model)
r2 = model.score(data.X_test, data.y_test)
print(f"R² on the test rows: {r2:.3f}: the line explains {r2:.0%} of the variance of "
      f"the test targets, and {1 - r2:.0%} is left to everything the BMI does not tell")

# %%
# R² compares the squared error with that of always predicting the mean
# (R² = 0) and of a perfect fit (R² = 1). A single feature of a patient
# predicts the progression of a disease only in part, so a modest R² is the
# honest answer here, not a failure of gradient descent.

# %%
# The fitted line
# ---------------
fig = pictures.fitted_line(model, data, fig=plt.figure())

# %%
# The line rises with the BMI: the points scatter widely around it, which
# is the unexplained part that R² measured.

# %%
# The cost surface: raw and standardised
# --------------------------------------
# With one feature, theta has two numbers, so the cost is a surface over the
# plane (theta_0, theta_1), and gradient descent walks down it from
# theta = 0, each step perpendicular to the contour it stands on. Its shape
# depends on the feature's scale. The cost's curvature in every direction
# is given by the eigenvalues of its Hessian ``A^T A / m`` (``A`` the
# feature with a column of ones); gradient descent is stable only for a
# learning rate below 2 / (largest eigenvalue), and the smallest eigenvalue
# sets how slowly it then moves along the flattest direction.
from sklearn.base import clone
from sklearn.preprocessing import StandardScaler

from keras_lectures.lectures import LinearRegressionGD


def hessian_eigenvalues(x):
    A = np.column_stack([np.ones(len(x)), np.ravel(x)])
    return np.linalg.eigvalsh(A.T @ A / len(A))


raw_x = np.asarray(data.X_train, dtype=float)
print(f"raw BMI: mean {raw_x.mean():.1f}, standard deviation {raw_x.std():.2f}")
for name, x in (("raw BMI", raw_x), ("standardised BMI", StandardScaler().fit_transform(raw_x))):
    low, high = hessian_eigenvalues(x)
    print(f"{name:<17} eigenvalues {low:.4g} and {high:.4g}: stretched {high / low:,.0f} "
          f"times, stable learning rates below {2 / high:.3g}")

# On the raw feature, the largest stable step, a little below the limit:
low, high = hessian_eigenvalues(raw_x)
raw = LinearRegressionGD(learning_rate=float(f"{1.9 / high:.2g}"), epochs=1000,
                         random_state=0).fit(data.X_train, data.y_train)
print(f"raw: {raw.n_iter_} steps of {raw.learning_rate}; standardised: "
      f"{model[-1].n_iter_} steps of {model[-1].learning_rate}")

# %%
# Standardised, the Hessian is the identity: both eigenvalues are 1, the
# contours are circles, and a learning rate up to 2 is stable. On the raw
# BMI (its mean far from 0 and its spread a few units) the intercept and
# the weight pull against each other: the valley is stretched by the
# printed factor, and the step must stay below the printed limit. The
# two panels below draw both at equal scale on both axes, so the
# contours keep their true shape.
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 5))
pictures.cost_contour(raw, data, equal_scale=True, ax=left)
left.set_title(f"Raw BMI: {raw.n_iter_} steps", fontsize=10)
pictures.cost_contour(model, data, equal_scale=True, ax=right)
right.set_title(f"Standardised BMI: {model[-1].n_iter_} steps", fontsize=10)
fig.tight_layout()

A_raw = np.column_stack([np.ones(len(raw_x)), raw_x])
y_train = np.asarray(data.y_train, dtype=float)
best_raw = np.linalg.lstsq(A_raw, y_train, rcond=None)[0]
reached = float(np.ravel(raw.intercept_)[0]) / best_raw[0]
print(f"raw: theta = ({float(np.ravel(raw.intercept_)[0]):.1f}, {float(raw.coef_[0]):.2f}) after "
      f"{raw.n_iter_} steps, the minimum is at ({best_raw[0]:.1f}, {best_raw[1]:.2f}): "
      f"{reached:.0%} of the way along the valley, "
      f"{'a small part' if reached < 0.5 else 'most of it'}")

# the first steps on the raw feature, one at a time (warm start continues)
steps = clone(raw).set_params(epochs=1, warm_start=True)
slopes = []
for _ in range(6):
    steps.fit(data.X_train, data.y_train)
    residual = A_raw @ [float(np.ravel(steps.intercept_)[0]), float(steps.coef_[0])] - y_train
    slopes.append(np.mean(residual * raw_x[:, 0]))  # dJ/dtheta_1: across the valley
flips = int(np.sum(np.diff(np.sign(slopes)) != 0))
print(f"the slope across the valley changes sign {flips} times in the first 6 steps: "
      f"{'a zig-zag' if flips >= 3 else 'no zig-zag'}")
print(f"cost: raw {raw.history_['loss'][-1]:.0f}, standardised "
      f"{model[-1].history_['loss'][-1]:.0f} (the lowest possible: "
      f"{np.mean((A_raw @ best_raw - y_train) ** 2) / 2:.0f})")

# %%
# Right: round contours, and a straight path from theta = 0 to the minimum.
# Left: the same cost over the raw feature is a valley so narrow that it
# looks like a line. Gradient descent drops into it at once, down the steep
# side, then must creep along the nearly flat floor with steps limited by
# the steep side: the printed theta says how far ten times as many steps
# got, and the costs compare where each run ended with the lowest
# possible. A step near the stability limit also overshoots the steep side
# again and again: the slope across the valley flips sign from step to
# step, the zig-zag counted above (too small to see at this scale: zoom
# into the left panel's path at theta = 0).

# %%
# The cost per iteration
# ----------------------
# ``history_["loss"]`` records the cost before every step of the
# standardised model.
fig = pictures.cost_history(model, data, fig=plt.figure())
loss = model[-1].history_["loss"]
settled = int(np.argmax(np.asarray(loss) <= loss[-1] * 1.001))
print(f"cost {loss[0]:.0f} at theta = 0, {loss[-1]:.0f} after {len(loss)} steps; within "
      f"0.1 % of the final cost from step {settled}")

# %%
# With round contours every step heads straight for the minimum: the cost
# falls fast, then levels off; the printed step is where it comes within
# 0.1 % of its final value.

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
    verdict = {True: "agrees", False: "DIFFERS", None: ""}[row["passed"]]
    print(f"{row['name']:<32} published {row['published']:>10.4f}   measured {measured} "
          f"{verdict}")

plt.show()

# %%
# The food-truck populations are in units of 10,000 (about 5 to 22): a
# far less stretched valley than the raw BMI's, so the exercise trains
# without scaling (1500 steps of 0.01). Where the file is present, each row
# says whether our measurement agrees with the published number.

# %%
# Try this
# --------
# * Halve the raw learning rate. Predict: does the zig-zag count change,
#   and does the raw run get further along the valley or less far?
# * Train the raw model with ``learning_rate=0.003``, just past the
#   printed limit: what does ``history_["loss"]`` do?
# * Give the standardised model ``learning_rate=1.0``: the Hessian is the
#   identity, so how many steps should it need? Check with ``history_``.

