"""Render the reproduction table: published figures against the values measured now.

Input is plain data, one dict per lecture::

    {"lecture_id": ..., "title": ..., "dataset": ..., "time": seconds,
     "figures": [{"name", "published", "measured", "tolerance", "source", "passed"}],
     "error": "..."}            # instead of figures when the lecture failed

:func:`render_reproduction` writes ``REPRODUCTION.md`` and ``REPRODUCTION.json``
(each atomically) into the output folder.
"""

import json
from datetime import datetime, timezone
from pathlib import Path

from keras_lectures.reports.atomic import atomic_write_text
from keras_lectures.reports.results import to_jsonable

__all__ = ["render_reproduction", "reproduction_markdown", "count"]


def _md(value):
    """Escape text for a Markdown table cell."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    for char in ("\\", "|", "*", "_", "`", "<", ">", "[", "]"):
        text = text.replace(char, "\\" + char)
    return text


def format_number(value, digits=4):
    """Fixed-point with ``digits`` decimals (no exponent: the table compares digits)."""
    if value is None:
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return _md(value)
    if number != number:
        return "–"
    return f"{number:.{digits}f}"


def count(lectures):
    """``(passed, total)`` over all figures of all lectures (failed lectures count as missed)."""
    passed = total = 0
    for lecture in lectures:
        for figure in lecture.get("figures") or []:
            total += 1
            passed += bool(figure.get("passed"))
    return passed, total


def reproduction_markdown(data):
    """The Markdown text of ``REPRODUCTION.md`` from the JSON-ready ``data``."""
    lines = ["# Reproduction of the lecture's published figures", ""]
    lines.append(
        "Each lecture model is fitted with its published settings on the lecture's own "
        "data, and every number the lecture published is compared with the value "
        "measured now. A figure passes when the two differ by at most the tolerance. "
        "Regenerate with `keras-lectures reproduce --data-home DIR` (DIR holding the "
        "lecture data files)."
    )
    lines.append("")
    passed, total = data["passed"], data["total"]
    lines.append(f"**{passed} of {total} figures reproduced** "
                 f"(backend `{data.get('backend')}`, seed {data.get('seed')}, "
                 f"{data.get('created')}).")
    lines.append("")
    lines.append("| lecture | data | figure | published | measured now | tolerance | source | result |")
    lines.append("|---|---|---|---:|---:|---:|---|---|")
    failures = []
    without = []
    for lecture in data["lectures"]:
        if not lecture.get("error") and not lecture.get("figures"):
            without.append(lecture["lecture_id"])
            continue
        if lecture.get("error"):
            failures.append(lecture)
            lines.append(f"| {_md(lecture['lecture_id'])} | {_md(lecture.get('dataset'))} "
                         f"| – | – | – | – | – | error: {_md(lecture['error'])} |")
            continue
        for figure in lecture.get("figures") or []:
            result = "pass" if figure.get("passed") else "**miss**"
            lines.append(
                f"| {_md(lecture['lecture_id'])} | {_md(lecture.get('dataset'))} "
                f"| {_md(figure.get('name'))} | {format_number(figure.get('published'))} "
                f"| {format_number(figure.get('measured'))} "
                f"| {format_number(figure.get('tolerance'))} | {_md(figure.get('source'))} "
                f"| {result} |"
            )
    lines.append("")
    if without:
        lines.append("Lectures without published figures: "
                     + ", ".join(_md(lecture_id) for lecture_id in without) + ".")
        lines.append("")
    lines.append("| lecture | fit time (s) |")
    lines.append("|---|---:|")
    for lecture in data["lectures"]:
        if lecture["lecture_id"] in without:
            continue
        lines.append(f"| {_md(lecture['lecture_id'])} | {format_number(lecture.get('time'), 1)} |")
    lines.append("")
    lines.append("## Environment")
    lines.append("")
    lines.append(f"- backend: `{data.get('backend')}`")
    for name, version in (data.get("versions") or {}).items():
        lines.append(f"- {_md(name)}: {_md(version)}")
    lines.append("")
    return "\n".join(lines)


def render_reproduction(lectures, output, *, backend=None, versions=None, seed=None,
                        created=None):
    """Write ``REPRODUCTION.md`` and ``REPRODUCTION.json`` into ``output``.

    Parameters
    ----------
    lectures : list of dict
        One entry per lecture: ``lecture_id``, ``figures`` (the rows of
        :func:`~keras_lectures.lectures.reproduce_figures`) or ``error``.
    output : path-like
        The folder to write into.
    backend : str, default=None
        The Keras backend of the run.
    versions : dict, default=None
        Package versions.
    seed : int, default=None
        The random seed of the run.
    created : str, default=None
        ISO time of the run; None: now.

    Returns
    -------
    md_path, json_path : pathlib.Path
        The files written.
    passed, total : int
        Figures reproduced, and figures in all.
    """
    output = Path(output)
    passed, total = count(lectures)
    data = to_jsonable({
        "created": created or datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "backend": backend,
        "versions": versions or {},
        "seed": seed,
        "passed": passed,
        "total": total,
        "lectures": list(lectures),
    })
    json_path = output / "REPRODUCTION.json"
    md_path = output / "REPRODUCTION.md"
    atomic_write_text(json_path, json.dumps(data, indent=2, allow_nan=False) + "\n")
    atomic_write_text(md_path, reproduction_markdown(data))
    return md_path, json_path, passed, total
