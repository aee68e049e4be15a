"""Routed parameters: ``model__units=64``, ``optimizer__beta_1=0.8`` and so on.

A routed parameter is a keyword argument named ``<prefix>__<name>``. It is
stored on the estimator like any other parameter (so ``get_params``, ``clone``
and ``GridSearchCV`` see it) and handed to the Keras object the prefix names
when the estimator is fitted.
"""

import difflib
import inspect

__all__ = ["ROUTING_PREFIXES", "is_routed", "split_routed", "check_routed_names"]

#: prefix -> what receives the parameters
ROUTING_PREFIXES = {
    "model": "the model-building function",
    "optimizer": "the optimizer's constructor",
    "compile": "keras.Model.compile",
    "fit": "keras.Model.fit",
    "predict": "prediction (batch_size)",
    "callbacks": "the callbacks' constructors",
}


def is_routed(name):
    """Whether ``name`` has the ``prefix__param`` form of a routed parameter."""
    return "__" in name


def split_routed(params, prefix):
    """Return ``{param: value}`` for every ``prefix__param`` in ``params``."""
    start = prefix + "__"
    return {
        name[len(start):]: value
        for name, value in params.items()
        if name.startswith(start)
    }


def suggest(name, candidates):
    """A ``"; did you mean 'x'?"`` hint, or an empty string."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def check_prefixes(params):
    """Raise ValueError for a ``prefix__param`` whose prefix routes nowhere."""
    for name in params:
        prefix = name.split("__", 1)[0]
        if prefix not in ROUTING_PREFIXES:
            hint = suggest(prefix, ROUTING_PREFIXES)
            raise ValueError(
                f"Invalid routed parameter {name!r}: {prefix!r} is not a routing "
                f"prefix{hint} Valid prefixes: "
                + ", ".join(f"{p}__" for p in ROUTING_PREFIXES)
                + "."
            )


def accepted_names(func):
    """Keyword names ``func`` accepts, or None when it takes ``**kwargs``."""
    try:
        parameters = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    return [
        p.name
        for p in parameters
        if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    ]


def check_routed_names(prefix, routed, func, *, reserved=()):
    """Raise ValueError when a routed name is not an argument of ``func``.

    Parameters
    ----------
    prefix : str
        The routing prefix, used in the message.
    routed : dict
        Routed parameters with the prefix removed.
    func : callable
        What receives them.
    reserved : iterable of str
        Arguments the estimator passes itself; routing them is an error too.
    """
    names = accepted_names(func)
    reserved = set(reserved)
    for name in routed:
        if name in reserved:
            raise ValueError(
                f"{prefix}__{name} cannot be routed: the estimator sets {name!r} "
                "itself (use the estimator parameter of that name instead)."
            )
        if names is not None and name not in names:
            valid = [f"{prefix}__{n}" for n in names if n not in reserved]
            hint = suggest(f"{prefix}__{name}", valid)
            raise ValueError(
                f"Invalid parameter {prefix + '__' + name!r}: "
                f"{getattr(func, '__qualname__', func)!s} has no argument {name!r}"
                f"{hint}"
            )
