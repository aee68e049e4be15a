"""``keras-lectures report [LECTURE ...] [--quick] [--output DIR] [--n-jobs N]``.

For each chosen lecture: fit, learning curve, epoch curve and diagnosis
(:func:`keras_lectures.reports.run.run_lecture`), then its report folder
(:func:`keras_lectures.reports.render.render_lecture`, swapped in atomically),
then the top ``index.html``. A lecture that fails is reported and skipped; its
previous report stays. The exit code is 1 when any lecture failed.
"""

import time

from keras_lectures import _interrupt
from keras_lectures.commands._common import CommandError, progress
from keras_lectures.commands._lectures import load_data, select

__all__ = ["run"]


def _prepare_output(folder):
    """Fail now, before any training, when the report cannot be written."""
    from keras_lectures.reports.atomic import check_writable, remove_stale_temporaries

    try:
        check_writable(folder)
    except OSError as exc:
        reason = exc.strerror or " ".join(str(exc).split())
        raise CommandError(
            f"cannot write the report to --output {folder}: {reason}; "
            "choose a folder you may write to"
        ) from exc
    remove_stale_temporaries(folder)


def run(args):
    lectures = select(args.lectures)
    _prepare_output(args.output)
    # Check the data of every lecture before the long work starts.
    data = {}
    for lecture in lectures:
        data[lecture.id] = load_data(
            lecture, quick=args.quick, data_home=getattr(args, "data_home", None),
            allow_fallback=args.allow_fallback,
        )

    from keras_lectures.reports.render import render_index, render_lecture
    from keras_lectures.reports.run import run_lecture

    order = [lecture.id for lecture in lectures]
    failures = []
    start = time.perf_counter()
    for k, lecture in enumerate(lectures, 1):
        progress(f"[lecture {k}/{len(lectures)}] {lecture.id}: {lecture.title} "
                 f"on {getattr(data[lecture.id], 'dataset', lecture.dataset)}")
        t0 = time.perf_counter()
        try:
            result = run_lecture(
                lecture, quick=args.quick, seed=args.seed,
                data_home=getattr(args, "data_home", None),
                allow_fallback=args.allow_fallback, epochs=args.epochs,
                n_jobs=args.n_jobs, progress=progress, data=data[lecture.id],
            )
            _interrupt.check()  # nothing is written after an interrupt
            folder = render_lecture(result, args.output)
        except (KeyboardInterrupt, CommandError):
            raise
        except Exception as exc:  # one lecture failing does not stop the others
            _interrupt.check()  # a failure an interrupt caused is no failure
            if getattr(args, "debug", False):
                raise
            message = " ".join(str(exc).split()) or type(exc).__name__
            failures.append((lecture.id, f"{type(exc).__name__}: {message}"))
            progress(f"  failed: {type(exc).__name__}: {message}")
            continue
        _interrupt.check()
        render_index(args.output, order=order)
        scores = result.scores
        verdict = (result.diagnosis or {}).get("verdict", "–")
        print(f"{lecture.id}: test {result.score_name} {scores['test']:.4f}, "
              f"{verdict}, {time.perf_counter() - t0:.1f} s -> {folder / 'index.html'}",
              flush=True)
    _interrupt.check()
    index = render_index(args.output, order=order)
    print(f"report: {index} ({len(lectures) - len(failures)} of {len(lectures)} lectures, "
          f"{time.perf_counter() - start:.1f} s)")
    if failures:
        lecture_id, message = failures[0]
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        raise CommandError(f"lecture {lecture_id!r} failed{more}: {message}")
    return 0
