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


SECOND_INSTANCE = r"""
import sys
from srdi_desktop.storage.store import AssessmentStore
store = AssessmentStore.open(sys.argv[1])
aid = sys.argv[2]
for i in range(150):
    store.save_answer(aid, "finance.revenue_y1", i)
    store.save_answer(aid, "rd.staff", i)
store.close()
print("done", flush=True)
"""


def test_two_instances_writing_the_same_database_lose_nothing(tmp_path):
    """A second app instance on the same file: writes interleave safely (WAL + busy timeout)."""
    import subprocess
    import sys

    path = tmp_path / "shared.db"
    s = AssessmentStore.open(path)
    a, b = s.create(dt.date(2026, 11, 21)), s.create(dt.date(2026, 11, 21))
    s.close()
    procs = [subprocess.Popen([sys.executable, "-c", SECOND_INSTANCE, str(path), aid], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for aid in (a, b)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and out.strip() == "done", err
    s = AssessmentStore.open(path)
    for aid in (a, b):
        assert s.load(aid).assessment.answers == {"finance.revenue_y1": 149, "rd.staff": 149}
    s.close()


def test_a_final_assessment_shows_its_frozen_result_beside_a_rescore(tmp_path, content, capsys):
    """Newer rules never change an old result silently: both are shown, changes marked."""
    from srdi_desktop.cli import main
    from srdi_desktop.core.evaluate import evaluate

    db = tmp_path / "a.db"
    s = AssessmentStore.open(db)
    answers = {"firm.name": "定稿企业", "firm.sector": "industry", "firm.employees": 50,
               "finance.revenue_y1": 3000, "title.tech_sme": True}
    aid = s.create(dt.date(2026, 11, 21), "zh", answers)
    ev = evaluate(content, answers, dt.date(2026, 11, 21)).to_json()
    assert ev["tiers"]["innovative_sme"]["status"] == "eligible"
    ev["tiers"]["innovative_sme"]["status"] = "not_eligible"  # as if older rules had said so
    s.finalize(aid, ev["criteria"]["id"], "0ld0ld0ld0ld0ld0", ev)
    s.close()
    assert main(["--db", str(db), "show", aid, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "rules have changed" in out
    assert "Technology and innovative SME: Not yet eligible → Eligible *" in out
    rec = AssessmentStore.open(db).load(aid)
    assert rec.final["result"]["tiers"]["innovative_sme"]["status"] == "not_eligible"  # stored stays


def test_duplicate_as_next_year_shifts_yearly_figures(tmp_path, content):
    store = AssessmentStore.open(tmp_path / "a.db")
    answers = {"firm.name": "甲", "finance.revenue_y1": 900, "finance.revenue_y2": 800, "finance.revenue_y3": 700,
               "rd.expense_y1": 40, "rd.expense_y2": 30, "finance.net_profit_y1": 5, "ip.class1_count": 2}
    old = store.create(dt.date(2025, 6, 1), "zh", answers)
    new = store.duplicate_as_next_year(old, dt.date(2026, 6, 1), content.questionnaire)
    rec = store.load(new)
    assert rec.assessment.assessed_on == dt.date(2026, 6, 1) and rec.status == "draft"
    # y1 figures move to y2 and y2 to y3 wherever the form has the older year (R&D y3, net profit y2)
    assert rec.assessment.answers == {"firm.name": "甲", "finance.revenue_y2": 900, "finance.revenue_y3": 800,
                                      "rd.expense_y2": 40, "rd.expense_y3": 30, "finance.net_profit_y2": 5,
                                      "ip.class1_count": 2}
    assert (store.load(old).assessment.fiscal_year, rec.assessment.fiscal_year) == (2024, 2025)
    assert store.load(old).assessment.answers == answers  # the original is untouched
    assert [r["id"] for r in store.history("甲")] == [old, new]
    store.close()


def test_open_drafts_survive_a_reopen_until_closed(tmp_path):
    path = tmp_path / "a.db"
    store = AssessmentStore.open(path)
    aid = store.create(dt.date(2026, 1, 1), "zh", {"firm.name": "乙"})
    store.mark_open(aid, "rd", ["firm", "finance", "market"])
    store.close()
    store = AssessmentStore.open(path)
    assert [(r["id"], r["page_id"], r["pages_before"], r["firm_name"]) for r in store.open_drafts()] == [
        (aid, "rd", ["firm", "finance", "market"], "乙")]
    store.mark_closed(aid)
    assert store.open_drafts() == []
    store.close()


def test_recent_files_keep_the_latest_few_newest_first(tmp_path):
    from srdi_desktop.storage.store import RECENT_LIMIT

    store = AssessmentStore.open(tmp_path / "a.db")
    for i in range(RECENT_LIMIT + 3):
        store.add_recent(tmp_path / f"f{i}.yaml", "doc")
    store.add_recent(tmp_path / "f0.yaml", "doc")  # used again: moves to the top, no duplicate
    paths = [r["path"] for r in store.recent()]
    assert len(paths) == RECENT_LIMIT and paths[0] == str(tmp_path / "f0.yaml")
    assert str(tmp_path / "f1.yaml") not in paths
    store.close()


def test_fiscal_year_details_and_review_marks_are_stored(tmp_path):
    path = tmp_path / "a.db"
    store = AssessmentStore.open(path)
    answers = {"firm.name": "丁", "finance.debt_ratio_pct": 40, "finance.total_assets": 900,
               "finance.equity_new_2y": 0}
    aid = store.create(dt.date(2026, 11, 23), "zh", answers, None, 2024, set(answers) - {"firm.name"})
    default = store.create(dt.date(2026, 11, 23), "zh", {"firm.name": "丁"})
    assert store.load(default).assessment.fiscal_year == 2025  # the year before the date
    store.save_answer(aid, "finance.total_assets", 950)  # edited: reviewed
    store.confirm_answer(aid, "finance.debt_ratio_pct")  # kept as it is: reviewed
    store.set_details(aid, dt.date(2026, 3, 1), 2025, "cn_srdi_2022")
    store.close()
    a = AssessmentStore.open(path).load(aid).assessment
    assert (a.assessed_on, a.fiscal_year, a.criteria) == (dt.date(2026, 3, 1), 2025, "cn_srdi_2022")
    assert a.to_review == {"finance.equity_new_2y"}
    assert a.answers == {**answers, "finance.total_assets": 950}
