"""Every shipped condition names the documents that prove it; broken references fail `check` with file:line."""

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from srdi_desktop import paths
from srdi_desktop.core.content import load_content
from srdi_desktop.core.errors import ContentErrors
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.core.evaluation import Evaluation
from srdi_desktop.core.evidence import checklist, documents_of

PACK = Path(__file__).parents[1] / "fixtures" / "criteria_pack" / "criteria"


def _conditions(content):
    for cset in content.criteria:
        for tier in cset.tiers:
            for cond in tier.conditions:
                yield cset.id, tier.id, cond


def test_every_shipped_condition_has_evidence_from_the_catalogue(content):
    seen = 0
    for set_id, tier_id, cond in _conditions(content):
        assert cond.evidence, f"{set_id}.{tier_id}.{cond.id} names no document"
        assert all(d in content.documents for d in cond.evidence), (set_id, tier_id, cond.id)
        seen += 1
    # the ladder: 科技型, 创新型, 高企, 专精特新, 小巨人, 单项冠军 and the Zhejiang overlay
    tiers = {t.id for c in content.criteria for t in c.tiers}
    assert {"tech_sme", "innovative_sme", "high_tech", "srdi_sme", "little_giant", "single_champion",
            "zj_hidden_champion"} <= tiers
    assert seen > 100


def test_the_pack_fixture_loads_and_its_conditions_have_evidence():
    content = load_content(paths.FORMS_DIR, paths.RULES_DIR, [PACK])
    pack = content.criteria_by_id("cn_zj_example")
    assert all(c.evidence for t in pack.tiers for c in t.conditions)


def test_catalogue_documents_have_both_languages_and_a_basis(content):
    used = {d for _, _, c in _conditions(content) for d in c.evidence}
    for doc in content.documents.values():
        assert doc.name["zh"] and doc.name["en"] and doc.obtain["zh"] and doc.obtain["en"], doc.id
        assert doc.basis in ("official", "practice")
        if doc.basis == "official":
            assert doc.source, doc.id
    assert set(content.documents) == used, "a catalogue entry no condition names is dead weight"
    # the examples are there
    assert {"audit_report", "rd_special_audit", "rd_deduction_form", "ip_certificates", "patent_fee_receipts",
            "hte_certificate", "social_insurance", "quality_certificate", "platform_score_page"} <= used


def test_evaluate_json_carries_evidence_on_every_condition(content):
    ev = evaluate(content, {"firm.employees": 40}, dt.date(2026, 11, 21))
    data = ev.to_json()
    for tier in data["tiers"].values():
        for c in tier["conditions"]:
            assert c["evidence"], c["id"]
            for ref in c["evidence"]:
                assert set(ref) == {"id", "name"} and ref["name"]["zh"] and ref["name"]["en"]
    back = Evaluation.from_json(data)
    assert back.tiers == ev.tiers  # evidence survives a stored final result
    rows = checklist(back, ["srdi_sme"])
    assert rows and {r.tier for r in rows} == {"srdi_sme"}
    assert "platform_score_page" in documents_of(rows)


def test_a_result_stored_before_evidence_reads_with_none(content):
    data = evaluate(content, {}, dt.date(2026, 11, 21)).to_json()
    for tier in data["tiers"].values():
        for c in tier["conditions"]:
            del c["evidence"]
    back = Evaluation.from_json(data)
    assert all(c.evidence == () for t in back.tiers for c in t.conditions)
    assert checklist(back) == ()


def _errors(forms, rules):
    with pytest.raises(ContentErrors) as exc:
        load_content(forms, rules)
    return [str(e) for e in exc.value.errors]


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize("edit, code, words", [
    ("[rd_special_audit, rd_deduction_form]", "E010", "unknown evidence document 'rd_audit_typo'"),
    ("", "E004", "lacks required key 'evidence'"),
    ("[]", "E007", "evidence names no document"),
    ("[audit_report, audit_report]", "E008", "named twice"),
])
def test_broken_evidence_is_an_error_with_its_place(content_copy, edit, code, words):
    forms, rules = content_copy
    f = rules / "criteria" / "cn_srdi_2026.yaml"
    text = f.read_text(encoding="utf-8")
    old = "        evidence: [rd_special_audit, rd_deduction_form]\n"  # zj26_rd_amount's
    assert old in text
    if code == "E010":
        new = "        evidence: [rd_special_audit, rd_audit_typo]\n"
    elif code == "E004":
        new = ""
    else:
        new = f"        evidence: {edit}\n"
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    errs = _errors(forms, rules)
    hits = [e for e in errs if code in e and words in e]
    assert hits, errs
    assert re.match(r"rules/criteria/cn_srdi_2026\.yaml:\d+:\d+: ", hits[0]), hits
    if code == "E004":  # points at the condition that lacks it
        assert hits[0].startswith(f"rules/criteria/cn_srdi_2026.yaml:{_line_of(f, 'id: zj26_rd_amount')}:")
    else:
        assert hits[0].startswith(f"rules/criteria/cn_srdi_2026.yaml:{_line_of(f, new.strip())}:")


def test_check_command_fails_on_a_condition_without_evidence(content_copy):
    forms, rules = content_copy
    f = rules / "criteria" / "cn_srdi_2022.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("        evidence: [market_share_proof]\n", "", 1),
                 encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "srdi_desktop", "check", "--forms", str(forms), "--rules", str(rules)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert "cn_srdi_2022.yaml:" in r.stdout and "lacks required key 'evidence'" in r.stdout, r.stdout


def test_a_bad_catalogue_entry_is_an_error(content_copy):
    forms, rules = content_copy
    f = rules / "evidence.yaml"
    text = f.read_text(encoding="utf-8")
    source = "    source: 工信部企业〔2026〕2号；工信厅企业〔2024〕75号（得分由平台计算）\n"
    assert source in text
    f.write_text(text.replace(source, "", 1), encoding="utf-8")
    errs = _errors(forms, rules)
    assert any(e.startswith("rules/evidence.yaml:") and "needs the source" in e for e in errs), errs
