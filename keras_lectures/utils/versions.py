"""Installed versions of the packages a result depends on.

Reads installed metadata only (nothing is imported), so both the commands and
the reports can record versions without importing Keras or a backend.
"""

import importlib.metadata
import importlib.util
import platform

__all__ = ["distribution_version", "package_versions"]


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
