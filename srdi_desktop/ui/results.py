"""Results of one assessment: tier cards with the gap, score profile and diagnosis, the roadmap by
horizon, and a what-if panel. Export PDF from here."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from srdi_desktop.core.assessment import Assessment
from srdi_desktop.core.chart_data import mode_position, radar_points
from srdi_desktop.core.describe import action_meta, actions_by_horizon, benchmark_line, key_facts
from srdi_desktop.core.i18n import pick, tr

from .charts import ModeQuadrant, RadarChart
from .tier_cards import TierCards
from .whatif import WhatIfPanel

if TYPE_CHECKING:
    from srdi_desktop.core.content import Content

SETTINGS_GEOMETRY = "ui/results_geometry"
Evaluator = Callable[[dict[str, Any]], dict[str, Any]]


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


def roadmap_html(ev: dict[str, Any], content: Content, lang: str) -> str:
    """The actions by horizon as simple HTML; every text from answers or rules is escaped."""
    parts = []
    for hz, items in actions_by_horizon(ev):
        parts.append(f"<h2>{escape(tr('hz.' + hz, lang))}</h2>")
        if not items:
            parts.append(f"<p>{escape(tr('r.no_actions', lang))}</p>")
        for f in items:
            parts.append(f"<h3>{escape(pick(f['title'], lang))}</h3>"
                         f"<p style='color:#52606d'>{escape(action_meta(f, content.paths, lang))}</p>"
                         f"<p>{escape(pick(f['finding'], lang))}</p>")
            if f["steps"]:
                parts.append("<ol>" + "".join(f"<li>{escape(pick(s, lang))}</li>" for s in f["steps"]) + "</ol>")
            if f["benchmark"]:
                parts.append(f"<p style='color:#52606d'>{escape(benchmark_line(f['benchmark'], lang))}</p>")
    return "".join(parts)


class ResultsWindow(QMainWindow):
    def __init__(self, content: Content, assessment: Assessment, ev: dict[str, Any], lang: str,
                 evaluator: Evaluator, on_export: Callable[[], Path | None],
                 on_edit: Callable[[], object] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.content, self.assessment, self.ev = content, assessment, ev
        self.evaluator, self.on_export, self.on_edit = evaluator, on_export, on_edit
        self.setObjectName("results_window")
        geometry = QSettings().value(SETTINGS_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        """Build (or rebuild) every view in ``lang``; the what-if copy starts again from the saved answers."""
        self.lang = lang
        qn, ev, a = self.content.questionnaire, self.ev, self.assessment
        firm = a.firm_name or tr("home.unnamed", lang)
        self.setWindowTitle(f"{tr('ui.results', lang)} — {firm}")
        central = QWidget()
        lay = QVBoxLayout(central)
        top = QHBoxLayout()
        head = QLabel(tr("ui.results_head", lang, firm=firm, date=a.assessed_on.isoformat(),
                         criteria=pick(ev["criteria"]["title"], lang)))
        head.setObjectName("results_head")
        head.setTextFormat(Qt.TextFormat.PlainText)  # the firm's name is the user's text, never markup
        head.setWordWrap(True)
        head.setStyleSheet("font-size: 15px; font-weight: bold;")
        top.addWidget(head, 1)
        self.export_button = QPushButton(tr("ui.export_pdf", lang))
        self.export_button.setObjectName("export_pdf")
        self.export_button.clicked.connect(lambda _c=False: self.on_export())
        top.addWidget(self.export_button)
        self.edit_button = QPushButton(tr("ui.edit_answers", lang))
        self.edit_button.setObjectName("edit_answers")
        self.edit_button.setVisible(self.on_edit is not None)
        self.edit_button.clicked.connect(lambda _c=False: self._edit())
        top.addWidget(self.edit_button)
        lay.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("results_tabs")
        self.tier_cards = TierCards(ev, qn, lang)
        self.tabs.addTab(_scrolled(self.tier_cards), tr("ui.tab_tiers", lang))
        self.tabs.addTab(_scrolled(self._profile()), tr("ui.tab_profile", lang))
        self.roadmap = QTextBrowser()
        self.roadmap.setObjectName("roadmap")
        self.roadmap.setHtml(roadmap_html(ev, self.content, lang))
        self.tabs.addTab(self.roadmap, tr("ui.tab_roadmap", lang))
        self.whatif = WhatIfPanel(qn, a, self.evaluator, lang)
        self.tabs.addTab(self.whatif, tr("ui.tab_whatif", lang))
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _edit(self) -> None:
        self.close()
        self.on_edit()

    def _profile(self) -> QWidget:
        """Radar on a fixed scale, size / digital level / mode, the mode quadrant and the constraints."""
        lang, ev = self.lang, self.ev
        w = QWidget()
        lay = QVBoxLayout(w)
        charts = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._heading(tr("r.radar", lang)))
        left.addWidget(RadarChart(radar_points(ev, lang)), 1)
        left.addWidget(self._text(tr("r.radar_note", lang), "color: #52606d;"))
        charts.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(self._heading(tr("r.diagnosis", lang)))
        detail = ev["mode_detail"]
        titles = {mid: pick(m.title, lang) for mid, m in self.content.measures.modes.modes.items()}
        axes = {k: tr("r.axis_" + k, lang) for k in ("technology", "market", "safety", "efficiency")}
        right.addWidget(ModeQuadrant(titles, axes, ev.get("mode"), mode_position(detail["signals"], ev.get("mode"))))
        right.addWidget(self._text(tr("r.mode_signals", lang, **detail["signals"]), "color: #52606d;"))
        charts.addLayout(right, 2)
        lay.addLayout(charts)
        for line in key_facts(ev, self.content.questionnaire, lang):
            lay.addWidget(self._text(line))
        if ev.get("mode"):
            lay.addWidget(self._text(pick(detail["text"], lang)))
        for kind, key in (("diagnostic", "r.constraints"), ("consistency", "r.warnings")):
            items = [f for f in ev["findings"] if f["kind"] == kind]
            if items:
                lay.addWidget(self._heading(tr(key, lang)))
                for f in items:
                    lay.addWidget(self._text(f"• {pick(f['title'], lang)} — {pick(f['finding'], lang)}"))
        lay.addStretch(1)
        return w

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet("font-size: 14px; font-weight: bold; margin-top: 6px;")
        return label

    @staticmethod
    def _text(text: str, style: str = "") -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        if style:
            label.setStyleSheet(style)
        return label

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        QSettings().setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        super().closeEvent(event)
