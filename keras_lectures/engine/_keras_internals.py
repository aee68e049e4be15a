"""Every private part of Keras the engine uses, behind one door.

The engine trains and predicts as ``keras.Model.fit`` and ``predict``
would (up to floating-point rounding), which takes a few of Keras's private functions and
attributes: the model's symbolic build, its compiled loss and metrics, the
optimizer's per-backend update step, the data adapter's shuffling, Keras's
thread-local seed generator. They may change in any Keras release, so they
are all reached through this module (the only one importing ``keras.src``),
and only on the Keras versions the engine was tested with
(:data:`TESTED_KERAS`). On any other version :func:`tested` is False: the
engine steps aside and every fit and prediction is Keras's own
``fit``/``predict_on_batch`` (same results, only slower), with one
debug-level log line saying so.

An upgrade of Keras touches this file: run the engine's tests
(``tests/test_training_speedups.py``, ``tests/test_torch_native.py``,
``tests/test_engine_threads.py``) on every backend, then widen the range.
"""

import logging
import random
import sys
import threading
from contextlib import contextmanager

__all__ = ["TESTED_KERAS", "tested"]

logger = logging.getLogger("keras_lectures.engine")

#: (lowest, highest) Keras (major, minor) versions the engine was tested with.
TESTED_KERAS = ((3, 13), (3, 15))

_tested = None


def tested(model=None):
    """Whether the installed Keras is one the engine was tested with.

    Returns
    -------
    tested : bool
        False makes the engine step aside (Keras's own ``fit``/``predict``);
        that is logged once, at debug level.
    """
    global _tested
    if _tested is None:
        import keras

        version = _major_minor(keras.version())
        _tested = version is not None and TESTED_KERAS[0] <= version <= TESTED_KERAS[1]
        if not _tested:
            logger.debug(
                "keras %s is outside the versions the training engine was tested "
                "with (%d.%d to %d.%d): fits and predictions use Keras's own fit "
                "and predict_on_batch.",
                keras.version(), *TESTED_KERAS[0], *TESTED_KERAS[1],
            )
    return _tested


def _major_minor(version):
    try:
        major, minor = version.split(".")[:2]
        return int(major), int(minor)
    except ValueError:
        return None


# ----------------------------------------------------------------------
# models
def flatten_layers(model, include_self=True):
    """Every layer of ``model``, nested ones included."""
    return list(model._flatten_layers(include_self=include_self))


def symbolic_build(model, data_batch):
    """Build the model, its loss, metrics and optimizer as ``fit`` does."""
    model._symbolic_build(data_batch=data_batch)


def compiled_metrics(model):
    """The model's ``CompileMetrics`` (None when compiled without metrics)."""
    return model._compile_metrics


def compiled_loss(model):
    """The model's ``CompileLoss``."""
    return model._compile_loss


def loss_tracker(model):
    """The ``Mean`` metric that tracks the model's training loss."""
    return model._loss_tracker


def call_has_training_arg(model):
    """Whether the model's ``call`` takes a ``training`` argument."""
    return model._call_has_training_arg


def compute_loss(model, x, y, y_pred, sample_weight):
    """The training loss, as Keras's ``train_step`` computes it."""
    return model._compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight,
                               training=True)


def trainer_class(backend):
    """Keras's trainer class of ``backend`` (``fit``'s own methods)."""
    if backend == "jax":
        from keras.src.backend.jax.trainer import JAXTrainer

        return JAXTrainer
    if backend == "tensorflow":
        from keras.src.backend.tensorflow.trainer import TensorFlowTrainer

        return TensorFlowTrainer
    from keras.src.backend.torch.trainer import TorchTrainer

    return TorchTrainer


def base_trainer():
    """Keras's backend-neutral ``Trainer`` class."""
    from keras.src.trainers.trainer import Trainer

    return Trainer


def own_metrics_computation(model):
    """Whether ``model`` computes its metrics with Keras's own code."""
    return type(model).compute_metrics is base_trainer().compute_metrics


def own_loss_computation(model):
    """Whether ``model`` computes its loss with Keras's own code."""
    trainer = base_trainer()
    return (type(model).compute_loss is trainer.compute_loss
            and type(model)._compute_loss is trainer._compute_loss)


def distributed():
    """Whether a ``keras.distribution`` is in effect."""
    from keras.src.distribution import distribution_lib

    return distribution_lib.distribution() is not None


def layer_draws_random_numbers(layer):
    """Whether ``layer`` holds seed generators of its own (dropout, noise)."""
    return bool(getattr(layer, "_seed_generators", None))


def stateless_scope(mapping):
    """Keras's ``StatelessScope`` over (variable, value) pairs."""
    from keras.src import backend

    return backend.StatelessScope(state_mapping=mapping)


# ----------------------------------------------------------------------
# compiled losses and metrics
def flat_metrics(model):
    """(metrics, weighted metrics, flatten) of the compiled metrics, or None.

    ``flatten`` turns targets or outputs into the list the metrics pair with.
    """
    compiled = model._compile_metrics
    if not (hasattr(compiled, "_flat_metrics")
            and hasattr(compiled, "_flat_weighted_metrics")):
        return None
    return compiled._flat_metrics, compiled._flat_weighted_metrics, compiled._flatten_y


def single_loss(model):
    """(path, loss, loss weight) of a model compiled with one loss, or None."""
    compiled = model._compile_loss
    if len(compiled._flat_losses) != 1:
        return None
    path, loss, loss_weight, _ = compiled._flat_losses[0]
    return path, loss, loss_weight


def plain_loss_function(loss):
    """Whether ``loss`` is a ``LossFunctionWrapper`` with Keras's own call."""
    from keras.src.losses.loss import Loss
    from keras.src.losses.losses import LossFunctionWrapper

    return (isinstance(loss, LossFunctionWrapper)
            and type(loss).__call__ is Loss.__call__
            and type(loss).call is LossFunctionWrapper.call)


def loss_function_kwargs(loss):
    """The keyword arguments a ``LossFunctionWrapper`` passes its function."""
    return dict(loss._fn_kwargs)


def squeeze_or_expand_to_same_rank(x, y):
    """Keras's rank matching of per-sample losses and sample weights."""
    from keras.src.losses.loss import squeeze_or_expand_to_same_rank as match

    return match(x, y)


def metric_function(metric):
    """The per-sample function of a ``MeanMetricWrapper`` (None otherwise)."""
    return getattr(metric, "_fn", None)


# ----------------------------------------------------------------------
# optimizers
def constant_learning_rate(optimizer):
    """The optimizer's learning-rate variable, or None for a schedule."""
    from keras.src.backend import Variable

    rate = optimizer._learning_rate
    return rate if isinstance(rate, Variable) else None


def torch_update_step(optimizer, weights):
    """Keras's torch update of ``weights``: ``f(grads)``, or None.

    The update the optimizer's ``apply`` runs after clipping, weight decay
    and loss scaling (the caller rules those out): the optimizer's own
    ``_parallel_update_step`` with its learning-rate variable, then the
    iteration count.
    """
    update = getattr(type(optimizer), "_parallel_update_step", None)
    rate = constant_learning_rate(optimizer)
    if update is None or rate is None:
        return None
    try:
        for variable in weights:
            optimizer._get_variable_index(variable)
    except (KeyError, ValueError):
        return None
    iterations = optimizer._iterations.value

    def step(grads):
        optimizer._parallel_update_step(grads, weights, rate)
        iterations.add_(1)

    return step


# ----------------------------------------------------------------------
# torch
def torch_tensor(x):
    """``x`` as a tensor, as Keras's torch backend converts it."""
    from keras.src.backend.torch.core import convert_to_tensor

    return convert_to_tensor(x)


# ----------------------------------------------------------------------
# tensorflow
def tensorflow_global_seed():
    """TensorFlow's global seed (``tf.random.set_seed``), or None."""
    from tensorflow.python.eager import context

    return context.global_seed()


def clear_tensorflow_kernel_cache():
    """Free the kernels TensorFlow's eager context keeps."""
    from tensorflow.python.eager import context

    context.context().clear_kernel_cache()


def shuffled_rows_dataset(n, batch_size):
    """Keras's own shuffling ``tf.data`` pipeline fed the row numbers 0..n-1."""
    import numpy as np
    from keras.src.trainers.data_adapters.array_data_adapter import ArrayDataAdapter

    return ArrayDataAdapter(np.arange(n), batch_size=batch_size, shuffle=True).get_tf_dataset()


def skip_single_replica_all_reduce(optimizer):
    """Leave out the optimizer's gradient all-reduce outside any distribution.

    Keras's TensorFlow optimizer sums every gradient over the replicas of
    the current ``tf.distribute`` context, even the default one of a single
    replica, where the sum is the gradient itself. That sum is a
    ``tf.custom_gradient``, and in a traced function TensorFlow registers
    each such gradient in its process-wide registry with the traced graph
    in its closure, never to be removed: every traced train step keeps its
    whole graph (about 2 MB for a small model) for good. Applied to a
    private twin's optimizer only; inside a ``tf.distribute`` strategy
    Keras's own all-reduce runs.
    """
    import tensorflow as tf

    own = optimizer._all_reduce_sum_gradients

    def all_reduce_sum_gradients(grads_and_vars):
        if tf.distribute.has_strategy():
            return own(grads_and_vars)
        return list(grads_and_vars)

    optimizer._all_reduce_sum_gradients = all_reduce_sum_gradients


@contextmanager
def without_tensorflow_probe():
    """Serialise configs without importing TensorFlow just to look at it.

    Keras's serialiser asks whether TensorFlow is available (to recognise a
    ``tf.TensorShape``), which imports it: seconds, in a process that trains
    on jax or torch. While TensorFlow is not imported no object can be one of
    its shapes, so the question is answered "no" for the block.
    """
    from keras.src.utils import module_utils

    lazy = getattr(module_utils, "tensorflow", None)
    probe = (
        lazy is not None
        and "tensorflow" not in sys.modules
        and getattr(lazy, "_available", True) is None
    )
    if probe:
        lazy._available = False
    try:
        yield
    finally:
        if probe and "tensorflow" not in sys.modules:
            lazy._available = None


# ----------------------------------------------------------------------
# random state
def global_seed_generator():
    """This thread's Keras seed generator for unseeded ``keras.random`` calls."""
    from keras.src.backend.common import global_state
    from keras.src.random import seed_generator

    name = getattr(seed_generator, "GLOBAL_SEED_GENERATOR", None)
    return None if name is None else global_state.get_global_attribute(name)


def set_global_seed_generator(generator):
    """Replace this thread's Keras seed generator (None: made anew when needed).

    Keras keeps it in thread-local state, so no other thread sees the change.
    """
    from keras.src.backend.common import global_state
    from keras.src.random import seed_generator

    name = getattr(seed_generator, "GLOBAL_SEED_GENERATOR", None)
    if name is not None:
        global_state.set_global_attribute(name, generator)


class _ThreadPythonRandom:
    """Python's ``random`` module, or this thread's generator in a seeded block."""

    def __getattr__(self, name):
        return getattr(getattr(_python_draws, "rng", None) or random, name)


_python_draws = threading.local()
_install_lock = threading.Lock()


@contextmanager
def keras_seeds_from(rng):
    """Let Keras draw its default seeds from ``rng`` in this thread, for a block.

    Keras draws the seed of every initializer and seed generator made without
    one from Python's global ``random`` (``make_default_seed``), which any
    other thread may draw from meanwhile. Keras's reference to that module is
    replaced, once, by one that reads this thread's generator inside such a
    block and Python's module everywhere else.
    """
    from keras.src.random import seed_generator

    with _install_lock:
        if not isinstance(getattr(seed_generator, "python_random", None),
                          _ThreadPythonRandom):
            if getattr(seed_generator, "python_random", None) is not random:
                yield  # not the Keras this was written for: leave it alone
                return
            seed_generator.python_random = _ThreadPythonRandom()
    outer = getattr(_python_draws, "rng", None)
    _python_draws.rng = rng
    try:
        yield
    finally:
        _python_draws.rng = outer
