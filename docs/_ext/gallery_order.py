"""Teaching order of the examples gallery: sections, then scripts in a section.

sphinx-gallery sorts by these keys (named in ``conf.py`` by their full names,
so that the configuration stays picklable). A folder or script missing from
the lists comes after the listed ones, alphabetically.
"""

from pathlib import Path

#: gallery sections (folders of ``examples/``), in the lecture's order
SECTIONS = (
    "linear_regression",
    "logistic_regression",
    "neural_networks",
    "deep_learning",
    "diagnostics",
    "estimators",
)

#: scripts of every section, in the order a learner should read them
SCRIPTS = (
    "plot_linear_regression.py",
    "plot_multivariate_regression.py",
    "plot_logistic_regression.py",
    "plot_logistic_cost.py",
    "plot_regularized_logistic.py",
    "plot_xor_mlp.py",
    "plot_backpropagation.py",
    "plot_digits_mlp.py",
    "plot_softmax.py",
    "plot_vanishing_gradients.py",
    "plot_optimizers.py",
    "plot_deep_net.py",
    "plot_overfitting.py",
    "plot_convolution_arithmetic.py",
    "plot_convnet.py",
    "plot_recurrent_networks.py",
    "plot_lstm.py",
    "plot_bias_variance.py",
    "plot_backends.py",
    "plot_grid_search.py",
    "plot_custom_model.py",
    "plot_scale_out.py",
)


def _key(name, order):
    return (order.index(name), "") if name in order else (len(order), name)


class _SectionOrder:
    def __call__(self, item):
        return _key(Path(item).name, SECTIONS)


class TeachingOrder:
    """Sort key of the scripts inside one section."""

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __call__(self, filename):
        return _key(Path(filename).name, SCRIPTS)


SectionOrder = _SectionOrder()
