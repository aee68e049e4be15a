"""Render the reproduction table: the lecture's numbers beside the values measured now.

Input is plain data, one dict per lecture::

    {"lecture_id": ..., "title": ..., "dataset": ..., "time": seconds,
     "figures": [{"name", "claim", "published", "interval", "measured", "source",
                  "note", "passed"}],
     "quotes": [{"name", "claim", "published", "measured", "corrected", "source",
                 "reason", "corrected_measured"}],
     "error": "..."}            # instead of figures and quotes when the lecture failed

:func:`render_reproduction` writes ``REPRODUCTION.md`` and ``REPRODUCTION.json``
(each atomically) into the output folder.
"""

import json
from datetime import datetime, timezone
from pathlib import Path

from keras_lectures.reports.atomic import atomic_write_text
from keras_lectures.reports.results import to_jsonable

__all__ = ["render_reproduction", "reproduction_markdown", "count", "count_corrections"]


def _md(value):
    """Escape text for a Markdown table cell."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    for char in ("\\", "|", "*", "_", "`", "<", ">", "[", "]"):
        text = text.replace(char, "\\" + char)
    return text


def format_number(value, digits=4):
    """Fixed-point with ``digits`` decimals (no exponent: the table compares digits).

    Whole numbers of 2 or more (counts, bytes, sizes) are written as
    integers with thousands separators.
    """
    if value is None:
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return _md(value)
    if number != number:
        return "–"
    if number.is_integer() and abs(number) >= 2:
        return f"{int(number):,}"
    return f"{number:.{digits}f}"


def count(lectures):
    """``(passed, total)`` over all checked figures of all lectures.

    A lecture that failed counts its figures as missed (their rows are gone).
    """
    passed = total = 0
    for lecture in lectures:
        for figure in lecture.get("figures") or []:
            total += 1
            passed += bool(figure.get("passed"))
    return passed, total


def count_corrections(lectures):
    """``(confirmed, total)`` over the quoted numbers that carry a correction."""
    confirmed = total = 0
    for lecture in lectures:
        for quote in lecture.get("quotes") or []:
            if quote.get("corrected") is None:
                continue
            total += 1
            confirmed += bool(quote.get("corrected_measured"))
    return confirmed, total


def _quote_result(quote):
    if quote.get("corrected") is not None:
        if quote.get("corrected_measured") is None:
            return "slide's arithmetic wrong; not measured"
        if quote.get("corrected_measured"):
            return "slide's arithmetic wrong; the drawn network has the corrected count"
        return "**the drawn network does not have the corrected count**"
    if quote.get("measured") is not None:
        return "measured beside it, not checked"
    return "not reproducible here"


def reproduction_markdown(data):
    """The Markdown text of ``REPRODUCTION.md`` from the JSON-ready ``data``."""
    lines = ["# Reproduction of the lecture's numbers", ""]
    lines.append(
        "Each lecture model is fitted with the lecture's settings on the lecture's own "
        "data (or, for the networks' arithmetic, built and not trained), and every "
        "number the lecture states is set beside the value measured now. The lecture's "
        "chapters and numbers are listed in `docs/lectures.md`. Regenerate with "
        "`keras-lectures reproduce --data-home DIR` (DIR holding the lecture data files)."
    )
    lines.append("")
    passed, total = data["passed"], data["total"]
    confirmed, corrections = count_corrections(data["lectures"])
    lines.append(f"**{passed} of {total} figures reproduced** "
                 f"(backend `{data.get('backend')}`, seed {data.get('seed')}, "
                 f"{data.get('created')}).")
    lines.append("")
    lines.append("## Checked here")
    lines.append("")
    lines.append(
        "*The lecture says* is the claim in its source's words: a number the source "
        "prints, or a statement in words where it prints none. A figure passes when the "
        "value measured now falls in the *checked interval* (ends included): the "
        "published number give or take float rounding, or the interval a one-sided "
        "claim allows. A bound that is ours, not the source's, says so under *source*."
    )
    lines.append("")
    lines.append("| lecture | data | figure | the lecture says | checked interval "
                 "| measured now | source | result |")
    lines.append("|---|---|---|---|---|---:|---|---|")
    failures = []
    without = []
    notes = []
    for lecture in data["lectures"]:
        if not lecture.get("error") and not lecture.get("figures"):
            if not lecture.get("quotes"):
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
                f"| {_md(figure.get('name'))} | {_md(figure.get('claim'))} "
                f"| {_md(figure.get('interval'))} "
                f"| {format_number(figure.get('measured'))} "
                f"| {_md(figure.get('source'))} | {result} |"
            )
            if figure.get("note"):
                notes.append(f"- {_md(lecture['lecture_id'])}, {_md(figure.get('name'))}: "
                             f"{_md(figure['note'])}.")
    lines.append("")
    if notes:
        lines.append("How the figures are measured:")
        lines.append("")
        lines.extend(notes)
        lines.append("")

    quoted = [lecture for lecture in data["lectures"] if lecture.get("quotes")]
    if quoted:
        lines.append("## Quoted from the slides, not checked here")
        lines.append("")
        lines.append(
            "Numbers on the slides that no run here can check: each says why. Where the "
            "slide's arithmetic is wrong, *corrected* is the right value for the network "
            f"the slide draws, and *measured here* is what `describe_layers` counts on that "
            f"network, built and not trained ({confirmed} of {corrections} corrections "
            "confirmed)."
        )
        lines.append("")
        lines.append("| lecture | number | the slide says | measured here | corrected "
                     "| why | result |")
        lines.append("|---|---|---|---:|---:|---|---|")
        for lecture in quoted:
            for quote in lecture["quotes"]:
                corrected = quote.get("corrected")
                lines.append(
                    f"| {_md(lecture['lecture_id'])} | {_md(quote.get('name'))} "
                    f"| {_md(quote.get('claim'))} "
                    f"| {format_number(quote.get('measured'))} "
                    f"| {'–' if corrected is None else format_number(corrected)} "
                    f"| {_md(quote.get('reason'))} | {_quote_result(quote)} |"
                )
        lines.append("")
    if without:
        lines.append("Lectures without numbers of their own: "
                     + ", ".join(_md(lecture_id) for lecture_id in without) + ".")
        lines.append("")
    lines.append("| lecture | measuring time (s) |")
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
    confirmed, corrections = count_corrections(lectures)
    data = to_jsonable({
        "created": created or datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "backend": backend,
        "versions": versions or {},
        "seed": seed,
        "passed": passed,
        "total": total,
        "corrections_confirmed": confirmed,
        "corrections": corrections,
        "lectures": list(lectures),
    })
    json_path = output / "REPRODUCTION.json"
    md_path = output / "REPRODUCTION.md"
    atomic_write_text(json_path, json.dumps(data, indent=2, allow_nan=False) + "\n")
    atomic_write_text(md_path, reproduction_markdown(data))
    return md_path, json_path, passed, total
