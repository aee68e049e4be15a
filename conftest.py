"""Collection rules for the whole checkout (tests and doctests).

``--doctest-modules`` imports every module of the package. Modules written
for one Keras backend import that backend's framework, so under another
backend (where it may not even be installed) they are not collected.
"""

import os

_BACKEND_MODULES = {
    "jax": ["keras_lectures/engine/_jax*.py"],
    "tensorflow": ["keras_lectures/engine/_tensorflow*.py", "keras_lectures/engine/_tf*.py"],
    "torch": ["keras_lectures/engine/_torch*.py"],
}

_current = os.environ.get("KERAS_BACKEND", "")
collect_ignore_glob = [
    pattern
    for backend, patterns in _BACKEND_MODULES.items()
    if backend != _current
    for pattern in patterns
]
# the documentation's configuration and build are not tests
collect_ignore_glob += ["docs/*", "examples/*"]
