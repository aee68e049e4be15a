"""``keras-lectures reproduce [LECTURE ...] [--output DIR]``.

Fits each lecture with its published settings on the lecture's own data
(:func:`keras_lectures.lectures.reproduce_figures`) and writes
``REPRODUCTION.md`` and ``REPRODUCTION.json``: every published figure, its
source, the value measured now, the backend and package versions, pass or
miss. Exit code 1 when a figure misses or a lecture fails.
"""

import time

from keras_lectures.commands._common import CommandError, package_versions, progress
from keras_lectures.commands import _lectures
from keras_lectures.commands._lectures import load_data, select

__all__ = ["run"]


def run(args):
    lectures = select(args.lectures)
    data_home = getattr(args, "data_home", None)
    for lecture in lectures:  # every data file present, before any fitting
        if lecture.figures:
            load_data(lecture, quick=False, data_home=data_home, allow_fallback=False)

    from keras_lectures.backend import current
    reproduce_figures = _lectures.lectures_module().reproduce_figures
    from keras_lectures.reports.reproduction import render_reproduction

    rows = []
    for k, lecture in enumerate(lectures, 1):
        progress(f"[lecture {k}/{len(lectures)}] {lecture.id}: "
                 f"{len(lecture.figures)} published figure(s)")
        entry = {"lecture_id": lecture.id, "title": lecture.title, "dataset": lecture.dataset}
        start = time.perf_counter()
        try:
            entry["figures"] = list(reproduce_figures(
                lecture, data_home=data_home, random_state=args.seed))
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            if getattr(args, "debug", False):
                raise
            entry["error"] = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
            progress(f"  failed: {entry['error']}")
        entry["time"] = round(time.perf_counter() - start, 3)
        for figure in entry.get("figures", []):
            progress(f"  {figure['name']}: published {figure['published']:g}, "
                     f"measured {figure['measured']:.4g} -> "
                     f"{'pass' if figure['passed'] else 'MISS'}")
        rows.append(entry)

    backend = current()
    md, _, passed, total = render_reproduction(
        rows, args.output, backend=backend, versions=package_versions(backend),
        seed=args.seed)
    failed = [row["lecture_id"] for row in rows if row.get("error")]
    print(f"{passed} of {total} published figures reproduced -> {md}")
    if failed:
        raise CommandError(f"lecture(s) {', '.join(failed)} failed; see {md}")
    if passed < total:
        raise CommandError(f"{total - passed} of {total} published figures missed; see {md}")
    return 0
