"""Write files and folders so that readers never see them half-written.

A report folder is built in a hidden temporary sibling (``.NAME.tmp-XXXX``) and
then renamed into place. When a previous folder exists it is first renamed
aside (``.NAME.old-XXXX``) and deleted only after the new one is in place; if
the process dies between the two renames, the next write puts the old folder
back before starting. A failed or interrupted build deletes its temporary
folder and leaves the previous report untouched.
"""

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

__all__ = ["atomic_directory", "atomic_write_text", "atomic_write_bytes", "replace_directory"]

# Temporary folders older than this are leftovers of killed runs.
_STALE_SECONDS = 3600


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
    now = time.time()
    for leftover in olds + list(parent.glob(f".{target.name}.tmp-*")):
        try:
            stale = now - leftover.stat().st_mtime > _STALE_SECONDS
        except OSError:
            continue
        if leftover.name.startswith(f".{target.name}.old-") or stale:
            shutil.rmtree(leftover, ignore_errors=True)


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

    Examples
    --------
    >>> with atomic_directory("reports/linear-regression") as folder:  # doctest: +SKIP
    ...     (folder / "summary.json").write_text("{}")
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    build = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
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
