"""
One estimator on every backend
==============================

Keras 3 runs the same model on JAX, TensorFlow or PyTorch. Keras fixes its
backend when it is first imported, so one Python process can only use one of
them; to compare them we run the *same code* once per installed backend, each
in a fresh Python process with ``KERAS_BACKEND`` set, and put the scores and
times side by side.

The command ``keras-lectures backends --compare LECTURE`` does the same for a
lecture of the course.
"""

# %%
# The experiment
# --------------
# A multi-layer perceptron from the lecture on scikit-learn's 8x8 handwritten
# digits, trained with Adam (``MLPClassifier``'s default ``optimizer="adam"``,
# learning rate 0.001): fit, time the fit, score on held-out digits. The second fit of the
# same architecture reuses the compiled training step, so it shows the
# steady-state cost of training rather than the one-off compilation.
EXPERIMENT = """
import json, time
import keras
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from keras_lectures import MLPClassifier

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X / 16.0, y, test_size=0.25, stratify=y, random_state=0)
model = MLPClassifier((32,), epochs=15, batch_size=32, random_state=0)
times = []
for _ in range(2):
    start = time.perf_counter()
    model.fit(X_train, y_train)
    times.append(time.perf_counter() - start)
start = time.perf_counter()
predicted = model.predict(X_test)
predict_time = time.perf_counter() - start
print(json.dumps({
    "backend": keras.backend.backend(),
    "accuracy": model.score(X_test, y_test),
    "first_fit": times[0],
    "second_fit": times[1],
    "predict": predict_time,
    "predicted": predicted.tolist(),
}))
"""

# %%
# One process per backend
# -----------------------
# :func:`keras_lectures.backend.available` lists the installed backends. Each
# run is an ordinary ``python -c`` of the code above.
import json
import os
import subprocess
import sys

import numpy as np

from keras_lectures import backend

results = []
for name in backend.available():
    env = dict(os.environ, KERAS_BACKEND=name, TF_CPP_MIN_LOG_LEVEL="2")
    done = subprocess.run([sys.executable, "-c", EXPERIMENT], env=env,
                          capture_output=True, text=True, check=True)
    results.append(json.loads(done.stdout.strip().splitlines()[-1]))

print(f"{'backend':<12}{'test accuracy':>14}{'1st fit (s)':>13}"
      f"{'2nd fit (s)':>13}{'predict (s)':>13}")
for r in results:
    print(f"{r['backend']:<12}{r['accuracy']:>14.4f}{r['first_fit']:>13.2f}"
          f"{r['second_fit']:>13.2f}{r['predict']:>13.3f}")
    print(f"{'':<12}the first fit took {r['first_fit'] / r['second_fit']:.1f} times "
          f"as long as the second")

# %%
# The first fit pays for building and compiling the training step; the
# second reuses it. The printed ratio shows that one-off cost for each
# backend. The test accuracies should be close to each other, not equal:
# see below.

# %%
# Do the backends agree?
# ----------------------
# Each backend draws its own initial weights from the same seed, so the
# models are not bit-identical; they should still agree on nearly every
# digit. (Only the backends installed here are compared: install more with
# ``pip install "keras-lectures[all]"``.)
predictions = np.array([r["predicted"] for r in results])
agreement = np.mean(np.all(predictions == predictions[0], axis=0))
print(f"{len(results)} backend(s); all agree on {agreement:.1%} of the test digits")
accuracies = [r["accuracy"] for r in results]
print(f"test accuracies differ by at most {max(accuracies) - min(accuracies):.4f}")

# %%
# With one backend installed the agreement is trivially 100 %. With
# several, the printed share says on how many digits the differently
# initialised models give the same answer.

# %%
# Fit times side by side
# ----------------------
import matplotlib.pyplot as plt

names = [r["backend"] for r in results]
x = np.arange(len(results))
fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.bar(x - 0.2, [r["first_fit"] for r in results], width=0.4,
       label="first fit (compiles)")
ax.bar(x + 0.2, [r["second_fit"] for r in results], width=0.4,
       label="second fit (compiled)")
ax.set_xticks(x, names)
ax.set_ylabel("seconds")
ax.set_title("15 epochs of a 64-32-10 MLP on 1,347 digits")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# Each pair of bars is one backend. Read the second bar to compare the
# backends' training speed; the first bar minus the second is the
# compilation, paid once per architecture and process.

# %%
# Try this
# --------
# * Raise ``epochs`` in ``EXPERIMENT`` from 15 to 60. Predict: does the
#   first fit's extra cost grow with the epochs, or stay the same?
# * Set ``batch_size=1347`` (the whole training set in one batch): how
#   do the second-fit times change, and what happens to the accuracy after
#   15 steps?
# * Run ``keras-lectures backends --compare xor-mlp`` in a terminal and
#   compare with this table.
