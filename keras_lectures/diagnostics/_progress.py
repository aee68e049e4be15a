"""A progress bar over fits, written to standard error.

Uses ``tqdm`` when it is installed, otherwise a plain text bar. The bar lives
in the calling process and advances as joblib hands back finished fits, so it
follows the fits under any joblib backend (sequential, threads, loky, dask).
"""

import importlib
import importlib.util
import sys
import time

__all__ = ["progress"]


class _TextBar:
    """Minimal text progress bar: ``[name] 12/25 fits |#####     | 3.1s``."""

    def __init__(self, total, desc, file=None, width=30):
        self.total = int(total)
        self.desc = desc
        self.file = sys.stderr if file is None else file
        self.width = width
        self.n = 0
        self._start = time.perf_counter()
        self._draw()

    def _draw(self):
        filled = self.width * self.n // self.total if self.total else self.width
        bar = "#" * filled + " " * (self.width - filled)
        elapsed = time.perf_counter() - self._start
        self.file.write(
            f"\r[{self.desc}] {self.n}/{self.total} fits |{bar}| {elapsed:.1f}s"
        )
        self.file.flush()

    def update(self, n=1):
        self.n += n
        self._draw()

    def close(self):
        self.file.write("\n")
        self.file.flush()


class _NoBar:
    def update(self, n=1):
        pass

    def close(self):
        pass


def progress(total, desc, verbose):
    """Open a progress bar of ``total`` fits when ``verbose`` is set.

    Parameters
    ----------
    total : int
        Number of fits.
    desc : str
        Name shown before the bar.
    verbose : int
        Nothing is shown when 0.

    Returns
    -------
    bar : object with ``update(n=1)`` and ``close()``
    """
    if not verbose:
        return _NoBar()
    if importlib.util.find_spec("tqdm") is None:  # an optional dependency
        return _TextBar(total, desc)
    tqdm = importlib.import_module("tqdm.auto").tqdm
    return tqdm(total=total, desc=desc, unit="fit", file=sys.stderr)
