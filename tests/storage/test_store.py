import datetime as dt
import sqlite3

import pytest

from srdi_desktop.storage.db import StorageError
from srdi_desktop.storage.store import AssessmentStore


def test_answers_survive_close_and_reopen(tmp_path):
    path = tmp_path / "a.db"
    s = AssessmentStore.open(path)
    aid = s.create(dt.date(2026, 11, 21), "zh")
    answers = {"firm.name": "示例", "finance.revenue_y1": 8200.5, "firm.employees": 186,
               "rd.institution_level": "city", "finance.equity_new_2y": "unknown"}
    for k, v in answers.items():
        s.save_answer(aid, k, v)
    s.save_answer(aid, "firm.employees", None)  # clearing removes it
    s.close()
    s2 = AssessmentStore.open(path)
    rec = s2.load(aid)
    expected = dict(answers)
    del expected["firm.employees"]
    assert rec.assessment.answers == expected
    assert rec.assessment.assessed_on == dt.date(2026, 11, 21)
    assert s2.list()[0]["firm_name"] == "示例"
    assert s2.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s2.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"my notes, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(StorageError) as exc:
        AssessmentStore.open(path)
    assert exc.value.kind == "not_sqlite"
    assert path.read_bytes() == before


def test_another_programs_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(StorageError) as exc:
        AssessmentStore.open(path)
    assert exc.value.kind == "foreign"
    assert path.read_bytes() == before


def test_finalize_freezes_criteria_and_rules_hash(tmp_path):
    s = AssessmentStore.open(tmp_path / "a.db")
    aid = s.create(dt.date(2026, 11, 21))
    s.finalize(aid, "cn_srdi_2026", "abc123", {"tiers": {}})
    rec = s.load(aid)
    assert rec.status == "final"
    assert rec.final == {"criteria": "cn_srdi_2026", "rules_hash": "abc123", "result": {"tiers": {}}}
