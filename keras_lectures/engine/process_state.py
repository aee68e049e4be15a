"""The process-wide state the engine touches, and the one lock it takes to touch it.

A fit changes no process-wide setting: each thread seeds, switches and
draws on its own. Three things the engine needs are process-wide by nature,
and each is touched only under :data:`PROCESS_LOCK`:

- Keras draws the default seeds of initializers and seed generators from
  Python's global ``random`` (its seed generator module's ``python_random``).
  Once per process, under the lock, that reference is replaced by a stand-in
  that is Python's ``random`` in every thread except one inside a seeded
  engine block, which draws from its own generator
  (:func:`~keras_lectures.engine._keras_internals.keras_seeds_from`).
- Keras's serialiser asks whether TensorFlow is available, which imports it
  (seconds, on jax or torch). Once per process, under the lock, Keras's
  availability probe is given a class whose answer is "no" in a thread
  inside the engine's block while TensorFlow is not imported, and Keras's own
  answer everywhere else
  (:func:`~keras_lectures.engine._keras_internals.without_tensorflow_probe`).
- torch's intra-op thread count: while any thread runs a tiny step or
  forward pass the process runs on one torch thread; the count the first
  such block found is put back by the last one out, under the lock
  (:func:`~keras_lectures.engine._torch.threads_for`).

- TensorFlow's logger: every fit of a new model traces its step functions
  anew (a model of the architecture is built per fit), which TensorFlow
  reports as "N out of the last N calls ... triggered tf.function
  retracing" during validation curves over many architectures. Once per
  process, under the lock, a filter is added to TensorFlow's logger that
  drops that one message in a thread inside an estimator's fit or
  prediction (:func:`quiet_retracing`) and nowhere else.

The lock guards only this bookkeeping, never a fit.
"""

import logging
import threading
from contextlib import contextmanager

__all__ = ["PROCESS_LOCK", "quiet_retracing"]

#: Held while the engine changes anything process-wide (see the module notes).
PROCESS_LOCK = threading.RLock()

_RETRACING = "triggered tf.function retracing"
_quiet = threading.local()


class _QuietRetracing(logging.Filter):
    """Drops TensorFlow's retracing warning in threads inside :func:`quiet_retracing`."""

    def filter(self, record):
        return not (getattr(_quiet, "depth", 0) and _RETRACING in record.getMessage())


_FILTER = _QuietRetracing()


@contextmanager
def quiet_retracing(backend_name):
    """Silence TensorFlow's retracing warning in this thread, for a block.

    Parameters
    ----------
    backend_name : str
        The active Keras backend; on any but TensorFlow nothing happens.
    """
    if backend_name != "tensorflow":
        yield
        return
    import tensorflow as tf

    logger = tf.get_logger()
    with PROCESS_LOCK:
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    outer = getattr(_quiet, "depth", 0)
    _quiet.depth = outer + 1
    try:
        yield
    finally:
        _quiet.depth = outer
