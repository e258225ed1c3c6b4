"""A card per tier: each condition met / not met / unknown with the firm's value and the threshold,
then the smallest changes that would pass (the gap)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout, QWidget

from srdi_desktop.core.evaluation import Evaluation
from srdi_desktop.core.i18n import tr
from srdi_desktop.core.present import TierRow, no_gap_text, present
from srdi_desktop.core.questionnaire import Questionnaire

from .style import set_prop
from .text import label as _label


class TierCard(QFrame):
    def __init__(self, tier: TierRow, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        tid = tier.id
        self.setObjectName(f"card_{tid}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        set_prop(self, "card", True)
        lay = QVBoxLayout(self)
        title = _label(tier.title, f"card_{tid}_title", "heading")
        lay.addWidget(title)
        self.status = _label(tier.status_text, f"card_{tid}_status", status=tier.status)
        lay.addWidget(self.status)
        lay.addWidget(_label(tier.summary, f"card_{tid}_summary", "help"))
        if tier.note:
            lay.addWidget(_label(tier.note, role="help"))
        if tier.edges:  # a value exactly on a band edge: the points under both readings
            lay.addWidget(_label("\n".join(tier.edges), f"edges_{tid}", "warn"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        for col, key in enumerate(("r.status", "r.condition", "r.value", "r.threshold")):
            grid.addWidget(_label(tr(key, lang), role="strong", wrap=False), 0, col)
        for row, c in enumerate(tier.conditions, 1):
            mark = _label(c.status_text, f"cond_{tid}_{c.id}", wrap=False, status=c.status)
            name = _label(c.title)
            name.setToolTip(c.source)
            grid.addWidget(mark, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(_label(c.value), row, 2)
            grid.addWidget(_label(c.threshold), row, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)
        lay.addLayout(grid)
        if tier.plan:
            lay.addWidget(_label(tr("r.plan", lang), role="heading"))
            lay.addWidget(_label("\n".join(tier.plan), f"plan_{tid}"))
        if tier.status != "met" and (tier.gaps or not tier.plan):  # an eligible tier has no gap to close
            lay.addWidget(_label(tr("r.gap", lang), role="heading"))
        if not tier.gaps and not tier.plan:
            lay.addWidget(_label(no_gap_text(tier.status, lang)))
        for g in tier.gaps:
            lay.addWidget(_label("• " + g.title + "\n" + "\n".join("   " + x for x in g.lines),
                                 f"gap_{tid}_{g.condition}"))


class TierCards(QWidget):
    """All tiers of one evaluation, one card each."""

    def __init__(self, ev: Evaluation, qn: Questionnaire, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tier_cards")
        lay = QVBoxLayout(self)
        self.cards = {t.id: TierCard(t, lang) for t in present(ev, qn, lang).tiers}
        for card in self.cards.values():
            lay.addWidget(card)
        lay.addStretch(1)
