"""Time every lecture's quick run: what ``keras-lectures report --quick`` trains.

For each lecture of :data:`keras_lectures.lectures.LECTURES`: the embedded
data, the quick estimator, its learning curve, epoch curve and final fit
(:func:`keras_lectures.reports.run.run_lecture` with ``quick=True``). Prints
seconds per lecture, the test score, and the total, which should stay under
3 minutes on two cores. With ``--figures`` it also times
:func:`~keras_lectures.lectures.reproduce_figures` on the lecture files.

Run: ``KERAS_BACKEND=jax python benchmarks/bench_lectures.py [--figures]
[--data-home DIR] [--lectures ID ...]``
"""

import argparse
import time
from pathlib import Path

from keras_lectures.backend import current
from keras_lectures.lectures import LECTURES, reproduce_figures

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lectures", nargs="+", choices=tuple(LECTURES), default=None)
    parser.add_argument("--figures", action="store_true")
    parser.add_argument("--data-home", default=str(DEFAULT_SHARED))
    args = parser.parse_args()
    from keras_lectures.reports.run import run_lecture

    ids = args.lectures or list(LECTURES)
    print(f"quick runs, backend {current()}")
    print(f"{'lecture':<26} {'data':<15} {'seconds':>8} {'test score':>11}")
    total = 0.0
    for lecture_id in ids:
        start = time.perf_counter()
        result = run_lecture(LECTURES[lecture_id], quick=True, seed=0)
        seconds = time.perf_counter() - start
        total += seconds
        print(f"{lecture_id:<26} {result.dataset:<15} {seconds:>8.1f} "
              f"{result.scores['test']:>11.4f}", flush=True)
    print(f"{'total':<42} {total:>8.1f}")

    if args.figures:
        print("\npublished figures on the lecture files")
        total = 0.0
        for lecture_id in ids:
            if not LECTURES[lecture_id].figures:
                continue
            start = time.perf_counter()
            rows = reproduce_figures(lecture_id, data_home=args.data_home)
            seconds = time.perf_counter() - start
            total += seconds
            passed = sum(row["passed"] for row in rows)
            print(f"{lecture_id:<26} {passed}/{len(rows)} figures {seconds:>8.1f} s",
                  flush=True)
        print(f"{'total':<42} {total:>8.1f}")


if __name__ == "__main__":
    main()
