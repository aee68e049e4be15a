"""
Linear regression with several variables
========================================

With several features the model is ``h(x) = theta^T x`` and gradient descent
works the same, with one catch: features on very different scales (a house's
area in square feet next to its number of bedrooms) stretch the cost surface
into a narrow valley, and one learning rate cannot suit every direction.
Standardising each feature (subtract the mean, divide by the standard
deviation) removes the stretch that comes from the units. It cannot remove
the stretch that comes from features that move together, and this example
shows both. The normal equation solves the problem in one step and needs
neither scaling nor a learning rate.

The lecture uses house prices; this example runs offline on the stand-in of
``keras-lectures report --quick``: scikit-learn's diabetes table in its own
units, ten features from 1 to about 300.
"""

# %%
# The data and the model
# ----------------------
# The quick model is a pipeline: a ``StandardScaler`` (fitted on the
# training rows only) in front of
# :class:`~keras_lectures.lectures.LinearRegressionGD`, which trains by plain
# full-batch gradient descent (its default ``optimizer="sgd"``): 100 steps
# with a learning rate of 0.1.
import matplotlib.pyplot as plt
import numpy as np

from keras_lectures.lectures import get_lecture, load_lecture_data
from keras_lectures.reports import pictures

lecture = get_lecture("multivariate-regression")
data = load_lecture_data(lecture, quick=True)
X_train = np.asarray(data.X_train, dtype=float)
print(f"{data.dataset}: {X_train.shape[0]} training rows, {X_train.shape[1]} features")
print("feature ranges:", np.ptp(X_train, axis=0).round(1))

model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)
print(f"R² on the test rows after {model[-1].n_iter_} steps: "
      f"{model.score(data.X_test, data.y_test):.3f}")

# %%
# The features range from a few units (sex is 1 or 2) to a few hundred (the
# serum measurements): without scaling, one learning rate would have to be
# tiny for the wide ones and would then barely move the narrow ones.

# %%
# How stretched is the valley?
# ----------------------------
# The cost's curvature in every direction is given by the eigenvalues of
# its Hessian ``A^T A / m`` (``A`` the features with a column of ones).
# Their ratio measures how stretched the valley is; gradient descent is
# stable only for a learning rate below 2 / (largest eigenvalue), and the
# smallest eigenvalue sets how slowly it then moves along the flattest
# direction.
from sklearn.preprocessing import StandardScaler


def hessian_eigenvalues(X):
    A = np.column_stack([np.ones(len(X)), X])
    return np.linalg.eigvalsh(A.T @ A / len(A))


X_scaled = StandardScaler().fit_transform(X_train)
for name, X in (("raw", X_train), ("standardised", X_scaled)):
    eigenvalues = hessian_eigenvalues(X)
    print(f"{name:<13} eigenvalues from {eigenvalues[0]:.3g} to {eigenvalues[-1]:.3g}: "
          f"stretched {eigenvalues[-1] / eigenvalues[0]:,.0f} times")
correlation = np.corrcoef(X_scaled, rowvar=False)
np.fill_diagonal(correlation, 0)
i, j = np.unravel_index(np.argmax(np.abs(correlation)), correlation.shape)
print(f"most correlated pair: {data.feature_names[i]!r} and {data.feature_names[j]!r}, "
      f"r = {correlation[i, j]:.2f}")
low, high = hessian_eigenvalues(X_scaled)[[0, -1]]

# %%
# Standardising shrinks the stretch by orders of magnitude (compare the two
# printed factors), but not to 1: some serum measurements (s1 to s6) rise
# and fall together, as the printed correlation shows, and along the
# direction in which such features cancel each other the cost is nearly
# flat. That smallest eigenvalue remains, whatever the units.

# %%
# Choosing the learning rate
# --------------------------
# The cost per iteration for several learning rates on the standardised
# features: too small crawls, a good one drops fast, and one past the
# stability limit (2 divided by the largest eigenvalue) makes the cost grow
# with every step.
fig = pictures.learning_rates(model, data, fig=plt.figure())
print(f"stability limit on the standardised features: 2 / {high:.3g} = {2 / high:.3g}")

# %%
# The curve drawn dashed is the rate past the printed limit: its cost
# grows. Below the limit, a larger rate falls faster. The fast ones drop
# within a few steps and then flatten: what is left lies along the nearly
# flat direction, where every rate crawls (next section).

# %%
# Gradient descent against the normal equation
# --------------------------------------------
# ``theta = (X^T X)^-1 X^T y`` solves the least-squares problem exactly.
# Along the flattest direction, each gradient-descent step removes only the
# fraction ``learning_rate * smallest eigenvalue`` of the remaining error.
# The quick model's 100 steps of 0.1 against 3000 steps of 0.4, just below
# the printed stability limit:
from sklearn.base import clone
from sklearn.linear_model import LinearRegression

exact = LinearRegression().fit(data.X_train, data.y_train)
long_run = clone(model).set_params(linearregressiongd__learning_rate=0.4,
                                   linearregressiongd__epochs=3000)
long_run.fit(data.X_train, data.y_train)
print(f"normal equation: R² {exact.score(data.X_test, data.y_test):.4f}")
for name, fitted in (("100 steps of 0.1", model), ("3000 steps of 0.4", long_run)):
    step = fitted[-1]
    left = (1 - step.learning_rate * low) ** step.n_iter_
    gap = np.max(np.abs(exact.predict(data.X_test) - fitted.predict(data.X_test)))
    verdict = "converged" if gap < 0.01 * np.ptp(data.y_test) else "not there yet"
    print(f"{name:<18} R² {fitted.score(data.X_test, data.y_test):.4f}; largest difference "
          f"of the test predictions {gap:.3g} (targets range over "
          f"{np.ptp(data.y_test):.0f}); {100 * left:.2g} % of the error along the flattest "
          f"direction left: {verdict}")

# %%
# The printed fractions follow from the eigenvalues alone: with a small
# step and the smallest eigenvalue near 0.01, 100 steps leave most of the
# error along the nearly flat direction, so the quick model's predictions
# still differ from the normal equation's, although its R² is close (moving
# along a direction in which correlated features cancel changes the
# predictions little). A step near the limit and thirty times as many
# steps leave next to nothing. The verdicts compare the largest prediction
# difference with 1 % of the targets' range.

# %%
# Predicted against actual
# ------------------------
fig = pictures.predicted_vs_actual(long_run, data, fig=plt.figure())
r2 = long_run.score(data.X_test, data.y_test)
print(f"R² {r2:.3f}: ten features explain {r2:.0%} of the variance of the test targets, "
      f"{'less than half' if r2 < 0.5 else 'more than half'}")

# %%
# The converged model's predictions against the truth: the points spread
# widely around the diagonal. The printed R² is that of the exact
# least-squares solution too: what a linear model of these ten
# measurements leaves unexplained, no optimiser can recover.

# %%
# The lecture's numbers
# ---------------------
# The lecture predicts the price of a 1650 sq ft, 3-bedroom house, by the
# normal equation and by gradient descent. Measuring them needs the
# house-price file in the data home.
from keras_lectures.lectures import reproduce_figures

for row in reproduce_figures(lecture, missing="skip"):
    measured = "(file not here)" if row["measured"] is None else f"{row['measured']:.2f}"
    verdict = {True: "agrees", False: "DIFFERS", None: ""}[row["passed"]]
    print(f"{row['name']}\n    published {row['published']:.2f}, measured {measured} "
          f"{verdict}")

plt.show()

# %%
# Where the house-price file is present, each row says whether our
# measurement agrees with the published number within the package's
# tolerance.

# %%
# Try this
# --------
# * Fit ``LinearRegressionGD`` without the scaler on the raw features. The
#   printed raw eigenvalues give the stability limit: predict the largest
#   learning rate that does not diverge, then try it.
# * Drop the serum columns s1 to s6 (``X_train[:, :4]``) and print the
#   eigenvalues of the standardised features again: how much of the
#   stretch was theirs?
# * Run 3000 steps at 0.1 instead of 0.4: how much error is left along
#   the flattest direction?

