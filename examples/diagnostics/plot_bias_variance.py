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
# draws one learning curve with both and checks that they agree.
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

def truth(X):
    """The noiseless curve the data scatter around."""
    return 2 * np.sin(1.5 * X[:, 0]) + 0.5 * X[:, 0]


rng = np.random.default_rng(0)
X = rng.uniform(-3, 3, size=(60, 1))
y = truth(X) + rng.normal(0, 0.5, size=60)  # noise of variance 0.5 ** 2 = 0.25


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

for name, curve in curves.items():
    train = curve.train_errors.mean(axis=1)[-1]
    valid = curve.test_errors.mean(axis=1)[-1]
    print(f"{name:<34} at {int(curve.train_sizes[-1])} examples: training error "
          f"{train:.3f}, validation error {valid:.3f}, gap {valid - train:.3f}")

# %%
# The noise alone costs 0.25, so no model can get its validation error
# much below that. What to look for: high bias shows as two errors that end
# close together, both well above 0.25 (the model is too simple, and more
# data will not change that); high variance as a training error near or
# even below the noise (the model fits noise) with a validation error far
# above it. Read the printed errors and gaps of the two models against
# that; :func:`~keras_lectures.diagnostics.diagnose` below turns the same
# comparison into a verdict.

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
# Each verdict names the problem and the remedies that suit it: more data
# or a stronger penalty against high variance; more features, a bigger
# model or a weaker penalty against high bias.

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
# The best lambda and the best degree are where the validation curves
# have their minimum (printed above). Left of it the model overfits, right
# of it it underfits; :func:`~keras_lectures.diagnostics.diagnose` reads the
# curve at its best value.

# %%
# The bias-variance decomposition
# -------------------------------
# Fit each model on many bootstrap samples of the training set and look at
# its predictions for the same test points. Measured against the noiseless
# curve (``truth``, known here because we generated the data), their
# average's squared distance from it is the squared bias, their spread
# around that average the variance; the two add up to the expected squared
# error against the truth. Against the noisy targets the noise (0.25) adds
# on top.
X_train, y_train, X_test, y_test = X[:45], y[:45], X[45:], y[45:]
models = {
    "degree 1": underfit,
    "degree 12, no penalty": overfit,
    f"degree 12, lambda = {best_alpha:.3g}": polynomial(12, best_alpha),
}
rows = []
for name, model in models.items():
    parts = bias_variance_decomposition(
        model, X_train, y_train, X_test, truth(X_test), n_rounds=50, random_state=0
    )
    rows.append((name, parts.bias_squared, parts.variance, parts.expected_loss))
    print(f"{name:<28} {parts}")

fig, ax = plt.subplots(figsize=(6.4, 3.6))
names = [row[0] for row in rows]
ax.bar(names, [row[1] for row in rows], label="squared bias")
ax.bar(names, [row[2] for row in rows], bottom=[row[1] for row in rows],
       label="variance")
ax.set_ylabel("expected squared error (vs the truth)")
ax.set_title("Bias-variance decomposition, 50 bootstrap rounds")
ax.legend()
fig.tight_layout()
plt.show()

biases, variances = [row[1] for row in rows], [row[2] for row in rows]
print(f"largest squared bias: {names[int(np.argmax(biases))]}; largest variance: "
      f"{names[int(np.argmax(variances))]}; lowest expected error: "
      f"{names[int(np.argmin([row[3] for row in rows]))]}")

# %%
# The line should miss the curve's shape whatever sample it sees: a large
# bias and little variance. The unpenalised degree-12 polynomial follows
# each bootstrap sample's noise, so its predictions should differ from
# sample to sample: a large variance. The penalty trades a little bias for
# much less variance. The printed line names the model with the largest of
# each, and the one with the lowest total: the balance to aim for.

# %%
# The lecture's model draws the same curve
# ----------------------------------------
# The learning curve of the straight line once more, now also with the
# lecture's Keras model,
# :class:`~keras_lectures.lectures.LinearRegressionGD`, trained by plain
# full-batch gradient descent (its default ``optimizer="sgd"``, 300 steps,
# learning rate 0.3). Fitting the same architecture again and again reuses
# its compiled training step, so the 18 Keras fits take a few seconds.
from keras_lectures import LinearRegressionGD

gd_line = make_pipeline(
    StandardScaler(), LinearRegressionGD(learning_rate=0.3, epochs=300, random_state=0)
)
common_gd = dict(common, cv=3, train_sizes=sizes)
gd_curve = learning_curve(gd_line, X, y, **common_gd)
ridge_curve = learning_curve(underfit, X, y, **common_gd)

fig, ax = plt.subplots(figsize=(6.4, 3.8))
for curve, name, style in ((ridge_curve, "Ridge (exact)", "o-"),
                           (gd_curve, "LinearRegressionGD (300 steps)", "x--")):
    ax.plot(curve.train_sizes, curve.train_errors.mean(axis=1), style,
            color="tab:blue", label=f"{name}: training")
    ax.plot(curve.train_sizes, curve.test_errors.mean(axis=1), style,
            color="tab:orange", label=f"{name}: validation")
ax.set_xlabel("training examples")
ax.set_ylabel("mean squared error")
ax.set_title("Degree 1: the exact solution and gradient descent")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

difference = np.max(np.abs(gd_curve.test_errors - ridge_curve.test_errors))
print(f"largest difference of the validation errors, gradient descent vs Ridge: "
      f"{difference:.2e}: the curves "
      f"{'coincide' if difference < 1e-3 else 'differ'}")

# %%
# 300 gradient-descent steps on standardised features should reach the
# minimum that ``Ridge`` computes exactly (lambda is 1e-6, next to
# nothing), so the dashed curves should lie on the solid ones; the printed
# difference checks it. Where they coincide, every diagnosis above holds
# for the lecture's model too.

# %%
# Try this
# --------
# * Generate 600 points instead of 60. Predict how the learning curves of
#   both models change (which gap closes?), then run it.
# * Raise the noise from 0.5 to 1.5 (and the baseline to ``1.5 ** 2``):
#   does the best lambda printed above grow or shrink?
# * Give ``LinearRegressionGD`` 10 steps instead of 300: do the two curves
#   still coincide? What kind of error does stopping early add?
