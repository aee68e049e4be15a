"""``keras-lectures report [LECTURE ...] [--quick] [--output DIR] [--n-jobs N]``.

For each chosen lecture: fit, learning curve, epoch curve and diagnosis
(:func:`keras_lectures.reports.run.run_lecture`), then its report folder
(:func:`keras_lectures.reports.render.render_lecture`, swapped in atomically),
then the top ``index.html``. With several lectures and ``--n-jobs`` above 1
(by default the machine's cores), lectures run side by side in worker
processes, the later (larger) lectures first. A lecture that fails is
reported and skipped; its previous report stays. The exit code is 1 when any
lecture failed.

On jax, ``--quick`` has XLA compile without its backend optimisations
while it runs (:func:`compile_quickly`): the quick models are so small that
compiling them is most of their time.
"""

import contextlib
import dataclasses
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


#: XLA's option for how hard its CPU backend optimises compiled code.
XLA_OPTIMIZATION_OPTION = "--xla_backend_optimization_level"


@contextlib.contextmanager
def compile_quickly(backend):
    """While the report runs, have XLA compile its jax code unoptimised.

    The quick report's models are tiny: on jax, compiling their training
    steps takes most of the report's time, and unoptimised compiling is
    several times quicker. Results may differ from optimised code in the last
    float32 bits, not in what the report shows; Keras's own ``fit`` in the
    same process compiles the same way. The option goes into ``XLA_FLAGS``
    (which worker processes inherit) and is taken out again afterwards. XLA
    reads ``XLA_FLAGS`` once per process, when jax first compiles, so in a
    process that has compiled before this changes nothing; an ``XLA_FLAGS``
    that sets the option already is kept as it is.

    Parameters
    ----------
    backend : str
        The Keras backend of this run; only ``"jax"`` compiles with XLA.

    Yields
    ------
    changed : bool
        Whether ``XLA_FLAGS`` was changed.
    """
    import os

    flags = os.environ.get("XLA_FLAGS")
    if backend != "jax" or XLA_OPTIMIZATION_OPTION in (flags or ""):
        yield False
        return
    os.environ["XLA_FLAGS"] = f"{flags or ''} {XLA_OPTIMIZATION_OPTION}=0".strip()
    try:
        yield True
    finally:
        if flags is None:
            os.environ.pop("XLA_FLAGS", None)
        else:
            os.environ["XLA_FLAGS"] = flags


def lecture_workers(n_jobs, n_lectures):
    """How many worker processes run lectures side by side (1: in this process).

    ``n_jobs`` None means the machine's cores, -1 every core, -2 all but one
    (as in joblib); never more workers than lectures.
    """
    import os

    cores = os.cpu_count() or 1
    if n_jobs is None:
        n_jobs = cores
    elif n_jobs < 0:
        n_jobs = max(1, cores + 1 + n_jobs)
    return max(1, min(n_jobs, n_lectures))


def run(args):
    with compile_quickly(_backend() if args.quick else None):
        return _run(args)


def _backend():
    from keras_lectures.backend import current

    try:
        return current()
    except RuntimeError:  # none installed: the run says so when it needs one
        return None


def _run(args):
    lectures = select(args.lectures)
    _prepare_output(args.output)
    # Check the data of every lecture before the long work starts.
    data = {}
    for lecture in lectures:
        data[lecture.id] = load_data(
            lecture, quick=args.quick, data_home=getattr(args, "data_home", None),
            allow_fallback=args.allow_fallback,
        )

    from keras_lectures.reports.render import render_index

    order = [lecture.id for lecture in lectures]
    workers = lecture_workers(args.n_jobs, len(lectures))
    options = _lecture_options(args, curve_jobs=1 if workers > 1 else args.n_jobs)
    outcomes = (_side_by_side(lectures, data, options, workers) if workers > 1
                else _one_by_one(lectures, data, options, debug=getattr(args, "debug", False)))
    failures = []
    start = time.perf_counter()
    for outcome in outcomes:
        _interrupt.check()
        if outcome.failure is not None:
            failures.append((outcome.lecture_id, outcome.failure))
            progress(f"  {outcome.lecture_id} failed: {outcome.failure}")
            continue
        render_index(args.output, order=order)
        print(f"{outcome.lecture_id}: test {outcome.score_name} {outcome.test:.4f}, "
              f"{outcome.verdict}, {outcome.seconds:.1f} s -> {outcome.page}", flush=True)
    _interrupt.check()
    index = render_index(args.output, order=order)
    print(f"report: {index} ({len(lectures) - len(failures)} of {len(lectures)} lectures, "
          f"{time.perf_counter() - start:.1f} s)")
    if failures:
        lecture_id, message = failures[0]
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        raise CommandError(f"lecture {lecture_id!r} failed{more}: {message}")
    return 0


def _lecture_options(args, *, curve_jobs):
    return {"quick": args.quick, "seed": args.seed,
            "data_home": getattr(args, "data_home", None),
            "allow_fallback": args.allow_fallback, "epochs": args.epochs,
            "n_jobs": curve_jobs, "output": args.output}


@dataclasses.dataclass
class _Outcome:
    """One lecture's report: where it went and what it says, or why it failed."""

    lecture_id: str
    failure: str | None = None
    score_name: str = ""
    test: float = float("nan")
    verdict: str = "–"
    seconds: float = 0.0
    page: object = None


def _report_lecture(lecture, data, options, say):
    """Run one lecture and write its report folder; return its outcome."""
    from keras_lectures.reports.render import render_lecture
    from keras_lectures.reports.run import run_lecture

    say(f"[lecture] {lecture.id}: {lecture.title} "
        f"on {getattr(data, 'dataset', lecture.dataset)}")
    start = time.perf_counter()
    output = options["output"]
    result = run_lecture(lecture, progress=say, data=data,
                         **{k: v for k, v in options.items() if k != "output"})
    _interrupt.check()  # nothing is written after an interrupt
    folder = render_lecture(result, output)
    return _Outcome(lecture.id, score_name=result.score_name, test=result.scores["test"],
                    verdict=(result.diagnosis or {}).get("verdict", "–"),
                    seconds=time.perf_counter() - start, page=folder / "index.html")


def _failure(exc):
    message = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {message}"


def _one_by_one(lectures, data, options, *, debug):
    """Lectures in this process, in order; a failing lecture does not stop the others."""
    for k, lecture in enumerate(lectures, 1):
        def say(message, k=k):
            if message.startswith("[lecture]"):
                message = f"[lecture {k}/{len(lectures)}]" + message[len("[lecture]"):]
            progress(message)

        try:
            yield _report_lecture(lecture, data[lecture.id], options, say)
        except (KeyboardInterrupt, CommandError):
            raise
        except Exception as exc:
            _interrupt.check()  # a failure an interrupt caused is no failure
            if debug:
                raise
            yield _Outcome(lecture.id, failure=_failure(exc))


class _Prefixed:
    """Progress lines of one lecture in a worker, prefixed with its id."""

    def __init__(self, lecture_id):
        self.lecture_id = lecture_id

    def __call__(self, message):
        if message.startswith("[lecture]"):
            progress(message)
        else:
            progress(f"  [{self.lecture_id}] {message.strip()}")


def _ignore_sigint():
    # Ctrl-C reaches every process of the terminal; the command decides.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _in_worker(job):
    lecture_id, data, options = job
    from keras_lectures.lectures import get_lecture

    try:
        return _report_lecture(get_lecture(lecture_id), data, options,
                               _Prefixed(lecture_id))
    except Exception as exc:
        return _Outcome(lecture_id, failure=_failure(exc))


def _side_by_side(lectures, data, options, workers):
    """Lectures in ``workers`` fresh processes; outcomes as they finish.

    Each worker compiles its own models and writes its lectures' folders
    (swapped in whole, as in one process); an interrupt stops them all.
    """
    import multiprocessing

    progress(f"{len(lectures)} lectures in {workers} processes side by side")
    # Later chapters train larger models: started first, none of them is left
    # running alone at the end while the other workers idle.
    jobs = [(lecture.id, data[lecture.id], options) for lecture in reversed(lectures)]
    pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_ignore_sigint)
    try:
        yield from pool.imap_unordered(_in_worker, jobs)
    finally:
        pool.terminate()
        pool.join()
