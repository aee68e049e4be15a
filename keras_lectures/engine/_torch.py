"""The torch lean loop and forward pass.

The loop runs :class:`~keras_lectures.engine._torch_step.TorchStep` (Keras's
``train_step`` with less Python) on pre-sliced tensors, in each epoch's
order as Keras's torch ``DataLoader`` draws it; the forward pass calls the
model (or chains its layers, as the step does) under ``torch.no_grad``.
"""

from contextlib import contextmanager

import numpy as np
import torch

from keras_lectures.engine import _keras_internals as internals
from keras_lectures.engine import registry
from keras_lectures.engine._torch_step import TorchStep, inference_forward
from keras_lectures.engine.process_state import PROCESS_LOCK
from keras_lectures.engine.twins import epoch_logs

__all__ = ["fit", "forward", "predict", "threads_for"]

#: Weights x rows below which a torch step or forward pass runs on one thread.
_SMALL_WORK = 2_000_000


def fit(keras, model, x, y, sample_weight, epochs, batch_size, draws):
    """Train ``model`` as ``fit`` on torch would (see :mod:`~keras_lectures.engine.training`).

    ``draws`` (:class:`~keras_lectures.engine.seeding.Draws`) gives each
    epoch's order. Keras's epoch iterator opens a new ``DataLoader``
    iterator at the start of every epoch (drawing a base seed; the sampler
    draws its own seed on the first batch), and one more after the epoch's
    last step: that draw comes after the steps, since unseeded dropout
    draws from the same default generator.
    """
    step = TorchStep(keras, model)
    n = len(x)
    history = {}
    model.train()
    try:
        with threads_for(model, batch_size):
            for _ in range(epochs):
                model.reset_metrics()
                draws.torch_loader_opened()
                order = draws.torch_sampler_order(n)
                xs = torch.split(internals.torch_tensor(x[order]), batch_size)
                ys = torch.split(internals.torch_tensor(y[order]), batch_size)
                ws = ((None,) * len(xs) if sample_weight is None else
                      torch.split(internals.torch_tensor(sample_weight[order]), batch_size))
                for batch in zip(xs, ys, ws) if n else ():
                    step(*batch)
                step.end_epoch()
                draws.torch_loader_opened()
                with torch.no_grad():
                    for name, value in epoch_logs(model).items():
                        history.setdefault(name, []).append(value)
    finally:
        model.eval()
    return history


def forward(keras, model, x):
    """The model's outputs for ``x`` (inference mode) as NumPy, or None."""
    chained = inference_forward(keras, model)
    with threads_for(model, len(x)), torch.no_grad():
        if chained is not None:
            outputs = chained(internals.torch_tensor(x))
        else:
            kwargs = {"training": False} if internals.call_has_training_arg(model) else {}
            outputs = model(internals.torch_tensor(x), **kwargs)
    if not isinstance(outputs, torch.Tensor):
        return None
    return outputs.detach().cpu().numpy()


def predict(keras, model, x, pad_to=None):
    """The outputs for ``x`` (called directly: torch compiles nothing), or None."""
    return forward(keras, model, x)


# torch's thread count is process-wide. While any thread runs tiny work the
# process runs on one torch thread; the last one out restores the count the
# first one in found, under the engine's one lock for process-wide state
# (engine.process_state), which guards only that bookkeeping.
_single_threaded = 0
_threads_before = None


@contextmanager
def threads_for(model, rows):
    """Run a block on one torch thread when ``model`` on ``rows`` is tiny.

    A tiny step or forward pass spends more on handing work to threads than
    on the arithmetic, and far more on a busy machine. The process's thread
    count is restored when the last such block (in any thread) ends.
    """
    global _single_threaded, _threads_before

    weights = sum(int(np.prod(v.shape)) for v in model.trainable_variables)
    if weights * rows >= _SMALL_WORK:
        yield
        return
    with PROCESS_LOCK:
        if _single_threaded == 0:
            _threads_before = torch.get_num_threads()
            if _threads_before > 1:
                torch.set_num_threads(1)
        _single_threaded += 1
    try:
        yield
    finally:
        with PROCESS_LOCK:
            _single_threaded -= 1
            if _single_threaded == 0:
                if torch.get_num_threads() != _threads_before:
                    torch.set_num_threads(_threads_before)
                _threads_before = None


registry.register("torch", registry.BackendHooks(fit=fit, predict=predict))
