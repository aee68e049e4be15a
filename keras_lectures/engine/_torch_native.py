"""Parts of Keras's torch training step written as plain torch operations.

Each function returns a replacement for one part of Keras's ``train_step``
(a layer's forward pass, the compiled loss, the optimizer's update, the
loss tracker), or None when the model uses a setting the replacement does
not cover; the caller then keeps Keras's own part. A replacement runs the
same torch operations on the same tensors in the same order as Keras's
code, only without Keras's per-call dispatch (type checks, dtype
resolution, name scopes, structure matching), so results are equal bit for
bit (``tests/test_torch_native.py``).
"""

import torch
from keras import activations, config, losses

from keras_lectures.engine import _keras_internals as internals

__all__ = [
    "dense_forward",
    "loss_function",
    "loss_tracker_update",
    "optimizer_update",
    "deferrable_metrics",
]


def _is_keras_class(obj, name):
    cls = type(obj)
    return cls.__name__ == name and cls.__module__.startswith("keras.")


def dense_forward(layer):
    """``Dense.call`` as torch operations, or None.

    Keras's ``Dense.call`` is ``activation(matmul(x, kernel) + bias)``;
    for a float32, unquantised layer without LoRA those are ``torch.matmul``
    and ``torch.add``. Common activations run as the torch function Keras's
    torch backend calls; any other stays Keras's function.
    """
    if not _is_keras_class(layer, "Dense"):
        return None
    if layer.quantization_mode is not None or layer.lora_enabled:
        return None
    kernel = layer.kernel.value
    bias = None if layer.bias is None else layer.bias.value
    if kernel.dtype != torch.float32:
        return None
    activation = _torch_activation(layer.activation)

    def forward(x):
        out = torch.matmul(x, kernel)
        if bias is not None:
            out = torch.add(out, bias)
        return activation(out)

    return forward


def _torch_activation(activation):
    """The torch function Keras's torch backend runs for ``activation``."""
    native = {
        activations.linear: lambda x: x,
        activations.relu: torch.relu,
        activations.sigmoid: torch.sigmoid,
        activations.tanh: torch.tanh,
        activations.softmax: lambda x: torch.softmax(x, dim=-1),
    }
    return native.get(activation, activation)


def loss_function(model):
    """The compiled loss as ``f(y, y_pred, sample_weight) -> loss``, or None.

    Covers one Keras loss (any ``LossFunctionWrapper``: the built-in losses
    and plain functions) on a single output, reduced by
    ``"sum_over_batch_size"`` in float32, without loss weights or added
    losses (regularisers): Keras's ``Loss.__call__`` and
    ``reduce_weighted_values`` for inputs without masks.
    """
    compiled = internals.compiled_loss(model)
    if compiled is None or not compiled.built or model.losses:
        return None
    if not _is_keras_class(compiled, "CompileLoss") or compiled.dtype != "float32":
        return None
    single = internals.single_loss(model)
    if single is None:
        return None
    path, loss, loss_weight = single
    if path or loss_weight is not None or not internals.plain_loss_function(loss):
        return None
    if loss.reduction != "sum_over_batch_size" or loss.dtype != "float32":
        return None
    per_sample = _sparse_crossentropy(loss) or loss.call

    def compute(y, y_pred, sample_weight):
        if y_pred.dtype != torch.float32:
            return None
        values = per_sample(y.to(torch.float32), y_pred)
        if internals.keras_mask(values) is not None:
            return None
        if sample_weight is not None:
            values, weights = internals.squeeze_or_expand_to_same_rank(
                values, sample_weight.to(torch.float32)
            )
            values = values * weights
        if values.ndim == 0 or tuple(values.shape) == (0,):
            return values
        return torch.sum(values) / float(values.numel())

    return compute


def _sparse_crossentropy(loss):
    """Keras's sparse categorical crossentropy for rank-2 outputs, or None.

    The operations of ``keras.losses.sparse_categorical_crossentropy`` and
    Keras's torch backend for one class axis last and no ignored class;
    other shapes go to Keras's function.
    """
    if loss.fn is not losses.sparse_categorical_crossentropy:
        return None
    kwargs = internals.loss_function_kwargs(loss)
    from_logits = bool(kwargs.pop("from_logits", False))
    if kwargs.pop("ignore_class", None) is not None or kwargs.pop("axis", -1) != -1 or kwargs:
        return None
    epsilon = config.epsilon()

    def per_sample(y_true, y_pred):
        if y_true.ndim == 2 and y_true.shape[-1] == 1:
            y_true = torch.squeeze(y_true, dim=-1)
        if y_pred.ndim != 2 or y_true.ndim != 1 or y_true.shape[0] != y_pred.shape[0]:
            return loss.call(y_true, y_pred)
        target = y_true.to(torch.long)
        if from_logits:
            return torch.nn.functional.cross_entropy(y_pred, target, reduction="none")
        output = y_pred / torch.sum(y_pred, dim=1, keepdim=True)
        output = torch.clip(output, epsilon, 1.0 - epsilon)
        return torch.nn.functional.nll_loss(torch.log(output), target, reduction="none")

    return per_sample


def loss_tracker_update(model):
    """The loss tracker's ``update_state(loss, sample_weight=rows)``, or None."""
    tracker = internals.loss_tracker(model)
    if not _is_keras_class(tracker, "Mean") or tracker.dtype != "float32":
        return None
    total, count = tracker.total.value, tracker.count.value
    if total.requires_grad or count.requires_grad:
        return None

    def update(loss, rows):
        # on tensors that record no gradient, outside torch.no_grad()
        total.add_(loss.detach() * float(rows))
        count.add_(float(rows))

    return update


def optimizer_update(optimizer, weights):
    """``optimizer.apply(grads, weights)`` for a plain Adam or SGD, or None.

    Plain: a constant learning rate, no clipping, weight decay, moving
    average, gradient accumulation, loss scaling, AMSGrad or variable
    constraints. For those ``apply`` comes down to the torch operations of
    the optimizer's ``_parallel_update_step`` (Keras's ``torch_adam`` and
    ``torch_sgd``) and the iteration count's increment, run here on tensors
    looked up once: the same operations on the same dtypes, in order.
    """
    if not (_is_keras_class(optimizer, "Adam") or _is_keras_class(optimizer, "SGD")):
        return None
    if not optimizer.built or internals.constant_learning_rate(optimizer) is None:
        return None
    if (optimizer.clipnorm or optimizer.global_clipnorm or optimizer.clipvalue
            or optimizer.weight_decay or optimizer.use_ema
            or optimizer.gradient_accumulation_steps
            or optimizer.loss_scale_factor is not None
            or getattr(optimizer, "amsgrad", False)):
        return None
    if any(v.constraint is not None or getattr(v, "overwrite_with_gradient", False)
           for v in weights):
        return None
    slots = internals.optimizer_slots(optimizer, weights)
    if slots is None:
        return None
    variables = [v.value for v in weights]
    numbers = (("beta_1", "beta_2", "epsilon") if _is_keras_class(optimizer, "Adam")
               else ("momentum",))
    if not all(isinstance(getattr(optimizer, name), (int, float)) for name in numbers):
        return None
    if _is_keras_class(optimizer, "Adam"):
        update = _adam_update(optimizer, variables, slots)
    else:
        update = _sgd_update(optimizer, variables, slots)
    iterations = slots["iterations"]

    def apply(grads):
        with torch.no_grad():
            update(grads)
            iterations.add_(1)

    return apply


#: Adam's step sizes, {(dtype, beta_1, beta_2, learning rate, step): alpha}:
#: every fit starts at step 1, so fits of the same settings share them.
_ALPHAS = {}
_MAX_ALPHAS = 100_000


def _adam_update(optimizer, variables, slots):
    """Keras's torch Adam ``_parallel_update_step`` (without AMSGrad)."""
    dtype = variables[0].dtype
    rate, iterations = slots["learning_rate"], slots["iterations"]
    m_list, v_list = slots["momentums"], slots["velocities"]
    beta_1, beta_2, epsilon = optimizer.beta_1, optimizer.beta_2, optimizer.epsilon
    # ops.cast(python float, dtype) is torch.as_tensor(value, dtype=dtype)
    beta_1_t = torch.as_tensor(beta_1, dtype=dtype)
    beta_2_t = torch.as_tensor(beta_2, dtype=dtype)

    def step_size():
        lr = rate if rate.dtype == dtype else rate.to(dtype)
        local_step = (iterations + 1).to(dtype)
        beta_1_power = torch.pow(beta_1_t, local_step)
        beta_2_power = torch.pow(beta_2_t, local_step)
        return lr * torch.sqrt(1 - beta_2_power) / (1 - beta_1_power)

    def alpha():
        # the same operations on the same values give the same number
        lr = rate.item()
        if lr == 0 or lr != lr:  # keep the sign of zero and NaN out of the keys
            return step_size()
        key = (dtype, beta_1, beta_2, lr, iterations.item())
        found = _ALPHAS.get(key)
        if found is None:
            if len(_ALPHAS) >= _MAX_ALPHAS:
                _ALPHAS.clear()
            found = _ALPHAS[key] = step_size()
        return found

    def update(grads):
        step_alpha = alpha()
        torch._foreach_mul_(m_list, beta_1)
        torch._foreach_add_(m_list, grads, alpha=1 - beta_1)
        torch._foreach_mul_(v_list, beta_2)
        torch._foreach_add_(v_list, torch._foreach_mul(grads, grads), alpha=1 - beta_2)
        torch._foreach_add_(
            variables,
            torch._foreach_div(
                torch._foreach_mul(m_list, step_alpha),
                torch._foreach_add(torch._foreach_sqrt(v_list), epsilon),
            ),
            alpha=-1,
        )

    return update


def _sgd_update(optimizer, variables, slots):
    """Keras's torch SGD ``_parallel_update_step``."""
    rate = slots["learning_rate"]
    momentum, nesterov = optimizer.momentum, optimizer.nesterov
    bufs = slots.get("momentums") if momentum != 0 else None

    def update(grads):
        if momentum == 0:
            torch._foreach_add_(variables, grads, alpha=-rate)
            return
        torch._foreach_mul_(bufs, momentum)
        torch._foreach_add_(bufs, grads, alpha=-rate)
        if nesterov:
            torch._foreach_add_(variables, grads, alpha=-rate)
            torch._foreach_add_(variables, bufs, alpha=momentum)
        else:
            torch._foreach_add_(variables, bufs)

    return update


def deferrable_metrics(model):
    """Whether the compiled metrics may be updated once an epoch.

    True when every compiled metric is one of Keras's mean metrics over a
    Keras per-sample function (accuracy, mean squared error, ...): their
    state is a sum over samples, so one update on the epoch's concatenated
    batches gives the state of one update per batch.
    """
    compiled = internals.compiled_metrics(model)
    if compiled is None or not compiled.built:
        return False
    if not _is_keras_class(compiled, "CompileMetrics"):
        return False
    for metric in compiled.metrics:
        if not type(metric).__module__.startswith("keras."):
            return False
        fn = internals.metric_function(metric)
        if fn is None or not getattr(fn, "__module__", "").startswith("keras."):
            return False
        if type(metric).update_state.__qualname__ != "MeanMetricWrapper.update_state":
            return False
    return True
