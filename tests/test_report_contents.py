"""The quick report shows what it showed: lectures, figures, verdicts, scores.

The stored list is ``tests/_report_contents.py``. The registry check is
quick; the full quick report of every lecture is a slow test.
"""

import json

import pytest

from keras_lectures import cli

try:
    from tests._report_contents import EXPECTED, assert_shows_what_it_showed
except ImportError:  # tests/ run as a plain folder
    from _report_contents import EXPECTED, assert_shows_what_it_showed


def test_every_lecture_draws_the_stored_picture_kinds():
    from keras_lectures.lectures import LECTURES

    assert list(LECTURES) == list(EXPECTED)
    for lecture_id, lecture in LECTURES.items():
        kinds = [entry if isinstance(entry, str) else entry[0]
                 for entry in lecture.pictures or ()]
        assert kinds == EXPECTED[lecture_id][0], lecture_id


@pytest.mark.slow
def test_quick_report_of_every_lecture_shows_the_stored_contents(tmp_path):
    output = tmp_path / "reports"
    assert cli.main(["report", "--quick", "--output", str(output)]) == 0
    assert sorted(p.name for p in output.iterdir() if p.is_dir()) == sorted(EXPECTED)
    for lecture_id in EXPECTED:
        summary = json.loads((output / lecture_id / "summary.json").read_text("utf-8"))
        assert_shows_what_it_showed(summary)
        for image in summary["images"]:
            assert (output / lecture_id / image["file"]).is_file()
