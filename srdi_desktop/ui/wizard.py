"""The assessment wizard, generated from forms/: one page per section, answers held in a Draft."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget, QWizard, QWizardPage

from srdi_desktop.core.draft import Draft
from srdi_desktop.core.fiscal import year_of
from srdi_desktop.core.i18n import pick, tr
from srdi_desktop.core.questionnaire import Section

from .assessment_page import AssessmentPage
from .question_editor import QuestionEditor
from .tier_panel import TierPanel

if TYPE_CHECKING:
    from srdi_desktop.core.content import Content

Evaluator = Callable[[dict[str, Any]], dict[str, Any]]


class SectionPage(QWizardPage):
    def __init__(self, section: Section, draft: Draft, lang: str, index: int, count: int):
        super().__init__()
        self.section, self.draft, self.lang = section, draft, lang
        self.index, self.count = index, count
        self.setObjectName(f"page_{section.id}")
        self.setTitle(pick(section.title, lang))
        if section.intro:
            self.setSubTitle(pick(section.intro, lang))
        outer = QVBoxLayout(self)
        self.progress = QLabel()
        self.progress.setObjectName("progress")
        self.progress.setStyleSheet("color: #52606d;")
        outer.addWidget(self.progress)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        lay = QVBoxLayout(body)
        self.editors: dict[str, QuestionEditor] = {}
        for q in section.questions:
            ed = QuestionEditor(q, lang, draft.shown(q.id))
            ed.edited.connect(self._edited)
            ed.confirmed.connect(self._confirmed)
            lay.addWidget(ed)
            self.editors[q.id] = ed
        lay.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self._refresh()

    def _edited(self, qid: str, raw: object) -> None:
        self.draft.set(qid, raw)
        self._refresh()
        self.completeChanged.emit()
        wiz = self.wizard()
        if isinstance(wiz, AssessmentWizard):
            wiz.answer_changed.emit(qid)

    def _confirmed(self, qid: str) -> None:
        self.draft.confirm(qid)
        self._refresh()

    def _refresh(self) -> None:
        for qid, ed in self.editors.items():
            ed.setVisible(self.draft.visible(self.draft.qn[qid]))
            ed.set_error(self.draft.error(qid))
            ed.set_review(qid in self.draft.assessment.to_review)
            ed.set_year(year_of(qid, self.draft.assessment.year1))
        n, m = self.draft.progress()
        self.progress.setText(tr("wiz.progress", self.lang, n=n, m=m, p=self.index + 1, q=self.count))

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        self._refresh()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.draft.section_complete(self.section)


class AssessmentWizard(QWizard):
    """The questionnaire, page by page. ``evaluator`` turns answers into a result for the live side
    panel; ``on_page`` hears the page index (kept so a crashed session resumes where it was). With
    ``content``, the first page sets the assessment's date, fiscal year and criteria set."""

    answer_changed = Signal(str)

    def __init__(self, draft: Draft, lang: str, on_finish: Callable[[Draft], None] | None = None,
                 parent: QWidget | None = None, evaluator: Evaluator | None = None, start_page: int = 0,
                 on_page: Callable[[int], None] | None = None, content: Content | None = None):
        super().__init__(parent)
        self.draft, self.lang, self.on_finish, self.evaluator = draft, lang, on_finish, evaluator
        self.setObjectName("assessment_wizard")
        self.setWindowTitle(tr("wiz.title", lang) + (f" — {draft.assessment.firm_name}"
                                                      if draft.assessment.firm_name else ""))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        # Answers live in the Draft; this keeps Qt from resetting anything on Back as well.
        self.setOption(QWizard.WizardOption.IndependentPages, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.assessment_page: AssessmentPage | None = None
        if content is not None:
            self.assessment_page = AssessmentPage(draft, lang, content)
            self.assessment_page.details_changed.connect(self._update_panel)
            self.addPage(self.assessment_page)
        sections = draft.qn.sections
        self.section_pages = [SectionPage(s, draft, lang, i, len(sections)) for i, s in enumerate(sections)]
        for page in self.section_pages:
            self.addPage(page)
        self.panel: TierPanel | None = None
        if evaluator is not None:
            self.panel = TierPanel(lang, tr("ui.live", lang))
            self.panel.setFixedWidth(250)
            self.setSideWidget(self.panel)
            self._update_panel()
        self.answer_changed.connect(self._answer_changed)
        if on_page is not None:
            self.currentIdChanged.connect(lambda pid: pid >= 0 and on_page(self.pageIds().index(pid)))
        if 0 < start_page < len(self.pageIds()):  # walk forward, so Back still leads to earlier pages
            self.restart()
            for _ in range(start_page):
                self.next()
        self.resize(1200, 760)

    def _update_panel(self) -> None:
        if self.panel is not None:
            self.panel.show_result(self.evaluator(self.draft.answers))

    def _answer_changed(self, _qid: str) -> None:
        page = self.currentPage()
        if isinstance(page, SectionPage):
            page._refresh()
        self._update_panel()

    def accept(self) -> None:
        if self.on_finish:
            self.on_finish(self.draft)
        super().accept()


__all__ = ["AssessmentWizard", "SectionPage", "Qt"]
