"""
Linear regression with several variables
========================================

With several features the model is ``h(x) = theta^T x`` and gradient descent
works the same, with one catch: features on very different scales (a house's
area in square feet next to its number of bedrooms) stretch the cost surface
into a narrow valley, and one learning rate cannot suit every direction.
Standardising each feature (subtract the mean, divide by the standard
deviation) rounds the valley. The normal equation solves the problem in one
step and needs neither scaling nor a learning rate.

The lecture uses house prices; this example runs offline on the stand-in of
``keras-lectures report --quick``: scikit-learn's diabetes table in its own
units, ten features from 1 to about 300.
"""

# %%
# The data and the model
# ----------------------
# The quick model is a pipeline: a ``StandardScaler`` (fitted on the
# training rows only) in front of
# :class:`~keras_lectures.lectures.LinearRegressionGD`.
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
print(f"R² on the test rows: {model.score(data.X_test, data.y_test):.3f}")

# %%
# Choosing the learning rate
# --------------------------
# The cost per iteration for several learning rates on the standardised
# features: too small crawls, a good one drops fast, and one past the
# stability limit makes the cost grow with every step.
fig = pictures.learning_rates(model, data, fig=plt.figure())

# %%
# The normal equation gives the same answer
# -----------------------------------------
# ``theta = (X^T X)^-1 X^T y`` solves the least-squares problem exactly.
# Gradient descent on standardised features converges to the same
# predictions.
from sklearn.linear_model import LinearRegression

exact = LinearRegression().fit(data.X_train, data.y_train)
gap = np.max(np.abs(exact.predict(data.X_test) - model.predict(data.X_test)))
print(f"largest difference of the test predictions, gradient descent vs normal "
      f"equation: {gap:.3f} (targets range over {np.ptp(data.y_test):.0f})")

# %%
# Predicted against actual
# ------------------------
fig = pictures.predicted_vs_actual(model, data, fig=plt.figure())

# %%
# The lecture's numbers
# ---------------------
# The lecture predicts the price of a 1650 sq ft, 3-bedroom house, by the
# normal equation and by gradient descent. Measuring them needs the
# house-price file in the data home.
from keras_lectures.lectures import reproduce_figures

for row in reproduce_figures(lecture, missing="skip"):
    measured = "(file not here)" if row["measured"] is None else f"{row['measured']:.2f}"
    print(f"{row['name']}\n    published {row['published']:.2f}, measured {measured}")

plt.show()
