"""``keras-lectures reproduce [LECTURE ...] [--output DIR]``.

Measures each lecture's numbers (:func:`keras_lectures.lectures.reproduce_lecture`:
its settings fitted on the lecture's own data, or its networks built and
counted) and writes ``REPRODUCTION.md`` and ``REPRODUCTION.json``: every
checked figure (the claim in its source's words, the checked interval, the
value measured now, pass or miss) and every number quoted from the slides
that no run here can check, with the reason and what is measured beside it.
Exit code 1 when a figure misses, a slide correction is not confirmed or a
lecture fails.
"""

import time

from keras_lectures.commands._common import CommandError, package_versions, progress
from keras_lectures.commands import _lectures
from keras_lectures.commands._lectures import load_data, select

__all__ = ["run"]


def _reads_data(lecture):
    measured = lecture.figures or any(quote.measured for quote in lecture.quotes)
    return bool(measured) and getattr(lecture, "measure_reads_data", True)


def _value(value):
    if value is None:
        return "not measured"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.6g}"


def _report(entry):
    for figure in entry.get("figures", []):
        progress(f"  {figure['name']}: the lecture says {figure['claim']}; checked "
                 f"{figure['interval']}, measured {_value(figure['measured'])} -> "
                 f"{'pass' if figure['passed'] else 'MISS'}")
    for quote in entry.get("quotes", []):
        line = f"  {quote['name']}: the slide says {quote['claim']}; "
        if quote["corrected"] is not None:
            line += (f"corrected {quote['corrected']:,.0f}, measured "
                     f"{_value(quote['measured'])}")
        elif quote["measured"] is not None:
            line += f"measured {_value(quote['measured'])} beside it, not checked"
        else:
            line += "not reproducible here"
        progress(line)


def run(args):
    lectures = select(args.lectures)
    data_home = getattr(args, "data_home", None)
    for lecture in lectures:  # every data file present, before any fitting
        if _reads_data(lecture):
            load_data(lecture, quick=False, data_home=data_home, allow_fallback=False)

    from keras_lectures.backend import current
    reproduce_lecture = _lectures.lectures_module().reproduce_lecture
    from keras_lectures.reports.reproduction import count_corrections, render_reproduction

    rows = []
    for k, lecture in enumerate(lectures, 1):
        progress(f"[lecture {k}/{len(lectures)}] {lecture.id}: "
                 f"{len(lecture.figures)} checked figure(s), "
                 f"{len(lecture.quotes)} quoted number(s)")
        # lectures that only build networks and count read no data
        dataset = lecture.dataset if getattr(lecture, "measure_reads_data", True) else "none"
        entry = {"lecture_id": lecture.id, "title": lecture.title, "dataset": dataset}
        start = time.perf_counter()
        try:
            entry.update(reproduce_lecture(lecture, data_home=data_home,
                                           random_state=args.seed))
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            if getattr(args, "debug", False):
                raise
            entry["error"] = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
            progress(f"  failed: {entry['error']}")
        entry["time"] = round(time.perf_counter() - start, 3)
        _report(entry)
        rows.append(entry)

    backend = current()
    md, _, passed, total = render_reproduction(
        rows, args.output, backend=backend, versions=package_versions(backend),
        seed=args.seed)
    confirmed, corrections = count_corrections(rows)
    quoted = sum(len(row.get("quotes", [])) for row in rows)
    print(f"{passed} of {total} checked figures reproduced, {confirmed} of {corrections} "
          f"slide corrections confirmed, {quoted} numbers quoted from the slides -> {md}")
    failed = [row["lecture_id"] for row in rows if row.get("error")]
    if failed:
        raise CommandError(f"lecture(s) {', '.join(failed)} failed; see {md}")
    if passed < total:
        raise CommandError(f"{total - passed} of {total} checked figures missed; see {md}")
    if confirmed < corrections:
        raise CommandError(f"{corrections - confirmed} of {corrections} slide corrections "
                           f"not confirmed; see {md}")
    return 0
