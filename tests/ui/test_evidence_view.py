"""The evidence checklist window: reached from home and results, states, notes, files, flags, exports."""

import zipfile

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from srdi_desktop import paths
from srdi_desktop.core.document import parse_document
from srdi_desktop.evidence_pack import INDEX_NAME
from srdi_desktop.storage.evidence import EvidenceStore
from srdi_desktop.ui.dialogs import Confirm, Notice, OpenDialog, SaveDialog


def _demo(controller, content, **changes):
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    a.answers.update(changes)
    return controller.store.import_assessment(a)


def _open_from_home(home, controller, qtbot, aid):
    home.refresh()
    qtbot.waitUntil(lambda: home.row_count() > 0)
    home.select(aid)
    qtbot.mouseClick(home.evidence_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.evidence is not None and controller.evidence.isVisible())
    return controller.evidence


def _tree_docs(w):
    return {item.data(0, Qt.ItemDataRole.UserRole) for items in w.doc_items.values() for item in items}


def test_attach_note_state_replace_remove_through_the_window(home, controller, qtbot, content, tmp_path,
                                                             monkeypatch):
    aid = _demo(controller, content)
    w = _open_from_home(home, controller, qtbot, aid)
    assert "audit_report" in _tree_docs(w)
    w.select_document("audit_report")
    assert w.doc_title.text().startswith("上年度财务审计报告")
    assert "会计师事务所" in w.doc_info.text() and "官方文件载明" in w.doc_info.text()
    src = tmp_path / "审计报告 <2025>.pdf"
    src.write_bytes(b"audit 2025")
    monkeypatch.setattr(OpenDialog, "ask", classmethod(lambda cls, *a: src))
    qtbot.mouseClick(w.attach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.files.count() == 1)
    assert w.files.item(0).text() == "审计报告 <2025>.pdf"  # plain text, as named
    assert w.state_box.currentData() == "attached"
    ev = EvidenceStore(controller.store)
    assert ev.items(aid)["audit_report"].state == "attached"
    # note, saved when editing ends
    w.note.setText("2025 年度")  # (QTest cannot type Chinese)
    w.note.editingFinished.emit()
    qtbot.waitUntil(lambda: ev.items(aid)["audit_report"].note == "2025 年度")
    # checked by the adviser
    w.state_box.setCurrentIndex(2)
    w.state_box.activated.emit(2)
    qtbot.waitUntil(lambda: ev.items(aid)["audit_report"].state == "checked")
    # replace, then remove (asked first)
    new = tmp_path / "new.pdf"
    new.write_bytes(b"audit v2")
    monkeypatch.setattr(OpenDialog, "ask", classmethod(lambda cls, *a: new))
    qtbot.mouseClick(w.replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.files.count() == 1 and w.files.item(0).text() == "new.pdf")
    asked = []
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, parent, title, text: asked.append(text) or True))
    qtbot.mouseClick(w.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.files.count() == 0)
    assert "new.pdf" in asked[0] and ev.files(aid) == []


def test_a_changed_linked_file_and_a_refused_big_file_are_said(home, controller, qtbot, content, tmp_path,
                                                              monkeypatch):
    aid = _demo(controller, content)
    linked = tmp_path / "社保.pdf"
    linked.write_bytes(b"40")
    EvidenceStore(controller.store).attach(aid, "social_insurance", linked, link=True)
    linked.write_bytes(b"41")
    w = controller.show_evidence(aid)
    qtbot.waitUntil(w.isVisible)
    w.select_document("social_insurance")
    assert "文件已改动" in w.files.item(0).text()
    assert any("⚠" in item.text(2) for item in w.doc_items["social_insurance"])
    big = tmp_path / "big.pdf"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024 + 1)
    said = []
    monkeypatch.setattr(OpenDialog, "ask", classmethod(lambda cls, *a: big))
    monkeypatch.setattr(Notice, "show", classmethod(lambda cls, parent, title, text: said.append(text)))
    qtbot.mouseClick(w.attach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said))
    assert "超过 50 MB" in said[0] and "big.pdf" in said[0]
    assert w.files.count() == 1


def test_risk_flags_show_beside_the_checklist(home, controller, qtbot, content):
    aid = _demo(controller, content, **{"firm.employees": 5, "rd.staff": 4, "title.tech_sme": False})
    w = controller.show_evidence(aid)
    qtbot.waitUntil(w.isVisible)
    shown = {lbl.objectName() for lbl in w.flags.findChildren(QLabel) if lbl.objectName().startswith("flag_")}
    assert {"flag_onsite.staff_le_5", "flag_onsite.first_application"} <= shown


def test_choosing_tiers_is_kept_and_narrows_the_list(home, controller, qtbot, content):
    aid = _demo(controller, content)
    w = controller.show_evidence(aid)
    qtbot.waitUntil(w.isVisible)
    for tid, box in w.tier_boxes.items():
        box.setChecked(tid == "little_giant")
    qtbot.waitUntil(lambda: {r.row.tier for r in w.pack.rows} == {"little_giant"})
    assert EvidenceStore(controller.store).tiers(aid) == ("little_giant",)
    assert "market_share_proof" in _tree_docs(w) and "tech_sme_number" not in _tree_docs(w)


def test_from_results_and_the_export_menu(home, controller, qtbot, content, tmp_path, monkeypatch):
    aid = _demo(controller, content)
    src = tmp_path / "a.pdf"
    src.write_bytes(b"audit")
    EvidenceStore(controller.store).attach(aid, "audit_report", src)
    results = controller.show_results(aid)
    qtbot.waitUntil(results.isVisible)
    qtbot.mouseClick(results.evidence_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.evidence is not None and controller.evidence.isVisible())
    target = tmp_path / "out" / "pack.zip"
    target.parent.mkdir()
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, *a: target))
    home.refresh()
    home.select(aid)
    home.export_actions["evidence"].trigger()
    qtbot.waitUntil(target.exists)
    with zipfile.ZipFile(target) as zf:
        assert INDEX_NAME["zh"] in zf.namelist() and any(n.endswith("a.pdf") for n in zf.namelist())
    pdf = tmp_path / "out" / "list"
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, *a: pdf))
    qtbot.mouseClick(controller.evidence.export_pdf, Qt.MouseButton.LeftButton)
    qtbot.waitUntil((tmp_path / "out" / "list.pdf").exists)
    assert (tmp_path / "out" / "list.pdf").read_bytes().startswith(b"%PDF")


def test_deleting_an_assessment_with_evidence(home, controller, qtbot, content, tmp_path):
    aid = _demo(controller, content)
    src = tmp_path / "a.pdf"
    src.write_bytes(b"audit")
    ev = EvidenceStore(controller.store)
    stored = ev.file(ev.attach(aid, "audit_report", src)).stored_name
    assert controller.store.delete(aid) is None
    assert not (ev.folder / stored).exists()
    assert all(r["id"] != aid for r in controller.store.list())
    assert ev.files(aid) == [] and ev.items(aid) == {}
