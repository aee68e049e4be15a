"""End to end: ``keras-lectures report --quick`` for two lectures, then its pages.

One quick report for two lectures is built once per module (a few seconds) and
checked from every side: HTML structure and links, the PNG files, the numbers
in ``summary.json`` against what the diagnostics returned, an interrupted
rerun, and a real headless browser (Debian's ``chromium`` driven by the
``playwright`` package; skipped when either is missing, failed under CI).
"""

import json
import shutil

import numpy as np
import pytest

from keras_lectures import cli

try:
    from tests._report_contents import assert_shows_what_it_showed
    from tests.test_reports import (
        assert_page_images,
        assert_real_png,
        check_in_browser,
        parse_page,
    )
except ImportError:  # tests/ run as a plain folder
    from _report_contents import assert_shows_what_it_showed
    from test_reports import assert_page_images, assert_real_png, check_in_browser, parse_page

LECTURES = ("linear-regression", "xor-mlp")



def test_report_lectures_are_registered():
    from keras_lectures.lectures import LECTURES as registry

    assert set(LECTURES) <= set(registry)


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory):
    """Run the quick report for two lectures; record what the diagnostics returned."""
    import keras_lectures.diagnostics as diagnostics
    import keras_lectures.reports.run as run

    output = tmp_path_factory.mktemp("reports")
    captured = {"learning_curve": [], "diagnose": [], "results": {}}
    real_curve, real_diagnose = diagnostics.learning_curve, diagnostics.diagnose
    real_run_lecture = run.run_lecture

    def run_lecture(lecture, **kwargs):
        result = real_run_lecture(lecture, **kwargs)
        captured["results"][lecture.id] = result
        return result

    def learning_curve(*args, **kwargs):
        result = real_curve(*args, **kwargs)
        captured["learning_curve"].append(result)
        return result

    def diagnose(result, **kwargs):
        diagnosis = real_diagnose(result, **kwargs)
        captured["diagnose"].append(diagnosis)
        return diagnosis

    patch = pytest.MonkeyPatch()
    patch.setattr(diagnostics, "learning_curve", learning_curve)
    patch.setattr(diagnostics, "diagnose", diagnose)
    patch.setattr(run, "run_lecture", run_lecture)
    try:
        # one process: the patched diagnostics see every curve
        code = cli.main(["report", *LECTURES, "--quick", "--n-jobs", "1",
                         "--output", str(output)])
    finally:
        patch.undo()
    assert code == 0
    return output, captured


def _summary(output, lecture_id):
    return json.loads((output / lecture_id / "summary.json").read_text(encoding="utf-8"))


def test_report_folder_layout(quick_report):
    output, _ = quick_report
    assert {p.name for p in output.iterdir()} == {"index.html", *LECTURES}
    for lecture_id in LECTURES:
        names = {p.name for p in (output / lecture_id).iterdir()}
        assert {"index.html", "summary.json", "learning_curve.png",
                "epoch_curve.png"} <= names


def test_index_links_every_lecture_page(quick_report):
    output, _ = quick_report
    page = parse_page(output / "index.html")
    assert page.scripts == 0
    assert page.links == [f"{lecture_id}/index.html" for lecture_id in LECTURES]
    for lecture_id in LECTURES:
        summary = _summary(output, lecture_id)
        assert summary["title"] in page.full_text
        assert summary["diagnosis"]["verdict"] in page.full_text


def test_every_image_is_a_real_png(quick_report):
    output, _ = quick_report
    for lecture_id in LECTURES:
        page = assert_page_images(output / lecture_id / "index.html")
        summary = _summary(output, lecture_id)
        assert sorted(page.images) == sorted(i["file"] for i in summary["images"])
        assert "learning_curve.png" in page.images and "epoch_curve.png" in page.images
        for png in (output / lecture_id).glob("*.png"):
            assert_real_png(png)
        assert sorted(p.name for p in (output / lecture_id).glob("*.gif")) == sorted(
            i for i in page.images if i.endswith(".gif"))
        assert "../index.html" in page.links and "summary.json" in page.links


def test_lecture_pictures(quick_report):
    from PIL import Image

    output, _ = quick_report
    kinds = {"linear-regression": ["fitted_line", "cost_contour", "cost_history"],
             "xor-mlp": ["decision_boundary", "hidden_space", "training_animation"]}
    for lecture_id, n_features in (("linear-regression", 1), ("xor-mlp", 2)):
        summary = _summary(output, lecture_id)
        assert summary["n_features"] == n_features
        assert [p["kind"] for p in summary["pictures"]] == kinds[lecture_id]
        for picture in summary["pictures"]:
            assert (output / lecture_id / picture["file"]).is_file()
            assert picture["caption"]
    # the training playground is an animated image, one frame per recorded epoch
    with Image.open(output / "xor-mlp" / "training_animation.gif") as gif:
        assert gif.format == "GIF" and gif.n_frames == 20


def test_figures_verdicts_and_scores_are_the_stored_ones(quick_report):
    output, _ = quick_report
    for lecture_id in LECTURES:
        assert_shows_what_it_showed(_summary(output, lecture_id))


def test_summary_numbers_match_the_diagnostics(quick_report):
    output, captured = quick_report
    assert len(captured["learning_curve"]) == len(captured["diagnose"]) == len(LECTURES)
    for lecture_id, curve, diagnosis in zip(LECTURES, captured["learning_curve"],
                                            captured["diagnose"]):
        summary = _summary(output, lecture_id)
        lc = summary["learning_curve"]
        assert lc["train_sizes"] == curve.train_sizes.tolist()
        assert lc["error_name"] == curve.error_name
        np.testing.assert_allclose(lc["train_errors"], curve.train_errors)
        np.testing.assert_allclose(lc["validation_errors"], curve.test_errors)
        np.testing.assert_allclose(lc["train_error_mean"], curve.train_errors.mean(axis=1))
        np.testing.assert_allclose(lc["validation_error_std"], curve.test_errors.std(axis=1))
        d = summary["diagnosis"]
        assert d["verdict"] == diagnosis.verdict
        assert d["text"] == str(diagnosis)
        assert d["advice"] == list(diagnosis.advice)
        for name in ("train_error", "validation_error", "gap"):
            assert d["numbers"][name] == pytest.approx(getattr(diagnosis, name))
        # the diagnosis judges the largest training set of this very curve
        assert d["numbers"]["validation_error"] == pytest.approx(lc["validation_error_mean"][-1])
        # and the page shows them
        text = parse_page(output / lecture_id / "index.html").full_text
        assert " ".join(str(diagnosis).split()[-8:]) in text


def test_summary_records_settings_and_environment(quick_report):
    import importlib.metadata

    output, _ = quick_report
    for lecture_id in LECTURES:
        summary = _summary(output, lecture_id)
        assert summary["lecture_id"] == lecture_id
        assert summary["seed"] == 0 and summary["settings"]["quick"] is True
        assert summary["backend"] in ("jax", "tensorflow", "torch")
        assert summary["versions"]["keras"] == importlib.metadata.version("keras")
        assert summary["times"]["total"] > 0
        assert set(summary["scores"]) == {"train", "validation", "test"}
        assert all(isinstance(v, float) for v in summary["scores"].values())
        assert len(summary["epoch_curve"]["loss"]) == len(summary["epoch_curve"]["epochs"])


def test_interrupted_rerun_keeps_the_previous_report(quick_report, tmp_path, monkeypatch,
                                                     capsys):
    import keras_lectures.reports.render as render
    import keras_lectures.reports.run as run

    source, captured = quick_report
    output = tmp_path / "reports"
    shutil.copytree(source, output)
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    # the rerun writes the lecture the fixture ran (no training again)
    monkeypatch.setattr(run, "run_lecture",
                        lambda lecture, **kwargs: captured["results"][lecture.id])

    real_save = render.save_png
    saved = []

    def save_then_die(fig, path):
        saved.append(path)
        if len(saved) == 2:
            raise KeyboardInterrupt
        real_save(fig, path)

    monkeypatch.setattr(render, "save_png", save_then_die)
    code = cli.main(["report", "xor-mlp", "--quick", "--output", str(output)])
    assert code == 130
    assert capsys.readouterr().err.strip().endswith("keras-lectures: interrupted")
    assert len(saved) == 2 and ".xor-mlp.tmp-" in str(saved[0])
    after = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in output.iterdir() if p.name.startswith(".")]


# ---------------------------------------------------------------- errors


def _error_line(stderr):
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    assert [line for line in lines if ": error: " in line] == lines[-1:]
    return lines[-1]


def test_unknown_lecture_lists_the_valid_ones(capsys, tmp_path):
    from keras_lectures.lectures import LECTURES as registry

    assert cli.main(["report", "linear-regression", "no-such-lecture", "--quick",
                     "--output", str(tmp_path)]) == 2
    line = _error_line(capsys.readouterr().err)
    assert "unknown lecture 'no-such-lecture'" in line
    assert all(lecture_id in line for lecture_id in registry)
    assert list(tmp_path.iterdir()) == []
    assert cli.main(["fit", "no-such-lecture"]) == 2


def test_missing_lecture_data_says_which_file_and_where(capsys, tmp_path):
    empty = tmp_path / "no-data"
    empty.mkdir()
    output = tmp_path / "out"
    code = cli.main(["--data-home", str(empty), "report", "linear-regression",
                     "--output", str(output)])
    assert code == 1
    line = _error_line(capsys.readouterr().err)
    assert "ex1data1.txt" in line and str(empty) in line
    assert "--allow-fallback" in line
    assert not output.exists()


def test_fit_prints_scores(capsys):
    assert cli.main(["fit", "xor-mlp", "--quick", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["lecture"] == "xor-mlp" and result["score_name"] == "accuracy"
    assert 0.0 <= result["test_score"] <= 1.0 and result["fit_time"] > 0


def test_list_shows_every_lecture(capsys):
    from keras_lectures.lectures import LECTURES as registry

    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    for lecture in registry.values():
        assert lecture.id in out and lecture.dataset in out
        for figure in lecture.figures:
            assert figure.name in out


# ---------------------------------------------------------------- browser


def test_pages_load_cleanly_in_a_headless_browser(quick_report):
    output, _ = quick_report
    loaded = check_in_browser(output / "index.html", LECTURES)
    # every picture of the summary, the animation included, loaded in the page
    for lecture_id in LECTURES:
        files = {i["file"] for i in _summary(output, lecture_id)["images"]}
        assert {image["src"] for image in loaded[lecture_id]} == files
    assert "training_animation.gif" in {i["src"] for i in loaded["xor-mlp"]}


def test_backends_compare_runs_the_lecture_in_a_subprocess(capsys):
    from keras_lectures.backend import current
    from keras_lectures.commands.backends import compare

    name = current()
    rows = compare("xor-mlp", backends=[name], timeout=300)
    assert len(rows) == 1 and "error" not in rows[0], rows
    row = rows[0]
    assert row["backend"] == name and row["lecture"] == "xor-mlp"
    assert 0.0 <= row["test_score"] <= 1.0 and row["fit_time"] > 0
    assert f"[backend 1/1] fitting xor-mlp with {name}" in capsys.readouterr().err


def test_report_on_the_food_truck_file_draws_the_same_pictures(quick_report, tmp_path,
                                                                lecture_data_home):
    output, _ = quick_report
    code = cli.main(["--data-home", str(lecture_data_home), "report", "linear-regression",
                     "--epochs", "60", "--output", str(tmp_path)])
    assert code == 0
    real = _summary(tmp_path, "linear-regression")
    assert real["dataset"] == "food_truck" and real["n_features"] == 1
    quick = _summary(output, "linear-regression")
    assert [p["kind"] for p in real["pictures"]] == [p["kind"] for p in quick["pictures"]]
    assert_page_images(tmp_path / "linear-regression" / "index.html")
