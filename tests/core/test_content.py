"""Every shipped file loads cleanly; broken files are reported with file, line, column and code."""

from pathlib import Path

import pytest

from srdi_desktop.core.content import load_content
from srdi_desktop.core.errors import ContentErrors


def test_shipped_content_loads_with_zero_errors(content):
    assert content.questionnaire.questions
    assert content.criteria and content.rules
    assert len(content.rules_hash) == 16


def test_stable_ids_of_design_section_3_exist(content):
    for qid in ("firm.name", "firm.credit_code", "firm.sector", "firm.employees", "finance.revenue_y1",
                "finance.revenue_y2", "finance.revenue_y3", "finance.main_revenue_y1", "finance.net_profit_y1",
                "finance.debt_ratio_pct", "finance.equity_new_2y", "finance.equity_new_3y", "rd.expense_y1",
                "rd.expense_y2", "rd.staff", "rd.institution_level"):
        assert qid in content.questionnaire


def test_every_question_has_both_languages_and_help(content):
    for q in content.questionnaire.questions:
        assert q.label["zh"] and q.label["en"] and q.help["zh"] and q.help["en"], q.id
        for c in q.choices:
            assert c.label["zh"] and c.label["en"]


def errors_of(forms: Path, rules: Path) -> list[str]:
    with pytest.raises(ContentErrors) as exc:
        load_content(forms, rules)
    return [str(e) for e in exc.value.errors]


def test_duplicate_key_in_a_rules_file(content_copy):
    forms, rules = content_copy
    f = rules / "advice" / "000_policy_innovation.yaml"
    lines = f.read_text(encoding="utf-8").splitlines()
    i = next(n for n, line in enumerate(lines) if line.strip().startswith("priority: high"))
    lines.insert(i + 1, lines[i])
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errs = errors_of(forms, rules)
    assert any(e.startswith(f"{f.relative_to(rules.parent)}:{i + 2}:5: E002 duplicate key 'priority'")
               for e in errs), errs


def test_unknown_field_in_a_rules_file(content_copy):
    forms, rules = content_copy
    f = rules / "advice" / "000_policy_innovation.yaml"
    text = f.read_text(encoding="utf-8").replace("    priority: high\n", "    priority: high\n    severity: 3\n", 1)
    f.write_text(text, encoding="utf-8")
    errs = errors_of(forms, rules)
    line = text.splitlines().index("    severity: 3") + 1
    where = f"rules/advice/000_policy_innovation.yaml:{line}:5"
    assert any(e.startswith(f"{where}: E003 unknown key 'severity'") for e in errs), errs


def test_unknown_question_in_a_condition_suggests_the_right_one(content_copy):
    forms, rules = content_copy
    f = rules / "criteria" / "cn_srdi_2022.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("rd.expense_y1 >= 100", "rd.expens_y1 >= 100", 1),
                 encoding="utf-8")
    errs = errors_of(forms, rules)
    assert any("E010 unknown id 'rd.expens_y1' (did you mean 'rd.expense_y1'?)" in e and
               e.startswith("rules/criteria/cn_srdi_2022.yaml:") for e in errs), errs


def test_missing_language_is_an_error(content_copy):
    forms, rules = content_copy
    f = forms / "10_firm.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("label: {zh: 企业名称, en: Registered name}",
                                                       "label: {zh: 企业名称}"), encoding="utf-8")
    errs = errors_of(forms, rules)
    assert any(e.startswith("forms/10_firm.yaml:") and "E006" in e and "'en'" in e for e in errs), errs
