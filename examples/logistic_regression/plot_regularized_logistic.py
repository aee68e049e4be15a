"""
Regularised logistic regression
===============================

A straight boundary cannot separate classes arranged in rings. The lecture
feeds logistic regression all polynomial terms of the two inputs up to
degree 6 (27 features) so that the boundary ``theta^T x = 0`` can curve;
with so many weights it can also curve around every noisy point. The L2
penalty ``lambda / (2m) sum theta_j^2`` (the bias is not penalised) trades
the fit against the size of the weights: lambda = 0 overfits, lambda = 1
fits, lambda = 100 underfits.

The lecture's data are microchip test results. This example runs offline on
the stand-in of ``keras-lectures report --quick``: two noisy concentric
rings.
"""

# %%
# The data and the model
# ----------------------
# The model is a pipeline: ``PolynomialFeatures(6)`` then
# :class:`~keras_lectures.lectures.LogisticRegressionGD` with ``alpha``
# (lambda) = 1.
import matplotlib.pyplot as plt

from keras_lectures.lectures import get_lecture, load_lecture_data
from keras_lectures.reports import pictures

lecture = get_lecture("regularized-logistic")
data = load_lecture_data(lecture, quick=True)
model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)
n_features = model[:-1].transform(data.X_train[:1]).shape[1]
print(f"{data.dataset}: {len(data.X_train)} training rows, 2 inputs -> "
      f"{n_features} polynomial features")
print(f"lambda = {model[-1].alpha}: training accuracy "
      f"{model.score(data.X_train, data.y_train):.3f}, "
      f"test accuracy {model.score(data.X_test, data.y_test):.3f}")

# %%
# The boundary with lambda = 1
# ----------------------------
fig = pictures.decision_boundary(model, data, fig=plt.figure())

# %%
# Overfit, fit, underfit
# ----------------------
# The same model trained with lambda = 0, 1 and 100: the training accuracy
# under each panel falls as lambda grows, while the boundary goes from
# wiggly to smooth to too simple. (300 gradient-descent steps each here; the
# report trains 1000.)
fig = pictures.boundaries_by_lambda(model, data, epochs=300, fig=plt.figure())

# %%
# The lecture's numbers
# ---------------------
# The lecture's training accuracy on the microchips with lambda = 1, measured
# again when the file is in the data home.
from keras_lectures.lectures import reproduce_figures

for row in reproduce_figures(lecture, missing="skip"):
    measured = "(file not here)" if row["measured"] is None else f"{row['measured']:.4f}"
    print(f"{row['name']}: published {row['published']:.4f}, measured {measured}")

plt.show()
