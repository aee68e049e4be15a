"""Save the figures an example holds in its variables, for sphinx-gallery.

The package draws its pictures on :class:`matplotlib.figure.Figure` objects
built without pyplot (so that drawing touches no global state), and pyplot's
scraper never sees those. After each code block this scraper saves every
such figure that the example's variables hold (directly or as a Display's
``figure_``) and that it has not saved before; pyplot's own figures are left
to the matplotlib scraper.
"""

import weakref

from sphinx_gallery.scrapers import figure_rst

_saved = weakref.WeakSet()


def _figures(values):
    from matplotlib.figure import Figure

    for value in values:
        for candidate in (value, getattr(value, "figure_", None)):
            if isinstance(candidate, Figure):
                yield candidate


def figure_scraper(block, block_vars, gallery_conf, **kwargs):
    """Save new Figures held by the example's globals; return their reST."""
    paths = []
    iterator = block_vars["image_path_iterator"]
    for figure in _figures(list(block_vars["example_globals"].values())):
        if figure in _saved or figure.canvas.manager is not None:
            continue
        _saved.add(figure)
        path = next(iterator)
        figure.savefig(path, dpi=100)
        paths.append(path)
    return figure_rst(paths, gallery_conf["src_dir"])
