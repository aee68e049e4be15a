"""Check a lecture's numbers against the values measured now."""

from keras_lectures.datasets import dataset_status
from keras_lectures.lectures.registry import get_lecture

__all__ = ["reproduce_figures", "reproduce_lecture"]


def _figure_row(figure, measured):
    return {
        "name": figure.name,
        "claim": figure.claim,
        "published": figure.published,
        "low": figure.low,
        "high": figure.high,
        "interval": figure.interval,
        "measured": measured,
        "source": figure.source,
        "note": figure.note,
        "passed": None if measured is None else figure.holds(measured),
    }


def _quote_row(quote, measured):
    if quote.corrected is not None and measured is not None:
        agrees = bool(measured == quote.corrected)
    else:
        agrees = None
    return {
        "name": quote.name,
        "claim": quote.claim,
        "published": quote.published,
        "measured": measured,
        "corrected": quote.corrected,
        "source": quote.source,
        "reason": quote.reason,
        # where the slide's arithmetic is wrong: does the drawn network have
        # the corrected count?
        "corrected_measured": agrees,
    }


def reproduce_lecture(lecture, *, data_home=None, random_state=0, missing="raise"):
    """Measure a lecture's numbers and compare them with what the lecture states.

    Parameters
    ----------
    lecture : Lecture or str
    data_home : str or path-like, default=None
        Where the lecture's files are.
    random_state : int, default=0
        Seeds the models (most figures do not depend on it).
    missing : {"raise", "skip"}, default="raise"
        What to do when the lecture's measurement reads its files and they
        are not all in ``data_home`` and verified: ``"raise"`` loads them
        anyway (the loader downloads or raises), ``"skip"`` measures nothing
        and returns the lecture's numbers with ``measured`` and ``passed``
        set to None.

    Returns
    -------
    result : dict
        ``figures``: one row per :attr:`Lecture.figures`, in order, with
        ``name``, ``claim`` (the source's words), ``published`` (the number
        the source states, or None), ``low``, ``high`` and ``interval`` (the
        checked interval), ``measured``, ``source``, ``note``, ``passed``.
        ``quotes``: one row per :attr:`Lecture.quotes`, with ``name``,
        ``claim``, ``published``, ``measured`` (None where nothing here
        measures it), ``corrected``, ``source``, ``reason`` and
        ``corrected_measured`` (whether the measurement equals the corrected
        value, None where there is none).
    """
    if missing not in ("raise", "skip"):
        raise ValueError(f"missing must be 'raise' or 'skip', got {missing!r}")
    lecture = get_lecture(lecture)
    wants_measure = lecture.figures or any(quote.measured for quote in lecture.quotes)
    measured = {}
    if wants_measure and lecture.measure is not None:
        skip = missing == "skip" and lecture.measure_reads_data and not all(
            status.present and status.verified
            for status in dataset_status(lecture.dataset, data_home)
        )
        if not skip:
            measured = {name: float(value)
                        for name, value in lecture.measure(data_home, random_state).items()}
            expected = [figure.name for figure in lecture.figures] + [
                quote.name for quote in lecture.quotes if quote.measured]
            absent = [name for name in expected if name not in measured]
            if absent:
                raise KeyError(f"lecture {lecture.id!r}: its measurement gives no value "
                               f"for {absent}")
    return {
        "figures": [_figure_row(figure, measured.get(figure.name))
                    for figure in lecture.figures],
        "quotes": [_quote_row(quote, measured.get(quote.name) if quote.measured else None)
                   for quote in lecture.quotes],
    }


def reproduce_figures(lecture, *, data_home=None, random_state=0, missing="raise"):
    """Fit a lecture's settings on its own data and check its figures.

    The :attr:`Lecture.figures` part of :func:`reproduce_lecture`.

    Parameters
    ----------
    lecture : Lecture or str
        The lecture, or its id.
    data_home : str or path-like, default=None
        Where the lecture's files are.
    random_state : int, default=0
        Seeds the models (most figures do not depend on it).
    missing : {"raise", "skip"}, default="raise"
        See :func:`reproduce_lecture`.

    Returns
    -------
    rows : list of dict
        One per :attr:`Lecture.figures`, in order: ``name``, ``claim``,
        ``published``, ``low``, ``high``, ``interval``, ``measured``,
        ``source``, ``note``, ``passed``.
    """
    if not get_lecture(lecture).figures:
        return []
    return reproduce_lecture(lecture, data_home=data_home, random_state=random_state,
                             missing=missing)["figures"]
