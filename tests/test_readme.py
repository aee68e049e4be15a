"""The README's code examples run as written, and as a user would extend them.

Each ```python block of README.md is executed; the estimator block is then
fitted on binary and on multiclass data (a 2-unit softmax on two classes is
the most common binary classifier Keras users write), and the backend block
is run with the suite's own backend (the one a user would have installed).
"""

import re
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks():
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def block_defining(name):
    blocks = [block for block in python_blocks() if name in block]
    assert blocks, f"README.md has no python block with {name!r}"
    return blocks[0]


@pytest.fixture(scope="module")
def readme_estimator():
    namespace = {}
    exec(compile(block_defining("KerasClassifier("), str(README), "exec"), namespace)
    return namespace


def _accuracy(estimator, X, y):
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, random_state=0, stratify=y
    )
    model = make_pipeline(StandardScaler(), estimator).fit(X_train, y_train)
    proba = model.predict_proba(X_test)
    assert proba.shape == (len(X_test), len(np.unique(y)))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    return model.score(X_test, y_test)


def test_readme_builder_fits_binary_data_like_a_sigmoid_unit(readme_estimator):
    import keras

    X, y = load_breast_cancer(return_X_y=True)
    clf = clone(readme_estimator["clf"]).set_params(epochs=10)
    softmax = _accuracy(clf, X, y)

    def sigmoid_build(hidden_units=32, meta=None):
        return keras.Sequential([
            keras.Input((meta["n_features_in_"],)),
            keras.layers.Dense(hidden_units, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ])

    sigmoid = _accuracy(clf.set_params(model=sigmoid_build), X, y)
    assert softmax > 0.9 and sigmoid > 0.9
    assert abs(softmax - sigmoid) < 0.05


@pytest.mark.parametrize("loss", ["sparse_categorical_crossentropy", "categorical_crossentropy"])
def test_readme_builder_on_binary_data_with_either_loss(readme_estimator, loss):
    X, y = load_breast_cancer(return_X_y=True)
    clf = clone(readme_estimator["clf"]).set_params(epochs=10, loss=loss)
    assert _accuracy(clf, X, y) > 0.9


def test_readme_builder_fits_multiclass_data(readme_estimator):
    X, y = load_digits(return_X_y=True)
    clf = clone(readme_estimator["clf"]).set_params(epochs=10)
    assert _accuracy(clf, X, y) > 0.85


def test_readme_grid_search_runs(readme_estimator):
    X, y = load_breast_cancer(return_X_y=True)
    search = clone(readme_estimator["search"])
    search.set_params(cv=2, estimator__epochs=2,
                      param_grid={"model__hidden_units": [4, 8], "epochs": [1, 2]})
    search.fit(X[:120] / X[:120].max(axis=0), y[:120])
    assert search.best_params_["model__hidden_units"] in (4, 8)
    assert len(search.cv_results_["params"]) == 4


def test_readme_backend_block_runs_with_the_installed_backend():
    import keras

    code = block_defining("backend.use(")
    current = keras.backend.backend()
    namespace = {}
    exec(compile(re.sub(r'backend\.use\("\w+"\)', f'backend.use("{current}")', code),
                 str(README), "exec"), namespace)
    assert namespace["backend"].current() == current


@pytest.mark.slow
def test_readme_figures_block_runs(tmp_path, monkeypatch):
    import keras

    monkeypatch.chdir(tmp_path)
    before = keras.config.max_epochs()
    keras.config.set_max_epochs(3)
    try:
        exec(compile(block_defining("training_animation"), str(README), "exec"), {})
    finally:
        keras.config.set_max_epochs(before)
    assert (tmp_path / "xor.gif").stat().st_size > 1000
