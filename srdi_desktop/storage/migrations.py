"""Append-only schema migrations. Never edit one that has shipped; add a new one."""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("srdi_desktop")
PROGRESS_EVERY = 500  # rows between two calls of ``progress`` in a long migration


def quiet(done: int, total: int) -> None:
    pass


# Set by storage.db while it migrates: told (done, total) of a long migration's rows.
progress: Callable[[int, int], None] = quiet


@MIGRATIONS(name="0001_initial")
def initial(db: Database) -> None:
    db.table("assessments").create(
        {"id": str, "firm_name": str, "credit_code": str, "assessed_on": str, "status": str, "lang": str,
         "criteria": str, "created_at": str, "updated_at": str,
         # frozen when the assessment is made final, so an old report never changes silently
         "final_criteria": str, "final_rules_hash": str, "final_result": str},
        pk="id", not_null={"assessed_on", "status", "lang", "created_at", "updated_at"},
        defaults={"status": "draft", "lang": "zh", "firm_name": "", "credit_code": ""},
    )
    db.table("answers").create(
        {"assessment_id": str, "question_id": str, "value_json": str, "answered_at": str},
        pk=("assessment_id", "question_id"), not_null={"value_json", "answered_at"},
        foreign_keys=[("assessment_id", "assessments", "id")],
    )
    db.table("assessments").create_index(["credit_code"])
    db.table("assessments").create_index(["updated_at"])


@MIGRATIONS(name="0002_firm_key")
def firm_key(db: Database) -> None:
    """One key per firm for history: the credit code, else the name (DESIGN §6, issue 5)."""
    db.table("assessments").add_column("firm_key", str, not_null_default="")
    db.execute("UPDATE assessments SET firm_key = CASE WHEN credit_code != '' THEN credit_code "
               "ELSE firm_name END")
    db.table("assessments").create_index(["firm_key"])


@MIGRATIONS(name="0003_badges_sessions_recent")
def badges_sessions_recent(db: Database) -> None:
    """Tier badges for the home list, drafts open in a wizard (to offer resuming after a crash) and
    recently used files (issue 5). Badges of earlier final assessments are filled from their result."""
    import json

    from .tiers import eligible_titles

    db.table("assessments").add_column("final_tiers", str, not_null_default="")
    for row in list(db.query("SELECT id, final_result FROM assessments WHERE status = 'final'")):
        result = json.loads(row["final_result"]) if row["final_result"] else {}
        db.table("assessments").update(row["id"], {"final_tiers": eligible_titles(result)})
    db.table("open_drafts").create({"assessment_id": str, "page": int, "opened_at": str}, pk="assessment_id",
                             foreign_keys=[("assessment_id", "assessments", "id")])
    db.table("recent_files").create({"path": str, "kind": str, "used_at": str}, pk="path")


@MIGRATIONS(name="0004_fiscal_year")
def fiscal_year(db: Database) -> None:
    """The calendar year y1 refers to, so history compares figures by year (issue 12); earlier
    assessments take the default, the year before their date. ``answers.review`` marks an answer
    carried over by "copy as next year's" that the user has not yet confirmed or edited."""
    db.table("assessments").add_column("fiscal_year", int)
    db.execute("UPDATE assessments SET fiscal_year = CAST(substr(assessed_on, 1, 4) AS INTEGER) - 1")
    db.table("answers").add_column("review", int, not_null_default=0)


# The wizard's pages as shipped while open_drafts held a page index (0003 up to this migration): the
# sections of forms/ in order. Frozen here because forms/ may change, but an old index meant these.
_PAGES_AT_0003 = ("firm", "finance", "market", "rd", "ip", "ip_practice", "financing", "supply", "people",
                  "quality", "titles", "platform", "digital", "digital_scenarios")


@MIGRATIONS(name="0005_draft_page_id")
def draft_page_id(db: Database) -> None:
    """A draft resumes on the page with a stable id (issue 12), not an index that shifts when a page is
    added. ``pages_before`` keeps the ids of the pages before it, so a page since removed resumes on the
    nearest earlier one. An old index becomes its section's id; one out of range, the first page ('')."""
    import json

    drafts = db.table("open_drafts")
    drafts.add_column("page_id", str, not_null_default="")
    drafts.add_column("pages_before", str, not_null_default="[]")
    for row in list(db.query("SELECT assessment_id, page FROM open_drafts")):
        index = row["page"]
        if isinstance(index, int) and 0 <= index < len(_PAGES_AT_0003):
            drafts.update(row["assessment_id"], {
                "page_id": _PAGES_AT_0003[index], "pages_before": json.dumps(_PAGES_AT_0003[:index])})
    db.execute("ALTER TABLE open_drafts DROP COLUMN page")


@MIGRATIONS(name="0006_answer_sources")
def answer_sources(db: Database) -> None:
    """Where each answer came from (issue 20): audited, tax, platform, estimate or self; '' when not
    recorded, as for every answer stored before."""
    db.table("answers").add_column("source", str, not_null_default="")


@MIGRATIONS(name="0007_evidence")
def evidence(db: Database) -> None:
    """The evidence checklist of each assessment (issue 17): per document a state (missing / attached /
    checked) and a note; its files, copied into evidence/ beside the database under a generated name
    (the original name kept as data) or linked in place, with SHA-256 and size to notice a change; and
    the tiers the firm collects documents for (JSON list; none stored: the default)."""
    db.table("evidence_items").create(
        {"assessment_id": str, "doc_id": str, "state": str, "note": str, "updated_at": str},
        pk=("assessment_id", "doc_id"), not_null={"state", "note", "updated_at"},
        defaults={"state": "missing", "note": ""}, foreign_keys=[("assessment_id", "assessments", "id")])
    db.table("evidence_files").create(
        {"id": str, "assessment_id": str, "doc_id": str, "kind": str, "stored_name": str, "path": str,
         "original_name": str, "sha256": str, "size": int, "added_at": str},
        pk="id", not_null={"assessment_id", "doc_id", "kind", "original_name", "sha256", "size", "added_at"},
        defaults={"stored_name": "", "path": ""}, foreign_keys=[("assessment_id", "assessments", "id")])
    db.table("evidence_files").create_index(["assessment_id", "doc_id"])
    db.table("evidence_tiers").create({"assessment_id": str, "tiers_json": str}, pk="assessment_id",
                                      not_null={"tiers_json"}, foreign_keys=[("assessment_id", "assessments", "id")])


@MIGRATIONS(name="0008_portfolio_scale")
def portfolio_scale(db: Database) -> None:
    """An adviser's store of 100,000 assessments (issue 18). The frozen result moves out of the
    assessments table into ``final_results``, compressed with its long texts stored once
    (storage.results), so the list reads small rows; old results are moved unchanged (they read back
    exactly as before). ``final_summary`` keeps what the portfolio shows; the list's sort columns get
    indexes; ``firm_tags`` holds an adviser's tags per firm."""
    import json

    from srdi_desktop.core.portfolio import summarise

    from .results import encode, long_texts

    db.execute("CREATE TABLE result_texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)")
    db.execute("CREATE TABLE final_results (assessment_id TEXT PRIMARY KEY REFERENCES assessments(id), "
               "result BLOB NOT NULL)")
    db.table("assessments").add_column("final_summary", str, not_null_default="")
    ids: dict[str, int] = {}
    finals = [r[0] for r in db.execute("SELECT id FROM assessments WHERE final_result IS NOT NULL "
                                       "AND final_result != ''")]
    for aid in finals:  # one at a time: a big store's results do not fit in memory together
        result = json.loads(db.execute("SELECT final_result FROM assessments WHERE id = ?", [aid]).fetchone()[0])
        for t in long_texts(result) - ids.keys():
            db.execute("INSERT OR IGNORE INTO result_texts (text) VALUES (?)", [t])
            ids[t] = db.execute("SELECT id FROM result_texts WHERE text = ?", [t]).fetchone()[0]
        db.execute("INSERT INTO final_results (assessment_id, result) VALUES (?, ?)", [aid, encode(result, ids)])
        summary = summarise(result) if isinstance(result, dict) else {}
        db.execute("UPDATE assessments SET final_summary = ? WHERE id = ?",
                   [json.dumps(summary, ensure_ascii=False), aid])
    db.execute("UPDATE assessments SET final_result = NULL WHERE final_result IS NOT NULL")
    for column in ("firm_name", "assessed_on", "status", "final_tiers"):
        db.table("assessments").create_index([column, "id"])
    db.execute("CREATE TABLE firm_tags (firm_key TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (firm_key, tag))")


@MIGRATIONS(name="0009_compact_finals")
def compact_finals(db: Database) -> None:
    """A final assessment in ≤ 10 KB (DESIGN §8, issue 18; storage.frozen): its result becomes the
    differences from a base result (``result_bases``) and its answers move beside it, frozen
    (``final_answers``), out of the answers table; ``result_texts`` keeps
    one copy of each text (no UNIQUE index). One final at a time, all
    in the one migration transaction: a crash leaves the database as it was. ``progress`` is told
    (done, total) along the way."""
    from .frozen import Bases, freeze
    from .results import shared_text

    db.execute("CREATE TABLE result_bases (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
    # result_texts loses its UNIQUE index, a second copy of every text: the store reads the texts whole
    db.execute("CREATE TABLE result_texts_0009 (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    db.execute("INSERT INTO result_texts_0009 (id, text) SELECT id, text FROM result_texts")
    db.execute("DROP TABLE result_texts")
    db.execute("ALTER TABLE result_texts_0009 RENAME TO result_texts")
    db.execute("CREATE TABLE final_answers (assessment_id TEXT PRIMARY KEY REFERENCES assessments(id), "
               "answers BLOB NOT NULL)")
    bases = Bases(db.conn)
    finals = [r[0] for r in db.execute("SELECT assessment_id FROM final_results ORDER BY rowid")]
    for done, aid in enumerate(finals):
        blob = db.execute("SELECT result FROM final_results WHERE assessment_id = ?", [aid]).fetchone()[0]
        db.execute("UPDATE final_results SET result = ? WHERE assessment_id = ?",
                   [bases.encode(shared_text(blob)), aid])
        freeze(db.conn, aid)
        if done % PROGRESS_EVERY == 0:
            progress(done, len(finals))
    progress(len(finals), len(finals))
