"""``keras-lectures fit LECTURE [--dataset NAME] [--epochs N] [--seed N]``.

Trains one lecture model on 80 % of its training data and prints its scores on
that part (train), on the 20 % held out (validation) and on the test data,
with fit and predict times. ``--json`` prints the same as one JSON object (this
is what ``backends --compare`` reads from each backend's process).
"""

import json
import time

from keras_lectures.commands._lectures import get_lecture, load_data

__all__ = ["run", "fit_lecture"]


def fit_lecture(lecture, *, quick=False, seed=0, epochs=None, data_home=None,
                allow_fallback=False, dataset=None):
    """Fit one lecture model; return a JSON-ready dict of scores and times."""
    start = time.perf_counter()
    data = load_data(lecture, quick=quick, data_home=data_home,
                     allow_fallback=allow_fallback, dataset=dataset)
    load_time = time.perf_counter() - start

    from keras_lectures.backend import current
    from keras_lectures.utils.versions import package_versions
    from keras_lectures.reports.results import to_jsonable
    from keras_lectures.reports.run import _is_classification, describe_estimator, fit_and_score

    estimator = lecture.make_estimator(epochs=epochs, random_state=seed, quick=quick)
    classification = _is_classification(lecture.task, estimator)
    _, scores, times = fit_and_score(estimator, data, classification=classification, seed=seed,
                                     ordered=getattr(lecture, "time_series", False))
    backend = current()
    return to_jsonable({
        "lecture": lecture.id,
        "estimator": describe_estimator(estimator),
        "dataset": getattr(data, "dataset", None) or dataset or lecture.dataset,
        "score_name": "accuracy" if classification else "R²",
        "train_score": scores["train"],
        "validation_score": scores["validation"],
        "test_score": scores["test"],
        "fit_time": times["fit"],
        "predict_time": times["predict"],
        "load_time": load_time,
        "quick": quick,
        "epochs": epochs,
        "seed": seed,
        "backend": backend,
        "versions": package_versions(backend),
    })


def _fmt(value):
    return "–" if value is None else f"{value:.4f}"


def run(args):
    lecture = get_lecture(args.lecture)
    result = fit_lecture(
        lecture, quick=args.quick, seed=args.seed, epochs=args.epochs,
        data_home=getattr(args, "data_home", None), allow_fallback=args.allow_fallback,
        dataset=args.dataset,
    )
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{lecture.id}: {result['estimator']} on {result['dataset']} "
          f"({result['backend']} backend, seed {result['seed']})")
    name = result["score_name"]
    print(f"  train      {name} {_fmt(result['train_score'])}")
    print(f"  validation {name} {_fmt(result['validation_score'])}")
    print(f"  test       {name} {_fmt(result['test_score'])}")
    print(f"  fit {result['fit_time']:.2f} s, predict {result['predict_time']:.3f} s")
    return 0
