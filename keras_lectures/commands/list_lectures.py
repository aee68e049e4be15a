"""``keras-lectures list``: the lectures, their models, data and the lecture's numbers."""

from keras_lectures.commands._common import format_table
from keras_lectures.commands import _lectures

__all__ = ["run"]


def _estimator_name(lecture):
    """The estimator the lecture builds, named without building a Keras model."""
    from keras_lectures.reports.run import describe_estimator

    try:
        return describe_estimator(lecture.make_estimator(quick=True))
    except Exception:  # a registry entry that cannot build: still list it
        return "?"


def _kinds(lecture):
    """The kinds of the lecture's report figures, comma-separated."""
    return ", ".join(p if isinstance(p, str) else p[0] for p in lecture.pictures)


def run(args):
    lectures = _lectures.lectures_module().LECTURES
    rows = [
        (lecture.id, lecture.title, _estimator_name(lecture), lecture.dataset,
         lecture.fallback_dataset, _kinds(lecture) or "–")
        for lecture in lectures.values()
    ]
    print(format_table(("lecture", "title", "estimator", "data", "--quick data", "pictures"),
                       rows))
    print()
    print("The lecture's numbers checked by 'keras-lectures reproduce':")
    figure_rows = []
    quote_rows = []
    for lecture in lectures.values():
        for figure in lecture.figures:
            figure_rows.append((lecture.id, figure.name, figure.claim, figure.interval,
                                figure.source))
        for quote in getattr(lecture, "quotes", ()):
            quote_rows.append((lecture.id, quote.name, quote.claim, quote.source))
    if figure_rows:
        print(format_table(("lecture", "figure", "the lecture says", "checked", "source"),
                           figure_rows))
    else:
        print("  (none)")
    if quote_rows:
        print()
        print("Quoted from the slides, not checked here (the reasons: 'keras-lectures "
              "reproduce'):")
        print(format_table(("lecture", "number", "the slide says", "source"), quote_rows))
    return 0
