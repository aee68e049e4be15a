"""Write files and folders so that readers never see them half-written.

A report folder is built in a hidden temporary sibling (``.NAME.tmp-PID-XXXX``,
PID the writing process) and then renamed into place. When a previous folder
exists it is first renamed aside (``.NAME.old-XXXX``) and deleted only after
the new one is in place; if
the process dies between the two renames, the next write puts the old folder
back before starting. A failed or interrupted build deletes its temporary
folder and leaves the previous report untouched; what a killed process leaves
is removed by the next write (:func:`remove_stale_temporaries` sweeps a whole
report folder).
"""

import contextlib
import errno
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

__all__ = [
    "atomic_directory",
    "atomic_write_text",
    "atomic_write_bytes",
    "replace_directory",
    "remove_stale_temporaries",
    "check_writable",
]

# Temporary files older than this are leftovers of killed runs, whoever wrote them.
_STALE_SECONDS = 3600

# ".NAME.tmp-PID-XXXX": the process that writes it
_WRITER = re.compile(r"\.tmp-(\d+)-[^.]*$")


def _temporary_prefix(name):
    return f".{name}.tmp-{os.getpid()}-"


def _writer_gone(path):
    """Whether the process that created the temporary ``path`` has ended."""
    match = _WRITER.search(path.name)
    if match is None:  # no writer in the name: only its age tells
        return False
    pid = int(match.group(1))
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, under another user
        return False
    return False


def _is_leftover(path, now):
    if _writer_gone(path):
        return True
    try:
        return now - path.lstat().st_mtime > _STALE_SECONDS
    except OSError:
        return False


def _remove(path):
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def remove_stale_temporaries(folder):
    """Clean up what killed writes left in ``folder``.

    Temporary files and folders (``.NAME.tmp-*``) whose writing process has
    ended, or that are older than an hour, are deleted; a folder renamed
    aside (``.NAME.old-*``) is put back when ``NAME`` is missing, else
    deleted. Temporaries of running processes are left alone.

    Parameters
    ----------
    folder : str or path-like
        A folder holding atomically written files and folders; nothing
        happens when it does not exist.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return
    names = {
        entry.name[1:entry.name.rindex(".old-")]
        for entry in folder.glob(".*.old-*")
    }
    for name in names:
        _recover(folder / name)
    now = time.time()
    for leftover in folder.glob(".*.tmp-*"):
        if _is_leftover(leftover, now):
            _remove(leftover)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _recover(target):
    """Restore ``target`` from an ``.old`` sibling left by a killed swap; drop stale temps."""
    parent = target.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f".{target.name}.old-*"))
    if olds and not target.exists():
        os.rename(olds.pop(), target)
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)
    now = time.time()
    for leftover in parent.glob(f".{target.name}.tmp-*"):
        if _is_leftover(leftover, now):
            _remove(leftover)


def check_writable(folder):
    """Make sure ``folder`` can be written, or created and written.

    Creates and removes a temporary folder in ``folder``, or in its nearest
    existing parent when it does not exist yet (it is not created here), so
    that a read-only place or a path through a file fails now, not after the
    work.

    Parameters
    ----------
    folder : str or path-like

    Raises
    ------
    OSError
        ``NotADirectoryError`` when ``folder`` (or a parent) is a file,
        ``PermissionError`` when it may not be written.
    """
    folder = Path(folder).absolute()
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        where = "it" if existing == folder else str(existing)
        raise NotADirectoryError(errno.ENOTDIR, f"{where} is a file, not a folder", str(folder))
    os.rmdir(tempfile.mkdtemp(prefix=_temporary_prefix("write-check"), dir=existing))


def replace_directory(build, target):
    """Move the finished folder ``build`` to ``target``, replacing any previous one."""
    build, target = Path(build), Path(target)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
    try:
        os.rename(build, target)
    except BaseException:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def atomic_directory(target):
    """Context manager yielding an empty folder that replaces ``target`` on success.

    Parameters
    ----------
    target : path-like
        The folder to write; it is replaced only when the block succeeds.

    Yields
    ------
    folder : pathlib.Path
        An empty temporary folder beside ``target``, to write into.

    Examples
    --------
    >>> with atomic_directory("reports/linear-regression") as folder:  # doctest: +SKIP
    ...     (folder / "summary.json").write_text("{}")
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    build = Path(tempfile.mkdtemp(prefix=_temporary_prefix(target.name), dir=target.parent))
    os.chmod(build, 0o777 & ~_umask())
    try:
        yield build
        replace_directory(build, target)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise


def atomic_write_bytes(path, data):
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(path.name), dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path, text):
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and a rename."""
    atomic_write_bytes(path, text.encode("utf-8"))
