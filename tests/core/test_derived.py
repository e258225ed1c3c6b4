"""Derived figures come from rules/derived.yaml: formulas in the rule language, parsed at load."""

from __future__ import annotations

import pytest

from srdi_desktop.core.content import load_content
from srdi_desktop.core.errors import ContentErrors
from srdi_desktop.core.facts import Facts
from srdi_desktop.core.format import fmt_value


def errors_of(forms, rules) -> list[str]:
    with pytest.raises(ContentErrors) as exc:
        load_content(forms, rules)
    return [str(e) for e in exc.value.errors]


def test_every_figure_has_a_label_in_both_languages_and_a_formula(content):
    assert len(content.derived_figures) >= 12
    for name, d in content.derived_figures.items():
        assert d.label["zh"] and d.label["en"], name
        assert content.derived[name] is d.expr and d.formula


def test_the_reading_of_the_two_year_growth_is_kept_beside_its_formula(content):
    d = content.derived_figures["main_revenue_growth_2y_avg"]
    assert d.formula == "(main_revenue_growth_y1 + main_revenue_growth_y2) / 2"
    assert "算术平均" in d.note["zh"] and "arithmetic mean" in d.note["en"]


@pytest.mark.parametrize(("answers", "name", "expected"), [
    ({"rd.expense_y1": 246, "finance.revenue_y1": 8200}, "rd_ratio_y1", 3),  # exactly 3%, no float noise
    ({"rd.expense_y1": 100, "rd.expense_y2": 80}, "rd_expense_2y_avg", 90),
    ({"finance.main_revenue_y1": 110, "finance.main_revenue_y2": 100, "finance.main_revenue_y3": 80},
     "main_revenue_growth_2y_avg", 17.5),  # (10% + 25%) / 2
    ({"finance.revenue_y1": 121, "finance.revenue_y3": 100}, "revenue_cagr_2y", 10),
])
def test_formulas_compute_what_their_labels_say(content, answers, name, expected):
    facts = Facts(content.questionnaire, answers, content.derived, content.symbols, content.symbol_inputs)
    assert facts(name) == pytest.approx(expected)


def test_values_carry_the_units_the_file_declares(content):
    qn = content.questionnaire
    assert fmt_value(qn, "rd_ratio_y1", 3.5, "zh") == "3.5%"
    assert fmt_value(qn, "rd_expense_2y_total", 1900, "en") == "RMB 19 million"  # amounts in words (issue 16)
    assert fmt_value(qn, "class1_ip_per_k_staff", 2.5, "en") == "2.5"


def _edit(rules, old: str, new: str) -> str:
    f = rules / "derived.yaml"
    text = f.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    f.write_text(text, encoding="utf-8")
    return text


def _line_col(text: str, needle: str) -> str:
    before = text[:text.index(needle)]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def test_an_unknown_key_and_an_unknown_id_are_placed(content_copy):
    forms, rules = content_copy
    _edit(rules, "    unit: {zh: 万元, en: (10k CNY)}\n", "    unit: {zh: 万元, en: (10k CNY)}\n    scale: 2\n")
    text = _edit(rules, '"rd.staff / firm.employees * 100"', '"rd.staff / firm.employee * 100"')
    errs = errors_of(forms, rules)
    assert any(e.startswith(f"rules/derived.yaml:{_line_col(text, 'scale: 2')}: E003 unknown key 'scale'")
               for e in errs), errs
    at = _line_col(text, "firm.employee * 100")
    assert f"rules/derived.yaml:{at}: E010 unknown id 'firm.employee' (did you mean 'firm.employees'?)" in errs


def test_a_loop_between_figures_is_refused(content_copy):
    forms, rules = content_copy
    text = _edit(rules, '"(main_revenue_growth_y1 + main_revenue_growth_y2) / 2"',
                 '"(main_revenue_growth_y1 + main_revenue_growth_2y_avg) / 2"')
    errs = errors_of(forms, rules)
    at = _line_col(text, "(main_revenue_growth_y1 + main_revenue_growth_2y_avg)")
    assert f"rules/derived.yaml:{at}: E007 derived figures refer to each other in a loop: " \
           "main_revenue_growth_2y_avg → main_revenue_growth_2y_avg" in errs, errs


def test_a_figure_cannot_take_a_question_id(content_copy):
    forms, rules = content_copy
    _edit(rules, "  - id: net_margin_y1\n", "  - id: rd.staff\n")
    assert any("E008 derived figure 'rd.staff': the id is already a question" in e for e in errors_of(forms, rules))
