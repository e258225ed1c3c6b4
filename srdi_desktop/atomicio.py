"""Write user-visible files atomically: temp file in the same folder, fsync, rename, fsync the folder.

The rename replaces whatever the name points at, so the target is checked first (issue 14.6, 14.7): a
device, FIFO, folder or SQLite database is refused rather than replaced by a regular file; a symlink is
followed and its target is replaced (the link stays); an existing file keeps its permissions and a new
one gets 0666 less the umask, like any other program's output (mkstemp alone gives 0600).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


class UnsafeOutput(OSError):
    """The output names something that must not be replaced by a file."""


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def resolve_output(target: Path | str) -> tuple[Path, int]:
    """The real file to replace (symlinks followed) and the mode it should get; UnsafeOutput otherwise."""
    text = str(target)
    if text.endswith(("/", os.sep)) or Path(text).is_dir():
        raise UnsafeOutput(f"{text}: is a folder; give a file name")
    real = Path(os.path.realpath(text))
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return real, 0o666 & ~_umask()
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeOutput(f"{text}: is not a regular file (a device, pipe or folder); refusing to replace it")
    if st.st_size >= 16 and _is_sqlite(real):  # `export ID -o <the database>` destroyed 3 assessments
        raise UnsafeOutput(f"{text}: is a database; refusing to replace it with an export")
    return real, stat.S_IMODE(st.st_mode)


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


@contextlib.contextmanager
def atomic_output(target: Path | str) -> Iterator[Path]:
    """A temporary file beside ``target`` to write; on success it takes the target's mode, is synced and
    renamed over it (then the folder is synced); on any error it is removed and the target is untouched."""
    real, mode = resolve_output(target)
    real.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            if hasattr(os, "fchmod"):  # Windows before Python 3.13 has none (and no such modes)
                os.fchmod(f.fileno(), mode)
            os.fsync(f.fileno())
        os.replace(tmp, real)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        dfd = os.open(real.parent, os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def atomic_write_bytes(target: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically; returns ``target`` as given (a symlink stays a symlink)."""
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def atomic_write_text(target: Path | str, text: str) -> Path:
    return atomic_write_bytes(target, text.encode("utf-8"))
