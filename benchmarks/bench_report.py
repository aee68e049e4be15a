"""Time ``keras-lectures report --quick`` per backend, lecture and phase.

Each backend runs in its own subprocess (``KERAS_BACKEND`` set, with the
interpreter given for it), which runs the report command in-process and
records, per lecture and per phase (learning curve, epoch curve, final fit,
each picture):

- wall time (from the report's own ``times``, and from phase to phase);
- on jax, the compilations XLA made and the seconds spent tracing, lowering
  and compiling (``jax.monitoring`` duration events);
- on tensorflow, the ``tf.function`` traces (calls of the Python function
  being traced) and the seconds spent in them.

With lectures side by side (``--n-jobs`` above 1, the command's default on a
machine with several cores) the phases still come from each lecture's own
times, but compilations and traces are counted in this process only: give
``--n-jobs 1`` for those columns.

Each lecture's figures, verdict and test score are compared with the
stored list the tests use (``tests/_report_contents.py``): "as stored" or
what differs. The instrumentation lives here only: the package is run as users run it. The
parent prints one table per backend, then wall and CPU time (user + sys) of
each subprocess and the load average before and after, since on a shared
machine wall time alone says little.

Run::

    python benchmarks/bench_report.py --backend jax=.tox/jax/bin/python \\
        --backend torch=.tox/torch/bin/python [--n-jobs N] [--json FILE]
        [LECTURE ...]

``--backend NAME`` alone uses this interpreter. Each interpreter imports
the ``keras_lectures`` its environment has; set ``PYTHONPATH`` to the
repository root to time the working tree instead.
"""

import argparse
import collections
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

_PHASE_PREFIXES = ("  learning curve", "  epoch curve", "  final fit", "  picture")


class _Recorder:
    """Counts and seconds of compilation/tracing, charged to the current phase."""

    def __init__(self):
        self.lecture = None
        self.phase = "setup"
        self.phase_start = time.perf_counter()
        self.count = collections.Counter()
        self.seconds = collections.Counter()
        self.wall = collections.Counter()

    def key(self):
        return (self.lecture or "-", self.phase)

    def switch(self, lecture=None, phase=None):
        now = time.perf_counter()
        self.wall[self.key()] += now - self.phase_start
        self.phase_start = now
        if lecture is not None:
            self.lecture = lecture
        self.phase = phase

    def add(self, seconds, count=1):
        self.count[self.key()] += count
        self.seconds[self.key()] += seconds


def _phase_name(message):
    text = message.strip()
    if text.startswith("learning curve"):
        return "learning curve"
    if text.startswith("epoch curve"):
        return "epoch curve"
    if text.startswith("final fit"):
        return "final fit"
    return text  # "picture: KIND"


def _instrument_jax(recorder):
    import jax

    def on_duration(event, seconds, **kwargs):
        if event.endswith("/backend_compile_duration"):
            recorder.add(seconds, count=1)
        elif event.endswith(("/jaxpr_trace_duration", "/jaxpr_to_mlir_module_duration")):
            recorder.add(seconds, count=0)

    jax.monitoring.register_event_duration_secs_listener(on_duration)


def _instrument_tensorflow(recorder):
    import functools

    import tensorflow as tf

    original = tf.function

    def traced(python_function):
        @functools.wraps(python_function)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return python_function(*args, **kwargs)
            finally:
                recorder.add(time.perf_counter() - start)

        return wrapper

    def counting_function(func=None, *args, **kwargs):
        if func is None:
            return lambda f: original(traced(f), *args, **kwargs)
        return original(traced(func), *args, **kwargs)

    tf.function = counting_function


def _as_stored(summary):
    """Say "as stored", or how the report differs from the tests' stored list."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    try:
        from tests._report_contents import assert_shows_what_it_showed
    except ImportError:
        return "no stored list (run from the repository)"
    finally:
        sys.path.pop(0)
    try:
        assert_shows_what_it_showed(summary)
    except AssertionError as error:
        return f"DIFFERS: {error}"
    return "as stored"


def _worker(args):
    """Run the report in this process and write the measurements as JSON."""
    recorder = _Recorder()
    backend = os.environ["KERAS_BACKEND"]
    if backend == "jax":
        _instrument_jax(recorder)
    elif backend == "tensorflow":
        _instrument_tensorflow(recorder)

    from keras_lectures import cli
    from keras_lectures.commands import report as report_command

    original_progress = report_command.progress

    def progress(message):
        if message.startswith("[lecture "):
            recorder.switch(lecture=message.split()[2].rstrip(":"), phase="load and setup")
        elif message.startswith(_PHASE_PREFIXES):
            recorder.switch(phase=_phase_name(message))
        original_progress(message)

    report_command.progress = progress
    output = tempfile.mkdtemp(prefix="bench-report-")
    command = ["report", "--quick", "--output", output, *args.lectures]
    if args.n_jobs is not None:
        command += ["--n-jobs", str(args.n_jobs)]
    start = time.perf_counter()
    status = cli.main(command)
    total = time.perf_counter() - start
    recorder.switch(phase="render")
    times = {}
    for path in sorted(os.listdir(output)):
        summary = os.path.join(output, path, "summary.json")
        if os.path.exists(summary):
            with open(summary, encoding="utf-8") as f:
                data = json.load(f)
            times[path] = {"times": data.get("times", {}),
                           "test": data.get("scores", {}).get("test"),
                           "verdict": (data.get("diagnosis") or {}).get("verdict"),
                           "as stored": _as_stored(data)}
    shutil.rmtree(output, ignore_errors=True)
    result = {
        "backend": backend, "status": status, "total": total, "lectures": times,
        "compile": [[lec, ph, recorder.count[(lec, ph)], recorder.seconds[(lec, ph)]]
                    for (lec, ph) in recorder.seconds],
        "wall": [[lec, ph, s] for (lec, ph), s in recorder.wall.items()],
    }
    with open(args.worker, "w", encoding="utf-8") as f:
        json.dump(result, f)
    return 0


def _run_backend(name, python, args):
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    command = [python, __file__, "--worker", out, *args.lectures]
    if args.n_jobs is not None:
        command += ["--n-jobs", str(args.n_jobs)]
    env = dict(os.environ, KERAS_BACKEND=name, MPLBACKEND="Agg", TF_CPP_MIN_LOG_LEVEL="2")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, encoding="utf-8") as f:
        result = json.load(f)
    os.unlink(out)
    result["process wall"] = wall
    result["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


_PHASE_KEYS = {"learning curve": "learning curve", "epoch curve": "epoch curve",
               "final fit": "fit"}


def _table(result):
    compile_count = collections.Counter()
    compile_seconds = collections.Counter()
    for lecture, phase, count, seconds in result["compile"]:
        compile_count[(lecture, phase)] += count
        compile_seconds[(lecture, phase)] += seconds
    rows = []
    for lecture, record in result["lectures"].items():
        times = record["times"]
        phases = [(p, times.get(k)) for p, k in _PHASE_KEYS.items()]
        phases += [(k, v) for k, v in times.items() if k.startswith("picture:")]
        for phase, seconds in phases:
            if seconds is None:
                continue
            rows.append((lecture, phase, seconds, compile_count[(lecture, phase)],
                         compile_seconds[(lecture, phase)]))
        rows.append((lecture, "TOTAL", times.get("total", 0.0),
                     sum(c for (lec, _), c in compile_count.items() if lec == lecture),
                     sum(s for (lec, _), s in compile_seconds.items() if lec == lecture)))
    lines = [f"{'lecture':26} {'phase':34} {'wall s':>8} {'compiles':>9} {'compile s':>9}"]
    for lecture, phase, seconds, count, cseconds in rows:
        lines.append(f"{lecture:26} {phase:34} {seconds:8.2f} {count:9d} {cseconds:9.2f}")
    verdicts = [f"{lec}: test {rec['test']:.4f} {rec['verdict']} ({rec['as stored']})"
                for lec, rec in result["lectures"].items()]
    return "\n".join(lines + [""] + verdicts)


def _loadavg():
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lectures", nargs="*", help="lecture ids (default: all)")
    parser.add_argument("--backend", action="append", metavar="NAME[=PYTHON]",
                        help="a backend and the interpreter whose env has it "
                             "(repeatable; default: jax with this interpreter)")
    parser.add_argument("--n-jobs", type=int, default=None)
    parser.add_argument("--json", help="also write the measurements to this file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args)
    results = []
    for spec in args.backend or ["jax"]:
        name, _, python = spec.partition("=")
        load_before = _loadavg()
        result = _run_backend(name, python or sys.executable, args)
        result["load"] = (load_before, _loadavg())
        results.append(result)
        print(f"\n== {name}: report --quick {result['total']:.1f} s "
              f"(process wall {result['process wall']:.1f} s, "
              f"CPU user+sys {result['cpu']:.1f} s; "
              f"load average {load_before} -> {_loadavg()}; exit {result['status']})")
        print(_table(result), flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
    print("\nbackend      report s  process s  CPU s   load before -> after")
    for r in results:
        print(f"{r['backend']:12} {r['total']:8.1f} {r['process wall']:10.1f} "
              f"{r['cpu']:6.1f}   {r['load'][0]} -> {r['load'][1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
