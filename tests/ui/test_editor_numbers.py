"""The wizard's fields (issue 16 items 3, 4, 6): money shown one way, the source apart from the help,
checklists as checkboxes whose count the rules read."""

from PySide6.QtWidgets import QCheckBox, QLabel

from srdi_desktop.ui.question_editor import QuestionEditor


def _editor(qtbot, content, qid, value=None, lang="zh"):
    ed = QuestionEditor(content.questionnaire[qid], lang, value)
    qtbot.addWidget(ed)
    return ed


def test_a_loaded_amount_is_grouped(qtbot, content):
    assert _editor(qtbot, content, "finance.revenue_y1", 21000).input.text() == "21,000"
    assert _editor(qtbot, content, "finance.revenue_y1", 6833.5).input.text() == "6,833.5"
    assert _editor(qtbot, content, "firm.employees", 186).input.text() == "186"


def test_typed_amounts_end_up_in_one_form(qtbot, content):
    for typed in ("23500", "23,500", "23，500", " 23500 "):
        ed = _editor(qtbot, content, "finance.revenue_y1")
        seen: list = []
        ed.edited.connect(lambda qid, raw, seen=seen: seen.append(raw))
        ed.input.setText(typed)
        ed.input.editingFinished.emit()
        assert ed.input.text() == "23,500", typed
        assert seen == []  # regrouping is no edit: nothing new to save


def test_text_that_is_no_number_is_left_for_the_error(qtbot, content):
    ed = _editor(qtbot, content, "finance.revenue_y1")
    ed.input.setText("abc")
    ed.input.editingFinished.emit()
    assert ed.input.text() == "abc"


def test_the_basis_is_a_small_line_apart_from_the_help(qtbot, content):
    ed = _editor(qtbot, content, "supply.key_inputs_single_source")
    basis = ed.findChild(QLabel, "basis_supply.key_inputs_single_source")
    assert basis.text() == "依据：论文 004 §三(一)2(3)"
    assert "§" not in ed.help.text()
    en = _editor(qtbot, content, "supply.key_inputs_single_source", lang="en")
    assert en.findChild(QLabel, "basis_supply.key_inputs_single_source").text() == "Basis: paper 004 §三(一)2(3)"
    assert _editor(qtbot, content, "firm.name").findChild(QLabel, "basis_firm.name") is None


def test_a_checklist_is_a_box_per_named_item(qtbot, content):
    ed = _editor(qtbot, content, "digital.network_security_items", ["policy"])
    boxes = ed.findChildren(QCheckBox)
    names = [b.text() for b in boxes if b.objectName().startswith("choice_")]
    assert names[0] == "建立了网络安全管理制度" and len(names) == 4
    assert ed.findChild(QCheckBox, "choice_digital.network_security_items_policy").isChecked()
    seen = []
    ed.edited.connect(lambda qid, raw: seen.append(raw))
    ed.findChild(QCheckBox, "choice_digital.network_security_items_products").setChecked(True)
    assert seen[-1] == ["policy", "products"]
