"""What if: change any figure and see the tiers at once. Works on a copy; the saved answers never change."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from srdi_desktop.core.assessment import Assessment
from srdi_desktop.core.compare import change_line, tier_changes
from srdi_desktop.core.draft import Draft
from srdi_desktop.core.evaluation import Evaluation
from srdi_desktop.core.i18n import pick, tr
from srdi_desktop.core.questionnaire import Questionnaire

from .question_editor import QuestionEditor
from .tier_panel import TierPanel

Evaluator = Callable[[dict[str, Any]], Evaluation]


class WhatIfPanel(QWidget):
    def __init__(self, qn: Questionnaire, saved: Assessment, evaluator: Evaluator, lang: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.qn, self.saved, self.evaluator, self.lang = qn, saved, evaluator, lang
        self.setObjectName("whatif")
        self.baseline = evaluator(saved.answers)
        # A Draft over a copy: the same validation as the wizard, and nothing is ever saved.
        self.draft = Draft(qn, copy.deepcopy(saved), on_saved=None, lang=lang)
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        hint = QLabel(tr("ui.whatif_hint", lang))
        hint.setWordWrap(True)
        left.addWidget(hint)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        form = QVBoxLayout(body)
        self.editors: dict[str, QuestionEditor] = {}
        for section in qn.sections:
            figures = [q for q in section.questions if q.numeric]
            if not figures:
                continue
            box = QGroupBox(pick(section.title, lang))
            lay = QVBoxLayout(box)
            for q in figures:
                ed = QuestionEditor(q, lang, self.draft.shown(q.id))
                ed.setObjectName(f"whatif_{q.id}")
                ed.help.setVisible(False)  # the figures, compactly; the wizard has the explanations
                ed.edited.connect(self._edited)
                lay.addWidget(ed)
                self.editors[q.id] = ed
            form.addWidget(box)
        form.addStretch(1)
        scroll.setWidget(body)
        left.addWidget(scroll, 1)
        self.reset_button = QPushButton(tr("ui.whatif_reset", lang))
        self.reset_button.setObjectName("whatif_reset")
        self.reset_button.clicked.connect(self.reset)
        left.addWidget(self.reset_button)
        outer.addLayout(left, 3)
        right = QVBoxLayout()
        self.panel = TierPanel(lang, tr("ui.whatif_result", lang))
        right.addWidget(self.panel)
        self.changes = QLabel()
        self.changes.setObjectName("whatif_changes")
        self.changes.setWordWrap(True)
        self.changes.setTextFormat(Qt.TextFormat.PlainText)
        right.addWidget(self.changes)
        right.addStretch(1)
        outer.addLayout(right, 2)
        self.result = self.baseline
        self._update()

    def _edited(self, qid: str, raw: object) -> None:
        self.draft.set(qid, raw)
        self.editors[qid].set_error(self.draft.error(qid))
        self._update()

    def _update(self) -> None:
        self.result = self.evaluator(self.draft.answers)
        self.panel.show_result(self.result)
        moved = [c for c in tier_changes(self.baseline, self.result) if c.changed]
        lines = [tr("ui.whatif_changes", self.lang)] if moved else [tr("ui.whatif_same", self.lang)]
        lines += [change_line(c, self.lang) for c in moved]
        self.changes.setText("\n".join(lines))

    def reset(self) -> None:
        """Back to the saved answers (rebuilding the copy; the store was never touched)."""
        self.draft = Draft(self.qn, copy.deepcopy(self.saved), on_saved=None, lang=self.lang)
        for qid, ed in self.editors.items():
            ed.set_value(self.draft.shown(qid))
            ed.set_error(None)
        self._update()
