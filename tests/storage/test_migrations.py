"""Every earlier schema version migrates with all data kept, after a dated backup."""

import datetime as dt
import sqlite3

from sqlite_utils import Database

from srdi_desktop.storage.migrations import MIGRATIONS
from srdi_desktop.storage.store import AssessmentStore

VERSIONS = [m.name for m in MIGRATIONS._migrations]
FINAL_RESULT = ('{"tiers": {"innovative": {"title": {"zh": "创新型", "en": "Innovative"}, "eligible": true}, '
                '"srdi": {"title": {"zh": "专精特新", "en": "SRDI"}, "eligible": false}}}')


def make_db_at(path, version_index):
    """A database at an earlier schema: migrations up to and including VERSIONS[version_index]."""
    db = Database(sqlite3.connect(path))
    stop = VERSIONS[version_index + 1] if version_index + 1 < len(VERSIONS) else None
    MIGRATIONS.apply(db, stop_before=stop)
    now = dt.datetime(2026, 1, 2, tzinfo=dt.UTC).isoformat()
    db["assessments"].insert({"id": "a1", "firm_name": "旧企业", "credit_code": "91330100MA2B3C4D5N",
                              "assessed_on": "2025-12-31", "status": "final", "lang": "zh", "criteria": None,
                              "created_at": now, "updated_at": now, "final_criteria": "cn_srdi_2022",
                              "final_rules_hash": "abc", "final_result": FINAL_RESULT})
    if "firm_key" in db["assessments"].columns_dict:  # as the app at that version would have written it
        db["assessments"].update("a1", {"firm_key": "91330100MA2B3C4D5N"})
    if "fiscal_year" in db["assessments"].columns_dict:
        db["assessments"].update("a1", {"fiscal_year": 2024})
    if "final_tiers" in db["assessments"].columns_dict:
        db["assessments"].update("a1", {"final_tiers": '[{"zh": "创新型", "en": "Innovative"}]'})
    db["answers"].insert_all([{"assessment_id": "a1", "question_id": q, "value_json": v, "answered_at": now}
                              for q, v in (("firm.name", '"旧企业"'), ("finance.revenue_y1", "1234.5"))])
    db.conn.commit()
    db.close()


def test_there_is_more_than_one_schema_version():
    assert len(VERSIONS) >= 2


def test_each_earlier_version_migrates_keeping_all_data(tmp_path):
    for i in range(len(VERSIONS) - 1):
        path = tmp_path / f"v{i}.db"
        make_db_at(path, i)
        store = AssessmentStore.open(path)
        rec = store.load("a1")
        assert rec.assessment.answers == {"firm.name": "旧企业", "finance.revenue_y1": 1234.5}
        assert rec.status == "final" and rec.final["rules_hash"] == "abc"
        assert rec.assessment.fiscal_year == 2024 and rec.assessment.to_review == set()  # 0004 backfill
        assert rec.assessment.sources == {}  # 0006: no source recorded before
        assert store.history("91330100MA2B3C4D5N")[0]["id"] == "a1"  # firm_key filled for old rows
        assert [m.name for m in MIGRATIONS.applied(store.db)] == VERSIONS
        assert store.list()[0]["final_tiers"] == '[{"zh": "创新型", "en": "Innovative"}]'  # badges filled
        store.close()
        backups = list((tmp_path / "backups").glob(f"v{i}-*-before-{VERSIONS[i + 1]}.db"))
        assert len(backups) == 1
        old = Database(sqlite3.connect(backups[0]))
        assert old["assessments"].count == 1
        assert [m.name for m in MIGRATIONS.applied(old)] == VERSIONS[:i + 1]  # the backup is the old file
        old.close()


def test_a_new_database_needs_no_backup(tmp_path):
    AssessmentStore.open(tmp_path / "new.db").close()
    assert not (tmp_path / "backups").exists()
