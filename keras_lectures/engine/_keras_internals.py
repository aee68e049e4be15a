"""Every private part of Keras and of its backends the engine uses, behind one door.

The engine trains, predicts and seeds as ``keras.Model.fit``, ``predict``
and ``keras.utils.set_random_seed`` would (up to floating-point rounding),
which takes a few private functions and attributes: the model's symbolic
build, its compiled loss and metrics, the optimizer's per-backend update
step, the data adapter's shuffling, Keras's thread-local seed generator,
TensorFlow's global seed, its op callbacks and function library. It also
copies backend behaviour: the draws of torch's ``DataLoader`` and
``RandomSampler``, TensorFlow's seeded shuffle, torch variables updated in
place. Any of these may change in any release, so
they are all reached through this module (the only one importing
``keras.src`` or a backend's private modules), and only on the versions the
engine was tested with: :data:`TESTED_KERAS` and :data:`TESTED_BACKENDS`.

:func:`tested` checks, once per process, the versions and that every
private part listed in :data:`INTERNALS` is where the engine expects it
(and, on the first compiled model, those of :data:`MODEL_INTERNALS`). When
anything is off the engine steps aside everywhere: every fit is Keras's own
``fit``, every prediction ``predict_on_batch``, every seed
``keras.utils.set_random_seed`` (the same results, only slower), and one
:class:`UntestedVersionWarning` says so.

An upgrade touches this file: run the engine's tests
(``tests/test_engine.py``, ``tests/test_engine_threads.py``,
``tests/test_training_speedups.py``, ``tests/test_torch_native.py``,
``tests/test_prediction.py``, ``tests/test_estimators.py``) on every
backend, then widen the range. The ``latest`` tox env fails while the newest
releases are outside it (``tests/test_engine.py``).
"""

import importlib
import logging
import random
import sys
import threading
import warnings
from contextlib import contextmanager

from keras_lectures.engine.process_state import PROCESS_LOCK

__all__ = [
    "INTERNALS",
    "MODEL_INTERNALS",
    "TENSORFLOW_CONTEXT_INTERNALS",
    "TESTED_BACKENDS",
    "TESTED_KERAS",
    "UntestedVersionWarning",
    "tested",
]

logger = logging.getLogger("keras_lectures.engine")

#: (lowest, highest) Keras (major, minor) versions the engine was tested with.
TESTED_KERAS = ((3, 13), (3, 15))

#: (lowest, highest) (major, minor) versions of each backend the engine was
#: tested with: what the tox envs install (``min-deps`` and ``latest`` for
#: jax, ``tensorflow``, ``torch``).
TESTED_BACKENDS = {
    "jax": ((0, 5), (0, 10)),
    "tensorflow": ((2, 21), (2, 21)),
    "torch": ((2, 13), (2, 13)),
}

#: The private module trees of Keras and its backends: read here only.
PRIVATE_MODULE_PREFIXES = (
    "keras.src", "tensorflow.python", "jax._src", "torch._C",
)

#: Every private object the engine reads, as "module:attribute.path", per
#: backend (None: on every backend).
INTERNALS = {
    None: (
        "keras.src.trainers.trainer:Trainer",
        "keras.src.trainers.trainer:Trainer._symbolic_build",
        "keras.src.trainers.trainer:Trainer._compute_loss",
        "keras.src.layers.layer:Layer._flatten_layers",
        "keras.src.optimizers.base_optimizer:BaseOptimizer._get_variable_index",
        "keras.src.distribution.distribution_lib:distribution",
        "keras.src.backend:StatelessScope",
        "keras.src.backend:Variable",
        "keras.src.losses.loss:Loss",
        "keras.src.losses.loss:squeeze_or_expand_to_same_rank",
        "keras.src.losses.losses:LossFunctionWrapper",
        "keras.src.backend.common.masking:get_keras_mask",
        "keras.src.utils.module_utils:tensorflow._available",
        "keras.src.backend.common.global_state:get_global_attribute",
        "keras.src.backend.common.global_state:set_global_attribute",
        "keras.src.random.seed_generator:GLOBAL_SEED_GENERATOR",
        "keras.src.random.seed_generator:python_random",
    ),
    "jax": (
        "keras.src.backend.jax.trainer:JAXTrainer",
    ),
    "tensorflow": (
        "keras.src.backend.tensorflow.trainer:TensorFlowTrainer",
        "keras.src.backend.tensorflow.optimizer:TFOptimizer._all_reduce_sum_gradients",
        "keras.src.trainers.data_adapters.array_data_adapter:ArrayDataAdapter",
        "tensorflow.python.eager.context:global_seed",
        "tensorflow.python.eager.context:context",
        "tensorflow.python.eager.context:executing_eagerly",
        "tensorflow.python.eager.context:Context._set_global_seed",
        "tensorflow.python.eager.context:Context.add_op_callback",
        "tensorflow.python.eager.context:Context.remove_op_callback",
        "tensorflow.python.eager.context:Context.op_callbacks",
        "tensorflow.python.eager.context:Context.has_function",
        "tensorflow.python.eager.context:Context.get_function_def",
        "tensorflow.python.eager.execute:execute_with_callbacks",
        "tensorflow.python.eager.execute:quick_execute",
    ),
    "torch": (
        "keras.src.backend.torch.trainer:TorchTrainer",
        "keras.src.backend.torch.core:convert_to_tensor",
        "torch.autograd.variable:Variable._execution_engine",
    ),
}

#: Private attributes of a compiled model (and its optimizer) the engine
#: reads, checked on the first compiled model it sees.
MODEL_INTERNALS = (
    "model._compile_loss",
    "model._compile_metrics",
    "model._loss_tracker",
    "model._call_has_training_arg",
    "model._seed_generators",
    "optimizer._learning_rate",
    "optimizer._iterations",
)

#: Private attributes of TensorFlow's eager context written to set its
#: global seed without clearing its caches; where one is missing, the seed
#: is set by ``tf.random.set_seed``, clearing them.
TENSORFLOW_CONTEXT_INTERNALS = ("context._seed", "context._rng")


class UntestedVersionWarning(UserWarning):
    """Keras or its backend is not a version the training engine was tested with.

    The engine then steps aside: fits, predictions and seeds are Keras's own
    ``fit``, ``predict_on_batch`` and ``keras.utils.set_random_seed`` (the
    same results, only slower). Issued once per process; silence it with
    ``warnings.filterwarnings("ignore", category=UntestedVersionWarning)``.
    """


_verdict = None
_model_checked = False
_verdict_lock = threading.Lock()


def tested(model=None):
    """Whether the engine may use Keras's and the backend's private parts.

    Checked once per process: the Keras and backend versions against
    :data:`TESTED_KERAS` and :data:`TESTED_BACKENDS`, and every entry of
    :data:`INTERNALS`; with a compiled ``model``, the first time one is
    given, also :data:`MODEL_INTERNALS`. When a check fails the engine steps
    aside (see the module notes) and one :class:`UntestedVersionWarning`
    says why.

    Parameters
    ----------
    model : keras.Model or None, default=None
        A compiled model about to be trained or run.

    Returns
    -------
    tested : bool
        Also False, without a warning, on a backend the engine has no
        module for.
    """
    global _verdict, _model_checked

    if _verdict is None:
        with _verdict_lock:
            if _verdict is None:
                problem = _process_problem()
                if problem:
                    _step_aside(problem)
                _verdict = problem == ""
    if _verdict and model is not None and not _model_checked:
        optimizer = getattr(model, "optimizer", None)
        if optimizer is None:
            return _verdict
        with _verdict_lock:
            if _verdict and not _model_checked:
                missing = [name for name in MODEL_INTERNALS
                           if not _has_attribute({"model": model, "optimizer": optimizer},
                                                 name)]
                if missing:
                    _step_aside(f"lacks {', '.join(missing)}, which the engine uses")
                    _verdict = False
                _model_checked = True
    return _verdict


def versions():
    """{"keras": version, backend: version} of the installed Keras and active backend."""
    import keras

    backend = keras.backend.backend()
    found = {"keras": keras.version()}
    if backend in TESTED_BACKENDS:
        found[backend] = getattr(sys.modules.get(backend) or _import(backend),
                                 "__version__", "unknown")
    return found


def tested_range_text():
    """The tested versions of Keras and the active backend, as words."""
    import keras

    ranges = {"keras": TESTED_KERAS, **TESTED_BACKENDS}
    names = ["keras"] + [keras.backend.backend()]
    return "; ".join(
        f"{name} {_range_text(ranges[name])}" for name in names if name in ranges
    )


def _range_text(bounds):
    (low, high) = bounds
    if low == high:
        return "%d.%d" % low
    return "%d.%d to %d.%d" % (*low, *high)


def _process_problem():
    """Why the engine must step aside in this process ("" when it need not)."""
    import keras

    backend = keras.backend.backend()
    if backend not in TESTED_BACKENDS:
        return None  # no engine route for it: Keras's own, nothing to warn about
    found = versions()
    ranges = {"keras": TESTED_KERAS, **TESTED_BACKENDS}
    for name, version in found.items():
        parsed = _major_minor(version)
        low, high = ranges[name]
        if parsed is None or not low <= parsed <= high:
            return "is outside the versions the engine was tested with"
    missing = [path for path in (*INTERNALS[None], *INTERNALS[backend])
               if not _resolves(path)]
    if missing:
        return f"lacks {', '.join(missing)}, which the engine uses"
    from keras.src.random import seed_generator

    if not (seed_generator.python_random is random
            or isinstance(seed_generator.python_random, _ThreadPythonRandom)):
        return "draws its default seeds from something else than Python's random"
    return ""


def _step_aside(problem):
    """Say once, visibly, that the engine steps aside, and why."""
    found = " with ".join(f"{name} {version}" for name, version in versions().items())
    message = (
        f"{found} {problem} (tested: {tested_range_text()}). keras-lectures' "
        "training engine steps aside: fits, predictions and seeds are Keras's "
        "own fit, predict_on_batch and keras.utils.set_random_seed (the same "
        "results, only slower). To silence this warning: warnings.filterwarnings("
        "'ignore', category=keras_lectures.engine.UntestedVersionWarning)."
    )
    logger.info(message)
    warnings.warn(message, UntestedVersionWarning, stacklevel=4)


def _import(module):
    """``importlib.import_module``; one place, so tests can fake a moved module."""
    return importlib.import_module(module)


def _resolves(path):
    """Whether "module:attribute.path" imports and resolves."""
    module, _, attributes = path.partition(":")
    try:
        found = _import(module)
    except ImportError:
        return False
    return _has_attribute({"": found}, "." + attributes if attributes else "")


def _has_attribute(roots, dotted):
    """Whether ``root.a.b`` exists for ``dotted`` = "root.a.b" (no import, no call)."""
    root, *names = dotted.split(".")
    found = roots[root]
    for name in names:
        try:
            # instance attributes are looked up in the instance's own
            # dictionary first: a lazy module would import on a missing name
            own = vars(found) if hasattr(found, "__dict__") else {}
        except TypeError:
            own = {}
        if name in own:
            found = own[name]
        elif _lookup(found, name) is _MISSING:
            return False
        else:
            found = _lookup(found, name)
    return True


_MISSING = object()


def _lookup(obj, name):
    """``getattr(obj, name)`` on its class, without running a lazy module's import."""
    if isinstance(obj, type) or type(obj).__name__ == "module":
        return getattr(obj, name, _MISSING)
    for klass in type(obj).__mro__:
        if name in vars(klass):
            return getattr(obj, name, _MISSING)
    return _MISSING


def _major_minor(version):
    try:
        major, minor = str(version).split(".")[:2]
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


def keras_mask(tensor):
    """The mask Keras attached to ``tensor`` (None without one)."""
    from keras.src.backend.common.masking import get_keras_mask

    return get_keras_mask(tensor)


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


def optimizer_slots(optimizer, weights):
    """The torch tensors an Adam or SGD update works on, or None.

    A dict with ``"iterations"`` (the step count), ``"learning_rate"`` and,
    per weight in order, ``"momentums"`` and (Adam) ``"velocities"``: the
    variables' values, updated in place as Keras's update does.
    """
    rate = constant_learning_rate(optimizer)
    if rate is None:
        return None
    names = {
        "Adam": {"momentums": "_momentums", "velocities": "_velocities"},
        "SGD": {"momentums": "momentums"},
    }
    slots = {"iterations": optimizer._iterations.value, "learning_rate": rate.value}
    try:
        indices = [optimizer._get_variable_index(variable) for variable in weights]
        for slot, attribute in names[type(optimizer).__name__].items():
            held = getattr(optimizer, attribute)
            if held:  # SGD without momentum holds none
                slots[slot] = [held[i].value for i in indices]
    except (AttributeError, KeyError, ValueError, IndexError):
        return None
    return slots


# ----------------------------------------------------------------------
# torch
def torch_gradients(loss, params):
    """``torch.autograd.grad(loss, params, allow_unused=True)`` for a scalar loss.

    The same call into torch's autograd engine, without the Python checks
    around it (the seed gradient is ``torch.ones_like(loss)`` as there).
    """
    import torch
    from torch.autograd.variable import Variable

    return Variable._execution_engine.run_backward(
        (loss,), (torch.ones_like(loss, memory_format=torch.preserve_format),),
        False, False, params, True, accumulate_grad=False,
    )


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


def set_tensorflow_seed_keeping_kernels(seed):
    """Set TensorFlow's global seed as ``tf.random.set_seed`` does, keeping its kernels.

    ``tf.random.set_seed`` (``Context._set_global_seed``) sets the seed and
    the generator of eager op seeds, then clears the eager context's caches,
    which restarts every stateful random kernel but also makes every traced
    function be instantiated again on its next call. This sets the same two,
    as that method does, and clears nothing.
    """
    from tensorflow.python.eager import context

    ctx = context.context()
    if not context.executing_eagerly() or not all(
            _has_attribute({"context": ctx}, name) for name in TENSORFLOW_CONTEXT_INTERNALS):
        import tensorflow as tf

        # a graph's own seed (no cache to clear), or a context unlike 2.21's
        tf.random.set_seed(seed)
        return
    ctx._seed = seed
    try:
        hash(seed)
    except TypeError:  # np.int64, np.ndarray: as TensorFlow converts them
        import numpy as np

        seed = int(np.array(seed))
    ctx._rng = random.Random(seed)


def tensorflow_op_seed_draws():
    """TensorFlow's generator of eager op seeds and its state ((None, None) before any seed).

    Eager random ops without a seed of their own draw theirs from it under a
    global seed; ``tf.random.set_seed`` replaces it.
    """
    from tensorflow.python.eager import context

    rng = getattr(context.context(), "_rng", None)
    return rng, None if rng is None else rng.getstate()


_watches = 0  # threads watching for random kernels, guarded by _watch_lock
_watch_lock = threading.Lock()

#: op or function name -> whether running it runs a stateful random kernel
_random_kernel_names = {}


def watch_random_kernels(found):
    """Call ``found()`` each time this thread runs a stateful random kernel.

    Stateful random ops (``tf.random.normal``, ``uniform``, ``shuffle``...
    not the ``stateless_`` ones) keep a counter in their kernel, which the
    eager context caches: only clearing that cache restarts them. They are
    the ops with a ``seed2`` attribute. An eager op callback sees every op
    and traced function this thread runs eagerly; a function runs one when
    its definition, or one it calls, holds such an op. What ``tf.data``
    runs inside its pipelines (a fresh kernel per iterator) is not seen.

    Returns
    -------
    watch : object
        For :func:`unwatch_random_kernels`, in the same thread.
    """
    global _watches
    from tensorflow.python.eager import context, execute

    def callback(op_type, inputs, attrs, outputs, op_name=None, graph=None):
        if graph is None and _runs_random_kernel(op_type, attrs):
            found()

    with _watch_lock:
        context.context().add_op_callback(callback)
        _watches += 1
        # what tf.config's op callbacks do: eager functions then report too
        execute.execute = execute.execute_with_callbacks
    return callback


def unwatch_random_kernels(watch):
    """Stop a watch of :func:`watch_random_kernels` (in the thread that started it)."""
    global _watches
    from tensorflow.python.eager import context, execute

    with _watch_lock:
        ctx = context.context()
        ctx.remove_op_callback(watch)
        _watches -= 1
        # TensorFlow's own removal puts the plain execute back whenever this
        # thread has no callback left; here only once no thread watches
        if not _watches and not ctx.op_callbacks:
            execute.execute = execute.quick_execute


def watching_random_kernels():
    """Whether any thread watches for random kernels (:func:`watch_random_kernels`)."""
    from tensorflow.python.eager import context, execute

    with _watch_lock:
        return bool(_watches or context.context().op_callbacks
                    or execute.execute is not execute.quick_execute)


def _runs_random_kernel(op_type, attrs):
    if isinstance(op_type, bytes):
        op_type = op_type.decode()
    names = attrs.keys() if isinstance(attrs, dict) else attrs[::2]
    if "seed2" in names:
        return True
    known = _random_kernel_names.get(op_type)
    if known is None:
        known = _function_runs_random_kernel(op_type, set())
    return known


def _function_runs_random_kernel(name, seen):
    """Whether the function ``name`` (or one it calls) holds a stateful random op."""
    from tensorflow.python.eager import context

    known = _random_kernel_names.get(name)
    if known is not None or name in seen:
        return bool(known)
    seen.add(name)
    ctx = context.context()
    try:
        if not ctx.has_function(name):
            known = False
        else:
            known = any(_node_runs_random_kernel(node, seen)
                        for node in ctx.get_function_def(name).node_def)
    except Exception:  # noqa: BLE001 - a function gone meanwhile: assume the worst
        return True
    if len(_random_kernel_names) > 10_000:
        _random_kernel_names.clear()
    _random_kernel_names[name] = known
    return known


def _node_runs_random_kernel(node, seen):
    if "seed2" in node.attr:
        return True
    called = [node.op]
    for value in node.attr.values():
        if value.HasField("func"):
            called.append(value.func.name)
        called.extend(f.name for f in value.list.func)
    return any(_function_runs_random_kernel(name, seen) for name in called)


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


_probe_skipped = threading.local()


@contextmanager
def without_tensorflow_probe():
    """Serialise configs in this thread without importing TensorFlow to look at it.

    Keras's serialiser asks whether TensorFlow is available (to recognise a
    ``tf.TensorShape``), which imports it: seconds, in a process that trains
    on jax or torch. While TensorFlow is not imported no object can be one of
    its shapes, so in this thread, for the block, the answer is "no". Other
    threads get Keras's own answer: the probe's class is replaced once, under
    :data:`~keras_lectures.engine.process_state.PROCESS_LOCK`, by one that
    answers Keras's way outside such blocks.
    """
    from keras.src.utils import module_utils

    probe = module_utils.tensorflow
    with PROCESS_LOCK:
        if not isinstance(probe, _ThreadAwareProbe):
            probe.__class__ = _thread_aware_probe_class(type(probe))
    outer = getattr(_probe_skipped, "depth", 0)
    _probe_skipped.depth = outer + 1
    try:
        yield
    finally:
        _probe_skipped.depth = outer


class _ThreadAwareProbe:
    """Marks Keras's TensorFlow probe once its class answers per thread."""


def _thread_aware_probe_class(lazy_module_class):
    class ThreadAwareProbe(_ThreadAwareProbe, lazy_module_class):
        @property
        def available(self):
            if (getattr(_probe_skipped, "depth", 0) and self._available is None
                    and "tensorflow" not in sys.modules):
                return False
            return lazy_module_class.available.__get__(self)

    return ThreadAwareProbe


# ----------------------------------------------------------------------
# random state
def global_seed_generator():
    """This thread's Keras seed generator for unseeded ``keras.random`` calls."""
    from keras.src.backend.common import global_state
    from keras.src.random import seed_generator

    return global_state.get_global_attribute(seed_generator.GLOBAL_SEED_GENERATOR)


def set_global_seed_generator(generator):
    """Replace this thread's Keras seed generator (None: made anew when needed).

    Keras keeps it in thread-local state, so no other thread sees the change.
    """
    from keras.src.backend.common import global_state
    from keras.src.random import seed_generator

    global_state.set_global_attribute(seed_generator.GLOBAL_SEED_GENERATOR, generator)


def keras_seed_source():
    """What Keras draws its default seeds from (Python's ``random``, or the stand-in)."""
    from keras.src.random import seed_generator

    return seed_generator.python_random


def tensorflow_probe():
    """Keras's TensorFlow availability probe (its ``available`` and cached answer)."""
    from keras.src.utils import module_utils

    return module_utils.tensorflow


class _ThreadPythonRandom:
    """Python's ``random`` module, or this thread's generator in a seeded block."""

    def __getattr__(self, name):
        return getattr(getattr(_python_draws, "rng", None) or random, name)


_python_draws = threading.local()


@contextmanager
def keras_seeds_from(rng):
    """Let Keras draw its default seeds from ``rng`` in this thread, for a block.

    Keras draws the seed of every initializer and seed generator made without
    one from Python's global ``random`` (``make_default_seed``), which any
    other thread may draw from meanwhile. Keras's reference to that module is
    replaced, once, under
    :data:`~keras_lectures.engine.process_state.PROCESS_LOCK`, by one that
    reads this thread's generator inside such a block and Python's module
    everywhere else (:func:`tested` has checked that it is Python's module).
    """
    from keras.src.random import seed_generator

    with PROCESS_LOCK:
        if not isinstance(seed_generator.python_random, _ThreadPythonRandom):
            seed_generator.python_random = _ThreadPythonRandom()
    outer = getattr(_python_draws, "rng", None)
    _python_draws.rng = rng
    try:
        yield
    finally:
        _python_draws.rng = outer
