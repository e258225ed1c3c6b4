"""Frozen results at scale (issue 18): small on disk, read back exactly, old rows moved unchanged."""

import datetime as dt
import json
import sqlite3

import pytest
from sqlite_utils import Database

from srdi_desktop import paths
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.storage import db as dbmod
from srdi_desktop.storage.migrations import MIGRATIONS
from srdi_desktop.storage.results import MIN_SHARED
from srdi_desktop.storage.store import AssessmentStore

VERSIONS = [m.name for m in MIGRATIONS._migrations]
BUDGET_BYTES = 10 * 1024


@pytest.fixture(scope="module")
def demo_result(content):
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    return a, evaluate(content, a.answers, a.assessed_on).to_json()


def _exact(x):
    return json.dumps(x, ensure_ascii=False)  # key order too


def _blob_bytes(store, aid):
    return store.db.execute("SELECT length(result) FROM final_results WHERE assessment_id = ?", [aid]).fetchone()[0]


def test_a_final_result_reads_back_exactly_and_small(tmp_path, demo_result):
    a, result = demo_result
    store = AssessmentStore.open(tmp_path / "a.db")
    aid = store.create(a.assessed_on, "zh", a.answers)
    store.finalize(aid, result["criteria"]["id"], result["rules_hash"], result)
    store.close()
    store = AssessmentStore.open(tmp_path / "a.db")
    assert _exact(store.load(aid).final["result"]) == _exact(result)
    assert len(json.dumps(result, ensure_ascii=False).encode()) > 50_000  # what it used to cost
    assert _blob_bytes(store, aid) <= BUDGET_BYTES
    assert store.db.execute("SELECT final_result FROM assessments WHERE id = ?", [aid]).fetchone()[0] is None
    summary = json.loads(store.db.execute("SELECT final_summary FROM assessments").fetchone()[0])
    assert summary["apply"] and summary["met"][-1] == summary["apply"]
    store.close()


def test_the_long_texts_of_many_results_are_stored_once(tmp_path, demo_result):
    a, result = demo_result
    store = AssessmentStore.open(tmp_path / "a.db")
    counts = []
    for i in range(3):
        aid = store.create(a.assessed_on, "zh", {**a.answers, "firm.name": f"企业{i}"})
        store.finalize(aid, "x", "h", result)
        counts.append(store.db.execute("SELECT count(*) FROM result_texts").fetchone()[0])
    assert counts[0] > 100 and counts[0] == counts[1] == counts[2]
    store.close()


@pytest.mark.parametrize("result", [
    {"tiers": {}, "note": "x" * MIN_SHARED, "short": "y" * (MIN_SHARED - 1), "n": [1.5, None, True, "z" * 40]},
    {"a": "\x7f1", "b": "\x7f\x7fz", "c": "\x7f" * 20, "d": ["\x7f", "x\x7f"]},  # the marker itself, escaped
    {"nested": {"a": ["同一段长长的中文说明文字", "同一段长长的中文说明文字"], "b": -0.0, "c": 1e300}},
    {},
], ids=["mixed", "marker", "repeated", "empty"])
def test_any_json_result_round_trips_exactly(tmp_path, result):
    store = AssessmentStore.open(tmp_path / "a.db")
    aid = store.create(dt.date(2026, 1, 1), "zh", {"firm.name": "甲"})
    store.finalize(aid, "x", "h", result)
    assert _exact(store.final_result(aid)) == _exact(result)
    store.close()


def test_a_failed_write_forgets_the_text_numbers_it_made(tmp_path):
    store = AssessmentStore.open(tmp_path / "a.db")
    aid = store.create(dt.date(2026, 1, 1), "zh", {"firm.name": "甲"})
    with pytest.raises(RuntimeError), store._write():
        store._text_ids({"一段只在回滚的事务里出现过的文字"})
        raise RuntimeError
    assert store._texts == {} and store.db.execute("SELECT count(*) FROM result_texts").fetchone()[0] == 0
    result = {"t": "一段只在回滚的事务里出现过的文字"}
    store.finalize(aid, "x", "h", result)
    assert store.final_result(aid) == result
    store.close()


def test_results_stored_before_0008_move_unchanged(tmp_path, demo_result):
    _a, result = demo_result
    text = json.dumps(result, ensure_ascii=False, indent=1)  # as an old version wrote it, any spacing
    path = tmp_path / "old.db"
    db = Database(sqlite3.connect(path))
    MIGRATIONS.apply(db, stop_before="0008_portfolio_scale")
    now = "2026-01-02T00:00:00+00:00"
    for aid, status, final in (("f1", "final", text), ("d1", "draft", None), ("f0", "final", None)):
        db["assessments"].insert({"id": aid, "firm_name": "旧", "credit_code": "", "firm_key": "旧",
                                  "assessed_on": "2025-12-31", "status": status, "lang": "zh", "created_at": now,
                                  "updated_at": now, "final_criteria": "c", "final_rules_hash": "h",
                                  "final_result": final, "final_tiers": "[]", "fiscal_year": 2024})
    db.conn.commit()
    db.close()
    store = AssessmentStore.open(path)
    assert _exact(store.load("f1").final["result"]) == _exact(json.loads(text))
    assert store.load("f0").final["result"] is None  # an old final without a result stays without one
    assert store.load("d1").final is None
    assert store.db.execute("SELECT count(*) FROM assessments WHERE final_result IS NOT NULL").fetchone()[0] == 0
    assert json.loads(store.db.execute("SELECT final_summary FROM assessments WHERE id = 'f1'").fetchone()[0])["met"]
    store.close()


def test_deleting_a_final_assessment_removes_its_result(tmp_path):
    store = AssessmentStore.open(tmp_path / "a.db")
    aid = store.create(dt.date(2026, 1, 1), "zh", {"firm.name": "甲"})
    store.finalize(aid, "x", "h", {"tiers": {}})
    store.delete(aid)
    assert store.db.execute("SELECT count(*) FROM final_results").fetchone()[0] == 0
    store.close()


def _checks_on_open(path, monkeypatch):
    seen = []
    real = dbmod._check_integrity

    def spy(conn, p, full=False):
        seen.append(full)
        return real(conn, p, full)

    monkeypatch.setattr(dbmod, "_check_integrity", spy)
    AssessmentStore.open(path).close()
    return seen


def test_a_cleanly_closed_database_gets_the_quick_check_and_an_unclean_one_the_full(tmp_path, monkeypatch):
    path = tmp_path / "a.db"
    store = AssessmentStore.open(path)
    store.create(dt.date(2026, 1, 1), "zh", {"firm.name": "甲"})
    store.close()
    assert _checks_on_open(path, monkeypatch) == [False]
    keep = sqlite3.connect(path)  # a program that has not closed the file: its log stays beside it
    keep.execute("INSERT INTO recent_files VALUES ('x', 'pdf', 'now')")
    keep.commit()
    assert (tmp_path / "a.db-wal").stat().st_size > 0
    assert _checks_on_open(path, monkeypatch) == [True]
    keep.close()


def test_the_full_check_on_demand_finds_a_damaged_index(tmp_path):
    path = tmp_path / "a.db"
    store = AssessmentStore.open(path)
    for i in range(50):
        store.create(dt.date(2026, 1, 1), "zh", {"firm.name": f"企业{i}"})
    store.close()
    assert dbmod.full_check(path) is None
    conn = sqlite3.connect(path)  # an index whose entries no longer match its table (quick_check misses it)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = replace(sql, '(\"firm_name\", \"id\")', '(\"lang\", \"id\")') "
                 "WHERE name = 'idx_assessments_firm_name_id'")
    conn.commit()
    conn.close()
    quick = sqlite3.connect(path)
    assert quick.execute("PRAGMA quick_check").fetchone() == ("ok",)
    quick.close()
    assert "idx_assessments_firm_name_id" in (dbmod.full_check(path) or "")


def test_the_portfolio_has_one_row_per_firm_its_latest_assessment_with_its_tags(tmp_path, demo_result):
    a, result = demo_result
    store = AssessmentStore.open(tmp_path / "a.db")
    code = "91330100MA2B3C4D5N"
    old = store.create(dt.date(2025, 11, 21), "zh", {**a.answers, "firm.credit_code": code})
    store.finalize(old, "x", "h", result)
    new = store.create(dt.date(2026, 11, 21), "zh", {**a.answers, "firm.credit_code": code,
                                                     "firm.sector": "software_it"})
    other = store.create(dt.date(2020, 1, 1), "zh", {"firm.name": "无代码企业"})
    store.create(dt.date(2020, 1, 1), "zh", {})  # no name, no code: not a firm yet
    store.set_tags(code, ["重点", " 2027申报 ", "", "重点"])
    rows = {r["firm_key"]: r for r in store.portfolio()}
    assert set(rows) == {code, "无代码企业"}
    assert rows[code]["id"] == new and rows[code]["sector"] == "software_it"  # the latest, a draft: no summary
    assert rows[code]["summary"] == {} and sorted(rows[code]["tags"]) == ["2027申报", "重点"]
    assert rows[code]["answers"]["finance.revenue_y1"] == a.answers["finance.revenue_y1"]
    assert rows["无代码企业"]["id"] == other and rows["无代码企业"]["tags"] == []
    store.delete(new)
    rows = {r["firm_key"]: r for r in store.portfolio()}
    assert rows[code]["id"] == old and rows[code]["summary"]["met"]  # now the final one, with its summary
    assert store.tags(code) == ["2027申报", "重点"]
    store.set_tags(code, [])
    assert store.tags(code) == []
    store.close()
