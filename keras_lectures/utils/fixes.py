"""Compatibility with the supported scikit-learn releases.

Every private or version-dependent scikit-learn name the package uses is
imported here and nowhere else, so that a scikit-learn upgrade that moves or
changes one of them touches this file only. The other modules import these
names from ``keras_lectures.utils.fixes``.

Supported: scikit-learn 1.6 (the lower bound in ``setup.cfg``, tested by the
``min-deps`` tox env) to the newest release (the ``latest`` env). Each name's
signature, as called by the package, is the same over that range unless a
shim below says otherwise; when adding a shim, give the version at which it
is no longer needed.
"""

import sklearn
from sklearn.externals._packaging.version import parse as parse_version
from sklearn.model_selection._validation import (
    _aggregate_score_dicts,
    _fit_and_score,
    _translate_train_sizes,
    _warn_or_raise_about_fit_failures,
)
from sklearn.utils import _safe_indexing
from sklearn.utils._metadata_requests import _routing_enabled
from sklearn.utils._optional_dependencies import check_matplotlib_support
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils._plotting import _interval_max_min_ratio
from sklearn.utils.validation import _check_method_params, _check_sample_weight

__all__ = [
    "HasMethods",
    "Interval",
    "StrOptions",
    "_aggregate_score_dicts",
    "_check_method_params",
    "_check_sample_weight",
    "_fit_and_score",
    "_interval_max_min_ratio",
    "_routing_enabled",
    "_safe_indexing",
    "_translate_train_sizes",
    "_warn_or_raise_about_fit_failures",
    "check_matplotlib_support",
    "parse_version",
    "sklearn_version",
]

sklearn_version = parse_version(sklearn.__version__)

# Signatures over the supported range, as the package calls them:
# - ``_fit_and_score``: keyword-only arguments unchanged from 1.6; 1.9 added the
#   optional ``caller`` and ``callback_ctx``, which the package leaves unset.
# - ``_check_sample_weight``: ``dtype`` and ``ensure_non_negative`` keyword-only
#   from 1.7 (the package passes them by keyword); 1.9 rejects all-zero weights
#   itself, with the message the package raises for older releases.
# - ``_safe_indexing``: defined in ``sklearn.utils._indexing`` and re-exported
#   from ``sklearn.utils`` in every supported release.
