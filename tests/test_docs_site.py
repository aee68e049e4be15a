"""The built documentation site, opened in headless Chromium.

``tox -e docs`` builds the site into ``docs/_build/html`` and then runs this
test (with ``KERAS_LECTURES_DOCS_BUILT=1``, which makes a missing build a
failure). In the backend environments the site is not built and the test
skips. Screenshots of the pages are kept in ``docs/_build/screenshots``.
"""

import os
from pathlib import Path

import pytest

from tests.test_reports import BROWSER_ARGS, _browser_or_skip

BUILD = Path(os.environ.get(
    "KERAS_LECTURES_DOCS_HTML", Path(__file__).resolve().parents[1] / "docs" / "_build" / "html"
))
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
    scripts = sorted((site.parents[2] / "examples").glob("*/plot_*.py"))
    assert len(scripts) >= 14
    for script in scripts:
        page = site / "auto_examples" / script.parent.name / f"{script.stem}.html"
        assert page.is_file(), page
        html = page.read_text()
        assert f"{script.stem}.py" in html and f"{script.stem}.ipynb" in html, page
    notebooks = list((site / "_downloads").rglob("plot_*.ipynb"))
    assert {path.stem for path in notebooks} >= {script.stem for script in scripts}


def test_api_pages_cover_the_public_names(site):
    import keras_lectures.diagnostics
    import keras_lectures.estimators
    import keras_lectures.lectures

    for module in (keras_lectures.estimators, keras_lectures.lectures,
                   keras_lectures.diagnostics):
        for name in module.__all__:
            page = site / "api" / "generated" / f"{module.__name__}.{name}.html"
            assert page.is_file(), page


@pytest.mark.parametrize("name", list(PAGES))
def test_page_in_a_headless_browser(site, name):
    executable, sync_playwright = _browser_or_skip()
    shots = site.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    path = (site / PAGES[name]).resolve()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            problems = []
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                    if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            images = page.evaluate(
                "Array.from(document.images).map(i => ({src: i.getAttribute('src'),"
                " complete: i.complete, w: i.naturalWidth}))")
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
            broken = [image for image in images if not (image["complete"] and image["w"] > 0)]
            assert broken == []
            assert problems == []
            if name in ("gallery", "example"):
                assert len(images) >= 1, f"the {name} page shows no image"
            if name == "api":
                assert "KerasClassifier" in page.title()
                assert page.locator("dl.py.method").count() >= 4  # fit, predict, ...
        finally:
            browser.close()
