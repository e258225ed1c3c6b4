"""Where a command may write: never over its own database or its input files (issue 14, item 6).

`export ID -o <the database>` used to replace the database with a YAML file. A path is compared by
its resolved form (symlinks) and, when both files exist, by device and inode (hard links).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

# SQLite keeps live data beside the database file in these companions.
DB_COMPANIONS = ("", "-wal", "-shm", "-journal")


class OutputClash(ValueError):
    """An output path names a file the same command reads or keeps its data in."""


def same_file(a: str | Path, b: str | Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:  # one does not exist yet: it cannot be a hard link of the other
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def file_ids(paths: Iterable[str | Path]) -> set[object]:
    """Resolved paths and, for existing files, (device, inode): two paths share one iff they are one file."""
    out: set[object] = set()
    for p in paths:
        out.add(os.path.realpath(p))
        try:
            st = os.stat(p)
        except OSError:
            continue
        out.add((st.st_dev, st.st_ino))
    return out


def protected_paths(inputs: Iterable[str | Path], db: str | Path | None) -> list[tuple[Path, str]]:
    """Every file the command must not write over, with what it is (for the message)."""
    out = [(Path(f"{db}{suffix}"), "the assessment database") for suffix in DB_COMPANIONS] if db else []
    return out + [(Path(p), "an input file of this command") for p in inputs]


def refuse_clobber(outputs: Iterable[str | Path | None], inputs: Iterable[str | Path],
                   db: str | Path | None) -> None:
    """Raise OutputClash when an output is the database, an input, or another output of the same command."""
    protected = protected_paths(inputs, db)
    seen: list[Path] = []
    for out in (Path(o) for o in outputs if o):
        for path, what in protected:
            if same_file(out, path):
                raise OutputClash(f"refusing to write {out}: it is {what} ({path}); choose another output path"
                                  f" / 拒绝覆盖：该路径是{'数据库' if 'database' in what else '输入文件'}")
        for other in seen:
            if same_file(out, other):
                raise OutputClash(f"refusing to write {out} twice: two outputs of this command name the same file")
        seen.append(out)
