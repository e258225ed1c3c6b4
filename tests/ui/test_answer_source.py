"""The wizard asks where a platform-only figure came from, saves it at once and the live panel follows
(issue 20)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from srdi_desktop.core.assessment import SOURCED


def _page_of(wiz, qid):
    return next(p for p in wiz.section_pages if qid in p.editors)


def test_the_wizard_offers_a_source_only_where_it_matters(controller):
    wiz = controller.new_assessment()
    boxes = {b.objectName() for p in wiz.section_pages for b in p.findChildren(QComboBox)
             if b.objectName().startswith("source_")}
    assert boxes == {f"source_{q}" for q in SOURCED}


def test_a_source_chosen_is_saved_and_kept_when_the_answer_comes_later(controller, qtbot):
    wiz = controller.new_assessment()
    aid = controller.current_id
    page = _page_of(wiz, "platform.quality_score")
    box = page.sources["platform.quality_score"]
    box.setCurrentIndex(box.findData("self"))  # before any answer: held by the draft
    assert wiz.draft.source("platform.quality_score") == "self"
    page._edited("platform.quality_score", "72")  # the answer stored: its source goes with it
    assert controller.store.load(aid).assessment.sources == {"platform.quality_score": "self"}
    box.setCurrentIndex(box.findData("platform"))
    assert controller.store.load(aid).assessment.sources == {"platform.quality_score": "platform"}
    box.setCurrentIndex(box.findData(""))  # not stated: forgotten
    assert controller.store.load(aid).assessment.sources == {}
