"""What if: change any answer a tier or the advice reads and see, per tier, saved → changed at once.

Works on a copy (a Draft without autosave); the saved answers never change. The questions are the
wizard's own editors (same validation and messages), grouped by section in collapsible groups with a
filter box; only the questions the content reads are offered (core.reads computes them).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from srdi_desktop.core.assessment import Assessment
from srdi_desktop.core.content import Content
from srdi_desktop.core.draft import Draft
from srdi_desktop.core.evaluation import Evaluation
from srdi_desktop.core.i18n import pick, tr
from srdi_desktop.core.present import TierShift, answer_changes, tier_shifts
from srdi_desktop.core.questionnaire import Question, Section
from srdi_desktop.core.reads import questions_read

from .question_editor import QuestionEditor
from .style import set_prop, set_role, set_status
from .text import label as _label
from .text import literal

Evaluator = Callable[[dict[str, Any]], Evaluation]

COLUMNS = ("ui.whatif_col_tier", "ui.whatif_col_status", "ui.whatif_col_conditions", "ui.whatif_col_points")



def matches(q: Question, section: Section, needle: str) -> bool:
    """Whether a filter text finds the question: in its label or its section's title, in either language
    (an adviser may type Chinese into the English UI), or in its id."""
    if not needle:
        return True
    hay = " ".join((*q.label.values(), *section.title.values(), q.id)).casefold()
    return needle.casefold() in hay


class SectionGroup(QWidget):
    """A section's questions under a header that folds them away; editors are built on first unfold."""

    def __init__(self, section: Section, questions: list[Question], panel: WhatIfPanel):
        super().__init__()
        self.section, self.questions, self.panel = section, questions, panel
        self.setObjectName(f"whatif_section_{section.id}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.header = QToolButton()
        self.header.setObjectName(f"whatif_header_{section.id}")
        self.header.setCheckable(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setArrowType(Qt.ArrowType.RightArrow)
        self.header.setAutoRaise(True)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        set_role(self.header, "strong")
        self.header.toggled.connect(self._toggled)
        lay.addWidget(self.header)
        self.body = QFrame()
        self.body.setObjectName(f"whatif_body_{section.id}")
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(18, 0, 4, 6)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(0)
        for col in (0, 1):
            self.grid.setColumnStretch(col, 1)
        self.body.setVisible(False)
        lay.addWidget(self.body)
        self.editors: dict[str, QuestionEditor] = {}
        self.user_open = False  # what the manager chose; a filter opens groups without changing it
        self.shown = list(questions)
        self.laid_out: list[str] | None = None  # the ids in the grid now
        self._retitle()

    def _retitle(self) -> None:
        self.header.setText(literal(tr("ui.whatif_section", self.panel.lang,
                                       title=pick(self.section.title, self.panel.lang), n=len(self.shown))))

    def _toggled(self, on: bool) -> None:
        if not self.panel.filtering:
            self.user_open = on
        self.set_open(on)

    def set_open(self, on: bool) -> None:
        self.header.blockSignals(True)
        self.header.setChecked(on)
        self.header.blockSignals(False)
        self.header.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        if on and not self.editors:
            for q in self.questions:
                self.editors[q.id] = self.panel.make_editor(q)
            self.relayout()
        self.body.setVisible(on)

    def filter(self, needle: str) -> int:
        """Keep the questions ``needle`` finds; returns how many (the group hides when none)."""
        self.shown = [q for q in self.questions if matches(q, self.section, needle)]
        self._retitle()
        self.setVisible(bool(self.shown))
        self.set_open(bool(self.shown) if needle else self.user_open)
        self.relayout()
        return len(self.shown)

    def relayout(self) -> None:
        """Two columns of the questions to show now (filtered, and conditional ones whose condition holds)."""
        wanted = [q for q in self.shown if self.panel.draft.visible(q)]
        if not self.editors or [q.id for q in wanted] == self.laid_out:
            return  # moving a widget would take the focus from the field being typed in
        self.laid_out = [q.id for q in wanted]
        for ed in self.editors.values():
            self.grid.removeWidget(ed)
            ed.setVisible(False)
        for i, q in enumerate(wanted):
            ed = self.editors[q.id]
            self.grid.addWidget(ed, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
            ed.setVisible(True)


class WhatIfPanel(QWidget):
    def __init__(self, content: Content, saved: Assessment, evaluator: Evaluator, lang: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.content, self.saved, self.evaluator, self.lang = content, saved, evaluator, lang
        self.qn = content.questionnaire
        self.setObjectName("whatif")
        self.baseline = evaluator(saved.answers)
        self.draft = self._fresh_draft()
        self.filtering = False
        read = questions_read(content)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)

        left = QVBoxLayout()
        left.addWidget(_label(tr("ui.whatif_hint", lang), "whatif_hint", "help"))
        numbers = [q.id for q in self.qn.questions if q.numeric and q.id in read]
        if not any(isinstance(saved.answers.get(qid), (int, float)) for qid in numbers):
            # nothing to vary yet: say what would fill the view
            left.addWidget(_label(tr("ui.whatif_empty", lang), "whatif_empty", "empty"))
        self.filter_box = QLineEdit()
        self.filter_box.setObjectName("whatif_filter")
        self.filter_box.setPlaceholderText(tr("ui.whatif_filter", lang))
        self.filter_box.setAccessibleName(tr("ui.whatif_filter", lang))
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.set_filter)
        left.addWidget(self.filter_box)
        self.question_area = QScrollArea()
        self.question_area.setObjectName("whatif_questions")
        self.question_area.setWidgetResizable(True)
        body = QWidget()
        form = QVBoxLayout(body)
        form.setSpacing(2)
        self.groups: dict[str, SectionGroup] = {}
        for section in self.qn.sections:
            offered = [q for q in section.questions if q.id in read]
            if offered:
                group = SectionGroup(section, offered, self)
                form.addWidget(group)
                self.groups[section.id] = group
        self.no_match = _label("", "whatif_no_match", "empty")
        self.no_match.setVisible(False)
        form.addWidget(self.no_match)
        form.addStretch(1)
        self.question_area.setWidget(body)
        left.addWidget(self.question_area, 1)
        outer.addLayout(left, 5)

        right = QVBoxLayout()
        right.addWidget(_label(tr("ui.whatif_tiers", lang), "whatif_tiers_head", "strong"))
        self.table = QFrame()
        self.table.setObjectName("whatif_table")
        self.table.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = QGridLayout(self.table)
        self.grid.setHorizontalSpacing(0)
        self.grid.setVerticalSpacing(0)
        for col, key in enumerate(COLUMNS):
            head = set_prop(_label(tr(key, lang), f"whatif_col_{col}", "strong"), "cell", True)
            self.grid.addWidget(head, 0, col)
        self.grid.setColumnStretch(0, 3)
        for col in (1, 2, 3):
            self.grid.setColumnStretch(col, 2)
        self.cells: dict[str, list[QLabel]] = {}
        # Scrolls rather than squeezes: six tiers of wrapped titles outgrow a 768-px screen's share.
        self.table_area = QScrollArea()
        self.table_area.setObjectName("whatif_table_area")
        self.table_area.setWidgetResizable(True)
        self.table_area.setFrameShape(QFrame.Shape.NoFrame)
        self.table_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # cells wrap
        self.table_area.setWidget(self.table)
        right.addWidget(self.table_area, 2)
        right.addWidget(_label(tr("ui.whatif_legend", lang), "whatif_legend", "help"))
        self.moved = _label("", "whatif_moved")
        right.addWidget(self.moved)
        right.addWidget(_label(tr("ui.whatif_answers", lang), "whatif_answers_head", "strong"))
        self.answers_area = QScrollArea()
        self.answers_area.setObjectName("whatif_answers")
        self.answers_area.setWidgetResizable(True)
        self.answers_area.setFrameShape(QFrame.Shape.NoFrame)
        self.answers_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # lines wrap
        right.addWidget(self.answers_area, 1)
        self.reset_button = QPushButton(literal(tr("ui.whatif_reset", lang)))
        self.reset_button.setObjectName("whatif_reset")
        self.reset_button.clicked.connect(self.reset)
        right.addWidget(self.reset_button)
        outer.addLayout(right, 4)
        self.result = self.baseline
        self._update()

    # -- the questions ------------------------------------------------------------------------------

    def _fresh_draft(self) -> Draft:
        """A Draft over a copy: the same validation as the wizard, and nothing is ever saved."""
        c = self.content
        return Draft(self.qn, copy.deepcopy(self.saved), on_saved=None, derived=c.derived, symbols=c.symbols,
                     symbol_inputs=c.symbol_inputs, lang=self.lang)

    def make_editor(self, q: Question) -> QuestionEditor:
        ed = QuestionEditor(q, self.lang, self.draft.shown(q.id))
        ed.setObjectName(f"whatif_{q.id}")
        ed.help.setVisible(False)  # compact: the explanation is a tooltip here, the wizard shows it in full
        ed.setToolTip(pick(q.help, self.lang))
        if isinstance(ed.input, QComboBox):  # long choice labels must not widen the column
            ed.input.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            ed.input.setMinimumContentsLength(8)
        ed.set_error(self.draft.error(q.id))
        ed.edited.connect(self._edited)
        return ed

    @property
    def editors(self) -> dict[str, QuestionEditor]:
        """The editors built so far (a group builds its own when it first opens)."""
        return {qid: ed for g in self.groups.values() for qid, ed in g.editors.items()}

    def editor(self, qid: str) -> QuestionEditor:
        """The editor of ``qid``, opening its group (as a click on the header would)."""
        group = next(g for g in self.groups.values() if any(q.id == qid for q in g.questions))
        if not group.header.isChecked():
            group.header.click()
        return group.editors[qid]

    @property
    def offered(self) -> list[str]:
        return [q.id for g in self.groups.values() for q in g.questions]

    def set_filter(self, text: str) -> None:
        needle = text.strip()
        self.filtering = bool(needle)
        found = sum(g.filter(needle) for g in self.groups.values())
        self.no_match.setText(tr("ui.whatif_no_match", self.lang, text=needle))
        self.no_match.setVisible(not found)

    def _edited(self, qid: str, raw: object) -> None:
        self.draft.set(qid, raw)
        self._update()

    def _rebuild(self, keep: dict[str, Any]) -> None:
        """Start again from the saved answers and replay ``keep`` (what was typed, valid or not)."""
        self.draft = self._fresh_draft()
        for qid, raw in keep.items():
            self.draft.set(qid, raw)
        for qid, ed in self.editors.items():
            ed.set_value(self.draft.shown(qid))
        self._update()

    def undo(self, qid: str) -> None:
        """Back to the saved answer for one question; the other changes stay."""
        saved = self.saved.answers
        self._rebuild({k: self.draft.shown(k) for k in self.offered
                       if k != qid and self.draft.shown(k) != saved.get(k)})

    def reset(self) -> None:
        """Back to the saved answers (a new copy; the store was never touched)."""
        self._rebuild({})

    # -- the result ---------------------------------------------------------------------------------

    def _update(self) -> None:
        self.result = self.evaluator(self.draft.answers)
        saved = self.saved.answers
        for qid, ed in self.editors.items():
            ed.set_error(self.draft.error(qid))
            set_prop(ed.label, "changed", self.draft.answers.get(qid) != saved.get(qid))  # a figure moved
        for g in self.groups.values():
            g.relayout()  # a conditional question may appear or go
        shifts = tier_shifts(self.baseline, self.result, self.lang)
        for row, s in enumerate(shifts, start=1):
            self._show_row(row, s)
        moved = [f"{s.title} — {m}" for s in shifts for m in s.moved]
        self.moved.setText("\n".join([tr("ui.whatif_moved", self.lang), *moved]) if moved else "")
        self.moved.setVisible(bool(moved))
        self._show_answers()

    def _show_row(self, row: int, s: TierShift) -> None:
        if s.id not in self.cells:
            self.cells[s.id] = [_label("", f"whatif_{s.id}_{part}")
                                for part in ("title", "status", "conditions", "points")]
            for col, cell in enumerate(self.cells[s.id]):
                self.grid.addWidget(cell, row, col)
        title, status, conditions, points = self.cells[s.id]
        title.setText(s.title)
        set_prop(title, "cell", True)
        set_role(title, "strong" if s.changed else "")
        set_status(status, s.colour)  # beside the status word itself
        for cell, value in ((status, s.status), (conditions, s.conditions), (points, s.points)):
            cell.setText(value.text)
            set_prop(cell, "cell", True)
            set_prop(cell, "changed", value.changed)
        status.setAccessibleName(f"{s.title}: {s.status.text}")

    def _show_answers(self) -> None:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        changes = answer_changes(self.qn, self.saved.answers, self.draft.answers, self.lang)
        if not changes:
            lay.addWidget(_label(tr("ui.whatif_no_answers", self.lang), "whatif_no_answers", "empty"))
        for qid, text in changes:
            row = QHBoxLayout()
            row.addWidget(_label(text, f"whatif_change_{qid}"), 1)
            undo = QToolButton()
            undo.setObjectName(f"whatif_undo_{qid}")
            undo.setText(literal(tr("ui.whatif_undo", self.lang)))
            undo.setAccessibleName(tr("ui.whatif_undo_name", self.lang, label=pick(self.qn[qid].label, self.lang)))
            undo.clicked.connect(lambda _c=False, q=qid: self.undo(q))
            row.addWidget(undo, 0, Qt.AlignmentFlag.AlignTop)
            lay.addLayout(row)
        lay.addStretch(1)
        old = self.answers_area.takeWidget()
        if old is not None:
            old.deleteLater()  # later: an Undo button of the old list may be the sender of this update
        self.answers_area.setWidget(box)

    def changed_answers(self) -> list[str]:
        """The ids whose what-if answer differs from the saved one (for tests and the list)."""
        return [qid for qid, _ in answer_changes(self.qn, self.saved.answers, self.draft.answers, self.lang)]

    def status_text(self, tid: str) -> str:
        """The tier's status cell as shown ('暂不符合 → 符合', or just '符合' when unchanged)."""
        return self.cells[tid][1].text()

    def cell_text(self, tid: str, part: str) -> str:
        names = ("title", "status", "conditions", "points")
        return self.cells[tid][names.index(part)].text()
