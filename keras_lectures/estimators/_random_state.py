"""A scikit-learn ``random_state`` as the integer seed of one fit."""

import numpy as np

__all__ = ["seed_from_random_state"]

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
