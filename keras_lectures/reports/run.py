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

from keras_lectures import diagnostics
from keras_lectures.reports.results import (
    EpochCurveData,
    LearningCurveData,
    LectureResult,
    to_jsonable,
)
from keras_lectures.utils.versions import package_versions

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


@dataclasses.dataclass
class _LectureRun:
    """What the steps of one lecture's run share."""

    lecture: object
    data: object
    estimator: object
    seed: int
    n_jobs: object
    progress: object
    times: dict
    notes: list

    @property
    def classification(self):
        return _is_classification(self.lecture.task, self.estimator)

    @property
    def ordered(self):
        return getattr(self.lecture, "time_series", False)

    @property
    def y_train(self):
        return np.asarray(self.data.y_train)

    def note(self, message):
        _note(self.progress, message)

    @contextlib.contextmanager
    def timed(self, name):
        start = time.perf_counter()
        yield
        self.times[name] = time.perf_counter() - start


def run_lecture(lecture, *, quick=False, seed=0, data_home=None, allow_fallback=False,
                epochs=None, n_jobs=None, progress=None, data=None):
    """Fit a lecture model and measure what its report shows.

    The steps: load the data, the settings, the learning curve and its
    diagnosis, the epoch curve, the final fit and its scores, the pictures.
    A condition a lecture may meet (too few examples for a learning curve, no
    validation part, a model that records no per-epoch history) becomes a
    note in the report; anything else raises.

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
    start = time.perf_counter()
    times, notes = {}, []
    if data is None:
        data = _load_data(lecture, quick=quick, data_home=data_home,
                          allow_fallback=allow_fallback, times=times)
    run = _LectureRun(lecture, data,
                      lecture.make_estimator(epochs=epochs, random_state=seed, quick=quick),
                      seed, n_jobs, progress, times, notes)
    dataset = getattr(data, "dataset", None) or lecture.dataset
    if not quick and dataset != lecture.dataset:
        notes.append(f"The lecture's data {lecture.dataset!r} was not available; "
                     f"this report uses the embedded {dataset!r} instead.")
    settings = _settings(run, quick=quick, epochs=epochs)
    curve, diagnosis = _learning_curve_step(run, plan(quick), settings)
    epochs_data = _epoch_curve_step(run)
    model, scores = _final_fit_step(run)
    if epochs_data is None:  # no validation part: the final fit's own history
        epochs_data = _history_epoch_data(model)
    pictures = _pictures_step(run, model)
    times["total"] = time.perf_counter() - start
    return _lecture_result(run, dataset=dataset, scores=scores, curve=curve,
                           epochs_data=epochs_data, diagnosis=diagnosis,
                           settings=settings, pictures=pictures)


def _load_data(lecture, *, quick, data_home, allow_fallback, times):
    from keras_lectures.lectures import load_lecture_data

    start = time.perf_counter()
    data = load_lecture_data(lecture, quick=quick, data_home=data_home,
                             allow_fallback=allow_fallback)
    times["load data"] = time.perf_counter() - start
    return data


def _settings(run, *, quick, epochs):
    """The settings the report records (the estimator's simple parameters too)."""
    settings = {"quick": bool(quick), "epochs": epochs, "n_jobs": run.n_jobs,
                "training examples": int(len(run.y_train)),
                "test examples": int(len(np.asarray(run.data.y_test)))}
    params = {}
    if hasattr(run.estimator, "get_params"):
        params = {k: v for k, v in run.estimator.get_params(deep=True).items()
                  if isinstance(v, (int, float, str, bool, type(None)))}
    settings["estimator parameters"] = to_jsonable(params)
    if epochs is None:  # the epochs the lecture chose
        settings["epochs"] = next((v for k, v in params.items()
                                   if (k == "epochs" or k.endswith("__epochs"))
                                   and isinstance(v, int)), None)
    return settings


def _learning_curve_step(run, work, settings):
    """The learning curve and its diagnosis; ``(None, None)`` with too few examples."""
    from sklearn.base import clone

    y_train = run.y_train
    if len(y_train) < MIN_EXAMPLES_FOR_CURVE:
        run.notes.append(f"Only {len(y_train)} training examples: no learning curve "
                         f"(it needs {MIN_EXAMPLES_FOR_CURVE}).")
        return None, None
    run.note(f"  learning curve: {len(work['train_sizes']) * work['n_splits']} fits")
    cv = _cv(y_train, classification=run.classification, seed=run.seed,
             n_splits=work["n_splits"], ordered=run.ordered)
    with run.timed("learning curve"), contextlib.redirect_stdout(sys.stderr):
        lc = diagnostics.learning_curve(
            clone(run.estimator), run.data.X_train, y_train,
            train_sizes=np.asarray(work["train_sizes"]), cv=cv,
            shuffle=not run.ordered, random_state=run.seed, n_jobs=run.n_jobs,
            verbose=1 if run.progress is not None else 0,
        )
    settings["learning curve"] = {"train_sizes": work["train_sizes"],
                                  "splits": work["n_splits"], "validation": 0.2}
    return _curve_data(lc), _diagnosis_record(diagnostics.diagnose(lc))


def _records_validation_history(estimator):
    """Whether the model takes ``validation_data`` in ``fit`` and records ``history_``.

    Every estimator of this package does; the epoch curve needs both.
    """
    from keras_lectures.estimators import BaseKerasEstimator
    from keras_lectures.reports.pictures._common import final_step

    return isinstance(final_step(estimator), BaseKerasEstimator)


def _epoch_curve_step(run):
    """Loss per epoch on the fit and validation parts; None without a validation part."""
    from sklearn.base import clone

    fit_idx, val_idx = validation_split(run.y_train, classification=run.classification,
                                        seed=run.seed, ordered=run.ordered)
    if not len(val_idx):
        return None
    if not _records_validation_history(run.estimator):
        from keras_lectures.reports.pictures._common import final_step

        run.notes.append(
            "Loss per epoch of the final fit only (training loss): "
            f"{type(final_step(run.estimator)).__name__} records no per-epoch "
            "validation loss.")
        return None
    run.note("  epoch curve: 1 fit")
    with run.timed("epoch curve"):
        ec = diagnostics.epoch_curve(clone(run.estimator), run.data.X_train, run.y_train,
                                     cv=[(fit_idx, val_idx)], n_jobs=run.n_jobs)
    return _epoch_data(ec)


def _final_fit_step(run):
    from sklearn.base import clone

    run.note("  final fit and scores")
    model, scores, fit_times = fit_and_score(
        clone(run.estimator), run.data, classification=run.classification,
        seed=run.seed, ordered=run.ordered)
    run.times.update(fit_times)
    return model, scores


def _history_epoch_data(model):
    """The loss per epoch a fitted model recorded, or None."""
    from keras_lectures.reports.pictures._common import final_step

    history = getattr(final_step(model), "history_", None)
    if not (isinstance(history, dict) and history.get("loss")):
        return None
    val_loss = history.get("val_loss")
    return EpochCurveData(
        epochs=list(range(1, len(history["loss"]) + 1)),
        loss=[float(v) for v in history["loss"]],
        validation_loss=[float(v) for v in val_loss] if val_loss else None,
        loss_name="loss")


def _pictures_step(run, model):
    from keras_lectures.reports.pictures import draw, file_name

    pictures = {}
    for entry in getattr(run.lecture, "pictures", ()) or ():
        kind, options = (entry, {}) if isinstance(entry, str) else entry
        run.note(f"  picture: {kind}")
        with run.timed(f"picture: {kind}"):
            pictures[file_name(kind)] = draw(kind, model, run.data, **options)
    return pictures


def _lecture_result(run, *, dataset, scores, curve, epochs_data, diagnosis, settings,
                    pictures):
    from keras_lectures.backend import current

    lecture, backend = run.lecture, current()
    return LectureResult(
        lecture_id=lecture.id,
        title=lecture.title,
        task=lecture.task,
        teaches=getattr(lecture, "teaches", ""),
        estimator=describe_estimator(run.estimator),
        dataset=dataset,
        n_features=_n_features(run.data.X_train),
        score_name="accuracy" if run.classification else "R²",
        scores=scores,
        learning_curve=curve,
        epoch_curve=epochs_data,
        diagnosis=diagnosis,
        settings=settings,
        seed=run.seed,
        backend=backend,
        versions=package_versions(backend),
        times={k: round(v, 3) for k, v in run.times.items()},
        published_figures=_published(lecture),
        quoted_numbers=_quoted(lecture),
        notes=run.notes,
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        pictures=pictures,
    )


def _n_features(X):
    """Columns the estimator is given (values per sample for n-d samples)."""
    shape = np.shape(X)
    return int(np.prod(shape[1:])) if len(shape) > 1 else 1
