"""Exports from the app: PDF, .ics, CSV and the blank questionnaire, through the Export menu."""

import datetime as dt
import io

from pypdf import PdfReader

from srdi_desktop.ui.home import SaveDialog


def _select_first_row(home, qtbot):
    home.refresh()
    qtbot.waitUntil(lambda: home.table.rowCount() > 0)
    home.table.selectRow(0)


def test_every_export_of_the_menu_writes_its_file(home, qtbot, tmp_path, monkeypatch):
    aid = home.store.create(dt.date(2026, 11, 21), "zh", {"firm.name": "导出测试公司", "rd.expense_y1": 50,
                                                          "finance.revenue_y1": 5000})
    assert aid
    _select_first_row(home, qtbot)
    targets = iter([tmp_path / "r.pdf", tmp_path / "r.ics", tmp_path / "r.csv", tmp_path / "blank.pdf"])
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, parent, title, suggested, flt: next(targets)))
    for key in ("pdf", "ics", "csv", "blank"):
        home.export_actions[key].trigger()
    qtbot.waitUntil(lambda: (tmp_path / "blank.pdf").exists())
    assert "导出测试公司" in PdfReader(io.BytesIO((tmp_path / "r.pdf").read_bytes())).pages[0].extract_text()
    assert (tmp_path / "r.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert "rd.raise_intensity" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert (tmp_path / "blank.pdf").read_bytes().startswith(b"%PDF")


def test_cancelled_export_writes_nothing(home, qtbot, tmp_path, monkeypatch):
    home.store.create(dt.date(2026, 11, 21), "zh", {"firm.name": "取消"})
    _select_first_row(home, qtbot)
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, *a: None))
    assert home.export_selected_pdf() is None
    assert list(tmp_path.glob("*.pdf")) == []
