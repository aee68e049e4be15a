"""Find, download and verify data files.

Every data file the package reads is described by a :class:`RemoteFile`: its
name, the sub-folder of the data home it lives in, the URL it comes from and its
SHA-256. :func:`fetch_file` returns the local path of a verified copy:

* a copy already on disk is hashed and used only when the hash matches; a copy
  that does not match raises :class:`ChecksumError` and is left alone (never
  used, never downloaded over), so a corrupt or edited file is noticed;
* a missing file is downloaded to a temporary name, verified, then moved into
  place; when that is impossible (no network, downloading disabled)
  :class:`DatasetNotFoundError` says which file is missing, the exact path to
  put it at and the URL to get it from.

``keras.utils.get_file`` is not used: when a cached file fails its checksum it
warns and downloads over it, which is the behaviour this module refuses.
Nothing here imports Keras.
"""

import hashlib
import os
import shutil
import tempfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ._home import get_data_home

__all__ = [
    "RemoteFile",
    "ChecksumError",
    "DatasetNotFoundError",
    "sha256sum",
    "local_path",
    "fetch_file",
]

_TIMEOUT_S = 60
_CHUNK = 1 << 20


@dataclass(frozen=True)
class RemoteFile:
    """A data file: where it comes from, where it is kept, what it must hash to.

    Parameters
    ----------
    filename : str
        Name of the file, as published.
    origin : str
        URL the file is downloaded from.
    sha256 : str
        Hex SHA-256 of the file's bytes.
    subdir : str, default=""
        Folder inside the data home that holds the file (``""``: the data home
        itself, which is where ``keras.utils.get_file`` keeps its downloads).
    also_accept : tuple of str, default=()
        Hashes of other known-good copies of the same data (for instance a
        Linux distribution's re-compressed package of it).
    system_dirs : tuple of str, default=()
        Read-only folders (for instance a distribution package's) searched
        before the data home.
    """

    filename: str
    origin: str
    sha256: str
    subdir: str = ""
    also_accept: tuple = field(default=())
    system_dirs: tuple = field(default=())

    @property
    def accepted(self):
        """All SHA-256 values that identify a good copy."""
        return (self.sha256,) + tuple(self.also_accept)


class ChecksumError(ValueError):
    """A data file on disk does not have the expected SHA-256.

    The file is not used and not replaced. The parameters are kept as
    attributes of the same names (``path`` as a string).

    Parameters
    ----------
    path : str or path-like
        The file.
    expected : str
        The expected SHA-256.
    actual : str
        The SHA-256 found.
    origin : str, default=None
        URL the file is downloaded from, named in the message.
    """

    def __init__(self, path, expected, actual, origin=None):
        self.path = str(path)
        self.expected = expected
        self.actual = actual
        self.origin = origin
        message = (
            f"Checksum mismatch for data file {self.path}: expected sha256 "
            f"{expected}, got sha256 {actual}. The file is damaged or is not "
            "the published file, so it was not used."
        )
        if origin:
            message += (
                f" Delete it and download it again from {origin} "
                "(the loader does this when the file is absent)."
            )
        super().__init__(message)


class DatasetNotFoundError(FileNotFoundError):
    """A data file is neither on disk nor downloadable.

    The parameters are kept as attributes of the same names (paths as
    strings), and describe what to do.

    Parameters
    ----------
    missing : iterable of (path, origin) pairs
        The missing files and the URLs they come from.
    reason : str, default=None
        Why downloading did not happen.
    alternatives : iterable of (path, origin) pairs, default=None
        Other files that would do instead.

    Attributes
    ----------
    path : str or None
        The first missing path.
    """

    def __init__(self, missing, reason=None, alternatives=None):
        self.missing = [(str(path), origin) for path, origin in missing]
        self.reason = reason
        self.alternatives = [(str(p), o) for p, o in (alternatives or [])]
        lines = []
        for path, origin in self.missing:
            lines.append(
                f"Data file {Path(path).name!r} is missing: put it at {path} "
                f"(download it from {origin})."
            )
        if reason:
            lines.append(f"Not downloaded: {reason}.")
        for path, origin in self.alternatives:
            lines.append(f"Alternatively put {Path(path).name!r} (from {origin}) at {path}.")
        lines.append(
            "Pass data_home=... or set KERAS_LECTURES_DATA to use another data folder."
        )
        super().__init__(" ".join(lines))
        # not OSError.filename: setting it would replace the message by "[Errno None]..."
        self.path = self.missing[0][0] if self.missing else None


def sha256sum(path):
    """Return the hex SHA-256 of a file.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    digest : str
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def candidate_paths(remote, data_home=None):
    """Paths where ``remote`` may be found, in the order they are searched.

    Parameters
    ----------
    remote : RemoteFile
    data_home : str or path-like, default=None
        See :func:`get_data_home`.

    Returns
    -------
    paths : list of pathlib.Path
        The system folders' copies (if any), then :func:`local_path`.
    """
    paths = [Path(folder) / remote.filename for folder in remote.system_dirs]
    paths.append(local_path(remote, data_home))
    return paths


def local_path(remote, data_home=None):
    """Path of ``remote`` in the data home (where it is downloaded to).

    Parameters
    ----------
    remote : RemoteFile
    data_home : str or path-like, default=None
        See :func:`get_data_home`.

    Returns
    -------
    path : pathlib.Path
    """
    return Path(get_data_home(data_home), remote.subdir, remote.filename)


def find_file(remote, data_home=None):
    """Return the first existing copy of ``remote``, or None (not verified)."""
    for path in candidate_paths(remote, data_home):
        if path.is_file():
            return path
    return None


def verify_file(remote, path):
    """Raise :class:`ChecksumError` unless ``path`` hashes to a hash of ``remote``.

    The file is hashed on every call (the lecture files hash in milliseconds):
    a memo keyed by path, size and time would miss an edit that keeps both.
    """
    actual = sha256sum(path)
    if actual not in remote.accepted:
        raise ChecksumError(path, remote.sha256, actual, origin=remote.origin)
    return path


def _download(url, destination):
    """Copy ``url`` to ``destination`` (a plain download, no verification)."""
    with urllib.request.urlopen(url, timeout=_TIMEOUT_S) as response:
        with open(destination, "wb") as out:
            shutil.copyfileobj(response, out, _CHUNK)


def download_file(remote, data_home=None):
    """Download ``remote`` into the data home, verify it, return its path.

    The download goes to a temporary file beside the target and is moved into
    place only once its SHA-256 matches, so a failed or corrupt download never
    leaves a file that looks valid.

    Raises
    ------
    DatasetNotFoundError
        If the download fails.
    ChecksumError
        If the downloaded bytes do not match (the download is discarded).
    """
    target = local_path(remote, data_home)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(
            prefix=f".{remote.filename}.", suffix=".part", dir=target.parent
        )
        os.close(handle)
    except OSError as exc:
        raise DatasetNotFoundError([(target, remote.origin)], reason=str(exc)) from exc
    try:
        try:
            _download(remote.origin, partial)
        except Exception as exc:  # URLError, timeouts, HTTP errors, OSError
            raise DatasetNotFoundError(
                [(target, remote.origin)], reason=f"{type(exc).__name__}: {exc}"
            ) from exc
        actual = sha256sum(partial)
        if actual not in remote.accepted:
            raise ChecksumError(
                f"{remote.origin} (downloaded, discarded)", remote.sha256, actual
            )
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return target


def fetch_file(remote, data_home=None, download_if_missing=True):
    """Return the path of a verified local copy of ``remote``.

    Parameters
    ----------
    remote : RemoteFile
    data_home : str or path-like, default=None
        See :func:`get_data_home`.
    download_if_missing : bool, default=True
        Download the file when no copy exists.

    Returns
    -------
    path : pathlib.Path

    Raises
    ------
    ChecksumError
        If the copy on disk does not match; it is not used or replaced.
    DatasetNotFoundError
        If no copy exists and it cannot (or may not) be downloaded.
    """
    found = find_file(remote, data_home)
    if found is not None:
        return verify_file(remote, found)
    if not download_if_missing:
        raise DatasetNotFoundError(
            [(local_path(remote, data_home), remote.origin)],
            reason="downloading is disabled (download_if_missing=False)",
        )
    return download_file(remote, data_home)
