"""AssessmentStore: drafts autosaved one answer per transaction; list, load, finalise, delete."""

from __future__ import annotations

import builtins
import datetime as dt
import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srdi_desktop.core.assessment import Assessment
from srdi_desktop.core.ladder import TierSummary

from .db import Progress, StorageError, open_checked
from .frozen import Bases, freeze, frozen_rows, frozen_values, thaw
from .peek import count_query, list_query, read_only
from .results import canonical, decode, long_texts, swapped
from .tiers import eligible_titles

if TYPE_CHECKING:
    from sqlite_utils import Database

    from srdi_desktop.core.questionnaire import Questionnaire

RECENT_LIMIT = 8


def firm_key(answers: dict[str, Any]) -> str:
    """Assessments of one firm share this: its credit code, else its name."""
    return str(answers.get("firm.credit_code") or answers.get("firm.name") or "")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


@dataclass
class Record:
    """An assessment as stored: the document plus bookkeeping."""

    id: str
    assessment: Assessment
    status: str = "draft"
    created_at: str = ""
    updated_at: str = ""
    final: dict[str, Any] | None = field(default=None)  # {criteria, rules_hash, result} when final


class AssessmentStore:
    def __init__(self, db: Database, path: Path | None = None, read_only: StorageError | None = None):
        self.db = db
        self.path = path
        self.read_only = read_only  # why nothing can be saved (read-only file or folder, newer version)
        self._texts: dict[str, int] = {}  # result_texts numbers seen through this connection
        self._texts_upto = 0  # … all of those up to this number
        self._new_texts: dict[str, int] = {}  # … and those of the write under way
        self._bases = Bases(db.conn)
        self.checked_whole = True  # False: opening checked the list's table only; run db.full_check later

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction that takes the write lock first (BEGIN IMMEDIATE, waiting up to the
        busy timeout). sqlite-utils' atomic() begins deferred: in WAL, a transaction that reads and then
        writes fails at once with "database is locked" when a second instance wrote in between.
        A store opened read-only refuses with its reason."""
        if self.read_only is not None:
            raise StorageError(self.read_only.kind, self.read_only.path, self.read_only.detail)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            self._new_texts = {}
            self._bases.rolled_back()
            raise
        self.db.execute("COMMIT")
        self._texts.update(self._new_texts)  # numbers are known for good only once committed
        self._texts_upto = max(self._texts_upto, *self._new_texts.values(), 0)
        self._new_texts = {}
        self._bases.committed()

    @classmethod
    def open(cls, path: Path, progress: Progress | None = None) -> AssessmentStore:
        """``progress``: told (done, total) while a long migration runs (storage.db.open_checked)."""
        opened = open_checked(Path(path), progress)
        store = cls(opened.db, Path(path), opened.read_only)
        store.checked_whole = opened.checked_whole
        return store

    def close(self) -> None:
        self.db.close()

    # -- writing: each call is one transaction ----------------------------------------------------

    def create(self, assessed_on: dt.date, lang: str = "zh", answers: dict[str, Any] | None = None,
               criteria: str | None = None, fiscal_year: int | None = None,
               to_review: Collection[str] = (), sources: dict[str, str] | None = None) -> str:
        """A new draft; ``fiscal_year`` None takes the default (the year before ``assessed_on``);
        ``to_review``: answers carried over that the user is asked to confirm."""
        with self._write():
            return self._insert(assessed_on, lang, answers, criteria, fiscal_year, to_review, sources)

    def _insert(self, assessed_on: dt.date, lang: str, answers: dict[str, Any] | None, criteria: str | None,
                fiscal_year: int | None, to_review: Collection[str], sources: dict[str, str] | None) -> str:
        import uuid

        aid = uuid.uuid4().hex
        now = _now()
        # Plain SQL, not sqlite-utils' insert: a bulk import writes 79 answers per file, 10,000 files.
        self.db.execute(
            "INSERT INTO assessments (id, assessed_on, status, lang, criteria, created_at, updated_at, fiscal_year, "
            "firm_name, credit_code, firm_key) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)",
            [aid, assessed_on.isoformat(), lang, criteria, now, now,
             Assessment(assessed_on, fiscal_year=fiscal_year).year1, str((answers or {}).get("firm.name") or ""),
             str((answers or {}).get("firm.credit_code") or ""), firm_key(answers or {})])
        if answers:
            self.db.conn.executemany(
                "INSERT INTO answers (assessment_id, question_id, value_json, answered_at, review, source) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(aid, k, json.dumps(v, ensure_ascii=False), now, int(k in to_review), (sources or {}).get(k, ""))
                 for k, v in answers.items() if v is not None])
        return aid

    def save_source(self, aid: str, qid: str, source: str) -> None:
        """Where an answered question's figure came from (core.assessment.SOURCES), '' to forget it."""
        with self._write():
            thaw(self.db.conn, aid)
            self.db.execute("UPDATE answers SET source = ? WHERE assessment_id = ? AND question_id = ?",
                            [source, aid, qid])
            self.db.table("assessments").update(aid, {"updated_at": _now()})

    def save_answer(self, aid: str, qid: str, value: Any) -> None:
        """Store one answer (None clears it) together with the assessment's updated time; an answer
        entered is reviewed, so its "to review" mark goes."""
        now = _now()
        with self._write():
            thaw(self.db.conn, aid)  # a final's answers edited (results ▸ edit): rows again until finalised
            if value is None:
                self.db.execute("DELETE FROM answers WHERE assessment_id = ? AND question_id = ?", [aid, qid])
            else:
                self.db.table("answers").upsert({"assessment_id": aid, "question_id": qid,
                                           "value_json": json.dumps(value, ensure_ascii=False),
                                           "answered_at": now, "review": 0}, pk=("assessment_id", "question_id"))
            meta: dict[str, Any] = {"updated_at": now}
            if qid in ("firm.name", "firm.credit_code"):
                row = self.db.table("assessments").get(aid)
                names = {"firm.name": row["firm_name"], "firm.credit_code": row["credit_code"], qid: value}
                meta["firm_name" if qid == "firm.name" else "credit_code"] = str(value or "")
                meta["firm_key"] = firm_key(names)
            self.db.table("assessments").update(aid, meta)

    def confirm_answer(self, aid: str, qid: str) -> None:
        """The user checked a carried-over answer and keeps it: its "to review" mark goes."""
        with self._write():
            thaw(self.db.conn, aid)
            self.db.execute("UPDATE answers SET review = 0 WHERE assessment_id = ? AND question_id = ?", [aid, qid])
            self.db.table("assessments").update(aid, {"updated_at": _now()})

    def set_details(self, aid: str, assessed_on: dt.date, fiscal_year: int, criteria: str | None) -> None:
        """The assessment's date, fiscal year and chosen criteria set (None: by date)."""
        with self._write():
            self.db.table("assessments").update(aid, {
                "assessed_on": assessed_on.isoformat(), "fiscal_year": fiscal_year, "criteria": criteria,
                "updated_at": _now()})

    def finalize(self, aid: str, criteria_id: str, rules_hash: str, result: dict[str, Any]) -> None:
        """Freeze ``result`` and the answers (storage.frozen): its long texts stored once, the rest as
        differences from a base result; read back exactly."""
        from srdi_desktop.core.portfolio import summarise

        with self._write():
            data = swapped(result, self._text_ids(long_texts(result)))
            blob = self._bases.encode(canonical(data), data)
            thaw(self.db.conn, aid)  # finalised again: freeze the answers as they are now
            self.db.execute("INSERT OR REPLACE INTO final_results (assessment_id, result) VALUES (?, ?)", [aid, blob])
            freeze(self.db.conn, aid)
            self.db.table("assessments").update(aid, {
                "status": "final", "updated_at": _now(), "final_criteria": criteria_id,
                "final_rules_hash": rules_hash, "final_result": None, "final_tiers": eligible_titles(result),
                "final_summary": json.dumps(summarise(result), ensure_ascii=False)})

    def _text_ids(self, texts: set[str]) -> dict[str, int]:
        """The numbers of ``texts`` in result_texts, adding those not there yet (inside a write, so no one
        else adds one meanwhile). The table has no index on its texts (0009: it doubled the table): it
        is read whole once per connection, then only the rows added since."""
        if texts - self._texts.keys() - self._new_texts.keys():
            for n, t in self.db.execute("SELECT id, text FROM result_texts WHERE id > ? ORDER BY id",
                                        [max(self._texts_upto, *self._new_texts.values(), 0)]):
                if t not in self._texts:
                    self._new_texts.setdefault(t, n)
        known = {}
        for t in texts:
            n = self._texts.get(t) or self._new_texts.get(t)
            if n is None:
                made = self.db.execute("INSERT INTO result_texts (text) VALUES (?)", [t]).lastrowid
                assert made is not None
                n = self._new_texts[t] = made
            known[t] = n
        return known

    def _texts_by_id(self, ids: Iterable[int]) -> dict[int, str]:
        wanted = list(ids)
        return {r[0]: r[1] for r in self.db.execute(
            "SELECT id, text FROM result_texts WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(wanted)])}

    def delete(self, aid: str) -> None:
        from .evidence import EvidenceStore

        evidence = EvidenceStore(self)
        copies = [f for f in evidence.files(aid) if f.kind == "copy"] if evidence.ready else []
        with self._write():
            if evidence.ready:
                evidence.delete_assessment_rows(aid)
            self.db.execute("DELETE FROM answers WHERE assessment_id = ?", [aid])
            self.db.execute("DELETE FROM open_drafts WHERE assessment_id = ?", [aid])
            self.db.execute("DELETE FROM final_results WHERE assessment_id = ?", [aid])
            self.db.execute("DELETE FROM final_answers WHERE assessment_id = ?", [aid])
            self.db.execute("DELETE FROM assessments WHERE id = ?", [aid])
        for f in copies:  # its copied files, now named by no row (a crash before this: sweep() later)
            (evidence.folder / f.stored_name).unlink(missing_ok=True)

    def duplicate_as_next_year(self, aid: str, today: dt.date, qn: Questionnaire) -> str:
        """A new draft of ``aid``'s next fiscal year (core.rollover): yearly figures shifted back a year,
        year-end figures marked to review."""
        from srdi_desktop.core.rollover import next_year_assessment

        return self.import_assessment(next_year_assessment(qn, self.load(aid).assessment, today))

    # -- the wizard's session, so a crash can be followed by "resume?" ---------------------------

    def mark_open(self, aid: str, page_id: str = "", pages_before: Sequence[str] = ()) -> None:
        """The wizard of ``aid`` is on page ``page_id`` ('' is the first page), after ``pages_before``."""
        with self._write():
            self.db.table("open_drafts").upsert(
                {"assessment_id": aid, "page_id": page_id, "pages_before": json.dumps(list(pages_before)),
                 "opened_at": _now()}, pk="assessment_id")

    def mark_closed(self, aid: str) -> None:
        with self._write():
            self.db.execute("DELETE FROM open_drafts WHERE assessment_id = ?", [aid])

    def open_drafts(self) -> list[dict[str, Any]]:
        """Drafts whose wizard was never closed (the app crashed or was killed), newest first."""
        rows = self.db.query(
            "SELECT o.assessment_id AS id, o.page_id, o.pages_before, a.firm_name, a.assessed_on FROM open_drafts o "
            "JOIN assessments a ON a.id = o.assessment_id WHERE a.status = 'draft' ORDER BY o.opened_at DESC")
        return [{**r, "pages_before": json.loads(r["pages_before"])} for r in rows]

    # -- recently used files (imports and exports) ----------------------------------------------

    def add_recent(self, path: Path, kind: str) -> None:
        """Remember a file for File ▸ Recent; a convenience, so a read-only database just skips it."""
        if self.read_only is not None:
            return
        with self._write():
            self.db.table("recent_files").upsert({"path": str(path), "kind": kind, "used_at": _now()}, pk="path")
            self.db.execute("DELETE FROM recent_files WHERE path NOT IN (SELECT path FROM recent_files "
                            "ORDER BY used_at DESC LIMIT ?)", [RECENT_LIMIT])

    def recent(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT path, kind FROM recent_files ORDER BY used_at DESC"))

    # -- reading ----------------------------------------------------------------------------------

    def load(self, aid: str) -> Record:
        row = self.db.table("assessments").get(aid)
        rows = self._answer_rows(aid)
        a = Assessment(dt.date.fromisoformat(row["assessed_on"]), {q: v for q, v, _r, _s in rows}, row["lang"],
                       row["criteria"], row["fiscal_year"], {q for q, _v, r, _s in rows if r},
                       {q: s for q, _v, _r, s in rows if s})
        final = None
        if row["status"] == "final":
            final = {"criteria": row["final_criteria"], "rules_hash": row["final_rules_hash"],
                     "result": self.final_result(aid)}
        return Record(aid, a, row["status"], row["created_at"], row["updated_at"], final)

    def _answer_rows(self, aid: str) -> builtins.list[tuple[str, Any, int, str]]:
        """(question_id, value, review, source) of each answer, in question order, frozen or not."""
        row = self.db.execute("SELECT answers FROM final_answers WHERE assessment_id = ?", [aid]).fetchone()
        if row is not None:
            return [(q, v, r, s) for q, v, _at, r, s in frozen_rows(row[0])]
        return [(q, json.loads(v), r, s) for q, v, r, s in self.db.execute(
            "SELECT question_id, value_json, review, source FROM answers WHERE assessment_id = ? "
            "ORDER BY question_id", [aid])]

    def final_result(self, aid: str) -> dict[str, Any] | None:
        """The frozen result of a final assessment, exactly as it was stored (None when none was kept)."""
        row = self.db.execute("SELECT result FROM final_results WHERE assessment_id = ?", [aid]).fetchone()
        return decode(row[0], self._texts_by_id, self._bases.get) if row else None

    def import_assessment(self, a: Assessment) -> str:
        """A validated document becomes a new draft in one transaction: all of it or nothing."""
        return self.create(a.assessed_on, a.lang, a.answers, a.criteria, a.fiscal_year, a.to_review, a.sources)

    def import_many(self, docs: Sequence[Assessment]) -> list[str]:
        """Validated documents as new drafts in one transaction (a bulk import's batch): all or none."""
        with self._write():
            return [self._insert(a.assessed_on, a.lang, a.answers, a.criteria, a.fiscal_year, a.to_review, a.sources)
                    for a in docs]

    def same_as(self, a: Assessment) -> str | None:
        """The id of a saved assessment of the same firm (credit code, else name), date and answers, if any."""
        key = firm_key(a.answers)
        for (aid,) in self.db.execute("SELECT id FROM assessments WHERE firm_key = ? AND assessed_on = ?",
                                      [key, a.assessed_on.isoformat()]).fetchall():
            if {q: v for q, v, _r, _s in self._answer_rows(aid)} == {k: v for k, v in a.answers.items()
                                                                     if v is not None}:
                return str(aid)
        return None

    def history(self, key: str) -> list[dict[str, Any]]:
        """All assessments of one firm (credit code, else name), oldest first."""
        return list(self.db.query("SELECT id, firm_name, assessed_on, fiscal_year, status, updated_at, final_tiers "
                                  "FROM assessments WHERE firm_key = ? ORDER BY assessed_on, fiscal_year, updated_at",
                                  [key]))

    def ladder_summary(self, aid: str) -> dict[str, TierSummary] | None:
        """Each tier of a final assessment's stored result as the ladder needs it (None for a draft).
        Only those fields are decoded, so the home list pays little for a row, and only when it paints it."""
        row = self.db.execute("SELECT result FROM final_results WHERE assessment_id = ?", [aid]).fetchone()
        tiers = decode(row[0], self._texts_by_id, self._bases.get, _ladder_fields) if row else None
        if not isinstance(tiers, dict):
            return None
        out = {}
        for tid, t in tiers.items():
            plan = t["plan"]
            status = "needs_review" if t["review"] or t["status"] == "verify" else str(t["status"])
            planned = plan.get("verified") and plan.get("assessed_on")
            out[tid] = TierSummary(bool(t["eligible"]), status, str(plan["assessed_on"]) if planned else None)
        return out

    def ids_starting(self, prefix: str, limit: int = 6) -> tuple[str, ...]:
        """Up to ``limit`` assessment ids that are or start with ``prefix`` (the id itself first), by index."""
        if not prefix:
            return ()
        rows = self.db.execute("SELECT id FROM assessments WHERE id >= ? AND id < ? ORDER BY id != ?, id LIMIT ?",
                               [prefix, prefix + "\uffff", prefix, limit]).fetchall()
        return tuple(r[0] for r in rows)

    def list(self, search: str = "", sort: str = "updated", descending: bool = True, limit: int | None = None,
             offset: int = 0, after: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Summaries sorted by SQLite (peek.SORT_KEYS; newest change first by default), all or one page
        (``after`` the last row of the page before); ``search`` matches firm name or credit code."""
        return list(self.db.query(*list_query(search, sort, descending, limit, offset, after)))

    # -- the adviser's portfolio (issue 18) ------------------------------------------------------

    def portfolio(self) -> builtins.list[dict[str, Any]]:
        """One row per firm (credit code, else name): its latest assessment (by date, then last change),
        with the answers the portfolio shows, the stored summary of a final one and the firm's tags."""
        return read_portfolio(self.db.conn)

    def set_tags(self, key: str, tags: Collection[str]) -> None:
        """An adviser's tags for the firm ``key`` (credit code, else name), replacing those it had."""
        with self._write():
            self.db.execute("DELETE FROM firm_tags WHERE firm_key = ?", [key])
            self.db.conn.executemany("INSERT OR IGNORE INTO firm_tags (firm_key, tag) VALUES (?, ?)",
                                     [(key, t.strip()) for t in tags if t.strip()])

    def tags(self, key: str) -> builtins.list[str]:
        return [r[0] for r in self.db.execute("SELECT tag FROM firm_tags WHERE firm_key = ? ORDER BY tag", [key])]

    def count(self, search: str = "") -> int:
        return int(self.db.execute(*count_query(search)).fetchone()[0])


def _ladder_fields(result: Any) -> dict[str, dict[str, Any]] | None:
    """Of a stored result, what ladder_summary reads of each tier (a condition's status is a short word,
    never one of the shared texts)."""
    tiers = result.get("tiers") if isinstance(result, dict) else None
    if not isinstance(tiers, dict):
        return None
    out = {}
    for tid, t in tiers.items():
        if not isinstance(t, dict):
            continue
        plan: dict[str, Any] = t["plan"] if isinstance(t.get("plan"), dict) else {}
        conditions = t.get("conditions") or ()
        out[tid] = {"eligible": t.get("eligible"), "status": t.get("status"),
                    "plan": {k: plan[k] for k in ("verified", "assessed_on") if k in plan},
                    "review": any(c.get("status") == "review" for c in conditions if isinstance(c, dict))}
    return out


def read_portfolio(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """AssessmentStore.portfolio over any connection to the database (the portfolio window reads it on a
    thread of its own, through portfolio_of)."""
    from srdi_desktop.core.portfolio import FIGURES

    wanted = ["firm.sector", *(f for f in FIGURES if "." in f)]
    rows = conn.execute(
        "WITH latest AS (SELECT id, firm_key, firm_name, credit_code, assessed_on, status, final_summary, "
        "row_number() OVER (PARTITION BY firm_key ORDER BY assessed_on DESC, updated_at DESC, id DESC) AS n "
        "FROM assessments WHERE firm_key != '') "
        "SELECT l.id, l.firm_key, l.firm_name, l.credit_code, l.assessed_on, l.status, l.final_summary, "
        "f.answers, CASE WHEN f.answers IS NULL THEN (SELECT json_group_object(question_id, json(value_json)) "
        "  FROM answers WHERE assessment_id = l.id AND question_id IN (SELECT value FROM json_each(?1))) END, "
        "(SELECT json_group_array(tag) FROM firm_tags WHERE firm_key = l.firm_key) "
        "FROM latest l LEFT JOIN final_answers f ON f.assessment_id = l.id WHERE n = 1 "
        "ORDER BY l.firm_name, l.firm_key", [json.dumps(wanted)]).fetchall()
    out = []
    for aid, key, name, code, day, status, summary, frozen, answers, tags in rows:
        if frozen is not None:  # a final's answers (storage.frozen): the figures picked here
            every = frozen_values(frozen)
            values = {q: every[q] for q in wanted if q in every}
        else:
            values = json.loads(answers) if answers else {}
        out.append({"id": aid, "firm_key": key, "firm_name": name, "credit_code": code, "assessed_on": day,
                    "status": status, "summary": json.loads(summary) if summary else {},
                    "sector": values.pop("firm.sector", ""), "answers": values, "tags": json.loads(tags)})
    return out


def portfolio_of(path: Path) -> list[dict[str, Any]]:
    """read_portfolio on a read-only connection of its own: usable from another thread while the app's
    connection stays on the window's (at 100,000 assessments the query takes seconds)."""
    conn = read_only(path)
    try:
        return read_portfolio(conn)
    finally:
        conn.close()
