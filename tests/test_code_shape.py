"""The shape of the package's code, read from its syntax trees.

- No function is longer than ``MAX_LINES`` lines, except a public function
  whose docstring makes it long and whose code (the lines outside the
  docstring, signature included) stays under ``MAX_CODE_LINES``.
- ``keras_lectures/diagnostics/`` imports nothing inside a function: its
  display module sits downstream of the curve functions, and optional
  dependencies (pyplot, tqdm) are loaded with ``importlib`` on first use.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "keras_lectures"
MAX_LINES = 80
MAX_CODE_LINES = 60

#: Files allowed long functions (none now; an entry is a debt to repay).
KNOWN_LONG = ()


def _modules(folder=PACKAGE):
    return sorted(folder.rglob("*.py"))


def _name(path):
    return path.relative_to(PACKAGE).as_posix()


def _functions(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def _docstring_lines(function):
    first = function.body[0]
    is_docstring = (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )
    return first.end_lineno - first.lineno + 1 if is_docstring else 0


def function_lengths(path):
    """``(name, line, total lines, code lines)`` of every function in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in _functions(tree):
        total = function.end_lineno - function.lineno + 1
        yield function.name, function.lineno, total, total - _docstring_lines(function)


def too_long(name, total, code):
    if total <= MAX_LINES:
        return False
    return name.startswith("_") or code >= MAX_CODE_LINES


def _known(path):
    name = _name(path)
    return any(
        name == entry or (entry.endswith("/*") and name.startswith(entry[:-1]))
        for entry in KNOWN_LONG
    )


def test_rule_counts_code_without_the_docstring():
    source = "def f():\n    '''Doc.\n\n    More.\n    '''\n    return 1\n"
    (function,) = _functions(ast.parse(source))
    assert _docstring_lines(function) == 4
    assert too_long("f", total=90, code=59) is False
    assert too_long("f", total=90, code=60) is True
    assert too_long("_f", total=90, code=10) is True
    assert too_long("_f", total=80, code=80) is False


@pytest.mark.parametrize("path", [p for p in _modules() if not _known(p)], ids=_name)
def test_no_function_is_too_long(path):
    long = [
        f"{_name(path)}:{line} {name}: {total} lines, {code} outside the docstring"
        for name, line, total, code in function_lengths(path)
        if too_long(name, total, code)
    ]
    assert not long, (
        f"functions over {MAX_LINES} lines (public ones may be longer by their "
        f"docstring while their code stays under {MAX_CODE_LINES} lines): {long}"
    )


def test_known_long_files_exist():
    """Every entry of KNOWN_LONG still names a file; drop the stale ones."""
    for entry in KNOWN_LONG:
        assert any(_name(p) == entry or _name(p).startswith(entry.rstrip("*"))
                   for p in _modules()), entry


@pytest.mark.parametrize("path", _modules(PACKAGE / "diagnostics"), ids=_name)
def test_diagnostics_import_nothing_inside_a_function(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = [
        f"{_name(path)}:{node.lineno} in {function.name}"
        for function in _functions(tree)
        for node in ast.walk(function)
        if isinstance(node, (ast.Import, ast.ImportFrom))
    ]
    assert not inside, f"imports inside functions: {inside}"
