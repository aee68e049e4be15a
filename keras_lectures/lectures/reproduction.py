"""Check a lecture's published figures against the values measured now."""

from keras_lectures.datasets import dataset_status
from keras_lectures.lectures.registry import get_lecture

__all__ = ["reproduce_figures"]


def reproduce_figures(lecture, *, data_home=None, random_state=0, missing="raise"):
    """Fit a lecture's published settings on its own data and check its figures.

    Parameters
    ----------
    lecture : Lecture or str
    data_home : str or path-like, default=None
        Where the lecture's files are.
    random_state : int, default=0
        Seeds the models (most figures do not depend on it).
    missing : {"raise", "skip"}, default="raise"
        What to do when the lecture's files are not all in ``data_home`` and
        verified: ``"raise"`` loads them anyway (the loader downloads or
        raises), ``"skip"`` measures nothing and returns the published
        numbers with ``measured`` and ``passed`` set to None.

    Returns
    -------
    rows : list of dict
        One per :attr:`Lecture.figures`, in order: ``name``, ``published``,
        ``measured``, ``tolerance``, ``source``, ``passed``.
    """
    if missing not in ("raise", "skip"):
        raise ValueError(f"missing must be 'raise' or 'skip', got {missing!r}")
    lecture = get_lecture(lecture)
    if not lecture.figures:
        return []

    if missing == "skip" and not all(
        status.present and status.verified
        for status in dataset_status(lecture.dataset, data_home)
    ):
        return [
            {"name": figure.name, "published": figure.published, "measured": None,
             "tolerance": figure.tolerance, "source": figure.source, "passed": None}
            for figure in lecture.figures
        ]
    measured = lecture.measure(data_home, random_state)
    rows = []
    for figure in lecture.figures:
        value = float(measured[figure.name])
        rows.append({
            "name": figure.name,
            "published": figure.published,
            "measured": value,
            "tolerance": figure.tolerance,
            "source": figure.source,
            "passed": bool(abs(value - figure.published) <= figure.tolerance + 1e-12),
        })
    return rows
