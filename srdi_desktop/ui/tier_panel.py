"""Each tier's status and points at a glance; the wizard's live side panel and the what-if view use it."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from srdi_desktop.core.evaluation import Evaluation
from srdi_desktop.core.i18n import pick
from srdi_desktop.core.present import status_text, tier_summary

from .style import set_role, set_status


class TierPanel(QWidget):
    """One block per tier: title, status, conditions met and points. ``show_result`` refreshes it."""

    def __init__(self, lang: str, heading: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.setObjectName("tier_panel")
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(8, 8, 8, 8)
        self.heading = QLabel(heading)
        self.heading.setObjectName("tier_panel_heading")
        self.heading.setWordWrap(True)
        set_role(self.heading, "strong")
        self._lay.addWidget(self.heading)
        self._blocks: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        self._lay.addStretch(1)

    def _block(self, tid: str) -> tuple[QLabel, QLabel, QLabel]:
        if tid not in self._blocks:
            frame = QFrame()
            frame.setObjectName(f"tier_{tid}")
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            lay = QVBoxLayout(frame)
            lay.setContentsMargins(8, 6, 8, 6)
            labels = (QLabel(), QLabel(), QLabel())
            for name, label in zip(("title", "status", "detail"), labels, strict=True):
                label.setObjectName(f"tier_{tid}_{name}")
                label.setWordWrap(True)
                lay.addWidget(label)
            self._lay.insertWidget(self._lay.count() - 1, frame)
            self._blocks[tid] = labels
        return self._blocks[tid]

    def show_result(self, ev: Evaluation) -> None:
        # Only the three short lines per tier: wording the gaps too (present()) would slow every keystroke.
        for tier in ev.tiers:
            title, status, detail = self._block(tier.id)
            title.setText(pick(tier.title, self.lang))
            status.setText(status_text(tier.status, self.lang))
            set_status(status, tier.condition_status)  # review: an expert decides, neither green nor red
            detail.setText(tier_summary(tier, self.lang))
            status.setAccessibleName(f"{pick(tier.title, self.lang)}: {status.text()}")

    def status_text(self, tid: str) -> str:
        return self._blocks[tid][1].text()
