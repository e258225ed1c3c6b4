"""A read-only glance at the saved assessments, so the home window can paint before sqlite-utils loads.

Only the standard library; opens the file read-only and changes nothing. Anything unusual (no file,
an older schema, a damaged or foreign file) gives None: the full open just after the first paint
checks, migrates or offers recovery as usual.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def list_query(search: str = "") -> tuple[str, list[Any]]:
    """The home list's query, shared with the read-only glance at start-up (peek_list, below)."""
    sql = ("SELECT id, firm_name, credit_code, assessed_on, status, lang, updated_at, final_criteria, "
           "final_tiers FROM assessments")
    params: list[Any] = []
    if search:
        sql += " WHERE firm_name LIKE ? OR credit_code LIKE ?"
        params = [f"%{search}%", f"%{search}%"]
    return sql + " ORDER BY updated_at DESC", params


def peek_list(path: Path) -> list[dict[str, Any]] | None:
    if not Path(path).is_file():
        return None
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(*list_query())]
    except sqlite3.Error:
        return None
    finally:
        conn.close()
