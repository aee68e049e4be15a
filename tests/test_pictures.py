"""The lecture figures (keras_lectures.reports.pictures) on tiny fitted models.

Each picture is checked for what it must show, read back from the figure's
artists: the path of gradient descent ends at the fitted theta, the replayed
training's last frame is the fitted model, images are the model's weights.
"""

import re

import numpy as np
import pytest
from sklearn.utils import Bunch

from keras_lectures import (
    ConvNetClassifier,
    DeepNetClassifier,
    LinearRegressionGD,
    LogisticRegressionGD,
    MLPClassifier,
    SoftmaxRegression,
)
from keras_lectures.reports import pictures

try:
    from tests.test_reports import assert_real_png
except ImportError:  # tests/ run as a plain folder
    from test_reports import assert_real_png


def _save(fig, tmp_path, name):
    path = tmp_path / name
    fig.savefig(path)
    assert_real_png(path)
    for ax in fig.axes:
        if (ax.get_images() or not ax.get_visible() or not ax.axison
                or ax.get_label() == "<colorbar>"):
            continue
        assert ax.get_xlabel() and ax.get_ylabel(), (name, ax.get_title())
    return path


def _bunch(X, y, n_test, **extra):
    return Bunch(X_train=X[n_test:], y_train=y[n_test:], X_test=X[:n_test],
                 y_test=y[:n_test], **extra)


def _line_data(n=40):
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=(n, 1))
    y = 3.0 + 2.0 * x[:, 0] + rng.normal(0, 0.2, size=n)
    return _bunch(x.astype(np.float32), y, 10, feature_names=["x"], target_name="y")


def _line_label(ax, start):
    return next(line for line in ax.get_lines() if line.get_label().startswith(start))


def test_regression_pictures(tmp_path):
    data = _line_data()
    model = LinearRegressionGD(learning_rate=0.3, epochs=20).fit(data.X_train, data.y_train)

    fig = pictures.fitted_line(model, data)
    _save(fig, tmp_path, "line.png")
    x, y = _line_label(fig.axes[0], "fitted line").get_data()
    np.testing.assert_allclose(y, model.predict(x.reshape(-1, 1).astype(np.float32)),
                               rtol=1e-5)

    # the path of gradient descent: from theta = 0 to the fitted theta, cost falling
    fig = pictures.cost_contour(model, data, n_steps=5)
    _save(fig, tmp_path, "contour.png")
    t0, t1 = _line_label(fig.axes[0], "gradient descent").get_data()
    assert (t0[0], t1[0]) == (0.0, 0.0) and len(t0) == 6
    np.testing.assert_allclose([t0[-1], t1[-1]], [model.intercept_, model.coef_[0]],
                               rtol=1e-4, atol=1e-5)
    X, yt = data.X_train[:, 0].astype(float), data.y_train
    cost = [np.mean((a + b * X - yt) ** 2) / 2 for a, b in zip(t0, t1)]
    assert all(c1 < c0 for c0, c1 in zip(cost, cost[1:]))

    # two panels of one figure, each at equal scale on a square of theta
    from matplotlib.figure import Figure

    both = Figure(figsize=(10, 4))
    left, right = both.subplots(1, 2)
    assert pictures.cost_contour(model, data, n_steps=3, ax=left) is both
    pictures.cost_contour(model, data, n_steps=3, equal_scale=True, ax=right)
    assert left.get_aspect() == "auto" and right.get_aspect() == 1.0
    (x0, x1), (y0, y1) = right.get_xlim(), right.get_ylim()
    assert abs((x1 - x0) - (y1 - y0)) <= 1e-6 * abs(x1 - x0)
    _save(both, tmp_path, "two_contours.png")

    fig = pictures.cost_history(model, data)
    _save(fig, tmp_path, "history.png")
    np.testing.assert_allclose(fig.axes[0].get_lines()[0].get_ydata(),
                               model.history_["loss"])

    # a rate past 2 / lambda_max diverges, the others converge
    fig = pictures.learning_rates(model, data, epochs=8)
    _save(fig, tmp_path, "rates.png")
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert len(labels) == 5
    assert [("diverges" in label) for label in labels] == [False] * 4 + [True]


def test_predicted_vs_actual_with_the_persistence_baseline(tmp_path):
    rng = np.random.default_rng(0)
    series = np.cumsum(rng.normal(size=60))
    X = np.column_stack([series[k:k + 50] for k in range(3)])  # windows, today last
    y = series[3:53]
    data = _bunch(X.astype(np.float32), y, 10, target_name="price")
    model = LinearRegressionGD(learning_rate=0.05, epochs=5).fit(data.X_train, data.y_train)
    fig, caption = pictures.draw("predicted_vs_actual", model, data, baseline="last")
    _save(fig, tmp_path, "pva.png")
    baseline = _line_label(fig.axes[0], "baseline").get_ydata()
    np.testing.assert_array_equal(baseline, data.X_test[:, -1])
    mae = np.mean(np.abs(data.X_test[:, -1] - data.y_test))
    assert f"{mae:.3g}" in caption and "tomorrow = today" in caption
    assert re.search(r"model [0-9.]+", caption)
    with pytest.raises(ValueError, match="baseline must be"):
        pictures.predicted_vs_actual(model, data, baseline="yesterday")


def _blobs(n=60):
    from sklearn.datasets import make_blobs

    X, y = make_blobs(n, centers=[[-1, -1], [1, 1]], cluster_std=0.6, random_state=0)
    return _bunch(X.astype(np.float32), y, 15, feature_names=["exam 1", "exam 2"])


def test_training_animation_replays_the_fit(tmp_path):
    from PIL import Image

    data = _blobs()
    model = LogisticRegressionGD(learning_rate=0.5, epochs=12).fit(data.X_train,
                                                                   data.y_train)
    animation = pictures.training_animation(model, data, n_frames=4, resolution=12)
    assert animation.epochs == [3, 6, 9, 12]
    # full-batch training replayed in parts: the last frame is the fitted model
    np.testing.assert_allclose(animation.responses[-1],
                               model.predict_proba(animation.plane.points)[:, 1]
                               .reshape(12, 12), atol=1e-4)
    np.testing.assert_allclose(animation.loss, model.history_["loss"], rtol=1e-4)
    assert animation.train_scores[-1] == pytest.approx(model.score(data.X_train,
                                                                   data.y_train))
    gif = animation.save(tmp_path / "train.gif")
    with Image.open(gif) as image:
        assert image.format == "GIF" and image.n_frames == 4
    html = animation.to_jshtml()
    assert html.count("data:image/png;base64") == 4
    assert "://" not in html and "fa-play" not in html and "▶" in html


def test_decision_boundaries(tmp_path):
    from sklearn.base import clone
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures

    data = _blobs()
    model = make_pipeline(PolynomialFeatures(2, include_bias=False),
                          LogisticRegressionGD(learning_rate=0.5, epochs=10))
    model.fit(data.X_train, data.y_train)
    fig = pictures.decision_boundary(model, data, resolution=30)
    _save(fig, tmp_path, "boundary.png")
    assert fig.axes[0].get_xlabel() == "exam 1"

    fig = pictures.boundaries_by_lambda(model, data, resolution=20)
    _save(fig, tmp_path, "lambdas.png")
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert [t.split(":")[0] for t in titles] == ["λ = 0", "λ = 1", "λ = 100"]
    m = len(data.y_train)
    for title, alpha in zip(titles, (0.0, 1.0, 100.0)):
        # the documented step: at most m / (2 alpha)
        rate = min(0.5, m / (2 * alpha)) if alpha else 0.5
        refit = clone(model).set_params(logisticregressiongd__alpha=alpha,
                                        logisticregressiongd__learning_rate=rate)
        refit.fit(data.X_train, data.y_train)
        assert f"{refit.score(data.X_train, data.y_train):.1%}" in title
    from sklearn.linear_model import LogisticRegression

    with pytest.raises(ValueError, match="'alpha' parameter"):
        pictures.boundaries_by_lambda(LogisticRegression(), data)


def test_hidden_space_is_what_the_output_unit_separates(tmp_path):
    from keras_lectures.datasets import make_xor

    X, y = make_xor(60, random_state=0)
    data = _bunch(X.astype(np.float32), y, 12)
    model = MLPClassifier((4,), activation="tanh", batch_size=None, learning_rate=0.05,
                          epochs=30, random_state=0).fit(data.X_train, data.y_train)
    fig = pictures.hidden_space(model, data)
    _save(fig, tmp_path, "hidden.png")
    logits = np.concatenate([c.get_offsets()[:, 0] for c in fig.axes[0].collections
                             if c.get_label().startswith("class")])
    order = np.concatenate([np.flatnonzero(data.y_train == c) for c in (0, 1)])
    # the horizontal axis is the output's logit: positive exactly where class 1 is predicted
    predicted = model.predict(data.X_train[order])
    np.testing.assert_array_equal(logits > 0, predicted == 1)


def _digits(n=240):
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    return _bunch((X[:n] / 16.0).astype(np.float32), y[:n], 40, image_shape=(8, 8))


def test_image_pictures(tmp_path):
    data = _digits()
    softmax = SoftmaxRegression(epochs=2).fit(data.X_train, data.y_train)
    fig = pictures.first_layer_weights(softmax, data)
    _save(fig, tmp_path, "weights.png")
    assert len(fig.axes) == 10 and fig.axes[3].get_title() == "class 3"
    kernel = softmax.model_.layers[-1].get_weights()[0]
    np.testing.assert_allclose(fig.axes[3].get_images()[0].get_array(),
                               kernel[:, 3].reshape(8, 8), rtol=1e-6)

    mlp = MLPClassifier((6,), epochs=2, random_state=0).fit(data.X_train, data.y_train)
    fig = pictures.first_layer_weights(mlp, data)
    assert len(fig.axes) == 6 and fig.axes[0].get_title() == "unit 1"
    _save(pictures.misclassified_images(mlp, data), tmp_path, "wrong.png")

    conv = ConvNetClassifier((3, 2), dense_units=4, image_shape=(8, 8), epochs=1,
                             random_state=0).fit(data.X_train, data.y_train)
    fig = pictures.filters(conv, data)
    _save(fig, tmp_path, "filters.png")
    kernel = conv.model_.get_layer("conv_1").get_weights()[0]
    assert len(fig.axes) == 3
    np.testing.assert_allclose(fig.axes[1].get_images()[0].get_array(), kernel[:, :, 0, 1],
                               rtol=1e-6)
    fig = pictures.feature_maps(conv, data, index=2)
    _save(fig, tmp_path, "maps.png")
    shown = [ax for ax in fig.axes if ax.get_images()]
    assert len(shown) == 1 + 3 + 2  # the image, 3 maps of block 1, 2 of block 2
    np.testing.assert_allclose(shown[0].get_images()[0].get_array(),
                               data.X_test[2].reshape(8, 8))
    assert shown[1].get_images()[0].get_array().shape == (8, 8)
    assert shown[-1].get_images()[0].get_array().shape == (4, 4)
    with pytest.raises(ValueError, match="convolutional network"):
        pictures.filters(mlp)


def test_init_dropout_comparison(tmp_path):
    data = _digits(200)
    model = DeepNetClassifier((4,), epochs=2, random_state=0)
    fig = pictures.init_dropout_comparison(model, data)
    _save(fig, tmp_path, "init.png")
    lines = fig.axes[0].get_lines()
    assert [line.get_label().split(":")[0] for line in lines] == [
        "random normal (σ = 1)", "Xavier (Glorot)", "Xavier + dropout"]
    for line in lines:
        assert list(line.get_xdata()) == [1, 2]
        assert all(0.0 <= v <= 1.0 for v in line.get_ydata())


def test_replay_needs_warm_start_and_epochs():
    from sklearn.linear_model import LogisticRegression

    with pytest.raises(ValueError, match="'epochs' and 'warm_start'"):
        pictures.training_animation(LogisticRegression(), _blobs())


def test_every_kind_is_a_picture_function():
    from keras_lectures.lectures import LECTURES

    for kind, (function, caption) in pictures.PICTURES.items():
        assert getattr(pictures, kind) is function and caption
        assert "fig" in function.__code__.co_varnames or kind == "training_animation"
    for lecture in LECTURES.values():
        for entry in lecture.pictures:
            assert (entry if isinstance(entry, str) else entry[0]) in pictures.PICTURES


#: the slides' figures each lecture's report must draw
LECTURE_KINDS = {
    "linear-regression": {"fitted_line", "cost_contour", "cost_history"},
    "multivariate-regression": {"learning_rates"},
    "logistic-regression": {"decision_boundary", "training_animation"},
    "regularized-logistic": {"boundaries_by_lambda", "training_animation"},
    "xor-mlp": {"decision_boundary", "hidden_space", "training_animation"},
    "digits-mlp": {"first_layer_weights", "misclassified_images"},
    "softmax": {"first_layer_weights", "misclassified_images"},
    "deep-net": {"init_dropout_comparison"},
    "convnet": {"filters", "feature_maps"},
    "lstm": {"predicted_vs_actual"},
}


def test_lectures_draw_the_slides_figures_on_data_of_the_lectures_shape():
    from keras_lectures.lectures import LECTURES, load_lecture_data

    assert set(LECTURE_KINDS) == set(LECTURES)
    for lecture_id, kinds in LECTURE_KINDS.items():
        drawn = {p if isinstance(p, str) else p[0] for p in LECTURES[lecture_id].pictures}
        assert kinds <= drawn, lecture_id
    shapes = {"linear-regression": 1, "logistic-regression": 2,
              "regularized-logistic": 2, "xor-mlp": 2, "digits-mlp": 64}
    for lecture_id, n_features in shapes.items():
        data = load_lecture_data(lecture_id, quick=True)
        assert data.X_train.shape[1] == n_features, lecture_id
        assert data.dataset == LECTURES[lecture_id].fallback_dataset
    # the multivariate stand-in needs normalising: scales differ fifty-fold
    data = load_lecture_data("multivariate-regression", quick=True)
    spread = data.X_train.std(axis=0)
    assert data.X_train.shape[1] > 2 and spread.max() / spread.min() > 50
