"""Resuming a draft opens the page with the stored id; a page that no longer exists (its section was
removed) resumes on the nearest earlier page that still does."""

import msgspec
import pytest

from srdi_desktop.ui.controller import AppController
from srdi_desktop.ui.dialogs import Confirm
from srdi_desktop.ui.wizard import nearest_page

IDS = ["firm", "finance", "rd", "ip"]


@pytest.mark.parametrize(("wanted", "before", "expected"), [
    ("rd", ["firm", "finance"], "rd"),  # still there
    ("firm", [], "firm"),
    ("ip", ["firm", "finance", "rd"], "ip"),  # the last page
    ("market", ["firm", "finance"], "finance"),  # removed: the page before it
    ("market", ["firm", "finance", "gone"], "finance"),  # the page before it was removed too
    ("gone", ["firm", "finance", "rd"], "rd"),
    ("gone", ["also_gone"], "firm"),  # nothing before it is left: the first page
    ("gone", [], "firm"),
    ("", [], "firm"),  # an old index that could not be converted
])
def test_nearest_page(wanted, before, expected):
    assert nearest_page(IDS, wanted, before) == expected


@pytest.fixture
def without(content):
    """The content with some sections removed, as after an update of forms/."""
    def make(*removed):
        qn = content.questionnaire
        sections = tuple(s for s in qn.sections if s.id not in removed)
        return msgspec.structs.replace(content, questionnaire=msgspec.structs.replace(qn, sections=sections))
    return make


@pytest.mark.parametrize(("removed", "stored", "before", "expected"), [
    ((), "rd", ["firm", "finance", "market"], "rd"),
    (("market",), "market", ["firm", "finance"], "finance"),
    (("market", "rd"), "rd", ["firm", "finance", "market"], "finance"),
    (("firm",), "firm", [], "assessment"),  # its page and all before it are gone: the first page
    ((), "", [], "assessment"),  # an old index that could not be converted: the first page
])
def test_a_crashed_draft_resumes_on_its_page_or_the_nearest_earlier_one(
        app, qtbot, db_path, today, without, monkeypatch, removed, stored, before, expected):
    from srdi_desktop.storage.store import AssessmentStore

    store = AssessmentStore.open(db_path)
    aid = store.create(today, "zh", {"firm.name": "续填企业"})
    store.mark_open(aid, stored, before)  # the session that crashed
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))
    ctl = AppController(without(*removed), store, "zh", today=today)
    wiz = ctl.offer_resume()
    assert wiz is ctl.wizard and wiz.isVisible()
    assert wiz.current_page_id() == expected and wiz.currentPage().objectName() == f"page_{expected}"
    index = wiz.page_ids().index(expected)
    assert wiz.visitedIds() == wiz.pageIds()[:index + 1]  # Back still leads through every earlier page
    [now] = store.open_drafts()  # the page it is on now is what a next crash resumes to
    assert (now["page_id"], now["pages_before"]) == (expected, wiz.page_ids()[:index])
    ctl.close_windows()
    assert store.open_drafts() == []
    store.close()


def test_moving_between_pages_keeps_the_page_id_for_a_crash(controller, qtbot):
    wiz = controller.new_assessment()
    aid = controller.current_id
    assert [(d["id"], d["page_id"]) for d in controller.store.open_drafts()] == [(aid, "assessment")]
    wiz.next()
    wiz.next()
    assert [(d["page_id"], d["pages_before"]) for d in controller.store.open_drafts()] == [
        (wiz.page_ids()[2], wiz.page_ids()[:2])]
    wiz.back()
    assert controller.store.open_drafts()[0]["page_id"] == wiz.page_ids()[1]
    wiz.reject()
    assert controller.store.open_drafts() == []
