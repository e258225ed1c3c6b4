"""A card per tier: each condition met / not met / unknown with the firm's value and the threshold,
then the smallest changes that would pass (the gap)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from srdi_desktop.core.describe import TIER_STATUS_KEY, TIER_STATUS_TO_CONDITION, gap_lines, threshold_text, value_text
from srdi_desktop.core.i18n import pick, tr
from srdi_desktop.core.questionnaire import Questionnaire

from .tier_panel import status_style, tier_summary


def _label(text: str, name: str = "", style: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # values can carry the user's text: never markup
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    if style:
        label.setStyleSheet(style)
    return label


class TierCard(QFrame):
    def __init__(self, tid: str, tier: dict[str, Any], qn: Questionnaire, indicator_titles: dict[str, dict],
                 lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"card_{tid}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        title = _label(pick(tier["title"], lang), f"card_{tid}_title", "font-size: 15px; font-weight: bold;")
        lay.addWidget(title)
        self.status = _label(tr(TIER_STATUS_KEY[tier["status"]], lang), f"card_{tid}_status",
                             status_style(TIER_STATUS_TO_CONDITION[tier["status"]]))
        lay.addWidget(self.status)
        lay.addWidget(_label(tier_summary(tier, lang), f"card_{tid}_summary", "color: #52606d;"))
        if tier.get("note"):
            lay.addWidget(_label(pick(tier["note"], lang), style="color: #52606d;"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        for col, key in enumerate(("r.status", "r.condition", "r.value", "r.threshold")):
            grid.addWidget(_label(tr(key, lang), style="font-weight: bold;", wrap=False), 0, col)
        for row, c in enumerate(tier["conditions"], 1):
            mark = _label(tr(f"s.{c['status']}", lang), f"cond_{tid}_{c['id']}", status_style(c["status"]), False)
            name = _label(pick(c["title"], lang))
            name.setToolTip(f'{c["source"]} · {tr("r.confidence", lang)} {tr("conf." + c["confidence"], lang)}')
            grid.addWidget(mark, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(_label(value_text(c, qn, lang)), row, 2)
            grid.addWidget(_label(threshold_text(c, lang)), row, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)
        lay.addLayout(grid)
        lay.addWidget(_label(tr("r.gap", lang), style="font-weight: bold; margin-top: 6px;"))
        if not tier["gap"]:
            lay.addWidget(_label(tr("r.no_gap", lang)))
        for g in tier["gap"]:
            lines = gap_lines(g, qn, lang, indicator_titles)
            lay.addWidget(_label("• " + pick(g["title"], lang) + "\n" + "\n".join("   " + x for x in lines),
                                 f"gap_{tid}_{g['condition']}"))


class TierCards(QWidget):
    """All tiers of one evaluation, one card each."""

    def __init__(self, ev: dict[str, Any], qn: Questionnaire, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tier_cards")
        lay = QVBoxLayout(self)
        titles = {i["id"]: i["title"] for card in ev["scorecards"].values() for i in card["indicators"]}
        self.cards = {tid: TierCard(tid, tier, qn, titles, lang) for tid, tier in ev["tiers"].items()}
        for card in self.cards.values():
            lay.addWidget(card)
        lay.addStretch(1)
