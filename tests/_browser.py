"""Headless Chromium for the tests that open pages: the reports and the docs site.

Debian's ``chromium`` driven by the ``playwright`` package. When either is
missing the browser tests skip, saying why; under CI (``CI=true``) they fail.
"""

import contextlib
import os
import shutil
from pathlib import Path

import pytest

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"]

#: The images of the open page, as the browser loaded them.
IMAGES_SCRIPT = (
    "Array.from(document.images).map(i => ({src: i.getAttribute('src'),"
    " complete: i.complete, w: i.naturalWidth, h: i.naturalHeight}))"
)


def browser_or_skip():
    """Debian's chromium and playwright's driver; skip when missing (fail under CI)."""
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright, reason = None, "the 'playwright' package is not installed"
    if executable is None:
        reason = "no 'chromium' executable (apt-get install chromium)"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser test cannot run under CI: {reason}")
        pytest.skip(reason)
    return executable, sync_playwright


@contextlib.contextmanager
def watched_page(**page_options):
    """A new page in headless Chromium, and the list of problems it reports.

    Yields ``(page, problems)``: console errors and warnings, script errors
    and failed requests are appended to ``problems`` as they happen.
    """
    executable, sync_playwright = browser_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        try:
            page = browser.new_page(**page_options)
            problems = []
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                    if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
            yield page, problems
        finally:
            browser.close()


def open_file(page, path):
    """Load the local file ``path`` and return its images (``src``, ``complete``, ``w``, ``h``)."""
    page.goto(Path(path).resolve().as_uri())
    page.wait_for_load_state("load")
    return page.evaluate(IMAGES_SCRIPT)


def check_in_browser(index, lecture_ids):
    """Open a report's ``index``, follow each lecture link, check every page.

    No console errors or warnings, no failed requests, no script errors, and
    every image loaded (``naturalWidth > 0``). Returns each lecture's images
    (``src``, ``complete``, ``w``, ``h``).
    """
    index = Path(index).resolve()
    with watched_page() as (page, problems):
        open_file(page, index)
        assert page.locator("table tr").count() == 1 + len(lecture_ids)
        loaded = {}
        for lecture_id in lecture_ids:
            open_file(page, index)
            page.click(f"a[href='{lecture_id}/index.html']")
            page.wait_for_load_state("load")
            assert page.url.endswith(f"/{lecture_id}/index.html")
            images = page.evaluate(IMAGES_SCRIPT)
            assert len(images) >= 3, images
            for image in images:
                assert image["complete"] and image["w"] > 0 and image["h"] > 0, image
            loaded[lecture_id] = images
        assert problems == []
    return loaded
