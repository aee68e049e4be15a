"""Pieces shared by the command modules: errors, progress, tables.

Everything here is standard library only, so that the command line stays quick
to start; the command modules import Keras, scikit-learn and the lecture code
inside their ``run`` functions.
"""

import sys

from keras_lectures.utils.versions import distribution_version, package_versions

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
