"""
Bias and variance: diagnosing a model
=====================================

A model that does badly either *underfits* (high bias: it is too simple, and
even its training error is high) or *overfits* (high variance: it fits the
training set, noise included, and fails on new data). The two call for
opposite remedies, and the lecture's advice is to find out which before
doing anything: more data helps high variance but not high bias; more
features or a weaker penalty help high bias but worsen high variance.

This example fits polynomials to noisy data and reads the diagnosis off
learning curves, validation curves, :func:`~keras_lectures.diagnostics.diagnose`
and the bias-variance decomposition.
"""

# %%
# Data and two models
# -------------------
# A noisy wave in one variable. A straight line (degree 1) cannot follow it;
# a degree-12 polynomial without a penalty follows every wiggle of the noise.
#
# The lecture minimises the regularised squared-error cost by gradient
# descent (:class:`~keras_lectures.lectures.LinearRegressionGD`); that cost's
# exact minimiser is scikit-learn's :class:`~sklearn.linear_model.Ridge` with
# the same ``alpha`` (lambda), and the diagnostics accept any estimator. The
# curves below need hundreds of fits, so they use ``Ridge``; the last section
# checks that the lecture's gradient-descent model draws the same curve.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from keras_lectures.diagnostics import (
    bias_variance_decomposition,
    diagnose,
    learning_curve,
    validation_curve,
)

rng = np.random.default_rng(0)
X = rng.uniform(-3, 3, size=(60, 1))
y = 2 * np.sin(1.5 * X[:, 0]) + 0.5 * X[:, 0] + rng.normal(0, 0.5, size=60)


def polynomial(degree, alpha=1e-6):
    return make_pipeline(
        PolynomialFeatures(degree, include_bias=False), StandardScaler(), Ridge(alpha=alpha)
    )


underfit, overfit = polynomial(1), polynomial(12)

# %%
# Learning curves
# ---------------
# Training and validation error against the number of training examples,
# averaged over five shuffled splits (60 examples in all). High bias: both errors are high and
# meet early, so more data will not help. High variance: the training error
# is far below the validation error, and the gap closes slowly as data comes.
sizes = np.linspace(0.2, 1.0, 6)
common = dict(cv=5, train_sizes=sizes, scoring="neg_mean_squared_error",
              shuffle=True, random_state=0)
curves = {
    "degree 1 (underfits)": learning_curve(underfit, X, y, **common),
    "degree 12, no penalty (overfits)": learning_curve(overfit, X, y, **common),
}

fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
for ax, (name, curve) in zip(axes, curves.items()):
    curve.plot(ax=ax)
    ax.set_title(name)
    ax.set_ylim(0, 4)  # the overfitting model's first errors are far above
fig.tight_layout()
plt.show()

# %%
# The verdict in words
# --------------------
# :func:`~keras_lectures.diagnostics.diagnose` reads the same numbers and says
# what they mean. A baseline (the error we could hope for: here the noise,
# 0.5 ** 2 = 0.25) lets it judge bias against a target.
for name, curve in curves.items():
    print(f"== {name}")
    print(diagnose(curve, baseline=0.25))
    print()

# %%
# Validation curves: the penalty and the degree
# ---------------------------------------------
# A validation curve varies one parameter. Over lambda (``alpha``) for the
# degree-12 polynomial: too small overfits (low training error, high
# validation error), too large underfits (both high); the best lambda is in
# between. Over the degree with a small fixed penalty: the mirror image.
alphas = np.logspace(-6, 3, 10)
by_alpha = validation_curve(
    overfit, X, y, param_name="ridge__alpha", param_range=alphas, cv=5,
    scoring="neg_mean_squared_error",
)
degrees = np.arange(1, 13)
by_degree = validation_curve(
    polynomial(1), X, y, param_name="polynomialfeatures__degree",
    param_range=degrees, cv=5, scoring="neg_mean_squared_error",
)

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
by_alpha.plot(ax=ax1)
ax1.set_xscale("log")
ax1.set_xlabel("lambda (alpha)")
ax1.set_title("Degree 12: the penalty")
by_degree.plot(ax=ax2)
ax2.set_xlabel("polynomial degree")
ax2.set_title("The degree")
for ax in (ax1, ax2):
    ax.set_ylim(0, 4)
fig.tight_layout()
plt.show()

best_alpha = alphas[np.argmin(by_alpha.test_errors.mean(axis=1))]
best_degree = degrees[np.argmin(by_degree.test_errors.mean(axis=1))]
print(f"lowest validation error: lambda = {best_alpha:.3g} (degree 12); "
      f"degree {best_degree} (lambda 1e-6)")
print(diagnose(by_alpha))

# %%
# The bias-variance decomposition
# -------------------------------
# Fit each model on many bootstrap samples of the training set and look at
# its predictions for the same test points: their average's squared distance
# from the truth is the bias term, their spread around that average the
# variance. The line has a large bias and almost no variance; the
# unpenalised degree-12 polynomial the reverse; the penalised one balances
# the two.
X_train, y_train, X_test, y_test = X[:45], y[:45], X[45:], y[45:]
models = {
    "degree 1": underfit,
    "degree 12, no penalty": overfit,
    f"degree 12, lambda = {best_alpha:.3g}": polynomial(12, best_alpha),
}
rows = []
for name, model in models.items():
    parts = bias_variance_decomposition(
        model, X_train, y_train, X_test, y_test, n_rounds=50, random_state=0
    )
    rows.append((name, parts.bias_squared, parts.variance, parts.expected_loss))
    print(f"{name:<28} {parts}")

fig, ax = plt.subplots(figsize=(6.4, 3.6))
names = [row[0] for row in rows]
ax.bar(names, [row[1] for row in rows], label="squared bias (noise included)")
ax.bar(names, [row[2] for row in rows], bottom=[row[1] for row in rows],
       label="variance")
ax.set_ylabel("expected squared error")
ax.set_title("Bias-variance decomposition, 50 bootstrap rounds")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# The lecture's model draws the same curve
# ----------------------------------------
# The learning curve of the straight line once more, now with the lecture's
# Keras model trained by full-batch gradient descent (300 steps). Fitting the
# same architecture again and again reuses its compiled training step, so the
# 18 Keras fits take a few seconds.
from keras_lectures import LinearRegressionGD

gd_line = make_pipeline(
    StandardScaler(), LinearRegressionGD(learning_rate=0.3, epochs=300, random_state=0)
)
common_gd = dict(common, cv=3, train_sizes=sizes)
gd_curve = learning_curve(gd_line, X, y, **common_gd)
ridge_curve = learning_curve(underfit, X, y, **common_gd)
difference = np.max(np.abs(gd_curve.test_errors - ridge_curve.test_errors))
print(f"largest difference of the validation errors, gradient descent vs Ridge: "
      f"{difference:.2e}")
