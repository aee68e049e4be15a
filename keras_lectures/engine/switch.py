"""The one switch of the engine's fast routes.

``fast_fit(False)``, or the environment variable ``KERAS_LECTURES_FAST_FIT=0``,
turns off every fast route: the lean training loops, the trainer cache, the
compiled forward passes, and the lecture estimators' full-batch TensorFlow
route. Fits are then ``keras.Model.fit`` on a fresh model, and predictions
``predict_on_batch``.
"""

import os
import threading
from contextlib import contextmanager

__all__ = ["fast_fit", "fast_fit_enabled"]

# The switch is process-wide (like the environment variable), so that the
# worker threads of joblib's threading backend or of a Dask LocalCluster
# obey a block the caller opened. Blocks nest; the lock only guards the
# bookkeeping.
_lock = threading.Lock()
_stack = []


def fast_fit_enabled():
    """Whether fits and predictions may take the engine's fast routes.

    Returns
    -------
    enabled : bool
        The innermost open ``fast_fit`` block's setting; without one, False
        when the environment variable ``KERAS_LECTURES_FAST_FIT`` is ``0``,
        ``false``, ``no`` or ``off``.
    """
    with _lock:
        if _stack:
            return _stack[-1]
    value = os.environ.get("KERAS_LECTURES_FAST_FIT", "1").strip().lower()
    return value not in ("0", "false", "no", "off")


@contextmanager
def fast_fit(enabled):
    """Turn the engine's fast routes on or off within a block (whole process).

    Parameters
    ----------
    enabled : bool
        False makes every fit in the block an ordinary ``keras.Model.fit``
        of a fresh model, and every prediction Keras's ``predict_on_batch``.

    Yields
    ------
    None
        The block runs with the setting; the previous one returns after it.
    """
    with _lock:
        _stack.append(bool(enabled))
    try:
        yield
    finally:
        with _lock:
            _stack.pop()
