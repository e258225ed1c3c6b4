"""Open the assessment database safely: refuse files that are not ours, never overwrite them.

What went wrong is told apart, because each needs a different answer (issue 14): a damaged file (the
user may start a fresh database or restore a backup), a locked one (another program is using it: wait,
then say so), a read-only one or one written by a newer version (open it read-only and say so). Only
the user switches to another file.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .peek import read_only

if TYPE_CHECKING:  # sqlite-utils (with click, pluggy, dateutil) loads when a database is opened, not before
    from sqlite_utils import Database

SQLITE_MAGIC = b"SQLite format 3\x00"
Progress = Callable[[int, int], None]  # (done, total) of a long migration
BUSY_TIMEOUT_S = 5.0  # how long to wait for another program's write before saying it is using the file

# One English line per kind, for the CLI and logs; the app words them through i18n ("rec.<kind>").
MESSAGES = {
    "not_sqlite": "the file is not an SQLite database",
    "damaged": "the database is damaged",
    "foreign": "the database belongs to another program",
    "locked": "another program is using the database; close it and try again",
    "read_only": "the database is read-only (file or folder permissions): opened read-only, changes cannot be saved",
    "newer": "the database was written by a newer srdi-desktop: opened read-only, changes cannot be saved",
    "backup_failed": "the backup before upgrading the database failed; the database was not changed",
}


class StorageError(Exception):
    """A database that cannot be used (or written). ``kind``: a key of MESSAGES."""

    def __init__(self, kind: str, path: Path, detail: str = ""):
        self.kind, self.path, self.detail = kind, path, detail
        super().__init__(f"{path}: {MESSAGES.get(kind, kind)}{' (' + detail + ')' if detail else ''}")


def _is_locked(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def _is_read_only(exc: sqlite3.Error) -> bool:
    text = str(exc)
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _check_header(path: Path) -> None:
    if not path.exists():
        return
    if not path.is_file():  # a folder, a device or a FIFO (reading one would block)
        raise StorageError("not_sqlite", path, "not a regular file")
    if path.stat().st_size and not _looks_like_sqlite(path):
        raise StorageError("not_sqlite", path)


def _is_ours(db: Database) -> bool:
    from .migrations import MIGRATIONS

    tables = set(db.table_names())
    if not tables:
        return True
    return "_sqlite_migrations" in tables and any(
        r["migration_set"] == MIGRATIONS.name for r in db["_sqlite_migrations"].rows)


def backup(db: Database, path: Path, label: str) -> Path:
    """A consistent copy through SQLite's backup API, next to the database in backups/, verified (sound,
    same row counts) before anyone relies on it; a failed copy is removed, never left to be offered later."""
    folder = path.parent / "backups"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}-{label}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}-{stamp}-{label}-{n}.db"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(target)
        try:
            db.conn.backup(dest)
        finally:
            dest.close()
        _verify_copy(db.conn, target)
    except (sqlite3.Error, OSError, StorageError) as exc:
        target.unlink(missing_ok=True)
        raise StorageError("backup_failed", path, str(exc)) from None
    return target


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%'")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _verify_copy(source: sqlite3.Connection, copy: Path) -> None:
    if not _looks_like_sqlite(copy):
        raise StorageError("damaged", copy, "the copy is empty")
    conn = read_only(copy)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise StorageError("damaged", copy, "the copy is damaged")
        if _counts(conn) != _counts(source):
            raise StorageError("damaged", copy, "the copy lacks rows")
    finally:
        conn.close()


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def fresh_path(path: Path) -> Path:
    """A new database file next to ``path`` that does not exist yet (a damaged file is left alone)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate, n = path.with_name(f"{path.stem}-new-{stamp}{path.suffix}"), 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-new-{stamp}-{n}{path.suffix}")
    return candidate


def backups_for(path: Path) -> list[Path]:
    """Backups made before migrations, newest first; empty or non-SQLite files (a failed copy) are not offered."""
    folder = path.parent / "backups"
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{path.stem}-*.db") if p.is_file() and _looks_like_sqlite(p)]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def restore_backup(backup: Path, path: Path) -> Path:
    """Copy a sound backup to a new file beside ``path`` and return it; the damaged file stays as it is."""
    if not _looks_like_sqlite(backup):  # an empty file would "restore" as an empty database
        raise StorageError("not_sqlite", backup, "the backup is empty or not a database")
    src = read_only(backup)
    try:
        if src.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise StorageError("damaged", backup, "the backup is damaged too")
        if "assessments" not in _counts(src):
            raise StorageError("foreign", backup, "the backup holds no assessments table")
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


@dataclass
class Opened:
    db: Database
    read_only: StorageError | None = None  # why changes cannot be saved, when they cannot
    checked_whole: bool = True  # False: the open checked the assessments table only (a big file)


def open_database(path: Path) -> Database:
    """Open (or create) the database at ``path``: checked, WAL, FULL sync, migrated (backup first)."""
    return open_checked(path).db


def open_checked(path: Path, progress: Progress | None = None) -> Opened:
    """Open the database for writing, or read-only (with the reason) when it is read-only or newer.
    ``progress`` is told (done, total) while a long migration runs (0009 at 100,000 assessments: about
    a minute), to show it.

    Raises StorageError: not_sqlite, damaged, foreign, locked (after waiting BUSY_TIMEOUT_S),
    backup_failed, or read_only when a new database cannot be created in a read-only folder."""
    from sqlite_utils import Database

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError("read_only", path, str(exc)) from None
    _check_header(path)
    exists = path.exists()
    unclean = exists and _unclean(path)
    if exists and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)):
        return _open_read_only(path, StorageError("read_only", path))
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise StorageError("read_only" if _is_read_only(exc) else "damaged", path, str(exc)) from None
    db = Database(conn)
    try:
        whole = _check_integrity(conn, path, full=unclean)
        if not _is_ours(db):  # before WAL changes the file; checked again under the write lock
            raise StorageError("foreign", path)
        db.execute("PRAGMA foreign_keys = ON")
        _enable_wal(db)
        db.execute("PRAGMA synchronous = FULL")  # an acknowledged answer survives power loss too
        _migrate(db, path, progress)
    except sqlite3.Error as exc:
        conn.close()
        if _is_locked(exc):
            raise StorageError("locked", path) from None
        if _is_read_only(exc) and exists:
            return _open_read_only(path, StorageError("read_only", path))
        raise StorageError("read_only" if _is_read_only(exc) else "damaged", path, str(exc)) from None
    except StorageError as exc:
        conn.close()
        if exc.kind == "newer":
            return _open_read_only(path, exc)
        raise
    return Opened(db, checked_whole=whole)


def _enable_wal(db: Database) -> None:
    """WAL mode, retried while another process switches it too: two connections that both read the
    file and then ask for the exclusive lock would deadlock, so SQLite answers "locked" at once instead
    of waiting (seen with four processes opening a new file together)."""
    import random
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            db.execute("PRAGMA journal_mode = wal")
        except sqlite3.OperationalError as exc:
            if not _is_locked(exc) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.05))


def _unclean(path: Path) -> bool:
    """A write-ahead log left beside the file: the last program using it did not close it (a crash, a
    power cut), or another instance has it open now. Either way the full check is worth its time."""
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


VACUUM_FREE_SHARE = 0.25  # a migration that leaves more of the file free than this is followed by VACUUM
QUICK_FILE_LIMIT = 32 * 2**20  # above this (≈1,500 assessments) the open checks the list's table only


def _check_integrity(conn: sqlite3.Connection, path: Path, full: bool = False) -> bool:
    """The check on open; True when it covered the whole file.

    ``full`` (after an unclean shutdown): PRAGMA integrity_check, everything, however long it takes.
    Otherwise PRAGMA quick_check (every page and record, not the indexes against the tables); on a
    file above QUICK_FILE_LIMIT only for the assessments table and its indexes, which every view reads
    (0.05 s at 10,000 assessments instead of 1.8 s for the file): the app then runs ``full_check`` in
    the background and ``srdi-desktop verify`` runs it on demand."""
    whole = full or path.stat().st_size <= QUICK_FILE_LIMIT or not conn.execute(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'assessments')").fetchone()[0]
    pragma = "integrity_check" if full else "quick_check" if whole else "quick_check(assessments)"
    rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    if rows != [("ok",)]:
        raise StorageError("damaged", path, "; ".join(r[0] for r in rows[:5]))
    return whole


def full_check(path: Path) -> str | None:
    """The full integrity check on a connection of its own (read-only; the background check and
    ``srdi-desktop verify``): None when sound, else what is wrong."""
    conn = read_only(path, BUSY_TIMEOUT_S)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    return None if rows == [("ok",)] else "; ".join(r[0] for r in rows[:5])


def _migrate(db: Database, path: Path, progress: Progress | None = None) -> None:
    """Check ownership and version and migrate under one write lock: several processes opening a new
    database at once wait for each other here, and each finds the work done or does all of it.
    The backup is taken before the lock (SQLite's backup cannot read a connection's own write lock)."""
    from . import migrations
    from .migrations import MIGRATIONS

    known = [m.name for m in MIGRATIONS._migrations]
    _refuse_newer(db, path, known)
    pending = MIGRATIONS.pending(db)
    # Only a database with assessments in it is worth a backup (DESIGN §5); a new one that another
    # process is creating right now is not, and copying it while that process writes can fail as locked.
    if pending and "assessments" in db.table_names() and \
            db.execute("SELECT EXISTS (SELECT 1 FROM assessments)").fetchone()[0]:
        backup(db, path, f"before-{pending[0].name}")
    db.execute("BEGIN IMMEDIATE")
    try:
        if not _is_ours(db):
            raise StorageError("foreign", path)
        _refuse_newer(db, path, known)
        migrations.progress = progress or migrations.quiet
        MIGRATIONS.apply(db)  # whatever is still pending now that no one else can write
        if db.execute("PRAGMA user_version").fetchone()[0] < len(known):
            db.execute(f"PRAGMA user_version = {len(known)}")  # lets a newer version's file be told apart
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        migrations.progress = migrations.quiet
    db.execute("COMMIT")
    if pending:
        _give_back_free_pages(db)


def _give_back_free_pages(db: Database) -> None:
    """After a migration that freed much of the file (0009 frees about half), VACUUM returns the free
    pages to the disk (otherwise kept for later writes). SQLite's VACUUM is a transaction of its own: a
    crash during it leaves the migrated database as it was."""
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    if free > db.execute("PRAGMA page_count").fetchone()[0] * VACUUM_FREE_SHARE:
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _refuse_newer(db: Database, path: Path, known: list[str]) -> None:
    from srdi_desktop import __version__

    from .migrations import MIGRATIONS

    unknown = [m.name for m in MIGRATIONS.applied(db) if m.name not in known]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if unknown or version > len(known):
        need = max(version, len(known) + len(unknown))
        names = f" ({', '.join(unknown)})" if unknown else ""
        raise StorageError("newer", path, f"it needs database schema {need}{names}; srdi-desktop {__version__} "
                                          f"knows schema {len(known)}: please update srdi-desktop")


def _open_read_only(path: Path, why: StorageError) -> Opened:
    """The file opened so that nothing can change it; ``why`` is kept to tell the user.

    A WAL database in a folder we cannot write cannot even be read normally (SQLite needs its -shm
    file there), so then it is read as immutable: nobody can be writing it through that folder."""
    try:
        return Opened(_connect_read_only(path, immutable=False), why)
    except sqlite3.OperationalError as exc:
        if not _is_read_only(exc):
            raise StorageError("locked" if _is_locked(exc) else "damaged", path, str(exc)) from None
    try:
        return Opened(_connect_read_only(path, immutable=True), why)
    except sqlite3.Error as exc:
        raise StorageError("locked" if _is_locked(exc) else "damaged", path, str(exc)) from None


def _connect_read_only(path: Path, immutable: bool) -> Database:
    from sqlite_utils import Database

    conn = read_only(path, BUSY_TIMEOUT_S, immutable=immutable, autocommit=True)
    try:
        conn.execute("PRAGMA query_only = ON")
        _check_integrity(conn, path, full=_unclean(path))
        db = Database(conn)
        if not _is_ours(db):
            raise StorageError("foreign", path)
    except BaseException:
        conn.close()
        raise
    return db
