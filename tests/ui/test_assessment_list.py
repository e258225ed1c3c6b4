"""The home list at scale (issue 18): sorted by SQLite, never through a Python call per row, and loaded a
page at a time so the window answers while thousands of rows come in."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from srdi_desktop.core.assessment import Assessment
from srdi_desktop.ui import assessment_list
from srdi_desktop.ui.assessment_list import COLUMNS, FIRST_PAGE

N = 6 * FIRST_PAGE + 17  # several pages, the last one short


@pytest.fixture
def many(controller):
    docs = [Assessment(dt.date(2026, 1 + i % 12, 1 + i % 28), {"firm.name": f"企业{(i * 7919) % N:05d}"})
            for i in range(N)]
    controller.store.import_many(docs)
    return controller


class _Counting(assessment_list.AssessmentListModel):
    calls = 0

    def data(self, index, role=0):
        _Counting.calls += 1
        return super().data(index, role)

    def text(self, row, col):
        _Counting.calls += 1
        return super().text(row, col)


@pytest.fixture
def home(many, qtbot, monkeypatch):
    from srdi_desktop.ui.home import HomeWindow

    monkeypatch.setattr("srdi_desktop.ui.home.AssessmentListModel", _Counting)
    w = HomeWindow(many)
    qtbot.addWidget(w)
    w.resize(1000, 640)
    w.show()
    qtbot.waitUntil(lambda: w.model.complete)
    return w


def _ids(rows):
    return [r["id"] for r in rows]


def test_the_first_page_comes_at_once_and_the_rest_in_pages_in_the_databases_order(home, many, qtbot):
    home.refresh()
    assert len(home.model.rows) == FIRST_PAGE and not home.model.complete  # the window can paint now
    qtbot.waitUntil(lambda: home.model.complete)
    assert _ids(home.model.rows) == _ids(many.store.list())  # newest change first, nothing twice or missed
    assert home.row_count() == N


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sorting_asks_the_database_and_calls_no_python_per_row(home, many, qtbot, column, order):
    from srdi_desktop.storage.peek import SORT_KEYS

    _Counting.calls = 0
    home.table.sortByColumn(COLUMNS.index(column), order)  # the model sorts (and loads its first page) now
    during_sort = _Counting.calls
    qtbot.waitUntil(lambda: home.model.complete)
    descending = order == Qt.SortOrder.DescendingOrder
    assert _ids(home.model.rows) == _ids(many.store.list(sort=column, descending=descending))
    key = SORT_KEYS[column]
    values = [r[key] for r in home.model.rows]
    assert values == sorted(values, reverse=descending)
    assert during_sort < N // 2  # only the rows on screen; a sort through Python formats all N rows


def test_a_new_search_stops_the_pages_of_the_old_one(home, many, qtbot):
    home.search.setText("")
    home.refresh()
    assert not home.model.complete
    home.search.setText("企业0001")  # typed while pages of the whole list were still coming
    qtbot.waitUntil(lambda: home.model.complete)
    assert home.row_count() == 10 and all("企业0001" in r["firm_name"] for r in home.model.rows)


def test_the_selection_is_kept_across_a_sort(home, qtbot):
    home.table.selectRow(3)
    aid = home.selected_id()
    home.table.sortByColumn(COLUMNS.index("firm"), Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: home.model.complete)
    home.refresh()
    qtbot.waitUntil(lambda: home.model.complete)
    assert aid is not None
