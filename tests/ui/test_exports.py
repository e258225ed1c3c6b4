"""Exports from the app: PDF, .ics, CSV and the blank questionnaire, through the Export menu."""

import datetime as dt
import io

from pypdf import PdfReader
from PySide6.QtCore import Qt

from srdi_desktop.ui.dialogs import SaveDialog


def _select_first_row(home, qtbot):
    home.refresh()
    qtbot.waitUntil(lambda: home.row_count() > 0)
    home.table.selectRow(0)


def test_every_export_of_the_menu_writes_its_file(home, controller, qtbot, tmp_path, monkeypatch):
    aid = controller.store.create(dt.date(2026, 11, 21), "zh", {"firm.name": "导出测试公司", "rd.expense_y1": 50,
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


def test_cancelled_export_writes_nothing(home, controller, qtbot, tmp_path, monkeypatch):
    controller.store.create(dt.date(2026, 11, 21), "zh", {"firm.name": "取消"})
    _select_first_row(home, qtbot)
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, *a: None))
    assert controller.export_pdf_of(home.selected_id()) is None
    assert list(tmp_path.glob("*.pdf")) == []


def test_import_a_file_then_export_it_back(home, qtbot, tmp_path, monkeypatch):
    from srdi_desktop import paths
    from srdi_desktop.ui.dialogs import OpenDialog

    monkeypatch.setattr(OpenDialog, "ask", classmethod(lambda cls, *a: paths.DEMO_FILE))
    qtbot.mouseClick(home.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: home.row_count() == 1)
    home.table.selectRow(0)
    target = tmp_path / "out.json"
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, *a: target))
    home.export_actions["doc"].trigger()
    qtbot.waitUntil(target.exists)
    import json

    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["answers"]["firm.name"] == "示例精密部件有限公司"


def test_a_hostile_file_is_refused_whole_with_the_reason(home, controller, qtbot, tmp_path, monkeypatch):
    from srdi_desktop.ui.dialogs import Notice, OpenDialog

    bad = tmp_path / "bad.yaml"
    bad.write_text("format: srdi-assessment/1\nassessed_on: 2026-11-21\nanswers:\n  x: !!python/object:os.system {}\n")
    shown = []
    monkeypatch.setattr(OpenDialog, "ask", classmethod(lambda cls, *a: bad))
    monkeypatch.setattr(Notice, "show", classmethod(lambda cls, parent, title, text: shown.append((title, text))))
    assert controller.import_file() is None
    assert shown and "bad.yaml:4:" in shown[0][1] and "未导入任何内容" in shown[0][0]
    assert controller.store.list() == []


def test_reopening_a_final_assessment_under_new_rules_shows_both_results(home, controller, qtbot, monkeypatch, content):
    from srdi_desktop.core.evaluate import evaluate
    from srdi_desktop.ui.dialogs import Notice

    answers = {"firm.name": "旧规则企业", "firm.sector": "industry", "firm.employees": 50,
               "finance.revenue_y1": 3000, "title.tech_sme": True}
    aid = controller.store.create(dt.date(2026, 11, 21), "zh", answers)
    ev = evaluate(content, answers, dt.date(2026, 11, 21)).to_json()
    ev["tiers"]["innovative_sme"]["status"] = "not_eligible"
    controller.store.finalize(aid, ev["criteria"]["id"], "0ld0ld0ld0ld0ld0", ev)
    shown = []
    monkeypatch.setattr(Notice, "show", classmethod(lambda cls, parent, title, text: shown.append(text)))
    controller.open_assessment(aid)
    assert shown and "科技和创新型中小企业：暂不符合 → 符合 *" in shown[0]


def test_the_pdf_from_the_app_compares_with_the_firms_previous_assessment(home, controller, qtbot, tmp_path,
                                                                          monkeypatch):
    answers = {"firm.name": "对比企业", "firm.credit_code": "91330100MA2B3C4D5N", "rd.expense_y1": 80,
               "finance.revenue_y1": 4000}
    controller.store.create(dt.date(2025, 11, 21), "zh", answers)
    controller.store.create(dt.date(2026, 11, 21), "zh", {**answers, "rd.expense_y1": 130, "rd.expense_y2": 80,
                                                          "finance.revenue_y1": 4600, "finance.revenue_y2": 4050})
    home.refresh()
    qtbot.waitUntil(lambda: home.row_count() == 2)
    row = next(i for i in range(2) if home.cell(i, "date") == "2026-11-21")
    home.table.selectRow(row)
    target = tmp_path / "cmp.pdf"
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, *a: target))
    controller.export_pdf_of(home.selected_id())
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "与上次评估（2025-11-21）对比" in text
    assert "营业收入 2024" in text and "+50 万元（修订）" in text  # 2024 revenue: 4,000 then, 4,050 now
    assert "研发费用 2025" in text and "+50\n" not in text  # R&D 2024 (80) unchanged; not 130 − 80 by slot


def test_cli_batch_and_app_write_the_same_pdf_bytes_through_the_service(home, controller, qtbot, tmp_path,
                                                                        monkeypatch, content):
    """One pipeline: the same file gives byte-identical PDFs from `report`, the batch and the app's export,
    and so does the app's export of the finalized (frozen) assessment."""
    from reportlab import rl_config

    from srdi_desktop import paths, service
    from srdi_desktop.cli import main

    monkeypatch.setattr(rl_config, "invariant", 1)  # reportlab's own switch; batch workers fork with it
    monkeypatch.setenv("RL_invariant", "1")
    assert main(["report", str(paths.DEMO_FILE), "-o", str(tmp_path / "cli.pdf"), "--lang", "zh"]) == 0
    assert main(["report", str(paths.DEMO_FILE), "-o", str(tmp_path / "batch"), "-j", "1", "--lang", "zh"]) == 0
    cli = (tmp_path / "cli.pdf").read_bytes()
    assert cli.startswith(b"%PDF") and (tmp_path / "batch" / "demo_firm.pdf").read_bytes() == cli

    aid = controller.store.import_assessment(service.read_assessment(content, paths.DEMO_FILE))
    _select_first_row(home, qtbot)
    targets = iter([tmp_path / "app.pdf", tmp_path / "app_final.pdf"])
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, parent, title, suggested, flt: next(targets)))
    home.export_actions["pdf"].trigger()
    qtbot.waitUntil((tmp_path / "app.pdf").exists)
    assert (tmp_path / "app.pdf").read_bytes() == cli
    service.finalize(controller.store, content, aid, controller.store.load(aid).assessment)
    assert controller.store.load(aid).final["result"]["format"] == "srdi-evaluation/1"
    home.export_actions["pdf"].trigger()
    qtbot.waitUntil((tmp_path / "app_final.pdf").exists)
    assert (tmp_path / "app_final.pdf").read_bytes() == cli


def test_app_tells_after_export_which_characters_were_left_out(controller, tmp_path, monkeypatch):
    """Issue 14 item 15: the PDF leaves out what no font has; the app names the field and characters."""
    from srdi_desktop.ui.dialogs import Notice

    aid = controller.store.create(dt.date(2026, 11, 21), "zh", {"firm.name": "𫖯𬭚公司😀"})
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, *a: tmp_path / "r.pdf"))
    shown = []
    monkeypatch.setattr(Notice, "show", classmethod(lambda cls, parent, title, text: shown.append(text)))
    assert controller.export_pdf_of(aid) == tmp_path / "r.pdf"
    assert len(shown) == 1 and "😀" in shown[0] and "firm.name" in shown[0]
