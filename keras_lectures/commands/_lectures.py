"""The commands' one seam with the lecture registry and the lecture data.

Turns the registry's and the loaders' exceptions into one-line command errors
that say what to do (the valid lecture ids; the missing file and where to put
it; the option that allows the embedded data instead).
"""

from keras_lectures.commands._common import CommandError, UsageError

__all__ = ["lectures_module", "lecture_ids", "get_lecture", "select", "load_data"]


def lectures_module():
    import keras_lectures.lectures as lectures

    return lectures


def lecture_ids():
    """All lecture ids, in the registry's (teaching) order."""
    return list(lectures_module().LECTURES)


def get_lecture(lecture_id):
    """The lecture record for ``lecture_id``; a usage error listing the valid ids."""
    registry = lectures_module().LECTURES
    if lecture_id not in registry:
        raise UsageError(
            f"unknown lecture {lecture_id!r}; choose one of: {', '.join(registry)}"
        )
    return registry[lecture_id]


def select(requested):
    """Lecture records for the requested ids (all when none), checked first."""
    ids = list(dict.fromkeys(requested)) or lecture_ids()
    return [get_lecture(lecture_id) for lecture_id in ids]


def _missing_data_message(exc, lecture):
    missing = getattr(exc, "missing", None) or []
    text = " ".join(str(exc).split())
    if missing:
        path, origin = missing[0]
        text = (f"lecture {lecture.id!r} needs the data file {path.rsplit('/', 1)[-1]!r}, "
                f"which is missing: put it at {path} (download it from {origin}), "
                "or point --data-home / KERAS_LECTURES_DATA at a folder holding it")
        reason = getattr(exc, "reason", None)
        if reason:
            text += f" (it could not be downloaded: {reason})"
    fallback = getattr(lecture, "fallback_dataset", None)
    if fallback:
        text += (f"; or pass --allow-fallback to use the embedded {fallback!r} data, "
                 "or --quick")
    return text


def load_data(lecture, *, quick=False, data_home=None, allow_fallback=False, dataset=None):
    """Load a lecture's data, turning missing or damaged files into command errors.

    ``dataset`` replaces the lecture's default dataset (``fit --dataset``).
    """
    import dataclasses

    import keras_lectures.datasets as datasets

    lectures = lectures_module()
    if dataset is not None:
        if dataset not in datasets.DATASETS:
            raise UsageError(
                f"unknown dataset {dataset!r}; choose one of: {', '.join(datasets.DATASETS)}"
            )
        # the embedded dataset is what a quick load gives; any other replaces the lecture's
        quick = dataset == getattr(lecture, "fallback_dataset", None)
        if not quick:
            lecture = dataclasses.replace(lecture, dataset=dataset)
    try:
        return lectures.load_lecture_data(
            lecture, quick=quick, data_home=data_home, allow_fallback=allow_fallback
        )
    except datasets.DatasetNotFoundError as exc:
        raise CommandError(_missing_data_message(exc, lecture)) from exc
    except NotADirectoryError as exc:  # a data home that is a file
        raise CommandError(" ".join(str(exc).split())) from exc
    except datasets.ChecksumError as exc:
        raise CommandError(
            f"lecture {lecture.id!r}: {' '.join(str(exc).split())}"
        ) from exc
