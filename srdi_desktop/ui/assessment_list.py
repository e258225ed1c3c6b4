"""The home window's list as a model: rows are formatted only when the view shows them, sorted by the
database, and loaded a page at a time, so an adviser's 100,000 assessments neither delay the first
paint nor freeze the window (issue 18).

It is a QStandardItemModel with empty rows whose data() is answered from the stored summaries: the
header labels then live in C++. A Python headerData() would be called with a Qt.Orientation, and
converting that loads PySide's whole Qt enum namespace (≈40 ms, python -X importtime) before the
window's first paint. Sorting asks SQLite for the rows in the new order (an index per column, 0008):
no Python call per row, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QTimer, Signal
from PySide6.QtGui import QStandardItemModel

from srdi_desktop.core.i18n import tr
from srdi_desktop.storage.tiers import badges

COLUMNS = ("firm", "date", "status", "tiers", "updated")  # storage.peek.SORT_KEYS sorts each
# Qt.ItemDataRole values. The Qt enum namespace takes ≈40 ms to load (python -X importtime), so
# nothing on the way to the first paint touches it.
DISPLAY_ROLE, ACCESSIBLE_ROLE, ID_ROLE = 0, 11, 256
_ROLES = frozenset((DISPLAY_ROLE, ACCESSIBLE_ROLE, ID_ROLE))
FIRST_PAGE = 500  # loaded at once; the rest follows in pages between events
PAGE = 1000  # ≈5 ms each (a loaded machine: ×5): the window answers the user between two pages

# fetch(sort, descending, limit, after) → rows in that order after the row ``after`` (None: from the top)
Fetch = Callable[[str, bool, int, "dict[str, Any] | None"], "list[dict[str, Any]]"]


def _local_time(stamp: str) -> str:
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


class AssessmentListModel(QStandardItemModel):
    loaded = Signal()  # every row of the current order is in

    def __init__(self, lang: str):
        super().__init__(0, len(COLUMNS))
        self.rows: list[dict[str, Any]] = []
        self._cache: dict[tuple[int, int], str] = {}
        self._fetch: Fetch | None = None
        self.sort_key, self.descending = "updated", True
        self._load_id = 0  # a newer load (search, sort) stops the pages of an older one
        self.complete = True
        self.set_language(lang)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows, self._cache = list(rows), {}
        self.blockSignals(True)  # one reset for the view, not a signal per row
        self.setRowCount(len(self.rows))
        self.blockSignals(False)
        self.endResetModel()

    def load(self, fetch: Fetch) -> None:
        """Show the rows ``fetch`` gives, in the current order: the first page now, the rest in pages."""
        self._fetch = fetch
        self._load_id += 1
        first = fetch(self.sort_key, self.descending, FIRST_PAGE, None)
        self.set_rows(first)
        self.complete = len(first) < FIRST_PAGE
        if self.complete:
            self.loaded.emit()
        else:
            load_id = self._load_id
            QTimer.singleShot(0, lambda: self._more(load_id))

    def _more(self, load_id: int) -> None:
        if load_id != self._load_id or self._fetch is None:
            return
        page = self._fetch(self.sort_key, self.descending, PAGE, self.rows[-1] if self.rows else None)
        if page:
            start = len(self.rows)
            self.rows.extend(page)
            self.insertRows(start, len(page))
        if len(page) < PAGE:
            self.complete = True
            self.loaded.emit()
        else:
            QTimer.singleShot(0, lambda: self._more(load_id))

    def set_language(self, lang: str) -> None:
        self.beginResetModel()
        self.lang, self._cache = lang, {}
        self.setHorizontalHeaderLabels([tr(f"home.col_{c}", lang) for c in COLUMNS])
        self.endResetModel()

    def text(self, row: int, col: int) -> str:
        key = (row, col)
        if key not in self._cache:
            r = self.rows[row]
            self._cache[key] = {
                "firm": lambda: r["firm_name"] or tr("home.unnamed", self.lang),
                "date": lambda: r["assessed_on"],
                "status": lambda: tr("home.final" if r["status"] == "final" else "home.draft", self.lang),
                "tiers": lambda: badges(r.get("final_tiers") or "", self.lang),
                "updated": lambda: _local_time(r["updated_at"]),
            }[COLUMNS[col]]()
        return self._cache[key]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE) -> Any:
        if role not in _ROLES:  # the view asks each painted cell for 8 roles, 7 of them answered by None
            role = getattr(role, "value", role)  # a Qt enum (older PySide) rather than an int
            if role not in _ROLES:
                return None
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        if role in (DISPLAY_ROLE, ACCESSIBLE_ROLE):
            return self.text(index.row(), index.column())
        if role == ID_ROLE:
            return self.rows[index.row()]["id"]
        return None

    def set_order(self, column: int, order=None) -> None:
        """The order the next load() asks for (order 1 = descending), without loading."""
        self.sort_key, self.descending = COLUMNS[column], int(getattr(order, "value", order or 0)) == 1

    def sort(self, column: int, order=None) -> None:  # noqa: A003 - Qt API
        """Sort by a column in SQLite: the rows are asked for again in that order. Names sort by their
        characters, the status by its stored value, the badges by their stored text."""
        self.set_order(column, order)
        if self._fetch is not None:
            self.load(self._fetch)

    def row_of(self, aid: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r["id"] == aid), None)
