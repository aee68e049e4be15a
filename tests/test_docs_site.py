"""The built documentation site, opened in headless Chromium.

``tox -e docs`` builds the site into ``docs/_build/html`` and then runs this
test (with ``KERAS_LECTURES_DOCS_BUILT=1``, which makes a missing build a
failure). In the backend environments the site is not built and the test
skips. Screenshots of the pages are kept in ``docs/_build/screenshots``.
"""

import os
from pathlib import Path

import pytest

from tests._browser import open_file, watched_page

REPO = Path(__file__).resolve().parents[1]
BUILD = Path(os.environ.get("KERAS_LECTURES_DOCS_HTML", REPO / "docs" / "_build" / "html"))
#: The public modules, each with an API reference page per public name.
PUBLIC_MODULES = (
    "keras_lectures.estimators", "keras_lectures.lectures", "keras_lectures.diagnostics",
    "keras_lectures.datasets", "keras_lectures.backend", "keras_lectures.reports",
    "keras_lectures.reports.pictures",
)
PAGES = {
    "index": "index.html",
    "gallery": "auto_examples/index.html",
    "example": "auto_examples/linear_regression/plot_linear_regression.html",
    "api": "api/generated/keras_lectures.estimators.KerasClassifier.html",
}


@pytest.fixture(scope="module")
def site():
    if not (BUILD / "index.html").is_file():
        if os.environ.get("KERAS_LECTURES_DOCS_BUILT") == "1":
            pytest.fail(f"no documentation build at {BUILD}")
        pytest.skip(f"the documentation is not built at {BUILD} (tox -e docs builds it)")
    return BUILD


def test_every_example_has_its_page_and_downloads(site):
    scripts = sorted((REPO / "examples").glob("*/plot_*.py"))
    assert len(scripts) >= 14
    for script in scripts:
        page = site / "auto_examples" / script.parent.name / f"{script.stem}.html"
        assert page.is_file(), page
        html = page.read_text()
        assert f"{script.stem}.py" in html and f"{script.stem}.ipynb" in html, page
    notebooks = list((site / "_downloads").rglob("plot_*.ipynb"))
    assert {path.stem for path in notebooks} >= {script.stem for script in scripts}


def test_public_modules_are_listed():
    """Every subpackage the package exports is among the modules checked below."""
    import keras_lectures

    assert {f"keras_lectures.{name}" for name in keras_lectures._SUBMODULES} <= set(
        PUBLIC_MODULES)


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_api_pages_cover_the_public_names(site, module_name):
    """A page for every name in the module's ``__all__`` that the package defines."""
    import importlib

    module = importlib.import_module(module_name)
    missing = []
    for name in module.__all__:
        origin = getattr(getattr(module, name), "__module__", None) or ""
        if callable(getattr(module, name)) and not origin.startswith("keras_lectures"):
            continue  # re-exported from another package, documented there
        page = site / "api" / "generated" / f"{module_name}.{name}.html"
        if not page.is_file():
            missing.append(page.name)
    assert missing == []


@pytest.mark.parametrize("name", list(PAGES))
def test_page_in_a_headless_browser(site, name):
    shots = site.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    with watched_page(viewport={"width": 1280, "height": 900}) as (page, problems):
        images = open_file(page, site / PAGES[name])
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        broken = [image for image in images if not (image["complete"] and image["w"] > 0)]
        assert broken == []
        assert problems == []
        if name in ("gallery", "example"):
            assert len(images) >= 1, f"the {name} page shows no image"
        if name == "api":
            assert "KerasClassifier" in page.title()
            assert page.locator("dl.py.method").count() >= 4  # fit, predict, ...
