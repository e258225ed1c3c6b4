"""What a final assessment keeps, small on disk (0009, DESIGN §8: ≤ 10 KB per final assessment).

Its result is stored as differences from a base result (storage.results); ``Bases`` picks the base and
adds one when no base is close. Its answers leave the ``answers`` table (79 rows with two copies of
their keys, ~14 KB) for one zlib-compressed JSON document in ``final_answers`` (~1 KB; a table of its
own, so that rows pack into pages better): the values as one object in question order, and the rest of
each row (answered_at, review, source). A row there means the answers are frozen. An answer edited
after finalising (the results window's "edit") thaws them back into rows first; the next finalise
freezes them again.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import zlib
from typing import Any

from .results import Base, canonical, encode_on

TRY_BASES = 3  # the newest bases a new result is compared with; the smallest difference wins
NEW_BASE_ABOVE = 4096  # bytes: a result further than this from every base tried becomes a base itself


class Bases:
    """The bases of one connection, read once and kept (a base never changes); those added in the
    write under way are forgotten on rollback, since their numbers may then be given again."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._known: dict[int, Base] = {}
        self._new: dict[int, Base] = {}

    def get(self, n: int) -> Base:
        base = self._known.get(n) or self._new.get(n)
        if base is None:
            row = self.conn.execute("SELECT data FROM result_bases WHERE id = ?", [n]).fetchone()
            if row is None:
                raise ValueError(f"stored result needs base {n}, which is missing")
            base = self._known[n] = Base.of(n, zlib.decompress(row[0]))
        return base

    def encode(self, text: bytes, data: Any = None) -> bytes:
        """Swapped data as stored (inside a write: it may add a base); ``text`` is its canonical JSON,
        ``data`` the data parsed when at hand."""
        ids = [r[0] for r in self.conn.execute("SELECT id FROM result_bases ORDER BY id DESC LIMIT ?", [TRY_BASES])]
        best = None
        for n in ids:
            blob = encode_on(text, self.get(n), data)
            best = blob if best is None or len(blob) < len(best) else best
            if len(best) <= NEW_BASE_ABOVE // 4:  # close enough: the next bases would hardly do better
                break
        if best is None or len(best) > NEW_BASE_ABOVE:
            n = self.conn.execute("INSERT INTO result_bases (data) VALUES (?)", [zlib.compress(text, 9)]).lastrowid
            assert n is not None
            base = self._new[n] = Base.of(n, text)
            best = encode_on(text, base, data)
        return best

    def committed(self) -> None:
        self._known.update(self._new)
        self._new = {}

    def rolled_back(self) -> None:
        self._new = {}


@functools.lru_cache(maxsize=4096)
def _quoted(question_id: str) -> str:
    return json.dumps(question_id, ensure_ascii=False)


def freeze(conn: sqlite3.Connection, aid: str) -> None:
    """The answers of ``aid`` out of the answers table into final_answers. Inside a write."""
    rows = conn.execute("SELECT question_id, value_json, answered_at, review, source FROM answers "
                        "WHERE assessment_id = ? ORDER BY question_id", [aid]).fetchall()
    # value_json is JSON written by json.dumps: the object is put together from it, not parsed and written
    values = "{" + ",".join(f"{_quoted(q)}:{v}" for q, v, _at, _r, _s in rows) + "}"
    rest = {"answered_at": [at for _q, _v, at, _r, _s in rows], "review": [q for q, _v, _at, r, _s in rows if r],
            "source": {q: s for q, _v, _at, _r, s in rows if s}}
    conn.execute("DELETE FROM answers WHERE assessment_id = ?", [aid])
    conn.execute("INSERT INTO final_answers (assessment_id, answers) VALUES (?, ?)",
                 [aid, zlib.compress(f'{{"values":{values},"rest":'.encode() + canonical(rest) + b"}", 9)])


def frozen_rows(blob: bytes) -> list[tuple[str, Any, str, int, str]]:
    """(question_id, value, answered_at, review, source) per frozen answer, in question order."""
    doc = json.loads(zlib.decompress(blob))
    rest = doc["rest"]
    review, source, times = set(rest["review"]), rest["source"], rest["answered_at"]  # times in question order
    return [(q, v, at, int(q in review), source.get(q, ""))
            for (q, v), at in zip(doc["values"].items(), times, strict=True)]


def frozen_values(blob: bytes) -> dict[str, Any]:
    """The values of frozen answers, by question."""
    values: dict[str, Any] = json.loads(zlib.decompress(blob))["values"]
    return values


def thaw(conn: sqlite3.Connection, aid: str) -> None:
    """Frozen answers of ``aid`` back into the answers table, before one of them changes. Inside a write."""
    row = conn.execute("SELECT answers FROM final_answers WHERE assessment_id = ?", [aid]).fetchone()
    if row is None:
        return
    conn.executemany("INSERT INTO answers (assessment_id, question_id, value_json, answered_at, review, source) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     [(aid, q, json.dumps(v, ensure_ascii=False), at, r, s) for q, v, at, r, s in frozen_rows(row[0])])
    conn.execute("DELETE FROM final_answers WHERE assessment_id = ?", [aid])
