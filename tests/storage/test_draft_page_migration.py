"""0005_draft_page_id: a draft left open in the wizard kept a page index; it now keeps the page's id."""

import sqlite3

import pytest
from sqlite_utils import Database

from srdi_desktop.storage.store import AssessmentStore

from .test_migrations import VERSIONS, make_db_at

BEFORE = VERSIONS.index("0005_draft_page_id") - 1  # the schema just before this migration


@pytest.mark.parametrize(("index", "page_id", "pages_before"), [
    (0, "firm", []),
    (1, "finance", ["firm"]),
    (3, "rd", ["firm", "finance", "market"]),
    (13, "digital_scenarios", ["firm", "finance", "market", "rd", "ip", "ip_practice", "financing", "supply",
                               "people", "quality", "titles", "platform", "digital"]),
    (14, "", []),  # past the last page of its time: the first page
    (-1, "", []),
])
def test_an_old_page_index_becomes_the_page_id(tmp_path, index, page_id, pages_before):
    path = tmp_path / "old.db"
    make_db_at(path, BEFORE)
    db = Database(sqlite3.connect(path))
    db["assessments"].update("a1", {"status": "draft"})
    db["open_drafts"].insert({"assessment_id": "a1", "page": index, "opened_at": "2026-01-02T00:00:00+00:00"})
    db.conn.commit()
    db.close()
    store = AssessmentStore.open(path)
    assert [(r["id"], r["page_id"], r["pages_before"]) for r in store.open_drafts()] == [("a1", page_id, pages_before)]
    assert "page" not in store.db["open_drafts"].columns_dict  # one place for where a draft resumes
    store.close()
