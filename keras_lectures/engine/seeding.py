"""Seed one fit without changing global random state, safely in threads.

``keras.utils.set_random_seed`` seeds Python, NumPy and the backend for the
whole process. A fit with a ``random_state`` must be reproducible, but must
neither change what unrelated code draws afterwards nor depend on what other
threads draw meanwhile. Keras draws from process-wide generators: Python's
``random`` for the seeds of initializers and dropout layers, NumPy's global
generator for ``fit``'s shuffling on jax, torch's default generator on
torch, TensorFlow's global seed on tensorflow. Its own seed generator for
unseeded ``keras.random`` calls is thread-local.

So :func:`seeded` holds one process-wide lock (:data:`SEED_LOCK`) while
those generators are seeded. For a fit through ``keras.Model.fit`` that is
the whole fit, since Keras draws from them throughout: seeded Keras fits in
threads run one at a time. Keras's default seeds come from a generator of
the fit's own (:func:`~keras_lectures.engine._keras_internals.keras_seeds_from`).
A lean loop instead calls :func:`private_draws`
once the model is built: the generators' seeded states are copied into
private ones that only this fit draws from, the caller's states are put
back and the lock is released, so the rest of the fit runs alongside other
threads and draws exactly what ``fit`` would have drawn.

On TensorFlow, ``tf.random.set_seed`` also clears the eager context's
caches: every traced function is then instantiated again on its next call
(about a quarter of a second for a small model's whole fit). The clear
matters only to stateful random ops (``tf.random.normal`` and the like;
Keras's own draws are stateless, and ``tf.data`` pipelines start with fresh
kernels): their kernels keep a counter that only the clear restarts. So the
seed is written without clearing unless such a kernel may have run since
the last clear: run by this thread in a seeded block, from its start to its
end, the fit after :func:`private_draws` included (an op callback watches
the ops and traced functions it runs), or TensorFlow's generator of op
seeds moved or was replaced since it was last set here (unseeded eager
random ops or ``tf.random.set_seed`` in the caller's code). Not covered: a
stateful kernel the caller's code runs outside seeded fits without drawing
from that generator (an op with a seed of its own, or one in a traced
function) and a later fit runs again (the same op and seeds under the same
global seed, the same traced function): it is not restarted for that fit.

On a Keras or backend version the engine was not tested with
(:func:`~keras_lectures.engine._keras_internals.tested`), a seeded block is
Keras's own ``keras.utils.set_random_seed`` under the lock for the whole
block, with Python's, NumPy's and torch's states put back after it
(TensorFlow's global seed stays as Keras set it: reading it back takes a
private function).
"""

import random
import threading
from contextlib import contextmanager

import numpy as np

from keras_lectures.engine import _keras_internals as internals

__all__ = ["Draws", "SEED_LOCK", "private_draws", "seeded"]

#: Held while the process-wide generators are seeded (see the module notes).
SEED_LOCK = threading.RLock()

_local = threading.local()


class Draws:
    """The generators one fit draws its row orders from.

    Parameters
    ----------
    numpy : numpy.random.RandomState or None
        None: NumPy's global generator, as ``fit`` on jax.
    torch : torch.Generator or None
        None: torch's default generator, as ``fit`` on torch.
    """

    def __init__(self, numpy=None, torch=None):
        self.numpy = numpy
        self.torch = torch

    def permutation(self, n):
        """A permutation of ``range(n)``, as ``np.random.permutation``."""
        return (np.random if self.numpy is None else self.numpy).permutation(n)

    def torch_loader_opened(self):
        """The draw of a torch ``DataLoader`` iterator when it opens (its base seed)."""
        import torch

        torch.empty((), dtype=torch.int64).random_(generator=self.torch)

    def torch_sampler_order(self, n):
        """The order a torch ``RandomSampler`` without a generator draws."""
        import torch

        seed = int(torch.empty((), dtype=torch.int64).random_(generator=self.torch).item())
        generator = torch.Generator()
        generator.manual_seed(seed)
        return torch.randperm(n, generator=generator).numpy()


class _Block:
    def __init__(self, backend_name, saved):
        self.backend_name = backend_name
        self.saved = saved
        self.locked = True
        self.draws = None
        self.watch = None


class _TensorFlowKernels:
    """Whether TensorFlow's cached kernels may hold a random kernel's state.

    ``dirty``: a stateful random kernel may have run since the caches were
    last cleared (True at first: nothing is known of what ran before).
    ``draws``: TensorFlow's op-seed generator and its state as last set
    here. Written under :data:`SEED_LOCK`, except ``dirty = True`` by a
    watch (see the module notes).
    """

    dirty = True
    draws = None


def _tensorflow_kernels_may_carry_state():
    return (_TensorFlowKernels.dirty
            or internals.tensorflow_op_seed_draws() != _TensorFlowKernels.draws)


def _kernel_ran():
    _TensorFlowKernels.dirty = True


def _set_tensorflow_seed(seed):
    """``tf.random.set_seed(seed)``, clearing TensorFlow's caches only when needed."""
    if _tensorflow_kernels_may_carry_state():
        import tensorflow as tf

        _TensorFlowKernels.dirty = False  # before the clear: a later run marks it again
        tf.random.set_seed(seed)
    else:
        internals.set_tensorflow_seed_keeping_kernels(seed)
    _TensorFlowKernels.draws = internals.tensorflow_op_seed_draws()


def private_draws(release=True):
    """The generators this fit draws from from now on; releases the seed lock.

    Outside a seeded block: the global generators, as ``fit`` draws from
    them. Inside one: private copies of the seeded generators' current
    states; the caller's global states are restored and :data:`SEED_LOCK`
    is released (see the module notes).

    Parameters
    ----------
    release : bool, default=True
        False when the fit's own steps draw from a process-wide generator
        (torch's unseeded dropout draws from torch's default generator):
        the fit then keeps the seeded global generators, and the lock, to
        the end of the seeded block.

    Returns
    -------
    draws : Draws
    """
    block = getattr(_local, "block", None)
    if block is None or not release:
        return block.draws if block is not None and block.draws else Draws()
    if block.locked:
        block.draws = Draws(*_private_copies(block.backend_name))
        _restore(block.saved)
        block.locked = False
        SEED_LOCK.release()
    return block.draws


def _private_copies(backend_name):
    numpy = np.random.RandomState()
    numpy.set_state(np.random.get_state())
    generator = None
    if backend_name == "torch":
        import torch

        generator = torch.Generator()
        generator.set_state(torch.random.get_rng_state())
    return numpy, generator


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
    if not internals.tested():
        with _keras_own_seeding(seed, backend_name):
            yield
        return
    SEED_LOCK.acquire()
    try:
        saved = _save(backend_name)
        _seed(seed, backend_name)
    except BaseException:
        SEED_LOCK.release()
        raise
    # Unseeded keras.random calls draw from Keras's thread-local generator:
    # start a fresh, seeded one for the block and put the caller's back after.
    keras_generator = internals.global_seed_generator()
    internals.set_global_seed_generator(None)
    block = _Block(backend_name, saved)
    outer = getattr(_local, "block", None)
    _local.block = block
    try:
        if backend_name == "tensorflow":
            # to the end of the block: the fit after private_draws included
            block.watch = internals.watch_random_kernels(_kernel_ran)
        # Keras's default seeds (initializers, dropout) from this thread's own
        # generator: the same numbers, whatever other threads draw from Python's
        with internals.keras_seeds_from(random.Random(seed)):
            yield
    finally:
        _local.block = outer
        internals.set_global_seed_generator(keras_generator)
        try:
            if block.watch is not None:
                internals.unwatch_random_kernels(block.watch)
        finally:
            if block.locked:
                try:
                    _restore(saved)
                finally:
                    SEED_LOCK.release()


@contextmanager
def _keras_own_seeding(seed, backend_name):
    """``keras.utils.set_random_seed`` for a block, under the seed lock."""
    import keras

    with SEED_LOCK:
        saved = _save_public(backend_name)
        try:
            keras.utils.set_random_seed(seed)
            yield
        finally:
            _restore(saved)


def _save_public(backend_name):
    saved = {"python": random.getstate(), "numpy": np.random.get_state()}
    if backend_name == "torch":
        import torch

        saved["torch"] = torch.random.get_rng_state()
    return saved


def _save(backend_name):
    saved = _save_public(backend_name)
    if backend_name == "tensorflow":
        saved["tensorflow"] = internals.tensorflow_global_seed()
    return saved


def _seed(seed, backend_name):
    random.seed(seed)
    np.random.seed(seed)
    if backend_name == "torch":
        import torch

        torch.manual_seed(seed)
    elif backend_name == "tensorflow":
        _set_tensorflow_seed(seed)
    # jax has no global generator: Keras draws its seeds from Python's.


def _restore(saved):
    np.random.set_state(saved["numpy"])
    random.setstate(saved["python"])
    if "torch" in saved:
        import torch

        torch.random.set_rng_state(saved["torch"])
    if "tensorflow" in saved:
        _set_tensorflow_seed(saved["tensorflow"])
