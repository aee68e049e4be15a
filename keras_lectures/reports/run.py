"""Run one lecture for its report: fit, learning curve, epoch curve, diagnosis.

This is the only part of :mod:`keras_lectures.reports` that trains models. It
hands a :class:`~keras_lectures.reports.results.LectureResult` to the renderer.
Its seams with the rest of the package are narrow: a lecture record from
:mod:`keras_lectures.lectures` (``make_estimator``, ``task``, ``pictures``,
``figures``), the lecture data (``X_train``, ``y_train``, ``X_test``,
``y_test``), and :func:`keras_lectures.diagnostics.learning_curve`,
:func:`~keras_lectures.diagnostics.epoch_curve` and
:func:`~keras_lectures.diagnostics.diagnose`.
"""

import contextlib
import dataclasses
import sys
import time
from datetime import datetime, timezone

import numpy as np

from keras_lectures.reports.results import (
    EpochCurveData,
    LearningCurveData,
    LectureResult,
    to_jsonable,
)

__all__ = ["run_lecture", "fit_and_score", "validation_split", "plan", "describe_estimator"]

#: How much work a report does: learning-curve ticks and splits.
PLANS = {
    "quick": {"train_sizes": (0.3, 0.65, 1.0), "n_splits": 2},
    "full": {"train_sizes": (0.1, 0.325, 0.55, 0.775, 1.0), "n_splits": 3},
}

#: Fewest training examples for a learning curve (XOR's 4 rows have none).
MIN_EXAMPLES_FOR_CURVE = 20


def plan(quick):
    """The learning-curve plan for a quick or a full report."""
    return dict(PLANS["quick" if quick else "full"])


def _note(progress, message):
    if progress is not None:
        progress(message)


def describe_estimator(estimator):
    """A short text naming the estimator (pipeline steps joined by arrows)."""
    steps = getattr(estimator, "steps", None)
    if steps:
        return " → ".join(describe_estimator(step) for _, step in steps)
    inner = getattr(estimator, "regressor", None)
    if inner is not None and not isinstance(inner, str):
        return f"{type(estimator).__name__}({describe_estimator(inner)})"
    return type(estimator).__name__


def _is_classification(task, estimator):
    if task:
        return task == "classification"
    from sklearn.base import is_classifier

    return is_classifier(estimator)


def _can_stratify(y, n_test):
    if y.ndim != 1:
        return False
    _, counts = np.unique(y, return_counts=True)
    return len(counts) > 1 and counts.min() >= 2 and n_test >= len(counts)


def validation_split(y, *, classification, seed, fraction=0.2, ordered=False):
    """Indices ``(fit, validation)`` holding out ``fraction`` of the training data.

    Stratified for classification where every class has two examples; with
    ``ordered`` (rows consecutive in time) the validation part is the last
    ``fraction`` of the rows. With fewer than 5 examples there is no
    validation part: ``validation`` is empty.
    """
    from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit

    y = np.asarray(y)
    n = len(y)
    if n < 5:
        return np.arange(n), np.arange(0)
    n_test = max(1, int(round(fraction * n)))
    if ordered:
        return np.arange(n - n_test), np.arange(n - n_test, n)
    if classification and _can_stratify(y, n_test):
        splitter = StratifiedShuffleSplit(n_splits=1, test_size=n_test, random_state=seed)
    else:
        splitter = ShuffleSplit(n_splits=1, test_size=n_test, random_state=seed)
    fit, val = next(splitter.split(np.zeros(n), y))
    return np.sort(fit), np.sort(val)


def _cv(y, *, classification, seed, n_splits, ordered=False):
    from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit, TimeSeriesSplit

    y = np.asarray(y)
    n_test = max(1, int(round(0.2 * len(y))))
    if ordered:  # each validation block comes after its training rows
        return TimeSeriesSplit(n_splits=n_splits, test_size=n_test // n_splits or 1)
    if classification and _can_stratify(y, n_test):
        return StratifiedShuffleSplit(n_splits=n_splits, test_size=n_test, random_state=seed)
    return ShuffleSplit(n_splits=n_splits, test_size=n_test, random_state=seed)


def _take(X, index):
    return X[index] if hasattr(X, "__getitem__") and not hasattr(X, "iloc") else X.iloc[index]


def fit_and_score(estimator, data, *, classification, seed, ordered=False):
    """Fit ``estimator`` on most of the training data; score train, validation, test.

    Returns
    -------
    estimator, scores, times
        The fitted estimator; ``{"train", "validation", "test"}`` scores from
        ``estimator.score`` (validation None when the data is too small to
        hold any out); ``{"fit", "predict"}`` seconds.
    """
    X_train, y_train = data.X_train, np.asarray(data.y_train)
    fit_idx, val_idx = validation_split(
        y_train, classification=classification, seed=seed, ordered=ordered
    )
    X_fit, y_fit = _take(X_train, fit_idx), y_train[fit_idx]
    start = time.perf_counter()
    estimator.fit(X_fit, y_fit)
    fit_time = time.perf_counter() - start
    scores = {"train": float(estimator.score(X_fit, y_fit)), "validation": None}
    if len(val_idx):
        scores["validation"] = float(
            estimator.score(_take(X_train, val_idx), y_train[val_idx])
        )
    start = time.perf_counter()
    estimator.predict(data.X_test)
    predict_time = time.perf_counter() - start
    scores["test"] = float(estimator.score(data.X_test, np.asarray(data.y_test)))
    return estimator, scores, {"fit": fit_time, "predict": predict_time}


def _diagnosis_record(diagnosis):
    """Plain dict (verdict, text, advice, numbers) from a diagnostics Diagnosis."""
    if diagnosis is None:
        return None
    record = {"verdict": getattr(diagnosis, "verdict", None), "text": str(diagnosis)}
    advice = getattr(diagnosis, "advice", None)
    if isinstance(advice, str):
        advice = [advice]
    record["advice"] = list(advice or [])
    numbers = {}
    if dataclasses.is_dataclass(diagnosis):
        for f in dataclasses.fields(diagnosis):
            value = getattr(diagnosis, f.name)
            if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
                numbers[f.name] = float(value)
    extra = getattr(diagnosis, "numbers", None)
    if isinstance(extra, dict):
        numbers.update(extra)
    record["numbers"] = to_jsonable(numbers)
    return record


def _curve_data(result):
    train = np.asarray(result.train_errors, dtype=float)
    val = np.asarray(result.test_errors, dtype=float)

    def stat(fn, values):
        with np.errstate(all="ignore"), _quiet():
            return fn(values, axis=1)

    return LearningCurveData(
        train_sizes=np.asarray(result.train_sizes).tolist(),
        train_error_mean=stat(np.nanmean, train).tolist(),
        train_error_std=stat(np.nanstd, train).tolist(),
        validation_error_mean=stat(np.nanmean, val).tolist(),
        validation_error_std=stat(np.nanstd, val).tolist(),
        error_name=result.error_name,
        train_errors=train.tolist(),
        validation_errors=val.tolist(),
    )


@contextlib.contextmanager
def _quiet():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def _epoch_data(result):
    train = np.asarray(result.train_history, dtype=float)
    val = np.asarray(result.validation_history, dtype=float)
    with np.errstate(all="ignore"), _quiet():
        loss = np.nanmean(train, axis=1)
        val_loss = np.nanmean(val, axis=1) if val.size else None
    return EpochCurveData(
        epochs=np.asarray(result.epochs).tolist(),
        loss=loss.tolist(),
        validation_loss=None if val_loss is None else val_loss.tolist(),
        loss_name=result.metric,
    )


def _published(lecture):
    """The lecture's checked figures, each claim in its source's words."""
    out = []
    for figure in getattr(lecture, "figures", ()) or ():
        out.append({
            "name": figure.name,
            "claim": figure.claim,
            "published": figure.published,
            "interval": figure.interval,
            "source": figure.source,
        })
    return out


def _quoted(lecture):
    """The numbers quoted from the slides that no run here checks."""
    return [{"name": quote.name, "claim": quote.claim, "source": quote.source,
             "reason": quote.reason, "corrected": quote.corrected}
            for quote in getattr(lecture, "quotes", ()) or ()]


def run_lecture(lecture, *, quick=False, seed=0, data_home=None, allow_fallback=False,
                epochs=None, n_jobs=None, progress=None, data=None):
    """Fit a lecture model and measure what its report shows.

    Parameters
    ----------
    lecture : Lecture
        A record of :data:`keras_lectures.lectures.LECTURES`.
    quick : bool
        Embedded data, few epochs, a small learning curve.
    seed : int
        Seeds the model and every split.
    data_home, allow_fallback
        Passed to :func:`keras_lectures.lectures.load_lecture_data`.
    epochs : int, optional
        Overrides the lecture's epochs.
    n_jobs : int, optional
        Parallel fits for the curves.
    progress : callable, optional
        Called with one line of text per step.
    data : Bunch, optional
        The lecture data, when already loaded.

    Returns
    -------
    result : LectureResult
    """
    from sklearn.base import clone

    from keras_lectures.backend import current
    from keras_lectures.utils.versions import package_versions
    from keras_lectures.diagnostics import diagnose, epoch_curve, learning_curve

    times = {}
    start_all = time.perf_counter()
    notes = []
    if data is None:
        from keras_lectures.lectures import load_lecture_data

        start = time.perf_counter()
        data = load_lecture_data(lecture, quick=quick, data_home=data_home,
                                 allow_fallback=allow_fallback)
        times["load data"] = time.perf_counter() - start
    dataset = getattr(data, "dataset", None) or lecture.dataset
    if not quick and dataset != lecture.dataset:
        notes.append(f"The lecture's data {lecture.dataset!r} was not available; "
                     f"this report uses the embedded {dataset!r} instead.")
    estimator = lecture.make_estimator(epochs=epochs, random_state=seed, quick=quick)
    classification = _is_classification(lecture.task, estimator)
    ordered = getattr(lecture, "time_series", False)
    X_train, y_train = data.X_train, np.asarray(data.y_train)
    settings = {"quick": bool(quick), "epochs": epochs, "n_jobs": n_jobs,
                "training examples": int(len(y_train)),
                "test examples": int(len(np.asarray(data.y_test)))}
    params = {}
    if hasattr(estimator, "get_params"):
        params = {k: v for k, v in estimator.get_params(deep=True).items()
                  if isinstance(v, (int, float, str, bool, type(None)))}
    settings["estimator parameters"] = to_jsonable(params)
    if epochs is None:  # the epochs the lecture chose
        settings["epochs"] = next((v for k, v in params.items()
                                   if (k == "epochs" or k.endswith("__epochs"))
                                   and isinstance(v, int)), None)

    curve = diagnosis = None
    work = plan(quick)
    if len(y_train) >= MIN_EXAMPLES_FOR_CURVE:
        n_fits = len(work["train_sizes"]) * work["n_splits"]
        _note(progress, f"  learning curve: {n_fits} fits")
        cv = _cv(y_train, classification=classification, seed=seed,
                 n_splits=work["n_splits"], ordered=ordered)
        start = time.perf_counter()
        with contextlib.redirect_stdout(sys.stderr):
            lc = learning_curve(
                clone(estimator), X_train, y_train,
                train_sizes=np.asarray(work["train_sizes"]), cv=cv,
                shuffle=not ordered, random_state=seed, n_jobs=n_jobs,
                verbose=1 if progress is not None else 0,
            )
        times["learning curve"] = time.perf_counter() - start
        curve = _curve_data(lc)
        settings["learning curve"] = {"train_sizes": work["train_sizes"],
                                      "splits": work["n_splits"], "validation": 0.2}
        diagnosis = _diagnosis_record(diagnose(lc))
    else:
        notes.append(f"Only {len(y_train)} training examples: no learning curve "
                     f"(it needs {MIN_EXAMPLES_FOR_CURVE}).")

    epochs_data = None
    fit_idx, val_idx = validation_split(
        y_train, classification=classification, seed=seed, ordered=ordered
    )
    if len(val_idx):
        _note(progress, "  epoch curve: 1 fit")
        start = time.perf_counter()
        try:
            ec = epoch_curve(clone(estimator), X_train, y_train, cv=[(fit_idx, val_idx)],
                             n_jobs=n_jobs)
        except (TypeError, ValueError) as exc:
            # a model that records no per-epoch history, or a wrapper that
            # cannot pass validation data on
            notes.append("Loss per epoch of the final fit only (training loss): the "
                         "epoch curve with validation data failed: "
                         f"{type(exc).__name__}: {' '.join(str(exc).split())}")
        else:
            times["epoch curve"] = time.perf_counter() - start
            epochs_data = _epoch_data(ec)

    _note(progress, "  final fit and scores")
    model, scores, fit_times = fit_and_score(clone(estimator), data,
                                             classification=classification, seed=seed,
                                             ordered=ordered)
    times.update(fit_times)
    if epochs_data is None:  # no validation part: the final fit's own history
        from keras_lectures.reports.pictures._common import final_step

        history = getattr(final_step(model), "history_", None)
        if isinstance(history, dict) and history.get("loss"):
            val_loss = history.get("val_loss")
            epochs_data = EpochCurveData(
                epochs=list(range(1, len(history["loss"]) + 1)),
                loss=[float(v) for v in history["loss"]],
                validation_loss=[float(v) for v in val_loss] if val_loss else None,
                loss_name="loss")

    pictures = {}
    for entry in getattr(lecture, "pictures", ()) or ():
        from keras_lectures.reports.pictures import draw, file_name

        kind, options = (entry, {}) if isinstance(entry, str) else entry
        _note(progress, f"  picture: {kind}")
        start = time.perf_counter()
        pictures[file_name(kind)] = draw(kind, model, data, **options)
        times[f"picture: {kind}"] = time.perf_counter() - start
    times["total"] = time.perf_counter() - start_all

    backend = current()
    return LectureResult(
        lecture_id=lecture.id,
        title=lecture.title,
        task=lecture.task,
        teaches=getattr(lecture, "teaches", ""),
        estimator=describe_estimator(estimator),
        dataset=dataset,
        n_features=_n_features(X_train),
        score_name="accuracy" if classification else "R²",
        scores=scores,
        learning_curve=curve,
        epoch_curve=epochs_data,
        diagnosis=diagnosis,
        settings=settings,
        seed=seed,
        backend=backend,
        versions=package_versions(backend),
        times={k: round(v, 3) for k, v in times.items()},
        published_figures=_published(lecture),
        quoted_numbers=_quoted(lecture),
        notes=notes,
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        pictures=pictures,
    )


def _n_features(X):
    """Columns the estimator is given (values per sample for n-d samples)."""
    shape = np.shape(X)
    return int(np.prod(shape[1:])) if len(shape) > 1 else 1
