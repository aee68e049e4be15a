"""
Recurrent networks: a time series with an LSTM
==============================================

An LSTM reads a sequence one step at a time and carries a memory from step
to step. The lecture feeds it 7 days of stock prices (open, high, low,
volume, close) and asks for the next day's close. Two cautions: every scaler
is fitted on the training days only (fitting it on the whole series leaks
the future into training), and a model must beat the naive forecast
"tomorrow = today" to be worth anything.

This example runs offline on the stand-in of ``keras-lectures report
--quick``, a generated noisy sine wave, with 40 epochs instead of the
lecture's 500.
"""

# %%
# The data and the model
# ----------------------
# The windows are cut first; the oldest 70 % train, the rest test. The
# model is the lecture's pipeline: ``MinMaxScaler``, ``SlidingWindow(7)`` (flat
# rows to sequences) and :class:`~keras_lectures.lectures.LSTMRegressor`,
# with the target scaled inside a ``TransformedTargetRegressor``.
import matplotlib.pyplot as plt
import numpy as np

from keras_lectures.lectures import get_lecture, load_lecture_data
from keras_lectures.reports import pictures

lecture = get_lecture("lstm")
data = load_lecture_data(lecture, quick=True)
print(f"{data.dataset}: {len(data.X_train)} training and {len(data.X_test)} test "
      f"windows of 7 steps")

model = lecture.make_estimator(quick=True, random_state=0)
model.fit(data.X_train, data.y_train)

# %%
# Against "tomorrow = today"
# --------------------------
# The last value of each window is the naive forecast. After 40 epochs the
# LSTM is still worse than it here; on the lecture's stock prices (a near
# random walk), even the fully trained LSTM only draws level with it (see the
# lecture notes).
found = pictures.errors(model, data, baseline="last")
verdict = "beats" if found["model"] < found["baseline"] else "does not beat"
print(f"mean absolute error on the test windows: LSTM {found['model']:.4f}, "
      f"'tomorrow = today' {found['baseline']:.4f}: the LSTM {verdict} it")
fig = pictures.predicted_vs_actual(model, data, baseline="last", fig=plt.figure())
plt.show()
