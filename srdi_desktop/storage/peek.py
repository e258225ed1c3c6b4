"""Read-only glances at the saved assessments with the standard library alone: the home window paints
its first page before sqlite-utils loads, and ``srdi-desktop list`` answers without it.

Opens the file read-only and changes nothing. Anything unusual (no file, an older schema, a damaged
or foreign file) gives None: the full open (storage.db) then checks, migrates or explains as usual.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

LIST_COLUMNS = ("id", "firm_name", "credit_code", "assessed_on", "status", "lang", "updated_at", "final_criteria",
                "final_tiers")
# The list sorts in SQL on these (each has an index, 0008): the app's columns by name.
SORT_KEYS = {"firm": "firm_name", "date": "assessed_on", "status": "status", "tiers": "final_tiers",
             "updated": "updated_at"}
FIRST_PAGE = 200  # what the home window shows at its first paint


def read_only(path: Path | str, timeout: float = 5.0, *, immutable: bool = False,
              autocommit: bool = False) -> sqlite3.Connection:
    """A read-only connection to the database file ``path`` (only the URI form can say "read-only")."""
    uri = f"{Path(path).resolve().as_uri()}?mode=ro{'&immutable=1' if immutable else ''}"
    return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None if autocommit else "DEFERRED")


def list_query(search: str = "", sort: str = "updated", descending: bool = True, limit: int | None = None,
               offset: int = 0, after: dict[str, Any] | None = None) -> tuple[str, list[Any]]:
    """The home list's query: sorted by SQLite (``sort``: a key of SORT_KEYS; ties by id), one page of
    ``limit`` rows from ``offset`` or all of them. ``after``: the last row of the page before, so the next
    page starts from the index where that one ended (no rows skipped one by one, as OFFSET would)."""
    sql = f"SELECT {', '.join(LIST_COLUMNS)} FROM assessments"
    where: list[str] = []
    params: list[Any] = []
    column = SORT_KEYS[sort]
    if search:
        where.append("(firm_name LIKE ? OR credit_code LIKE ?)")
        params = [f"%{search}%", f"%{search}%"]
    if after is not None:
        where.append(f"({column}, id) {'<' if descending else '>'} (?, ?)")
        params += [after[column], after["id"]]
    if where:
        sql += " WHERE " + " AND ".join(where)
    way = "DESC" if descending else "ASC"
    sql += f" ORDER BY {column} {way}, id {way}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return sql, params


def count_query(search: str = "") -> tuple[str, list[Any]]:
    if search:
        return ("SELECT count(*) FROM assessments WHERE firm_name LIKE ? OR credit_code LIKE ?",
                [f"%{search}%", f"%{search}%"])
    return "SELECT count(*) FROM assessments", []


def _connect(path: Path) -> sqlite3.Connection | None:
    if not Path(path).is_file():
        return None
    try:
        with open(path, "rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                return None
        conn = read_only(path, timeout=1.0)
    except (OSError, sqlite3.Error):
        return None
    conn.row_factory = sqlite3.Row
    return conn


def _current(conn: sqlite3.Connection) -> bool:
    """Ours, and at least at the schema this glance reads (0008); an older file goes through the full open."""
    ours = conn.execute("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations')").fetchone()[0]
    return bool(ours) and bool(conn.execute(
        "SELECT EXISTS (SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'srdi_desktop' "
        "AND name = '0008_portfolio_scale')").fetchone()[0])


def peek_page(path: Path, search: str = "", limit: int | None = FIRST_PAGE,
              count: bool = True) -> tuple[list[dict[str, Any]], int] | None:
    """The newest ``limit`` assessments (None: all) and how many there are in all (-1 unless ``count``:
    counting 100,000 rows reads an index through), or None."""
    conn = _connect(path)
    if conn is None:
        return None
    try:
        if not _current(conn):
            return None
        rows = [dict(r) for r in conn.execute(*list_query(search, limit=limit))]
        return rows, int(conn.execute(*count_query(search)).fetchone()[0]) if count else -1
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def peek_list(path: Path) -> list[dict[str, Any]] | None:
    """The first page, for the home window's first paint."""
    page = peek_page(path, count=False)
    return None if page is None else page[0]
