"""Sphinx configuration: user guide, API reference and the examples gallery.

Build with ``tox -e docs`` (or ``sphinx-build -W --keep-going docs
docs/_build/html`` with ``KERAS_BACKEND`` set). The gallery scripts in
``../examples`` are executed during the build.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # the package, from this checkout
sys.path.insert(0, str(HERE / "_ext"))  # gallery_order

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras_lectures  # noqa: E402

project = "keras-lectures"
author = "The keras-lectures authors"
copyright = "the keras-lectures authors"
version = release = keras_lectures.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "**.ipynb_checkpoints",
    # sphinx-gallery writes these next to the gallery; none is a page of its own
    "auto_examples/**/*.ipynb",
    "auto_examples/**/*.py",
    "auto_examples/**/*.zip",
    "auto_examples/**/*.json",
    "auto_examples/**/*.md5",
    "sg_execution_times.rst",
]

# -- autodoc, autosummary and numpydoc ----------------------------------------
autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = False

# numpydoc validation of every docstring the API reference renders (the public
# names and their public members); with ``-W`` a violation fails the build.
# Enforced: a summary (SS01), every parameter documented and none unknown, in
# the signature's order (PR01-PR03, PR10), a Returns or Yields section where a
# value is returned or yielded (RT01, YD01), known sections in numpydoc's order
# (GL06, GL07, GL09, GL10), no undocumented public name (GL08), no tabs (GL05).
# Left out, with the reason:
numpydoc_validation_checks = {
    "all",
    # sections not every name needs: an extended summary, examples, See Also
    "ES01", "EX01", "SA01",
    # named returns, as scikit-learn writes them ("self : object")
    "RT02",
    # parameters documented as a group by reference to the class that defines
    # them ("metrics, callbacks, ... : see BaseKerasEstimator") have no type
    # of their own; terse entries whose type says it all
    # ("fig : matplotlib Figure, default=None") have no description
    "PR04", "PR07", "RT03",
    # typography only: capitals, final periods, verb forms, blank lines and
    # where the summary starts and ends
    "GL01", "GL02", "GL03", "SS02", "SS03", "SS04", "SS05", "SS06",
    "PR05", "PR06", "PR08", "PR09", "RT04", "RT05", "SA02", "SA03", "SA04",
}
add_module_names = False

# -- links to the projects we build on -----------------------------------------
# No network in the build: intersphinx inventories are used only when cached
# beside the docs (docs/_intersphinx/<name>.inv), never downloaded.
_INVENTORIES = {
    "python": "https://docs.python.org/3/",
    "numpy": "https://numpy.org/doc/stable/",
    "sklearn": "https://scikit-learn.org/stable/",
    "matplotlib": "https://matplotlib.org/stable/",
    "keras": "https://keras.io/",
}
intersphinx_mapping = {
    name: (url, str(HERE / "_intersphinx" / f"{name}.inv"))
    for name, url in _INVENTORIES.items()
    if (HERE / "_intersphinx" / f"{name}.inv").is_file()
}
# without inventories, references to other projects' objects stay plain text
nitpicky = False

# -- Markdown pages (the lecture notes, the reproduction table) --------------
myst_heading_anchors = 3

# -- HTML: scikit-learn's theme ----------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"keras-lectures {release}"
html_static_path = []
html_theme_options = {
    "navbar_align": "left",
    "show_prev_next": True,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
    "navigation_with_keys": False,
    "header_links_before_dropdown": 6,
}
html_context = {"default_mode": "light"}
html_show_sourcelink = False
html_copy_source = False

# -- the examples gallery ------------------------------------------------------
# Examples run in teaching order; each section's order is the list in
# gallery_order.py. The examples draw the package's pictures into pyplot
# figures (``fig=plt.figure()``), which the matplotlib scraper saves; the
# training animation is embedded through its ``_repr_html_`` (frames inline,
# nothing fetched).
sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py",
    "subsection_order": "gallery_order.SectionOrder",
    "within_subsection_order": "gallery_order.TeachingOrder",
    "image_scrapers": ("matplotlib",),
    "reset_modules": ("matplotlib",),
    "doc_module": ("keras_lectures",),
    "backreferences_dir": "api/backreferences",
    "reference_url": {"keras_lectures": None},
    "download_all_examples": True,
    "remove_config_comments": True,
    "show_memory": False,
    "parallel": int(os.environ.get("GALLERY_PARALLEL", "2")),
    "matplotlib_animations": False,
    "capture_repr": ("_repr_html_", "__repr__"),
    "min_reported_time": 1,
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
}

# -- API reference: one page per module, one per public name ------------------
# The module pages are written here from each module's ``__all__``, so that a
# new public name gets its page without anyone editing the docs; autosummary
# then writes the per-name pages under api/generated/.
API_MODULES = {
    "keras_lectures.estimators": "Estimators",
    "keras_lectures.lectures": "Lectures",
    "keras_lectures.diagnostics": "Diagnostics",
    "keras_lectures.datasets": "Datasets",
    "keras_lectures.backend": "Backend",
    "keras_lectures.reports": "Reports",
    "keras_lectures.reports.pictures": "Lecture pictures",
}


def _api_names(module_name):
    """``(documented, reexported)``: names defined in the package, and others."""
    import importlib

    module = importlib.import_module(module_name)
    documented, reexported = [], []
    for name in module.__all__:
        obj = getattr(module, name)
        origin = getattr(obj, "__module__", None)
        if callable(obj) and origin and not origin.startswith("keras_lectures"):
            reexported.append((name, origin))
        else:
            documented.append(name)
    return documented, reexported


def _module_page(module_name, title):
    documented, reexported = _api_names(module_name)
    heading = f":mod:`{module_name}`: {title}"
    lines = [
        heading,
        "=" * len(heading),
        "",
        f".. automodule:: {module_name}",
        "   :no-members:",
        "   :no-index:",
        "",
        f".. currentmodule:: {module_name}",
        "",
        ".. autosummary::",
        "   :toctree: generated/",
        "   :nosignatures:",
        "",
    ]
    lines += [f"   {name}" for name in documented]
    if reexported:
        lines += ["", "Also available here, from other packages:", ""]
        lines += [f"- ``{name}``: ``{origin}.{name}``" for name, origin in reexported]
    return "\n".join(lines) + "\n"


def _top_level_page():
    shortcuts = sorted(keras_lectures._LAZY.items())
    lines = [
        ":mod:`keras_lectures`: the package",
        "====================================",
        "",
        ".. automodule:: keras_lectures",
        "   :no-members:",
        "   :no-index:",
        "",
        "Importing the package is cheap; these names are importable from it",
        "directly (``from keras_lectures import KerasClassifier``) and are",
        "documented in their own modules:",
        "",
        ".. autosummary::",
        "   :nosignatures:",
        "",
    ]
    lines += [f"   {module.split('.', 1)[1]}.{name}" for name, module in shortcuts]
    lines += ["", "Submodules:", ""]
    lines += [f"- :mod:`{name}`: {title}" for name, title in API_MODULES.items()]
    return "\n".join(lines) + "\n"


def _write_if_changed(path, text):
    if not path.is_file() or path.read_text() != text:
        path.write_text(text)


def _write_api_pages():
    folder = HERE / "api"
    _write_if_changed(folder / "keras_lectures.rst", _top_level_page())
    for module_name, title in API_MODULES.items():
        _write_if_changed(folder / f"{module_name}.rst", _module_page(module_name, title))


_write_api_pages()


# -- members scikit-learn adds to every estimator ------------------------------
def _skip_foreign_members(app, what, name, obj, skip, options):
    """Leave out inherited members defined outside the package.

    ``get_params``, ``set_output``, the metadata-routing ``set_*_request``
    methods and the like are scikit-learn's, documented there.
    """
    if what == "class" and callable(obj):
        module = getattr(obj, "__module__", None) or ""
        if not module.startswith("keras_lectures"):
            return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_foreign_members)
