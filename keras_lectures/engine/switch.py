"""The one switch of the engine's fast routes, per thread.

``fast_fit(False)``, or the environment variable ``KERAS_LECTURES_FAST_FIT=0``,
turns off every fast route: the lean training loops, the trainer cache, the
compiled forward passes, and the lecture estimators' full-batch TensorFlow
route. Fits are then ``keras.Model.fit`` on a fresh model, and predictions
``predict_on_batch``.

Like :func:`sklearn.config_context`, a ``fast_fit`` block holds for the
thread that opens it only: another thread's fits are unaffected. And like
scikit-learn's configuration, the setting follows the work into joblib's
workers. scikit-learn carries its own configuration there in
``sklearn.utils.parallel.Parallel``, which accepts no other settings; this
switch travels with the estimators instead: a Keras estimator cloned inside
a block (as ``cross_val_score``, ``learning_curve`` and ``GridSearchCV``
clone in the caller's thread before dispatching) carries the block's
setting to the thread or process that fits the clone
(:meth:`~keras_lectures.estimators.BaseKerasEstimator.__sklearn_clone__`).
"""

import os
import threading
from contextlib import contextmanager

__all__ = ["fast_fit", "fast_fit_enabled", "thread_setting"]

_local = threading.local()


def thread_setting():
    """The innermost ``fast_fit`` block's setting in this thread, or None."""
    stack = getattr(_local, "stack", None)
    return stack[-1] if stack else None


def fast_fit_enabled():
    """Whether fits and predictions in this thread may take the fast routes.

    Returns
    -------
    enabled : bool
        The setting of this thread's innermost open ``fast_fit`` block;
        without one, False when the environment variable
        ``KERAS_LECTURES_FAST_FIT`` is ``0``, ``false``, ``no`` or ``off``.
    """
    setting = thread_setting()
    if setting is not None:
        return setting
    value = os.environ.get("KERAS_LECTURES_FAST_FIT", "1").strip().lower()
    return value not in ("0", "false", "no", "off")


@contextmanager
def fast_fit(enabled):
    """Turn the engine's fast routes on or off within a block, in this thread.

    Parameters
    ----------
    enabled : bool
        False makes every fit in the block an ordinary ``keras.Model.fit``
        of a fresh model, and every prediction Keras's ``predict_on_batch``.
        Blocks nest. Estimators cloned inside the block carry the setting
        into the joblib workers that fit them (see the module notes).

    Yields
    ------
    None
        The block runs with the setting; the previous one returns after it.
    """
    stack = _local.__dict__.setdefault("stack", [])
    stack.append(bool(enabled))
    try:
        yield
    finally:
        stack.pop()
