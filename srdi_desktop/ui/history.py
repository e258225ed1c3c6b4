"""All assessments of one firm, and any two side by side: tier changes and per-section deltas."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from srdi_desktop.core.compare import delta_label, delta_text, section_deltas, tier_changes
from srdi_desktop.core.format import fmt_number, fmt_value, unit_of
from srdi_desktop.core.i18n import pick, tr
from srdi_desktop.core.present import status_text
from srdi_desktop.storage.store import AssessmentStore, Record

from .assessment_list import badges
from .style import set_role
from .text import literal
from .window_size import fit_to_screen

if TYPE_CHECKING:
    from srdi_desktop.core.content import Content
    from srdi_desktop.core.evaluation import Evaluation


def _table(headers: list[str], rows: list[list[str]], name: str, stretch: int = 0) -> QTableWidget:
    t = QTableWidget(len(rows), len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            t.setItem(i, j, QTableWidgetItem(text))
    for j in range(len(headers)):
        t.horizontalHeader().setSectionResizeMode(j, QHeaderView.ResizeMode.Stretch if j == stretch
                                                  else QHeaderView.ResizeMode.ResizeToContents)
    return t


class HistoryWindow(QMainWindow):
    """``result_of`` gives a record's evaluation: the frozen result of a final one, else a fresh one."""

    def __init__(self, store: AssessmentStore, content: Content, key: str, lang: str,
                 result_of: Callable[[Record], Evaluation], parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.content, self.key, self.result_of = store, content, key, result_of
        self.setObjectName("history_window")
        fit_to_screen(self, QSize(1280, 800))
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.rows = self.store.history(self.key)
        firm = self.rows[-1]["firm_name"] if self.rows else self.key
        self.setWindowTitle(f"{tr('ui.history', lang)} — {firm}")
        central = QWidget()
        lay = QVBoxLayout(central)
        head = QLabel(tr("ui.history_head", lang, firm=firm, n=len(self.rows)))
        head.setTextFormat(Qt.TextFormat.PlainText)
        set_role(head, "title")
        lay.addWidget(head)
        status = {"final": tr("home.final", lang), "draft": tr("home.draft", lang)}
        def year(r: dict[str, Any]) -> str:
            return tr("ui.fiscal_year_item", lang, year=r["fiscal_year"])

        listing = [[r["assessed_on"], year(r), status[r["status"]], badges(r.get("final_tiers") or "", lang)]
                   for r in self.rows]
        self.list = _table([tr("home.col_date", lang), tr("asmt.fiscal_year", lang), tr("home.col_status", lang),
                            tr("home.col_tiers", lang)], listing, "history_list", stretch=3)
        self.list.setMaximumHeight(180)
        lay.addWidget(self.list)
        pick_row = QHBoxLayout()
        self.before, self.after = QComboBox(), QComboBox()
        for name, box, text in (("compare_before", self.before, "ui.compare_before"),
                                ("compare_after", self.after, "ui.compare_after")):
            box.setObjectName(name)
            box.setAccessibleName(tr(text, lang))
            for r in self.rows:
                box.addItem(f"{r['assessed_on']} · {year(r)} · {status[r['status']]}", r["id"])
            label = QLabel(literal(tr(text, lang)))  # with a buddy: "&" would be a shortcut
            label.setBuddy(box)
            pick_row.addWidget(label)
            pick_row.addWidget(box, 1)
        lay.addLayout(pick_row)
        self.single = QLabel(tr("ui.history_single", lang))  # one assessment: say what would fill the comparison
        self.single.setObjectName("history_single")
        self.single.setWordWrap(True)
        set_role(self.single, "empty")
        self.single.setVisible(len(self.rows) < 2)
        lay.addWidget(self.single)
        for i in range(pick_row.count()):
            item = pick_row.itemAt(i)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setVisible(len(self.rows) >= 2)
        self.compare_area = QVBoxLayout()
        lay.addLayout(self.compare_area, 1)
        self.setCentralWidget(central)
        self.before.setCurrentIndex(max(0, len(self.rows) - 2))
        self.after.setCurrentIndex(max(0, len(self.rows) - 1))
        self.before.currentIndexChanged.connect(lambda _i: self.compare())
        self.after.currentIndexChanged.connect(lambda _i: self.compare())
        self.compare()

    def compare(self) -> None:
        """Fill the tier-change table and the per-section tree for the two chosen assessments."""
        while self.compare_area.count():
            item = self.compare_area.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if len(self.rows) < 2:
            return  # nothing to compare yet (the window says so)
        lang, qn = self.lang, self.content.questionnaire
        a, b = self.store.load(self.before.currentData()), self.store.load(self.after.currentData())
        ev_a, ev_b = self.result_of(a), self.result_of(b)

        def score(v: float | None) -> str:
            return "—" if v is None else fmt_number(v)

        rows = [[pick(c.title, lang), status_text(c.before, lang), status_text(c.after, lang),
                 f"{score(c.score_before)} → {score(c.score_after)}", "*" if c.changed else ""]
                for c in tier_changes(ev_a, ev_b)]
        self.tiers = _table([tr("r.tier", lang), tr("ui.compare_before", lang), tr("ui.compare_after", lang),
                             tr("r.score", lang), tr("r.change", lang)], rows, "tier_changes")
        self.tiers.setMaximumHeight(40 + 32 * len(rows))
        self.compare_area.addWidget(self.tiers)
        if ev_a.criteria.id != ev_b.criteria.id:  # e.g. 2022 rules then 2026 rules
            note = QLabel(tr("ui.criteria_differ", lang, before=pick(ev_a.criteria.title, lang),
                             after=pick(ev_b.criteria.title, lang)))
            note.setObjectName("criteria_differ")
            note.setWordWrap(True)
            set_role(note, "warn")
            self.compare_area.addWidget(note)
        self.tree = QTreeWidget()
        self.tree.setObjectName("section_deltas")
        self.tree.setHeaderLabels([tr("r.figure", lang), tr("ui.compare_before", lang), tr("ui.compare_after", lang),
                                   tr("r.change", lang)])
        for d in section_deltas(qn, a.assessment, b.assessment):  # yearly figures by calendar year
            top = QTreeWidgetItem([tr("ui.section_delta", lang, section=pick(d.title, lang), n=len(d.changes),
                                      same=d.unchanged)])
            top.setData(0, Qt.ItemDataRole.UserRole, d.section)
            for ch in d.changes:
                change = delta_text(ch, lang, unit_of(qn, ch.qid))
                top.addChild(QTreeWidgetItem([delta_label(qn, ch, lang), fmt_value(qn, ch.qid, ch.before, lang),
                                              fmt_value(qn, ch.qid, ch.after, lang), change]))
            self.tree.addTopLevelItem(top)
            top.setExpanded(bool(d.changes))
            top.setFirstColumnSpanned(not d.changes)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for j in (1, 2, 3):
            self.tree.header().setSectionResizeMode(j, QHeaderView.ResizeMode.ResizeToContents)
        self.compare_area.addWidget(self.tree, 1)
