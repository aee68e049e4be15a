"""Plain result records handed to the report renderer.

The renderer (:mod:`keras_lectures.reports.render`) only reads these records;
it trains nothing. :mod:`keras_lectures.reports.run` fills them from a lecture
run and the diagnostics. Every field is plain Python (numbers, strings, lists,
dicts) except ``pictures``, which holds ready matplotlib figures.
"""

import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any

__all__ = ["LearningCurveData", "EpochCurveData", "LectureResult", "to_jsonable"]


@dataclass
class LearningCurveData:
    """Error against training-set size, train and validation (mean and std over splits).

    Parameters
    ----------
    train_sizes : list of int
        Training set sizes.
    train_error_mean, train_error_std : list of float
        Mean and standard deviation over the splits of the training error,
        one per size.
    validation_error_mean, validation_error_std : list of float
        The same for the validation error.
    error_name : str, default="error"
        Name of the error.
    train_errors, validation_errors : list of list of float, default=None
        Per-split errors, ``[size][split]``, when known.
    """

    train_sizes: list
    train_error_mean: list
    train_error_std: list
    validation_error_mean: list
    validation_error_std: list
    error_name: str = "error"
    # per-split errors, ``[size][split]``, when known
    train_errors: list | None = None
    validation_errors: list | None = None


@dataclass
class EpochCurveData:
    """Loss per epoch on the training data and, when measured, validation data.

    Parameters
    ----------
    epochs : list of int
        1, 2, ..., n_epochs.
    loss : list of float
        Training loss per epoch.
    validation_loss : list of float, default=None
        Validation loss per epoch, when measured.
    loss_name : str, default="loss"
        Name of the loss.
    """

    epochs: list
    loss: list
    validation_loss: list | None = None
    loss_name: str = "loss"


@dataclass
class LectureResult:
    """Everything one lecture's report shows.

    Parameters
    ----------
    lecture_id, title, task : str
        The lecture's id, title and task (see :class:`~keras_lectures.lectures.Lecture`).
    estimator : str
        The estimator, as text.
    dataset : str
        The dataset it was trained on.
    score_name : str
        Name of the scores.
    scores : dict
        ``{"train": float, "validation": float or None, "test": float}``.
    teaches : str, default=""
        What the lecture shows, in a sentence.
    n_features : int, default=None
        Columns the estimator was given (values per sample).
    learning_curve : LearningCurveData, default=None
        The learning curve, when computed.
    epoch_curve : EpochCurveData, default=None
        The per-epoch losses, when recorded.
    diagnosis : dict, default=None
        ``verdict``, ``text``, ``advice`` (list) and ``numbers`` (dict).
    settings : dict, default={}
        The estimator's settings shown in the report.
    seed : int, default=None
        The random seed of the run.
    backend : str, default=None
        The Keras backend.
    versions : dict, default={}
        Package versions.
    times : dict, default={}
        Seconds spent per step.
    published_figures : list, default=[]
        The lecture's published numbers and their reproduction.
    quoted_numbers : list, default=[]
        Numbers quoted from the slides that no run here can check, with the
        reason (and the corrected value where the slide's arithmetic is wrong).
    notes : list, default=[]
        Notes shown in the report.
    created : str, default=None
        ISO time of the run.
    pictures : dict, default={}
        File name -> (matplotlib Figure or TrainingAnimation, caption), drawn
        by the caller; the file name's stem is the picture's kind.
    """

    lecture_id: str
    title: str
    task: str
    estimator: str
    dataset: str
    score_name: str
    scores: dict  # {"train": float, "validation": float | None, "test": float}
    teaches: str = ""
    # columns the estimator was given (values per sample)
    n_features: int | None = None
    learning_curve: LearningCurveData | None = None
    epoch_curve: EpochCurveData | None = None
    diagnosis: dict | None = None  # verdict, text, advice (list), numbers (dict)
    settings: dict = field(default_factory=dict)
    seed: int | None = None
    backend: str | None = None
    versions: dict = field(default_factory=dict)
    times: dict = field(default_factory=dict)  # seconds
    published_figures: list = field(default_factory=list)
    quoted_numbers: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    created: str | None = None
    # file name -> (matplotlib Figure or TrainingAnimation, caption); drawn by
    # the caller; the file name's stem is the picture's kind
    pictures: dict = field(default_factory=dict)

    def summary(self):
        """The JSON-ready summary (everything but the figure objects).

        Returns
        -------
        summary : dict
            The fields as JSON types; ``pictures`` as a list of ``file``,
            ``caption`` and ``kind`` entries.
        """
        data = asdict(replace(self, pictures={}))  # figures are not copied
        data["pictures"] = [
            {"file": name, "caption": caption, "kind": name.rsplit(".", 1)[0]}
            for name, (_, caption) in self.pictures.items()
        ]
        return to_jsonable(data)


def to_jsonable(value: Any):
    """Convert numpy scalars/arrays and tuples to JSON types; NaN/inf to None."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return to_jsonable(value.tolist())
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "__float__"):
        return to_jsonable(float(value))
    return str(value)
