"""The report renderer, on hand-made results (no Keras, no training)."""

import json
import os
import struct
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from keras_lectures.reports import pictures
from keras_lectures.reports.atomic import atomic_directory, atomic_write_text
from keras_lectures.reports.render import read_summaries, render_index, render_lecture
from keras_lectures.reports.reproduction import render_reproduction
from keras_lectures.reports.results import (
    EpochCurveData,
    LearningCurveData,
    LectureResult,
)
from tests._browser import check_in_browser

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- helpers
# (also used by the end-to-end tests in test_cli_report.py)


class PageParser(HTMLParser):
    """Collects image sources, link targets and text of an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images, self.links, self.scripts, self.text = [], [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs.get("src"))
        elif tag == "a":
            self.links.append(attrs.get("href"))
        elif tag == "script":
            self.scripts += 1
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.links.append(attrs.get("href"))

    def handle_data(self, data):
        self.text.append(data)


def parse_page(path):
    parser = PageParser()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    parser.close()
    parser.full_text = " ".join(" ".join(parser.text).split())
    return parser


def png_size(path):
    """Width and height from the IHDR chunk; fails unless ``path`` is a PNG."""
    data = Path(path).read_bytes()
    assert data[:8] == PNG_MAGIC, f"{path} is not a PNG file"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13, f"{path}: first chunk is not IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def assert_real_png(path):
    """A valid PNG with a real picture: sensible size, more than one colour."""
    import matplotlib.image

    width, height = png_size(path)
    assert 50 <= width <= 5000 and 50 <= height <= 5000, (path, width, height)
    pixels = matplotlib.image.imread(str(path))
    assert pixels.shape[:2] == (height, width)
    assert float(np.std(pixels)) > 0.01, f"{path} is blank"


def assert_real_gif(path):
    """An animated GIF of several different frames, none blank."""
    from PIL import Image, ImageSequence

    with Image.open(path) as image:
        assert image.format == "GIF" and image.n_frames > 1, path
        width, height = image.size
        assert 50 <= width <= 5000 and 50 <= height <= 5000, (path, width, height)
        frames = [np.asarray(f.convert("RGB"), dtype=float) for f in
                  ImageSequence.Iterator(image)]
    assert all(float(np.std(f)) > 2.0 for f in frames), f"{path} has a blank frame"
    assert any(np.abs(f - frames[0]).max() > 0 for f in frames[1:]), f"{path} does not move"


def assert_page_images(page_path):
    """Every image of the page exists beside it and is a real PNG or GIF; returns them."""
    page = parse_page(page_path)
    assert page.scripts == 0
    for src in page.images:
        assert src and "://" not in src and not src.startswith("/"), src
        if src.endswith(".gif"):
            assert_real_gif(Path(page_path).parent / src)
        else:
            assert_real_png(Path(page_path).parent / src)
    return page


# ---------------------------------------------------------------- fixtures


def _fake_result(lecture_id="linear-regression", title="Linear regression", **extra):
    from sklearn.linear_model import LinearRegression
    from sklearn.utils import Bunch

    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, size=(40, 1))
    y = 2.0 * x[:, 0] + 1.0 + rng.normal(0, 1.0, size=40)
    data = Bunch(X_train=x[:30], y_train=y[:30], X_test=x[30:], y_test=y[30:],
                 feature_names=["population"], image_shape=None)
    model = LinearRegression().fit(data.X_train, data.y_train)
    fields = dict(
        lecture_id=lecture_id,
        title=title,
        task="regression",
        teaches="Gradient descent on a straight line.",
        estimator="LinearRegressionGD(learning_rate=0.01)",
        dataset="food_truck",
        score_name="R²",
        scores={"train": 0.81, "validation": 0.74, "test": 0.7},
        learning_curve=LearningCurveData(
            train_sizes=[5, 10, 20],
            train_error_mean=[0.1, 0.2, 0.25],
            train_error_std=[0.05, 0.04, 0.02],
            validation_error_mean=[0.9, 0.5, 0.3],
            validation_error_std=[0.2, 0.1, 0.05],
            error_name="1 - R²",
        ),
        epoch_curve=EpochCurveData(epochs=[1, 2, 3, 4], loss=[4.0, 2.0, 1.5, 1.2],
                                   validation_loss=[4.5, 2.5, 1.9, 1.7],
                                   loss_name="mean squared error"),
        diagnosis={"verdict": "good fit", "text": "Both errors are low and close.",
                   "advice": ["Nothing to change."], "numbers": {"gap": 0.05}},
        settings={"epochs": 4, "quick": True},
        seed=0,
        backend="jax",
        versions={"python": "3.11"},
        times={"fit": 1.25, "total": 2.5},
        pictures={"fitted_line.png": pictures.draw("fitted_line", model, data)},
    )
    fields.update(extra)
    return LectureResult(**fields)


# ---------------------------------------------------------------- renderer


def test_render_lecture_writes_a_complete_folder(tmp_path):
    folder = render_lecture(_fake_result(), tmp_path)
    assert folder == tmp_path / "linear-regression"
    names = {p.name for p in folder.iterdir()}
    assert names == {"index.html", "summary.json", "learning_curve.png",
                     "epoch_curve.png", "fitted_line.png"}
    page = assert_page_images(folder / "index.html")
    assert sorted(page.images) == ["epoch_curve.png", "fitted_line.png", "learning_curve.png"]
    assert "good fit" in page.full_text and "Both errors are low" in page.full_text
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["scores"] == {"train": 0.81, "validation": 0.74, "test": 0.7}
    assert summary["learning_curve"]["validation_error_mean"] == [0.9, 0.5, 0.3]
    assert summary["seed"] == 0 and summary["backend"] == "jax"
    assert summary["created"]
    assert [i["file"] for i in summary["images"]] == [
        "learning_curve.png", "epoch_curve.png", "fitted_line.png"]
    # nothing hidden left behind
    assert [p.name for p in tmp_path.iterdir()] == ["linear-regression"]


def test_lecture_page_shows_the_lectures_numbers_in_its_words(tmp_path):
    from keras_lectures.lectures import LECTURES
    from keras_lectures.reports.run import _published, _quoted

    lecture = LECTURES["convnet"]
    result = _fake_result("convnet", "Convolutional networks",
                          published_figures=_published(lecture),
                          quoted_numbers=_quoted(lecture))
    folder = render_lecture(result, tmp_path)
    text = parse_page(folder / "index.html").full_text
    assert "3×3×1×32 = 288" in text and "= 288" in text
    assert "4,216,800" in text and "1,379,557" in text and "105 min 31 s" in text
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["published_figures"][0]["claim"] == "o = (i − f)/s + 1 = (5 − 3)/1 + 1 = 3"
    assert "tolerance" not in summary["published_figures"][0]
    assert summary["quoted_numbers"][4]["corrected"] == 1_379_557


def test_render_escapes_text(tmp_path):
    nasty = '<script>alert("x")</script> & co'
    result = _fake_result(title=nasty, diagnosis={"verdict": "<b>bias</b>", "text": nasty,
                                                  "advice": [nasty]})
    folder = render_lecture(result, tmp_path)
    render_index(tmp_path)
    for path in (folder / "index.html", tmp_path / "index.html"):
        text = path.read_text()
        assert "<script>" not in text and "<b>bias" not in text
        assert "&lt;script&gt;" in text
        assert parse_page(path).scripts == 0


def test_summary_is_strict_json_without_nan(tmp_path):
    result = _fake_result(scores={"train": 1.0, "validation": float("nan"),
                                  "test": np.float32(0.5)})
    folder = render_lecture(result, tmp_path)
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["scores"] == {"train": 1.0, "validation": None, "test": 0.5}


def test_index_lists_every_lecture_and_links_resolve(tmp_path):
    render_lecture(_fake_result("linear-regression", "Linear regression"), tmp_path)
    render_lecture(_fake_result("xor-mlp", "XOR"), tmp_path)
    (tmp_path / "README.md").write_text("kept")
    index = render_index(tmp_path, order=["xor-mlp", "linear-regression"])
    page = parse_page(index)
    assert page.links == ["xor-mlp/index.html", "linear-regression/index.html"]
    for link in page.links:
        assert (tmp_path / link).is_file()
        assert "../index.html" in parse_page(tmp_path / link).links
    assert (tmp_path / "README.md").read_text() == "kept"
    assert [s["lecture_id"] for s in read_summaries(tmp_path)] == [
        "linear-regression", "xor-mlp"]


def test_rendered_pages_in_a_headless_browser(tmp_path):
    render_lecture(_fake_result("linear-regression", "Linear regression"), tmp_path)
    render_lecture(_fake_result("xor-mlp", "XOR"), tmp_path)
    render_index(tmp_path, order=["linear-regression", "xor-mlp"])
    check_in_browser(tmp_path / "index.html", ["linear-regression", "xor-mlp"])


def test_browser_check_catches_a_missing_image(tmp_path):
    render_lecture(_fake_result("linear-regression", "Linear regression"), tmp_path)
    render_index(tmp_path)
    (tmp_path / "linear-regression" / "epoch_curve.png").unlink()
    with pytest.raises(AssertionError):
        check_in_browser(tmp_path / "index.html", ["linear-regression"])


def test_empty_index(tmp_path):
    page = parse_page(render_index(tmp_path / "new"))
    assert "No lecture reports yet" in page.full_text


# ---------------------------------------------------------------- atomic writes


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_interrupted_render_keeps_the_previous_report(tmp_path, monkeypatch):
    import keras_lectures.reports.render as render

    folder = render_lecture(_fake_result(), tmp_path)
    before = _snapshot(folder)

    real_save = render.save_png
    calls = []

    def failing_save(fig, path):
        calls.append(path)
        if len(calls) == 2:  # the first image is written, then the run dies
            raise KeyboardInterrupt("interrupted mid-write")
        real_save(fig, path)

    monkeypatch.setattr(render, "save_png", failing_save)
    new = _fake_result(scores={"train": 0.0, "validation": 0.0, "test": 0.0})
    with pytest.raises(KeyboardInterrupt):
        render_lecture(new, tmp_path)
    assert len(calls) == 2
    assert _snapshot(folder) == before
    assert [p.name for p in tmp_path.iterdir()] == ["linear-regression"]


def test_failed_swap_restores_the_old_folder(tmp_path, monkeypatch):
    import os

    import keras_lectures.reports.atomic as atomic

    target = tmp_path / "lecture"
    target.mkdir()
    (target / "old.txt").write_text("old")
    real_rename = os.rename

    def rename(src, dst):
        if Path(src).name.startswith(".lecture.tmp-"):
            raise OSError("disk full")
        return real_rename(src, dst)

    monkeypatch.setattr(atomic.os, "rename", rename)
    with pytest.raises(OSError):
        with atomic_directory(target) as build:
            (build / "new.txt").write_text("new")
    assert [p.name for p in target.iterdir()] == ["old.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["lecture"]


def test_killed_swap_is_recovered_on_the_next_write(tmp_path):
    # a process killed between the two renames leaves only the .old folder
    old = tmp_path / ".lecture.old-abc"
    old.mkdir()
    (old / "old.txt").write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_directory(tmp_path / "lecture"):
            raise RuntimeError("fails before the swap")
    assert (tmp_path / "lecture" / "old.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["lecture"]


def test_atomic_write_text_replaces_whole_file(tmp_path, monkeypatch):
    path = tmp_path / "index.html"
    atomic_write_text(path, "first")
    import keras_lectures.reports.atomic as atomic

    monkeypatch.setattr(atomic.os, "replace", lambda *a: (_ for _ in ()).throw(OSError("x")))
    with pytest.raises(OSError):
        atomic_write_text(path, "second")
    assert path.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


# ---------------------------------------------------------------- pictures


def _save(fig, tmp_path, name):
    path = tmp_path / name
    fig.savefig(path)
    assert_real_png(path)
    return path


def _split(X, y):
    from sklearn.model_selection import train_test_split
    from sklearn.utils import Bunch

    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
    return Bunch(X_train=X_train, X_test=X_test, y_train=y_train, y_test=y_test,
                 feature_names=None, image_shape=None)


def test_decision_boundary_two_features_and_projection(tmp_path):
    from sklearn.datasets import load_breast_cancer, make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = make_classification(n_samples=80, n_features=2, n_redundant=0, random_state=0)
    data = _split(X.astype(np.float32), y)
    model = LogisticRegression().fit(data.X_train, data.y_train)
    fig, caption = pictures.draw("decision_boundary", model, data)
    _save(fig, tmp_path, "two.png")
    assert caption

    bunch = load_breast_cancer()
    data = _split(bunch.data, bunch.target)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500))
    model.fit(data.X_train, data.y_train)
    fig, _ = pictures.draw("decision_boundary", model, data)
    assert "principal component 1" in fig.axes[0].get_xlabel()
    _save(fig, tmp_path, "pca.png")


def test_decision_boundary_multiclass_without_proba(tmp_path, monkeypatch):
    import matplotlib.axes
    from sklearn.datasets import make_blobs
    from sklearn.svm import LinearSVC

    # the filled contour sets drawn (matplotlib < 3.8 keeps them out of
    # ax.collections, so they are caught where they are made)
    made = []
    real_contourf = matplotlib.axes.Axes.contourf

    def contourf(self, *args, **kwargs):
        made.append(real_contourf(self, *args, **kwargs))
        return made[-1]

    monkeypatch.setattr(matplotlib.axes.Axes, "contourf", contourf)
    X, y = make_blobs(n_samples=90, centers=3, random_state=0)
    data = _split(X, y)
    model = LinearSVC().fit(data.X_train, data.y_train)
    fig = pictures.decision_boundary(model, data)
    _save(fig, tmp_path, "multi.png")
    # three classes without probabilities: the predicted class per region, one
    # band per class (no P = 0.5 line, no colorbar)
    assert len(fig.axes) == 1
    ax = fig.axes[0]
    assert ax.get_title() == "Decision boundary"
    regions = made
    assert len(regions) == 1
    assert_allclose(regions[0].levels, [-0.5, 0.5, 1.5, 2.5])
    bands = regions[0].allsegs
    assert len(bands) == 3 and all(len(band) > 0 for band in bands)
    # the regions are the model's predictions over the plotted plane
    from keras_lectures.reports.pictures.classification import Plane

    plane = Plane(data, 150)
    response, is_proba = plane.response(model)
    assert not is_proba
    predicted = np.searchsorted(plane.classes, model.predict(plane.points))
    assert_array_equal(response.ravel(), predicted)
    assert set(np.unique(response)) == {0, 1, 2}


def test_misclassified_images(tmp_path):
    from sklearn.datasets import load_digits
    from sklearn.dummy import DummyClassifier
    from sklearn.neighbors import KNeighborsClassifier

    digits = load_digits()
    data = _split(digits.data[:300], digits.target[:300])
    data.image_shape = (8, 8)
    wrong = DummyClassifier(strategy="most_frequent").fit(data.X_train, data.y_train)
    fig = pictures.misclassified_images(wrong, data)
    assert len(fig.axes) == 25 and "misclassified" in fig._suptitle.get_text()
    _save(fig, tmp_path, "wrong.png")
    # a perfect model: the first images, said so
    data.X_test, data.y_test = data.X_train[:4], data.y_train[:4]
    perfect = KNeighborsClassifier(n_neighbors=1).fit(data.X_train, data.y_train)
    fig = pictures.misclassified_images(perfect, data)
    assert "No test image misclassified" in fig._suptitle.get_text()
    _save(fig, tmp_path, "none.png")


def test_predicted_vs_actual_and_fitted_line_fallback(tmp_path):
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import Ridge

    bunch = load_diabetes()
    data = _split(bunch.data, bunch.target)
    model = Ridge().fit(data.X_train, data.y_train)
    _save(pictures.predicted_vs_actual(model, data), tmp_path, "pva.png")
    # several features: the fitted line becomes predicted vs actual
    fig = pictures.fitted_line(model, data)
    assert fig.axes[-1].get_title() == "Predicted vs actual"


def test_unknown_picture():
    with pytest.raises(ValueError, match="unknown picture 'pie'"):
        pictures.draw("pie", None, None)


# ---------------------------------------------------------------- reproduction


def _figure(name, claim, published, low, high, measured, source, passed, note=""):
    interval = f"= {low}" if low == high else f"[{low}, {high}]"
    return {"name": name, "claim": claim, "published": published, "low": low, "high": high,
            "interval": interval, "measured": measured, "source": source, "note": note,
            "passed": passed}


def test_reproduction_markdown_and_json(tmp_path):
    lectures = [
        {"lecture_id": "logistic-regression", "title": "Logistic", "dataset": "admissions",
         "time": 3.2, "figures": [
             _figure("P(admit | 45, 85)", "0.776", 0.776, 0.774, 0.778, 0.7763,
                     "ex2 | lecture", True),
             _figure("training accuracy", "0.89", 0.89, 0.885, 0.895, 0.8, "ex2", False)]},
        {"lecture_id": "lstm", "title": "LSTM", "dataset": "stock", "time": None,
         "error": "data file missing"},
    ]
    md, js, passed, total = render_reproduction(lectures, tmp_path, backend="jax",
                                                versions={"keras": "3"}, seed=0)
    assert (passed, total) == (1, 2)
    text = md.read_text()
    assert "P(admit \\| 45, 85)" in text and "**miss**" in text and "error: data file missing" in text
    assert "1 of 2 figures reproduced" in text
    assert "| 0.776 | \\[0.774, 0.778\\] | 0.7763 |" in text
    # every table row has the same number of unescaped cell separators
    import re

    rows = [line for line in text.splitlines()
            if line.startswith("| logistic") and "admissions" in line]
    assert len(rows) == 2
    assert {len(re.findall(r"(?<!\\)\|", row)) for row in rows} == {9}
    data = json.loads(js.read_text())
    assert data["passed"] == 1 and data["lectures"][0]["figures"][0]["measured"] == 0.7763


def test_reproduction_shows_claims_in_words_never_midpoints(tmp_path):
    lectures = [
        {"lecture_id": "xor-mlp", "title": "XOR", "dataset": "xor", "time": 1.0, "figures": [
            _figure("logistic regression accuracy", "XOR cannot be separated by one line",
                    None, 0, 0.75, 0.5, "slides; the bound 0.75 is ours", True,
                    note="a line puts at most 3 of the 4 points right")]},
    ]
    md, _, passed, total = render_reproduction(lectures, tmp_path, backend="jax")
    text = md.read_text()
    assert (passed, total) == (1, 1)
    assert "| XOR cannot be separated by one line | \\[0, 0.75\\] | 0.5000 |" in text
    assert "0.375" not in text  # the interval's midpoint is nobody's claim
    assert "- xor-mlp, logistic regression accuracy: a line puts at most 3 of the 4 " \
           "points right." in text


def test_reproduction_lists_lectures_without_figures_apart(tmp_path):
    lectures = [
        {"lecture_id": "multivariate-regression", "title": "M", "dataset": "house_prices",
         "time": 0.6, "figures": [
             _figure("price ($)", "293,081.46", 293081.46, 293081.45, 293081.47,
                     293081.4649, "ex1", True)]},
        {"lecture_id": "softmax", "title": "S", "dataset": "mnist", "time": 0.0,
         "figures": [], "quotes": []},
        {"lecture_id": "lstm", "title": "L", "dataset": "stock", "time": 30.0,
         "figures": [], "quotes": [
             {"name": "test RMSE", "claim": "RMSE 0.0243", "published": 0.0243,
              "measured": 0.0377, "corrected": None, "source": "slides",
              "reason": "not comparable one to one", "corrected_measured": None}]},
    ]
    md, _, passed, total = render_reproduction(lectures, tmp_path, backend="jax")
    text = md.read_text()
    assert (passed, total) == (1, 1)
    assert "| 293,081.46 | \\[293081.45, 293081.47\\] | 293081.4649 |" in text
    assert "Lectures without numbers of their own: softmax." in text
    assert "| softmax |" not in text
    assert "## Quoted from the slides, not checked here" in text
    assert ("| lstm | test RMSE | RMSE 0.0243 | 0.0377 | – | not comparable one to one "
            "| measured beside it, not checked |") in text


def test_time_series_splits_keep_validation_after_training():
    from keras_lectures.reports.run import _cv, validation_split

    y = np.arange(50.0)
    fit, val = validation_split(y, classification=False, seed=0, ordered=True)
    assert fit.max() < val.min() and len(val) == 10
    for train, test in _cv(y, classification=False, seed=0, n_splits=3, ordered=True).split(y):
        assert train.max() < test.min()
