"""The assessment wizard, generated from forms/: one page per section, answers held in a Draft.

Pages have stable ids (a section's id, e.g. "firm", "finance"; objectName ``page_<id>``): a crashed
session resumes on the page with its id, so adding or removing a page never shifts where a draft resumes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from srdi_desktop.core.assessment import SOURCED, SOURCES
from srdi_desktop.core.draft import Draft
from srdi_desktop.core.evaluation import Evaluation
from srdi_desktop.core.fiscal import year_of
from srdi_desktop.core.i18n import pick, tr
from srdi_desktop.core.questionnaire import Section

from .assessment_page import AssessmentPage
from .question_editor import QuestionEditor
from .style import set_role
from .tier_panel import TierPanel
from .window_size import fit_to_screen

if TYPE_CHECKING:
    from srdi_desktop.core.content import Content

Evaluator = Callable[[dict[str, Any]], Evaluation]


def nearest_page(page_ids: Sequence[str], wanted: str, pages_before: Sequence[str] = ()) -> str:
    """The page to resume on: ``wanted`` if the wizard still has it, else the nearest of the pages that
    were before it (``pages_before``, in order) that still exists, else the first page."""
    for pid in (wanted, *reversed(pages_before)):
        if pid in page_ids:
            return pid
    return page_ids[0]


def first_input(page: QWidget) -> QWidget | None:
    """The first field a user would type into on ``page``, in tab order (a check box counts: the first item
    of a checklist, or "don't know" when it is ticked and the field is off)."""
    from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QLineEdit

    w = page.nextInFocusChain()
    while w is not None and w is not page:
        if (isinstance(w, (QLineEdit, QComboBox, QAbstractSpinBox, QCheckBox)) and page.isAncestorOf(w)
                and w.isVisibleTo(page) and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                and not isinstance(w.parentWidget(), QAbstractSpinBox)):  # a date box, not the edit inside it
            return w
        w = w.nextInFocusChain()
    return None


class SectionPage(QWizardPage):
    def __init__(self, section: Section, draft: Draft, lang: str, index: int, count: int):
        super().__init__()
        self.section, self.draft, self.lang = section, draft, lang
        self.index, self.count = index, count
        self.setTitle(pick(section.title, lang))
        if section.intro:
            intro = pick(section.intro, lang)
            if section.basis:
                intro += "\n" + tr("wiz.basis", lang, text=pick(section.basis, lang))
            self.setSubTitle(intro)
        outer = QVBoxLayout(self)
        self.progress = QLabel()
        self.progress.setObjectName("progress")
        set_role(self.progress, "help")
        outer.addWidget(self.progress)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        lay = QVBoxLayout(body)
        self.editors: dict[str, QuestionEditor] = {}
        self.sources: dict[str, QComboBox] = {}
        self.source_rows: dict[str, QWidget] = {}
        for q in section.questions:
            ed = QuestionEditor(q, lang, draft.shown(q.id))
            ed.edited.connect(self._edited)
            ed.confirmed.connect(self._confirmed)
            lay.addWidget(ed)
            self.editors[q.id] = ed
            if q.id in SOURCED:  # where the figure came from decides whether it can count (issue 20)
                lay.addWidget(self._source_box(q.id))
        lay.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self._refresh()

    def _source_box(self, qid: str) -> QWidget:
        row = QWidget()
        box_lay = QHBoxLayout(row)
        box_lay.setContentsMargins(0, 0, 0, 8)
        box_lay.addWidget(QLabel(tr("src.label", self.lang)))
        box = QComboBox()
        box.setObjectName(f"source_{qid}")
        box.setAccessibleName(f"{pick(self.draft.qn[qid].label, self.lang)}: {tr('src.label', self.lang)}")
        for src in ("", *SOURCES):
            box.addItem(tr("src." + (src or "none"), self.lang), src)
        box.setCurrentIndex(max(0, box.findData(self.draft.source(qid))))
        box.currentIndexChanged.connect(lambda _i, q=qid, b=box: self._source_set(q, b.currentData()))
        box_lay.addWidget(box)
        box_lay.addStretch(1)
        self.sources[qid], self.source_rows[qid] = box, row
        return row

    def _source_set(self, qid: str, source: str) -> None:
        self.draft.set_source(qid, source)
        wiz = self.wizard()
        if isinstance(wiz, AssessmentWizard):
            wiz.answer_changed.emit(qid)  # the live panel: a platform score from elsewhere is "review"

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
            if qid in self.source_rows:
                self.source_rows[qid].setVisible(self.draft.visible(self.draft.qn[qid]))
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
    panel; ``page_changed`` tells the id of each page shown (kept so a crashed session resumes there).
    ``start_page`` (with the ids that were before it, see nearest_page) is the page to open on. With
    ``content``, the first page (id "assessment") sets the assessment's date, fiscal year and criteria set."""

    answer_changed = Signal(str)
    page_changed = Signal(str)

    def __init__(self, draft: Draft, lang: str, on_finish: Callable[[Draft], None] | None = None,
                 parent: QWidget | None = None, evaluator: Evaluator | None = None, start_page: str = "",
                 pages_before: Sequence[str] = (), content: Content | None = None):
        super().__init__(parent)
        self.draft, self.lang, self.on_finish, self.evaluator = draft, lang, on_finish, evaluator
        self.setObjectName("assessment_wizard")
        self.setWindowTitle(tr("wiz.title", lang) + (f" — {draft.assessment.firm_name}"
                                                      if draft.assessment.firm_name else ""))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        # Answers live in the Draft; this keeps Qt from resetting anything on Back as well.
        self.setOption(QWizard.WizardOption.IndependentPages, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        sections = draft.qn.sections
        self.section_pages = [SectionPage(s, draft, lang, i, len(sections)) for i, s in enumerate(sections)]
        # Every page in order with its stable id; a page that is not a section is one more pair here.
        self.pages: list[tuple[str, QWizardPage]] = [(p.section.id, p) for p in self.section_pages]
        self.assessment_page: AssessmentPage | None = None
        if content is not None:
            self.assessment_page = AssessmentPage(draft, lang, content)
            self.assessment_page.details_changed.connect(self._update_panel)
            self.pages.insert(0, ("assessment", self.assessment_page))
        for pid, page in self.pages:
            page.setObjectName(f"page_{pid}")
            self.addPage(page)
        self.panel: TierPanel | None = None
        if evaluator is not None:
            self.panel = TierPanel(lang, tr("ui.live", lang))
            side = QScrollArea()  # six tiers of wrapped English outgrow a 728-px-high window: scroll, never clip
            side.setObjectName("tier_panel_area")
            side.setWidgetResizable(True)
            side.setFrameShape(QScrollArea.Shape.NoFrame)
            side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            side.setWidget(self.panel)
            side.setFixedWidth(262)
            self.side_area = side  # PySide does not hand the side widget to the wizard: keep it alive
            self.setSideWidget(side)
            self._update_panel()
        self.answer_changed.connect(self._answer_changed)
        self.currentIdChanged.connect(self._current_changed)
        if start_page:
            self.go_to(nearest_page(self.page_ids(), start_page, pages_before))
        fit_to_screen(self, QSize(1200, 760))

    def page_ids(self) -> list[str]:
        return [pid for pid, _page in self.pages]

    def ids_before(self, page_id: str) -> list[str]:
        return self.page_ids()[:self.page_ids().index(page_id)]

    def current_page_id(self) -> str:
        """The id of the page on screen ('' before the wizard has started)."""
        return next((pid for pid, page in self.pages if page is self.currentPage()), "")

    def go_to(self, page_id: str) -> None:
        """Open on ``page_id`` by walking forward from the start, so Back still leads to earlier pages."""
        self.restart()
        for _ in self.ids_before(page_id):
            self.next()

    def _current_changed(self, qt_id: int) -> None:
        for page in self.section_pages:  # an amount typed on a page just left reads "23,500" on return
            for ed in page.editors.values():
                ed.regroup()
        if qt_id >= 0:
            self.page_changed.emit(self.current_page_id())
            first = first_input(self.currentPage())
            if first is not None:  # typing goes on into the new page, not into the Next button
                first.setFocus(Qt.FocusReason.TabFocusReason)

    def _update_panel(self) -> None:
        if self.panel is not None and self.evaluator is not None:
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
