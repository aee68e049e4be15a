"""Ctrl-C that nothing swallows.

Python raises ``KeyboardInterrupt`` wherever the main thread happens to be
when SIGINT arrives. In a few places it does not come out: raised inside a
garbage-collection callback (jax registers one) it is printed as "Exception
ignored ..." and dropped; raised inside a callback from compiled backend code
it comes back as the backend's own error, which cross-validation scores as a
failed fit. The command line therefore installs :func:`install`'s handler,
which also records that an interrupt came (and keeps Python from printing the
one it swallowed in a gc callback), and the long-running loops call
:func:`check` at safe points (after each fit, each cross-validation job,
before writing a report) to raise ``KeyboardInterrupt`` again.

Outside the command line no handler is installed and :func:`check` does
nothing: Python's own Ctrl-C handling is left as it is.
"""

import signal
import sys
import threading

__all__ = ["install", "interrupted", "check"]

_interrupted = False


def _on_sigint(signum, frame):
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def install():
    """Handle SIGINT: record the interrupt, then raise ``KeyboardInterrupt``.

    Only in the main thread (where Python runs signal handlers); elsewhere
    nothing changes.

    Returns
    -------
    restore : callable
        Puts the previous handler back and forgets any recorded interrupt.
    """
    global _interrupted
    _interrupted = False
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.signal(signal.SIGINT, _on_sigint)
    previous_hook = sys.unraisablehook

    def quiet_hook(unraisable):
        # An interrupt swallowed in a gc callback is recorded and raised again
        # by check(); printing "Exception ignored ..." would only alarm.
        if _interrupted and isinstance(unraisable.exc_value, KeyboardInterrupt):
            return
        previous_hook(unraisable)

    sys.unraisablehook = quiet_hook

    def restore():
        global _interrupted
        signal.signal(signal.SIGINT, previous)
        if sys.unraisablehook is quiet_hook:
            sys.unraisablehook = previous_hook
        _interrupted = False

    return restore


def interrupted():
    """Whether SIGINT arrived since :func:`install`."""
    return _interrupted


def check():
    """Raise ``KeyboardInterrupt`` if an interrupt came, even a swallowed one."""
    if _interrupted:
        raise KeyboardInterrupt
