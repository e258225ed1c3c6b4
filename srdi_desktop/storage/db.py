"""Open the assessment database safely: refuse files that are not ours, never overwrite them."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlite-utils (with click, pluggy, dateutil) loads when a database is opened, not before
    from sqlite_utils import Database

SQLITE_MAGIC = b"SQLite format 3\x00"


class StorageError(Exception):
    """A database that cannot be used. ``kind``: not_sqlite | damaged | foreign | locked."""

    def __init__(self, kind: str, path: Path, detail: str = ""):
        self.kind, self.path, self.detail = kind, path, detail
        super().__init__(f"{path}: {kind}{': ' + detail if detail else ''}")


def _check_header(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as f:
        head = f.read(16)
    if head != SQLITE_MAGIC:
        raise StorageError("not_sqlite", path, "the file is not an SQLite database")


def _is_ours(db: Database) -> bool:
    from .migrations import MIGRATIONS

    tables = set(db.table_names())
    if not tables:
        return True
    return "_sqlite_migrations" in tables and any(
        r["migration_set"] == MIGRATIONS.name for r in db["_sqlite_migrations"].rows)


def backup(db: Database, path: Path, label: str) -> Path:
    """A consistent copy through SQLite's backup API, next to the database in backups/."""
    folder = path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}-{label}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}-{stamp}-{label}-{n}.db"
    dest = sqlite3.connect(target)
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    return target


def fresh_path(path: Path) -> Path:
    """A new database file next to ``path`` that does not exist yet (a damaged file is left alone)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate, n = path.with_name(f"{path.stem}-new-{stamp}{path.suffix}"), 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-new-{stamp}-{n}{path.suffix}")
    return candidate


def backups_for(path: Path) -> list[Path]:
    """Backups made before migrations, newest first."""
    folder = path.parent / "backups"
    return sorted(folder.glob(f"{path.stem}-*.db"), key=lambda p: p.stat().st_mtime, reverse=True) \
        if folder.is_dir() else []


def restore_backup(backup: Path, path: Path) -> Path:
    """Copy a sound backup to a new file beside ``path`` and return it; the damaged file stays as it is."""
    _check_header(backup)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        if src.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise StorageError("damaged", backup, "the backup is damaged too")
        target = fresh_path(path)
        dest = sqlite3.connect(target)
        try:
            src.backup(dest)
        finally:
            dest.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError("damaged", backup, str(exc)) from None
    finally:
        src.close()
    return target


def open_database(path: Path) -> Database:
    """Open (or create) the database at ``path``: checked, WAL, FULL sync, migrated (backup first)."""
    from sqlite_utils import Database

    from .migrations import MIGRATIONS

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _check_header(path)
    try:
        conn = sqlite3.connect(path, timeout=5.0, isolation_level=None)
        db = Database(conn)
        rows = db.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise StorageError("damaged", path, str(exc)) from None
    if rows != [("ok",)]:
        conn.close()
        raise StorageError("damaged", path, "; ".join(r[0] for r in rows[:5]))
    if not _is_ours(db):
        conn.close()
        raise StorageError("foreign", path, "the database belongs to another program")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 5000")
    try:
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.enable_wal()
    except sqlite3.OperationalError as exc:  # another process holds an exclusive lock
        conn.close()
        raise StorageError("locked", path, str(exc)) from None
    db.execute("PRAGMA synchronous = FULL")  # an acknowledged answer survives power loss too
    pending = MIGRATIONS.pending(db)
    if pending and "assessments" in db.table_names():
        backup(db, path, f"before-{pending[0].name}")
    MIGRATIONS.apply(db)
    return db
