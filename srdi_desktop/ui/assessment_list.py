"""The home window's list as a model: rows are formatted only when the view shows them, so a long
list (an adviser's thousands of assessments) costs the first paint almost nothing.

It is a QStandardItemModel with empty rows whose data() is answered from the stored summaries: the
header labels then live in C++. A Python headerData() would be called with a Qt.Orientation, and
converting that loads PySide's whole Qt enum namespace (≈40 ms, python -X importtime) before the
window's first paint.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QStandardItemModel

from srdi_desktop.core.i18n import tr
from srdi_desktop.storage.tiers import badges

COLUMNS = ("firm", "date", "status", "tiers", "updated")
# Qt.ItemDataRole values. The Qt enum namespace takes ≈40 ms to load (python -X importtime), so
# nothing on the way to the first paint touches it.
DISPLAY_ROLE, ACCESSIBLE_ROLE, ID_ROLE = 0, 11, 256


def _local_time(stamp: str) -> str:
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


class AssessmentListModel(QStandardItemModel):
    def __init__(self, lang: str):
        super().__init__(0, len(COLUMNS))
        self.rows: list[dict[str, Any]] = []
        self._cache: dict[tuple[int, int], str] = {}
        self.set_language(lang)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows, self._cache = list(rows), {}
        self.blockSignals(True)  # one reset for the view, not a signal per row
        self.setRowCount(len(self.rows))
        self.blockSignals(False)
        self.endResetModel()

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
        role = int(getattr(role, "value", role))
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        if role in (DISPLAY_ROLE, ACCESSIBLE_ROLE):
            return self.text(index.row(), index.column())
        if role == ID_ROLE:
            return self.rows[index.row()]["id"]
        return None

    def sort(self, column: int, order=None) -> None:  # noqa: A003 - Qt API
        """Sort by what the column shows (dates and times sort as written); order 1 = descending."""
        self.layoutAboutToBeChanged.emit()
        name = COLUMNS[column]
        raw = {"date": "assessed_on", "updated": "updated_at"}.get(name)
        keyed = [(r[raw] if raw else self.text(i, column), r) for i, r in enumerate(self.rows)]
        keyed.sort(key=lambda kr: kr[0], reverse=int(getattr(order, "value", order or 0)) == 1)
        self.rows, self._cache = [r for _k, r in keyed], {}
        self.layoutChanged.emit()

    def row_of(self, aid: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r["id"] == aid), None)
