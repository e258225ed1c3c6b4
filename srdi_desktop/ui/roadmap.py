"""The roadmap to scan: three columns (0–6 / 6–18 / 18–36 months) of action cards, in the PDF's order
(core.present's roadmap). A card shows the title, priority, effort and the condition it closes; a click
unfolds the finding, the steps, the documents that prove it, the basis and the benchmark."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget

from srdi_desktop.core.i18n import tr
from srdi_desktop.core.present import ActionBlock, HorizonBlock, Presentation, labelled

from .icons import icon
from .style import set_prop, spacing
from .text import label as _label


class ActionCard(QFrame):
    def __init__(self, a: ActionBlock, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.setObjectName(f"action_{a.id}")
        set_prop(self, "card", True)
        lay = QVBoxLayout(self)
        lay.setSpacing(spacing("s"))
        self.title = _label(a.title, f"action_{a.id}_title", "strong")
        lay.addWidget(self.title)
        facts = f'{tr("r.priority", lang)} {a.priority} · {tr("r.effort", lang)} {tr("effort." + a.effort, lang)}'
        lay.addWidget(_label(facts, f"action_{a.id}_facts", "help"))
        if a.closes:
            lay.addWidget(_label(labelled(tr("rm.closes", lang), a.closes, lang), f"action_{a.id}_closes"))
        self.toggle = QToolButton()
        self.toggle.setObjectName(f"action_{a.id}_toggle")
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.toggled.connect(self.set_open)
        lay.addWidget(self.toggle)
        self.details = QWidget()
        self.details.setObjectName(f"action_{a.id}_details")
        d = QVBoxLayout(self.details)
        d.setContentsMargins(0, 0, 0, 0)
        d.addWidget(_label(a.text))
        if a.steps:
            d.addWidget(_label(tr("rm.steps", lang), role="strong"))
            d.addWidget(_label("\n".join(f"{i}. {s}" for i, s in enumerate(a.steps, 1)), f"action_{a.id}_steps"))
        if a.documents:  # what will prove the gap closed (rules/evidence.yaml), as in the PDF
            d.addWidget(_label(a.documents, f"action_{a.id}_documents", "note"))
        d.addWidget(_label(a.meta, f"action_{a.id}_basis", "note"))  # priority · effort · path · basis
        if a.benchmark:
            d.addWidget(_label(a.benchmark, role="note"))
        lay.addWidget(self.details)
        self.set_open(False)

    def set_open(self, on: bool) -> None:
        self.details.setVisible(on)
        self.toggle.setText(tr("rm.show_less" if on else "rm.show_more", self.lang))
        self.toggle.setIcon(icon("chevron-down" if on else "chevron-right"))
        self.toggle.setAccessibleName(self.toggle.text())


class HorizonColumn(QFrame):
    def __init__(self, h: HorizonBlock, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"horizon_{h.horizon}")
        set_prop(self, "column", True)
        lay = QVBoxLayout(self)
        lay.addWidget(_label(h.title, f"horizon_{h.horizon}_title", "heading"))
        self.cards = [ActionCard(a, lang) for a in h.actions]
        for card in self.cards:
            lay.addWidget(card)
        if not self.cards:  # say what would fill it
            lay.addWidget(_label(tr("rm.empty", lang), f"horizon_{h.horizon}_empty", "empty"))
        lay.addStretch(1)


class RoadmapColumns(QWidget):
    """The whole roadmap: one column per horizon, nearest first; the page scrolls as one."""

    def __init__(self, view: Presentation, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("roadmap")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setSpacing(spacing("l"))
        self.columns = [HorizonColumn(h, view.lang) for h in view.roadmap]
        for col in self.columns:
            row.addWidget(col, 1, Qt.AlignmentFlag.AlignTop)
        area.setWidget(body)
        outer.addWidget(area)

    def texts(self) -> list[str]:
        """Every text in the columns, folded or not, in reading order."""
        return [w.text() for col in self.columns for w in col.findChildren(QLabel)]

    def card_titles(self) -> list[list[str]]:
        """The action titles per column, in order (what the PDF lists under each horizon)."""
        return [[c.title.text() for c in col.cards] for col in self.columns]
