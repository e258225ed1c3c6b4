"""Results of one assessment: the ladder and the conclusion above the tabs; tier cards with the gap,
score profile and diagnosis, the roadmap in three columns, and a what-if panel. Export PDF from here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from srdi_desktop.core.assessment import Assessment
from srdi_desktop.core.chart_data import mode_position, radar_points
from srdi_desktop.core.evaluation import Evaluation
from srdi_desktop.core.i18n import tr
from srdi_desktop.core.ladder import rungs, summaries
from srdi_desktop.core.present import labelled, present, semicolons

from .charts import ModeQuadrant, RadarChart
from .icons import icon
from .ladder import LadderBar
from .roadmap import RoadmapColumns
from .style import set_prop, set_role
from .text import literal
from .tier_cards import TierCards
from .whatif import WhatIfPanel
from .window_size import fit_to_screen

if TYPE_CHECKING:
    from srdi_desktop.core.content import Content

SETTINGS_GEOMETRY = "ui/results_geometry"
Evaluator = Callable[[dict[str, Any]], Evaluation]


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class ResultsWindow(QMainWindow):
    def __init__(self, content: Content, assessment: Assessment, ev: Evaluation, lang: str,
                 evaluator: Evaluator, on_export: Callable[[], Path | None],
                 on_edit: Callable[[], object] | None = None, parent: QWidget | None = None,
                 on_evidence: Callable[[], object] | None = None, demo: bool = False):
        """``demo``: the bundled example firm, shown read-only (nothing is stored)."""
        super().__init__(parent)
        self.demo = demo
        self.content, self.assessment, self.ev = content, assessment, ev
        self.evaluator, self.on_export, self.on_edit = evaluator, on_export, on_edit
        self.on_evidence = on_evidence
        self.setObjectName("results_window")
        geometry = QSettings().value(SETTINGS_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:  # roomy, but never beyond the screen less its taskbar (a 1366×768 laptop: 1366×728)
            fit_to_screen(self, QSize(1280, 800))
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        """Build (or rebuild) every view in ``lang``; the what-if copy starts again from the saved answers."""
        self.lang = lang
        qn, ev, a = self.content.questionnaire, self.ev, self.assessment
        self.view = present(ev, qn, lang)
        firm = a.firm_name or tr("home.unnamed", lang)
        demo = f" — {tr('demo.title', lang)}" if self.demo else ""
        self.setWindowTitle(f"{tr('ui.results', lang)} — {firm}{demo}")
        central = QWidget()
        lay = QVBoxLayout(central)
        top = QHBoxLayout()
        head = QLabel(tr("ui.results_head", lang, firm=firm, date=a.assessed_on.isoformat(),
                         criteria=self.view.criteria_title))
        head.setObjectName("results_head")
        head.setTextFormat(Qt.TextFormat.PlainText)  # the firm's name is the user's text, never markup
        head.setWordWrap(True)
        set_role(head, "title")
        top.addWidget(head, 1)
        self.evidence_button = QPushButton(literal(tr("ev.open", lang)))  # the checklist (ui/evidence_view.py)
        self.evidence_button.setObjectName("open_evidence")
        self.evidence_button.setToolTip(tr("ev.title", lang))
        self.evidence_button.setVisible(self.on_evidence is not None)
        self.evidence_button.clicked.connect(lambda _c=False: self.on_evidence and self.on_evidence())
        top.addWidget(self.evidence_button)
        self.edit_button = QPushButton(icon("pencil"), literal(tr("ui.edit_answers", lang)))
        self.edit_button.setObjectName("edit_answers")
        self.edit_button.setToolTip(tr("tip.edit", lang))
        self.edit_button.setVisible(self.on_edit is not None)
        self.edit_button.clicked.connect(lambda _c=False: self._edit())
        top.addWidget(self.edit_button)
        self.export_button = QPushButton(icon("file-export", "on_accent"), literal(tr("ui.export_pdf", lang)))
        self.export_button.setObjectName("export_pdf")
        set_prop(self.export_button, "primary", True)  # the one thing to do here: take the roadmap away
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))
        self.export_button.setToolTip(tr("tip.export_pdf", lang))
        self.export_button.setAccessibleDescription(tr("tip.export_pdf", lang))
        self.export_button.clicked.connect(lambda _c=False: self.on_export())
        top.addWidget(self.export_button)
        lay.addLayout(top)
        if self.demo:
            banner = QLabel(tr("demo.banner", lang))
            banner.setObjectName("demo_banner")
            banner.setWordWrap(True)
            set_role(banner, "help")
            lay.addWidget(banner)
        # The ladder and the conclusion first: what the firm can apply for now, the plan to the next tier,
        # the top actions.
        self.ladder = LadderBar(rungs(summaries(ev)), lang)
        lay.addWidget(self.ladder)
        box = QFrame()
        box.setObjectName("conclusion_box")
        box_lay = QVBoxLayout(box)
        self.conclusion = QLabel("\n".join(self.view.conclusion))
        self.conclusion.setObjectName("conclusion")
        self.conclusion.setTextFormat(Qt.TextFormat.PlainText)
        self.conclusion.setWordWrap(True)
        self.conclusion.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conclusion.setAccessibleName(tr("ui.conclusion", lang))
        box_lay.addWidget(self.conclusion)
        lay.addWidget(box)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("results_tabs")
        self.tier_cards = TierCards(ev, qn, lang)
        self.tabs.addTab(_scrolled(self.tier_cards), literal(tr("ui.tab_tiers", lang)))
        self.tabs.addTab(_scrolled(self._profile()), literal(tr("ui.tab_profile", lang)))
        self.roadmap = RoadmapColumns(self.view)
        self.tabs.addTab(self.roadmap, literal(tr("ui.tab_roadmap", lang)))
        self.whatif = WhatIfPanel(self.content, a, self.evaluator, lang)
        self.tabs.addTab(self.whatif, literal(tr("ui.tab_whatif", lang)))
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _edit(self) -> None:
        self.close()
        if self.on_edit is not None:  # the button shows only when there is one
            self.on_edit()

    def _profile(self) -> QWidget:
        """Radar on a fixed scale, size / digital level / mode, the mode quadrant and the constraints."""
        lang, ev, view = self.lang, self.ev, self.view
        w = QWidget()
        lay = QVBoxLayout(w)
        charts = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._heading(tr("r.radar", lang)))
        points = radar_points(ev, lang)
        if points:
            left.addWidget(RadarChart(points), 1)
            left.addWidget(self._text(tr("r.radar_note", lang), "help"))
        else:  # say what would fill it
            left.addWidget(self._text(tr("r.radar_empty", lang), "empty"), 1)
        charts.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(self._heading(tr("r.diagnosis", lang)))
        signals = ev.mode_detail.signals
        axes = {k: tr("r.axis_" + k, lang) for k in ("technology", "market", "safety", "efficiency")}
        right.addWidget(ModeQuadrant(view.mode_titles, axes, ev.mode, mode_position(signals, ev.mode)))
        right.addWidget(self._text(tr("r.mode_signals", lang, **signals), "help"))
        if view.mode_evidence:
            right.addWidget(self._text(labelled(tr("r.mode_evidence", lang), semicolons(view.mode_evidence, lang),
                                                lang), "help"))
        charts.addLayout(right, 2)
        lay.addLayout(charts)
        for line in view.key_facts:
            lay.addWidget(self._text(line))
        if view.mode_heading is not None:
            lay.addWidget(self._text(view.mode_text))
        for items, key in ((view.constraints, "r.constraints"), (view.warnings, "r.warnings")):
            if items:
                lay.addWidget(self._heading(tr(key, lang)))
                for f in items:
                    lay.addWidget(self._text(f"• {f.title} — {f.text}"))
        lay.addStretch(1)
        return w

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        set_role(label, "heading")
        return label

    @staticmethod
    def _text(text: str, role: str = "") -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        if role:
            set_role(label, role)
        return label

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        QSettings().setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        super().closeEvent(event)
