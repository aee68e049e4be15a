"""Pieces shared by the command modules: errors, progress, versions, tables.

Everything here is standard library only, so that the command line stays quick
to start; the command modules import Keras, scikit-learn and the lecture code
inside their ``run`` functions.
"""

import importlib.metadata
import importlib.util
import platform
import sys

__all__ = [
    "CommandError",
    "UsageError",
    "progress",
    "distribution_version",
    "package_versions",
    "format_table",
]


class CommandError(Exception):
    """An error to report as one line on stderr, with an exit code."""

    exit_code = 1

    def __init__(self, message, exit_code=None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(CommandError):
    """The command line asked for something that does not exist (exit 2)."""

    exit_code = 2


def progress(message):
    """Write one progress line to stderr (stdout is kept for results)."""
    print(message, file=sys.stderr, flush=True)


# Distribution names under which an import name may be installed.
_DISTRIBUTIONS = {
    "keras": ("keras",),
    "jax": ("jax",),
    "jaxlib": ("jaxlib",),
    "tensorflow": ("tensorflow", "tensorflow-cpu", "tensorflow-gpu", "tf-nightly"),
    "torch": ("torch",),
    "sklearn": ("scikit-learn",),
    "numpy": ("numpy",),
    "matplotlib": ("matplotlib",),
    "keras_lectures": ("keras-lectures",),
}


def distribution_version(import_name):
    """Version of the distribution that provides ``import_name``, or None.

    Reads the installed metadata only: the package itself is not imported.
    """
    for dist in _DISTRIBUTIONS.get(import_name, (import_name,)):
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    if importlib.util.find_spec(import_name) is None:
        return None
    for dist in importlib.metadata.packages_distributions().get(import_name, ()):
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def package_versions(backend=None):
    """Versions of Python and the packages a result depends on.

    Parameters
    ----------
    backend : str, optional
        The Keras backend in use; its package (and jaxlib for jax) is listed.
    """
    names = ["keras_lectures", "keras", "sklearn", "numpy", "matplotlib"]
    if backend:
        names.append(backend)
        if backend == "jax":
            names.append("jaxlib")
    versions = {"python": platform.python_version()}
    for name in names:
        version = distribution_version(name)
        if version is not None:
            versions[_display_name(name)] = version
    return versions


def _display_name(import_name):
    return {"sklearn": "scikit-learn", "keras_lectures": "keras-lectures"}.get(
        import_name, import_name
    )


def format_table(headers, rows):
    """Format rows as a plain-text table with aligned columns."""
    cells = [[str(h) for h in headers]] + [
        ["" if c is None else str(c) for c in row] for row in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for k, row in enumerate(cells):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
