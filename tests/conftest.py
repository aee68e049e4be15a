"""Shared test fixtures.

The lecture's data files live in ``../shared/datasets`` beside the checkout (or
wherever ``KERAS_LECTURES_SHARED`` points). Tests read them from there and never
download; without that folder they skip, saying why.
"""

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

REPO_ROOT = Path(__file__).resolve().parents[1]


def _shared_datasets():
    configured = os.environ.get("KERAS_LECTURES_SHARED")
    if configured:
        return Path(configured)
    return REPO_ROOT.parent / "shared" / "datasets"


@pytest.fixture(scope="session")
def lecture_data_home():
    """Folder holding the lecture's real data files (skip when absent)."""
    path = _shared_datasets()
    if not (path / "SHA256SUMS").is_file():
        pytest.skip(
            f"lecture data folder {path} not found; set KERAS_LECTURES_SHARED to "
            "a folder holding the lecture's data files to run this test"
        )
    return path


# The quick tox env (min-deps) runs ``-m "not slow"``: the core
# estimator, engine and diagnostics tests, without scikit-learn's check suites,
# the report command's end-to-end runs and figures, the tests that drive a
# browser and those that run the examples gallery. Marked here by file and test
# name, so new tests of those kinds are included.
SLOW_FILES = (
    "test_lecture_checks.py",
    "test_estimator_checks.py",
    "test_cli_report.py",
    "test_figures.py",
)
SLOW_FILE_PREFIXES = ("test_examples", "test_gallery", "test_docs")
SLOW_TEST_WORDS = ("browser",)


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = item.path.name
        if (
            name in SLOW_FILES
            or name.startswith(SLOW_FILE_PREFIXES)
            or any(word in item.name for word in SLOW_TEST_WORDS)
        ):
            item.add_marker(pytest.mark.slow)
