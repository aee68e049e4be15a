"""A small per-process cache of compiled training functions.

Building a Keras model is cheap; tracing and compiling its training step is
not. Every fit of an estimator builds a fresh model (that is where its initial
weights come from), but fits of the same architecture with the same compile
settings can share the compiled step: it is a pure function of the state
handed to it. This module keys that sharing.

A cached *trainer* is a private model of the same architecture, compiled the
same way, which is never handed to an estimator: only its compiled functions
are used, always with the fitting model's own state. Entries are evicted in
least-recently-used order.

The cache, and the lean training loops that use it, are switched off with
the environment variable ``KERAS_LECTURES_FAST_FIT=0`` or with
:func:`~keras_lectures.engine.fast_fit`; fits then go through
``keras.Model.fit`` unchanged.
"""

import gc
import json
import threading
import weakref
from collections import OrderedDict

from keras_lectures.engine import _keras_internals as internals
from keras_lectures.engine import registry

__all__ = [
    "TrainerCache",
    "TRAINERS",
    "architecture_key",
    "clear_trainers",
    "compute_architecture_key",
    "is_keras_module",
    "keras_activations",
    "only_keras_objects",
    "same_variables",
]

#: Architectures kept compiled per process.
MAX_TRAINERS = 4


def _layer_types(model):
    return tuple(
        f"{type(layer).__module__}.{type(layer).__qualname__}"
        for layer in internals.flatten_layers(model)
    )


def is_keras_module(name):
    """Whether the module ``name`` is Keras's own (``keras`` or ``keras.*``).

    Not ``keras_hub``, ``keras_cv`` or any other package whose name starts
    with "keras".
    """
    return name == "keras" or name.startswith("keras.")


def keras_activations(layer):
    """Whether the layer's activation functions (if any) are Keras's own.

    A lambda's config carries its code but not its globals or closure, so
    configs cannot tell two of them apart.
    """
    for name in ("activation", "recurrent_activation"):
        function = getattr(layer, name, None)
        if callable(function) and not is_keras_module(getattr(function, "__module__", "") or ""):
            return False
    return True


def only_keras_objects(config):
    """True when every serialised object in ``config`` comes from Keras.

    A user's function or class may carry state its config does not show
    (closures, globals), so two of them with equal configs are not
    interchangeable.
    """
    if isinstance(config, dict):
        module = config.get("module")
        if isinstance(module, str) and not is_keras_module(module):
            return False
        if config.get("class_name") in ("Lambda", "function", "__lambda__"):
            if not is_keras_module(str(config.get("module", ""))):
                return False
        return all(only_keras_objects(value) for value in config.values())
    if isinstance(config, (list, tuple)):
        return all(only_keras_objects(value) for value in config)
    return True


def _canonical_names(config):
    """``config`` with layer and model names replaced by their order of appearance.

    Keras gives every new model and layer a fresh name (``dense_7``), which
    changes nothing it computes; functional configs refer to layers by name,
    so every occurrence of a name is replaced consistently.
    """
    names = {}

    def collect(node):
        if isinstance(node, dict):
            name = node.get("name")
            if isinstance(name, str) and name not in names:
                names[name] = f"<name {len(names)}>"
            for value in node.values():
                collect(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                collect(value)

    def rename(node):
        if isinstance(node, dict):
            return {key: rename(value) for key, value in node.items()}
        if isinstance(node, (list, tuple)):
            return [rename(value) for value in node]
        if isinstance(node, str):
            return names.get(node, node)
        return node

    collect(config)
    return rename(config)


# Keys already computed, per live model: predicting calls for the key on
# every chunk, and serialising a config costs more than a small forward pass.
_known_keys = weakref.WeakKeyDictionary()


def architecture_key(keras, model, *extra):
    """Memoised :func:`compute_architecture_key` (see there).

    The memo is dropped when the model is recompiled (its optimizer changes).
    """
    stamp = (id(getattr(model, "optimizer", None)), extra)
    try:
        known = _known_keys.get(model)
    except TypeError:  # unhashable model: compute every time
        return compute_architecture_key(keras, model, *extra)
    if known is not None and stamp in known:
        return known[stamp]
    key = compute_architecture_key(keras, model, *extra)
    try:
        _known_keys.setdefault(model, {})[stamp] = key
    except TypeError:
        pass
    return key


def compute_architecture_key(keras, model, *extra):
    """A hashable key for models that can share compiled functions, or None.

    Two models with equal keys have the same class, the same layers of the
    same classes with the same configurations, the same compile settings and
    the same backend and float type. Models holding user-defined layers,
    losses or metrics (whose behaviour their config may not capture), and
    models whose config cannot be serialised, get None: never shared.

    Parameters
    ----------
    keras : module
    model : keras.Model
    *extra : hashable
        More facts the compiled functions depend on.

    Returns
    -------
    key : tuple or None
    """
    try:
        with internals.without_tensorflow_probe():
            return _compute_key(keras, model, extra)
    except Exception:  # noqa: BLE001 - anything unserialisable is just not shared
        return None


def same_variables(pairs):
    """Whether each (left, right) pair of variable lists matches in shapes and dtypes.

    A twin's compiled functions serve a model only when they do.
    """
    for left, right in pairs:
        if len(left) != len(right) or any(
            tuple(u.shape) != tuple(v.shape) or u.dtype != v.dtype
            for u, v in zip(left, right)
        ):
            return False
    return True


def _compute_key(keras, model, extra):
    try:
        types = _layer_types(model)
        if any(not is_keras_module(name) for name in types):
            return None
        if not all(keras_activations(layer) for layer in internals.flatten_layers(model)):
            return None
        config = model.get_config()
        compile_config = model.get_compile_config() if model.compiled else None
        if not (only_keras_objects(config) and only_keras_objects(compile_config)):
            return None
        text = json.dumps(
            _canonical_names([config, compile_config]), sort_keys=True, default=repr
        )
    except Exception:  # noqa: BLE001 - anything unserialisable is just not shared
        return None
    return (
        keras.backend.backend(),
        keras.config.floatx(),
        str(keras.config.dtype_policy().name),
        types,
        text,
        *extra,
    )


class TrainerCache:
    """Least-recently-used store of trainers, keyed by :func:`architecture_key`.

    Parameters
    ----------
    max_size : int
        Entries kept; the least recently used is dropped beyond that.
    """

    def __init__(self, max_size=MAX_TRAINERS, release=None):
        self.max_size = max_size
        self.release = release
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, create):
        """The entry for ``key``, made by ``create()`` when missing.

        With ``key`` None nothing is stored and ``create()`` is returned.
        """
        if key is None:
            return create()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry
        entry = create()
        evicted = []
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_size:
                evicted.append(self._entries.popitem(last=False)[0])
        if evicted and self.release is not None:
            self.release(evicted)
        return entry

    def clear(self):
        """Drop every entry."""
        with self._lock:
            keys = list(self._entries)
            self._entries.clear()
        if keys and self.release is not None:
            self.release(keys)

    def __len__(self):
        return len(self._entries)


#: Evicted trainers whose compiled code is freed together (see below).
RELEASE_EVERY = 8


class _CompiledReleaser:
    """Free the memory of dropped trainers: their models and compiled code.

    A trainer's twin holds reference cycles (layers and their model), freed
    by the garbage collector only; jax keeps compiled executables in
    process-wide caches that outlive the functions they came from, and
    TensorFlow keeps kernels in its context. Clearing those caches drops
    nothing a live trainer needs to compute, but everything compiled since
    (jax's own ``jax.numpy`` functions included) is compiled again on its next
    call, so the caches are cleared once every :data:`RELEASE_EVERY` evicted
    trainers, not at every eviction: memory stays flat across new
    architectures at a small share of the recompiling cost. Without this,
    every new architecture costs several MB for good.
    """

    def __init__(self):
        self._pending = set()
        self._count = 0
        self._lock = threading.Lock()

    def __call__(self, keys, *, now=False):
        with self._lock:
            self._count += len(keys)
            self._pending.update(
                key[0] for key in keys if isinstance(key, tuple) and key
            )
            if not now and self._count < RELEASE_EVERY:
                return
            backends, self._pending, self._count = self._pending, set(), 0
        gc.collect()
        for name in registry.loaded():
            release = registry.hooks(name).release_compiled
            if name in backends and release is not None:
                release()


_release_compiled = _CompiledReleaser()


#: The process's trainers.
TRAINERS = TrainerCache(release=_release_compiled)


def clear_trainers():
    """Forget every cached trainer (and the memory its compiled code holds)."""
    TRAINERS.clear()
    _release_compiled((), now=True)
