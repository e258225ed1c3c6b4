"""The adviser's portfolio (issue 18): one row per firm (its latest assessment) with the tiers it meets, the
tier it can apply for this year, the nearest tier with its plan date, sector, size, region and the adviser's
tags; filters, sort, CSV and XLSX export, and the selected firm's figures against its peers (sector ×
size, groups under 5 firms hidden). The logic is core.portfolio; this is the view.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec.structs import replace
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from srdi_desktop.core.format import fmt_number as number
from srdi_desktop.core.i18n import tr
from srdi_desktop.core.portfolio import (
    COLUMNS,
    FIGURE_LABELS,
    MIN_GROUP,
    PERCENTILES,
    Filters,
    FirmRow,
    apply_filters,
    benchmarks,
    cells,
    firm_row,
    region_name,
    size_name,
    table,
)

from .dialogs import Notice, SaveDialog
from .tables import row_table

if TYPE_CHECKING:
    from srdi_desktop.core.content import Content
    from srdi_desktop.storage.store import AssessmentStore

# How each column sorts: by the stored value (operator.attrgetter runs in C: no Python call per row).
SORT_ATTRS = {"firm": "firm_name", "code": "credit_code", "region": "region", "sector": "sector", "size": "size",
              "met": "met", "apply": "apply", "next": "next_tier", "next_on": "next_on", "tags": "tags",
              "date": "assessed_on", "status": "status"}


MAX_WIDTH = 240  # a column's widest start; the user can widen it


class PortfolioModel(QStandardItemModel):
    """Firms as rows; the cells are worded when the view shows them."""

    def __init__(self, lang: str, sector_label: Callable[[str], str]):
        super().__init__(0, len(COLUMNS))
        self.lang, self.sector_label = lang, sector_label
        self.rows: list[FirmRow] = []
        self._cells: dict[int, dict[str, str]] = {}
        self.setHorizontalHeaderLabels([tr(f"pf.col_{c}", lang) for c in COLUMNS])

    def set_rows(self, rows: list[FirmRow]) -> None:
        self.beginResetModel()
        self.rows, self._cells = rows, {}
        self.blockSignals(True)
        self.setRowCount(len(rows))
        self.blockSignals(False)
        self.endResetModel()

    def text(self, row: int, column: str) -> str:
        if row not in self._cells:
            self._cells[row] = cells(self.rows[row], self.lang, self.sector_label)
        return self._cells[row][column]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        role = int(getattr(role, "value", role))
        if index.isValid() and index.row() < len(self.rows) and role in (0, 11):  # display, accessible text
            return self.text(index.row(), COLUMNS[index.column()])
        return None

    def sort(self, column: int, order=None) -> None:  # noqa: A003 - Qt API
        descending = int(getattr(order, "value", order or 0)) == 1
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=operator.attrgetter(SORT_ATTRS[COLUMNS[column]], "firm_name"), reverse=descending)
        self._cells = {}
        self.layoutChanged.emit()


class TagsDialog:
    """The adviser's tags of a firm, as one line separated by commas. A classmethod so tests answer it."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str, text: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getText(parent, title, prompt, text=text)
        return value if ok else None


def split_tags(text: str) -> list[str]:
    return sorted({t.strip() for t in text.replace("，", ",").split(",") if t.strip()})


class _Reader(QObject):
    """Reads the portfolio of a database file on a thread of its own (SQLite runs without Python's lock)
    and hands the rows to the window on its thread; None when the file could not be read there."""

    read = Signal(int, object)

    def __init__(self, window: PortfolioWindow, path: Path, generation: int):
        import threading

        super().__init__(window)
        self.path, self.generation = path, generation
        self.read.connect(window._show_rows)
        threading.Thread(target=self._run, name="portfolio-read", daemon=True).start()

    def _run(self) -> None:
        from srdi_desktop.storage.store import portfolio_of

        try:
            rows: list[FirmRow] | None = [firm_row(r) for r in portfolio_of(self.path)]
        except Exception:  # noqa: BLE001 - e.g. locked or damaged: the window reads it the usual way instead
            rows = None
        try:
            self.read.emit(self.generation, rows)
        except RuntimeError:  # the window was closed meanwhile
            pass
        self.deleteLater()


class PortfolioWindow(QWidget):
    def __init__(self, store: AssessmentStore, content: Content, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("portfolio_window")
        self.store, self.content, self.lang = store, content, lang
        sector_q = content.questionnaire["firm.sector"] if "firm.sector" in content.questionnaire else None
        self.sector_label = (lambda v: sector_q.choice_label(v, self.lang)) if sector_q else (lambda v: v)
        self.all_rows: list[FirmRow] = []
        self.loading, self._generation = False, 0
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("pf_search")
        self.search.textChanged.connect(lambda _t: self.apply())
        bar.addWidget(self.search, 2)
        self.combos: dict[str, QComboBox] = {}
        for name in ("sector", "size", "region", "tag", "tier"):
            label = QLabel()
            label.setObjectName(f"pf_label_{name}")
            combo = QComboBox()
            combo.setObjectName(f"pf_{name}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _i: self.apply())
            label.setBuddy(combo)
            bar.addWidget(label)
            bar.addWidget(combo, 1)
            self.combos[name] = combo
        self.final_only = QCheckBox()
        self.final_only.setObjectName("pf_final_only")
        self.final_only.toggled.connect(lambda _c: self.apply())
        bar.addWidget(self.final_only)
        lay.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = PortfolioModel(lang, self.sector_label)
        self.table = row_table(self.model, "pf_table")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.show_benchmarks())
        split.addWidget(self.table)
        self.bench = QTableWidget(0, 2 + len(PERCENTILES))
        self.bench.setObjectName("pf_bench")
        self.bench.verticalHeader().setVisible(False)
        self.bench.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.bench.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.bench_title = QLabel()
        self.bench_title.setObjectName("pf_bench_title")
        self.bench_title.setWordWrap(True)
        below = QWidget()
        below_lay = QVBoxLayout(below)
        below_lay.setContentsMargins(0, 0, 0, 0)
        below_lay.addWidget(self.bench_title)
        below_lay.addWidget(self.bench)
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)
        foot = QHBoxLayout()
        self.count = QLabel()
        self.count.setObjectName("pf_count")
        foot.addWidget(self.count, 1)
        self.tags_button = QPushButton()
        self.tags_button.setObjectName("pf_tags")
        self.tags_button.clicked.connect(lambda _c=False: self.edit_tags())
        self.csv_button = QPushButton()
        self.csv_button.setObjectName("pf_export_csv")
        self.csv_button.clicked.connect(lambda _c=False: self.export("csv"))
        self.xlsx_button = QPushButton()
        self.xlsx_button.setObjectName("pf_export_xlsx")
        self.xlsx_button.clicked.connect(lambda _c=False: self.export("xlsx"))
        for b in (self.tags_button, self.csv_button, self.xlsx_button):
            foot.addWidget(b)
        lay.addLayout(foot)
        self.resize(1280, 680)
        self.reload()
        self.set_language(lang)

    # -- data ---------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the firms again (after an import or a new assessment). From a database file on a thread of
        its own: at 100,000 assessments the query takes seconds, and the window must not freeze meanwhile."""
        self._generation += 1
        if self.store.path is None:
            self._show_rows(self._generation, [firm_row(r) for r in self.store.portfolio()])
            return
        self.loading = True
        self.count.setText(tr("pf.loading", self.lang))
        if not self.model.rows:
            self.table.resizeColumnsToContents()  # no rows yet: by the headers, none of them cut
        _Reader(self, self.store.path, self._generation)

    def _show_rows(self, generation: int, rows: list[FirmRow] | None) -> None:
        if generation != self._generation:
            return  # a newer read is under way
        if rows is None:  # the thread could not read the file: the app's own connection says why, or reads it
            rows = [firm_row(r) for r in self.store.portfolio()]
        self.all_rows, self.loading = rows, False
        self._fill_choices()
        self.apply()

    def filters(self) -> Filters:
        def value(name: str) -> str:
            data = self.combos[name].currentData()
            return str(data) if data else ""

        return Filters(self.search.text(), value("sector"), value("size"), value("region"), value("tag"),
                       value("tier"), self.final_only.isChecked())

    def apply(self) -> None:
        if not hasattr(self, "count") or self.loading:
            return
        shown = apply_filters(self.all_rows, self.filters())
        self.model.set_rows(shown)
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.count.setText(tr("pf.count", self.lang, shown=number(len(shown), self.lang),
                              total=number(len(self.all_rows), self.lang)))
        self.table.resizeColumnsToContents()  # by the rows on screen (precision 0), each at most MAX_WIDTH
        for col in range(len(COLUMNS)):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), MAX_WIDTH))
        self.show_benchmarks()

    def _fill_choices(self) -> None:
        rows = self.all_rows
        tiers = {t: r.titles.get(t) for r in rows for t in r.met}
        # the distinct values first, then a label for each: not a label call per firm (100,000 of them)
        sectors, sizes, regions = ({getattr(r, a) for r in rows} - {""} for a in ("sector", "size", "region"))
        options: dict[str, list[tuple[str, str]]] = {
            "sector": sorted((self.sector_label(v), v) for v in sectors),
            "size": sorted((size_name(v, self.lang), v) for v in sizes),
            "region": sorted((region_name(v, self.lang), v) for v in regions),
            "tag": sorted({(t, t) for r in rows for t in r.tags}),
            "tier": sorted((str((t or {}).get(self.lang) or tid) if isinstance(t, dict) else tid, tid)
                           for tid, t in tiers.items()),
        }
        for name, combo in self.combos.items():
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("pf.any", self.lang), "")
            for text, value in options[name]:
                combo.addItem(text, value)
            found = combo.findData(keep) if keep else 0
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def selected(self) -> FirmRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    # -- benchmarks -----------------------------------------------------------------------------------

    def show_benchmarks(self) -> None:
        row = self.selected()
        self.bench.setRowCount(0)
        if row is None:
            self.bench_title.setText(tr("pf.bench_none", self.lang))
            return
        marks = benchmarks(row, self.all_rows)
        group = max((b.group_size for b in marks), default=0)
        self.bench_title.setText(tr("pf.bench_title", self.lang, sector=self.sector_label(row.sector) or "—",
                                    size=size_name(row.size, self.lang) or "—", n=group))
        hidden = tr("pf.bench_hidden", self.lang, min=MIN_GROUP)
        self.bench.setRowCount(len(marks))
        for i, b in enumerate(marks):
            values = [tr(FIGURE_LABELS[b.figure], self.lang), "—" if b.value is None else number(b.value)]
            values += [hidden] if b.hidden else [number(b.percentiles[p]) for p in PERCENTILES]
            for j, text in enumerate(values):
                self.bench.setItem(i, j, QTableWidgetItem(text))
            if b.hidden:
                self.bench.setSpan(i, 2, 1, len(PERCENTILES))

    # -- actions --------------------------------------------------------------------------------------

    def edit_tags(self) -> None:
        row = self.selected()
        if row is None:
            Notice.show(self, tr("pf.title", self.lang), tr("home.select_first", self.lang))
            return
        text = TagsDialog.ask(self, tr("pf.tags", self.lang), tr("pf.tags_prompt", self.lang, name=row.firm_name),
                              ", ".join(row.tags))
        if text is None:
            return
        key, tags = row.firm_key, split_tags(text)
        self.store.set_tags(key, tags)
        self.all_rows = [replace(r, tags=tuple(tags)) if r.firm_key == key else r for r in self.all_rows]
        self._fill_choices()
        self.apply()
        for i, r in enumerate(self.model.rows):
            if r.firm_key == key:
                self.table.selectRow(i)
                break

    def export(self, kind: str) -> Path | None:
        from srdi_desktop.portfolio_export import write_csv, write_xlsx

        target = SaveDialog.ask(self, tr(f"pf.export_{kind}", self.lang), f"portfolio.{kind}",
                                "CSV (*.csv)" if kind == "csv" else "Excel (*.xlsx)")
        if target is None:
            return None
        lines = table(self.model.rows, self.lang, self.sector_label)  # what is shown, in the order shown
        written = (write_csv if kind == "csv" else write_xlsx)(target, lines)
        Notice.show(self, tr("pf.title", self.lang), tr("pf.exported", self.lang, n=len(lines) - 1, path=str(written)))
        return written

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.model.lang = lang
        self.setWindowTitle(tr("pf.title", lang))
        self.search.setPlaceholderText(tr("pf.search", lang))
        self.search.setAccessibleName(tr("pf.search", lang))
        for name, combo in self.combos.items():
            label = self.findChild(QLabel, f"pf_label_{name}")
            if label is not None:
                label.setText(tr(f"pf.filter_{name}", lang))
            combo.setAccessibleName(tr(f"pf.filter_{name}", lang))
        self.final_only.setText(tr("pf.final_only", lang))
        self.tags_button.setText(tr("pf.tags", lang))
        self.csv_button.setText(tr("pf.export_csv", lang))
        self.xlsx_button.setText(tr("pf.export_xlsx", lang))
        self.model.setHorizontalHeaderLabels([tr(f"pf.col_{c}", lang) for c in COLUMNS])
        self.bench.setHorizontalHeaderLabels([tr(k, lang) for k in (
            "pf.bench_figure", "pf.bench_value", "pf.bench_p25", "pf.bench_p50", "pf.bench_p75")])
        self._fill_choices()
        self.apply()
