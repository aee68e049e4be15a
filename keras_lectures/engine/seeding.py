"""Seed one fit without leaving global random state changed afterwards.

``keras.utils.set_random_seed`` seeds Python, NumPy and the backend for the
whole process (and imports TensorFlow whenever it is installed). A fit with a
``random_state`` must be reproducible, but must not change what unrelated code
draws afterwards, so :func:`seeded` saves every generator that Keras draws from,
seeds them, and restores them when the fit ends.
"""

import random
from contextlib import contextmanager

import numpy as np

__all__ = ["seeded", "seed_from_random_state"]

_MAX_SEED = 2**31 - 1


def seed_from_random_state(random_state):
    """Turn a scikit-learn ``random_state`` into an integer seed or None.

    Parameters
    ----------
    random_state : None, int or numpy.random.RandomState
        ``None`` means unseeded. An integer is used as it is. A ``RandomState``
        is drawn from, as scikit-learn estimators do.

    Returns
    -------
    seed : int or None
    """
    if random_state is None:
        return None
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(_MAX_SEED))
    return int(random_state)


@contextmanager
def seeded(seed, backend_name):
    """Seed Python, NumPy, Keras and the backend for the duration of a block.

    Parameters
    ----------
    seed : int or None
        ``None`` leaves everything untouched.
    backend_name : str
        The active Keras backend.
    """
    if seed is None:
        yield
        return
    from keras.src.backend.common import global_state
    from keras.src.random import seed_generator

    python_state = random.getstate()
    numpy_state = np.random.get_state()
    keras_generator = global_state.get_global_attribute(
        seed_generator.GLOBAL_SEED_GENERATOR
    )
    restore_backend = _seed_backend(seed, backend_name)
    random.seed(seed)
    np.random.seed(seed)
    # Unseeded keras.random calls draw from this generator: start a fresh,
    # seeded one for the block and put the caller's back afterwards.
    global_state.set_global_attribute(seed_generator.GLOBAL_SEED_GENERATOR, None)
    try:
        yield
    finally:
        global_state.set_global_attribute(
            seed_generator.GLOBAL_SEED_GENERATOR, keras_generator
        )
        np.random.set_state(numpy_state)
        random.setstate(python_state)
        restore_backend()


def _seed_backend(seed, backend_name):
    """Seed the backend's own generator; return a function that restores it."""
    if backend_name == "torch":
        import torch

        state = torch.random.get_rng_state()
        torch.manual_seed(seed)
        return lambda: torch.random.set_rng_state(state)
    if backend_name == "tensorflow":
        import tensorflow as tf
        from tensorflow.python.eager import context

        previous = context.global_seed()
        tf.random.set_seed(seed)
        return lambda: tf.random.set_seed(previous)
    # jax has no global generator: Keras draws its seeds from Python's.
    return lambda: None

