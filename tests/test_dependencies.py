"""The declared dependency ranges, and the scikit-learn compatibility module.

``setup.cfg`` declares lower bounds that the ``min-deps`` tox env installs
exactly (``KERAS_LECTURES_MIN_DEPS=1`` there); every other env must hold
versions inside the declared ranges.
"""

import ast
import configparser
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE = REPO_ROOT / "keras_lectures"
FIXES = PACKAGE / "utils" / "fixes.py"

#: the dependencies whose lowest declared versions the min-deps env pins
PINNED_AT_MINIMUM = ("keras", "scikit-learn", "numpy", "jax")


def declared_requirements():
    """Requirements of the package and of its ``jax`` extra, from setup.cfg."""
    config = configparser.ConfigParser()
    config.read(REPO_ROOT / "setup.cfg")
    lines = config["options"]["install_requires"].splitlines()
    lines += config["options.extras_require"]["jax"].splitlines()
    return {req.name: req for req in map(Requirement, filter(None, map(str.strip, lines)))}


def lower_bound(requirement):
    bounds = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
    assert len(bounds) == 1, f"{requirement} should declare one lower bound (>=)"
    return bounds[0]


def installed(name):
    try:
        return Version(version(name))
    except PackageNotFoundError:
        return None


def test_every_core_dependency_declares_a_lower_bound():
    requirements = declared_requirements()
    for name in PINNED_AT_MINIMUM:
        assert name in requirements
        lower_bound(requirements[name])


@pytest.mark.parametrize("name", sorted(declared_requirements()))
def test_installed_versions_are_inside_the_declared_ranges(name):
    requirement = declared_requirements()[name]
    found = installed(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    assert requirement.specifier.contains(found, prereleases=True), (
        f"{name} {found} is installed, outside the declared range {requirement}"
    )


@pytest.mark.skipif(
    os.environ.get("KERAS_LECTURES_MIN_DEPS") != "1",
    reason="only in the min-deps env (KERAS_LECTURES_MIN_DEPS=1)",
)
@pytest.mark.parametrize("name", PINNED_AT_MINIMUM)
def test_min_deps_env_holds_the_lowest_declared_versions(name):
    expected = lower_bound(declared_requirements()[name])
    assert installed(name) == expected, (
        f"the min-deps env should hold {name}=={expected}, the lower bound in "
        f"setup.cfg; it holds {installed(name)}"
    )


def private_sklearn_imports(path):
    """``(line, name)`` of every private scikit-learn module or name imported."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sklearn"):
            modules = node.module.split(".")
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            modules = [p for a in node.names if a.name.startswith("sklearn") for p in a.name.split(".")]
            names = []
        else:
            continue
        private = [m for m in modules if m.startswith("_")] + [n for n in names if n.startswith("_")]
        if private:
            found.append((node.lineno, ", ".join(private)))
    return found


def test_private_sklearn_imports_only_in_the_compatibility_module():
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {names}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != FIXES
        for line, names in private_sklearn_imports(path)
    ]
    assert not offenders, (
        "private scikit-learn imports belong in keras_lectures/utils/fixes.py:\n"
        + "\n".join(offenders)
    )
    assert private_sklearn_imports(FIXES)  # the check does find them


def test_compatibility_module_names_work():
    from keras_lectures.utils import fixes

    for name in fixes.__all__:
        assert getattr(fixes, name) is not None
    assert fixes.sklearn_version >= fixes.parse_version("1.6")
    assert fixes._translate_train_sizes([0.5, 1.0], 10).tolist() == [5, 10]
    assert fixes._interval_max_min_ratio([1.0, 2.0, 10.0]) == 8.0
