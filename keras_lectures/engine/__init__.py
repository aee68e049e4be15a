"""How a compiled Keras model is trained and run fast, with Keras's results.

The estimators call the engine through these functions only:

- :func:`train` trains a compiled model as ``keras.Model.fit`` would (the
  same batches, steps and final state), through a lean loop per backend
  that reuses compiled steps across fits of one architecture;
  :func:`can_train` says whether it covers a model and a plain fit;
- :func:`predict` is a quiet forward pass (what ``predict`` computes);
- :func:`seeded` seeds one fit without changing global random state, and
  safely in threads;
- :class:`UntestedVersionWarning` is issued, once, when Keras or its
  backend is a version the engine was not tested with: it then steps aside
  (Keras's own ``fit``, ``predict_on_batch`` and ``set_random_seed``);
- :func:`fast_fit` switches every fast route off (then fits are
  ``keras.Model.fit`` and predictions ``predict_on_batch``), and
  :func:`clear_trainers` forgets every compiled trainer.

Layout: one module per backend (``_jax.py``, ``_tensorflow.py``,
``_torch*.py``, imported only on their backend), each registering its hooks
with :mod:`~keras_lectures.engine.registry`, through which the shared
modules reach it; every private part of Keras and of the backends in
:mod:`~keras_lectures.engine._keras_internals`, which knows the versions
the engine was tested with and makes it step aside on others.
"""

from keras_lectures.engine._keras_internals import UntestedVersionWarning
from keras_lectures.engine.cache import clear_trainers
from keras_lectures.engine.inference import predict
from keras_lectures.engine.seeding import seeded
from keras_lectures.engine.switch import fast_fit, fast_fit_enabled
from keras_lectures.engine.training import can_train, train

__all__ = [
    "UntestedVersionWarning",
    "can_train",
    "clear_trainers",
    "fast_fit",
    "fast_fit_enabled",
    "predict",
    "seeded",
    "train",
]
