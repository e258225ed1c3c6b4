"""The assessment wizard, generated from forms/: one page per section, answers held in a Draft."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget, QWizard, QWizardPage

from srdi_desktop.core.draft import Draft
from srdi_desktop.core.i18n import pick, tr
from srdi_desktop.core.questionnaire import Section

from .question_editor import QuestionEditor


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
            ed = QuestionEditor(q, lang, draft.get(q.id))
            ed.edited.connect(self._edited)
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

    def _refresh(self) -> None:
        for qid, ed in self.editors.items():
            ed.setVisible(self.draft.visible(self.draft.qn[qid]))
            ed.set_error(self.draft.error(qid))
        n, m = self.draft.progress()
        self.progress.setText(tr("wiz.progress", self.lang, n=n, m=m, p=self.index + 1, q=self.count))

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        self._refresh()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.draft.section_complete(self.section)


class AssessmentWizard(QWizard):
    answer_changed = Signal(str)

    def __init__(self, draft: Draft, lang: str, on_finish: Callable[[Draft], None] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.draft, self.lang, self.on_finish = draft, lang, on_finish
        self.setObjectName("assessment_wizard")
        self.setWindowTitle(tr("wiz.title", lang) + (f" — {draft.assessment.firm_name}"
                                                      if draft.assessment.firm_name else ""))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        # Answers live in the Draft; this keeps Qt from resetting anything on Back as well.
        self.setOption(QWizard.WizardOption.IndependentPages, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        sections = draft.qn.sections
        self.section_pages = [SectionPage(s, draft, lang, i, len(sections)) for i, s in enumerate(sections)]
        for page in self.section_pages:
            self.addPage(page)
        self.answer_changed.connect(self._answer_changed)
        self.resize(980, 720)

    def _answer_changed(self, _qid: str) -> None:
        page = self.currentPage()
        if isinstance(page, SectionPage):
            page._refresh()

    def accept(self) -> None:
        if self.on_finish:
            self.on_finish(self.draft)
        super().accept()


__all__ = ["AssessmentWizard", "SectionPage", "Qt"]
