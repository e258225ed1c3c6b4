"""A regional criteria set is one YAML file plus its cases: loaded from its own folder, selected by
region, validated by `srdi-desktop check` with file:line:col errors, and leaving national results alone."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from srdi_desktop import paths
from srdi_desktop.core.chart_data import radar_points
from srdi_desktop.core.content import load_content
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.evaluate import evaluate

from .criteria_cases import check, conditions_not_seen_both_ways, load_cases, run, tiers_not_seen_both_ways

PACK = Path(__file__).resolve().parent.parent / "fixtures" / "criteria_pack"
PACK_SETS = sorted((PACK / "criteria").glob("*.yaml"))
BASES, CASES = load_cases(PACK / "cases" / "cn_zj_example.yaml")


@pytest.fixture(scope="module")
def with_pack():
    return load_content(paths.FORMS_DIR, paths.RULES_DIR, [PACK / "criteria"])


def test_the_pack_is_one_file_with_its_cases():
    assert [f.name for f in PACK_SETS] == ["cn_zj_example.yaml"]
    assert [f.name for f in (PACK / "cases").glob("*.yaml")] == ["cn_zj_example.yaml"]


def test_the_pack_loads_beside_the_shipped_sets(with_pack):
    listed = [(c.id, c.region, c.applies_to) for c in with_pack.criteria_sets]
    assert listed == [("cn_srdi_2026", "CN", ("new",)), ("cn_srdi_2022", "CN", ("new", "renewal")),
                      ("cn_zj_example", "CN-ZJ", ("new",)), ("cn_zj_hidden_champion_2026", "CN-ZJ", ("new",))]
    zj = with_pack.criteria_by_id("cn_zj_example")
    assert [t.id for t in zj.tiers] == ["zj_srdi_sme"]  # a tier id of its own: no list of tiers in code
    assert (zj.valid_from, zj.valid_to) == (dt.date(2026, 4, 1), dt.date(2027, 12, 31))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_pack_case(with_pack, case):
    check(run(with_pack, case, BASES), case["expect"])


def test_pack_case_answers_are_valid_documents(with_pack):
    import yaml

    for case in CASES:
        doc = yaml.safe_dump({"format": "srdi-assessment/1", "assessed_on": "2026-11-21",
                              "answers": {**BASES[case["base"]], **case.get("set", {})}}, allow_unicode=True)
        parse_document(doc.encode(), case["name"], with_pack.questionnaire)


@pytest.mark.parametrize("set_file", PACK_SETS, ids=[f.stem for f in PACK_SETS])
def test_pack_cases_cover_every_condition_and_tier(with_pack, set_file):
    missing = (conditions_not_seen_both_ways(with_pack, set_file.stem, CASES, BASES)
               + tiers_not_seen_both_ways(with_pack, set_file.stem, CASES, BASES))
    assert not missing, "\n".join(missing)


def test_loading_a_pack_changes_no_national_result(content, with_pack):
    a = parse_document(paths.DEMO_FILE.read_bytes(), str(paths.DEMO_FILE), content.questionnaire)
    for day in (dt.date(2025, 6, 30), a.assessed_on):
        plain, packed = (evaluate(c, a.answers, day).to_json() for c in (content, with_pack))
        assert packed["criteria"]["id"] == plain["criteria"]["id"]
        assert {k: v for k, v in packed.items() if k != "rules_hash"} == \
            {k: v for k, v in plain.items() if k != "rules_hash"}


def test_the_radar_uses_the_chart_labels_the_sets_declare(with_pack):
    ev = evaluate(with_pack, BASES["zj_firm"], dt.date(2026, 11, 21), "cn_zj_example")
    assert "特色化·浙江" in [label for label, _ in radar_points(ev, "zh")]
    assert "Specialisation·SRDI" in [label for label, _ in radar_points(ev, "en")]


# -- selection -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "region", "application", "expected"), [
    ("2026-11-21", "CN", "new", "cn_srdi_2026"),
    ("2026-11-21", "CN-ZJ", "new", "cn_zj_example"),  # regional before national
    ("2026-11-21", "CN-GD", "new", "cn_srdi_2026"),  # another province: the national set
    ("2026-03-31", "CN-ZJ", "new", "cn_srdi_2022"),  # the day before it starts
    ("2026-04-01", "CN-ZJ", "new", "cn_zj_example"),
    ("2027-12-31", "CN-ZJ", "new", "cn_zj_example"),
    ("2028-01-01", "CN-ZJ", "new", "cn_srdi_2026"),  # after it ends
    ("2026-11-21", "CN-ZJ", "renewal", "cn_srdi_2022"),  # neither 2026 set judges renewals: the nearest that does
    ("2025-06-30", "CN", "renewal", "cn_srdi_2022"),
    ("2020-01-01", "CN-ZJ", "new", "cn_srdi_2022"),  # before every set: the oldest
])
def test_criteria_for_picks_by_date_region_and_application(with_pack, day, region, application, expected):
    assert with_pack.criteria_for(dt.date.fromisoformat(day), region, application).id == expected


def test_criteria_for_defaults_to_a_new_national_application(content):
    assert content.criteria_for(dt.date(2026, 11, 21)).id == "cn_srdi_2026"
    assert content.criteria_for(dt.date(2026, 3, 31)).id == "cn_srdi_2022"


def test_criteria_for_refuses_what_no_set_covers(with_pack):
    with pytest.raises(ValueError, match="application"):
        with_pack.criteria_for(dt.date(2026, 11, 21), "CN", "transfer")
    only_zj = msgspec.structs.replace(with_pack, criteria=(with_pack.criteria_by_id("cn_zj_example"),))
    assert only_zj.criteria_for(dt.date(2026, 11, 21), "CN-ZJ").id == "cn_zj_example"
    with pytest.raises(LookupError, match="CN-GD"):
        only_zj.criteria_for(dt.date(2026, 11, 21), "CN-GD")


# -- a broken copy: `srdi-desktop check` names file:line:col ------------------------------------

def _where(text: str, needle: str, offset: int = 0) -> str:
    """line:col (1-based) of ``needle`` in ``text``, plus ``offset`` columns."""
    before = text[:text.index(needle)]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10)) + offset}"


def test_check_accepts_the_pack_and_evaluate_can_use_it(tmp_path):
    r = subprocess.run([sys.executable, "-m", "srdi_desktop", "check", "--criteria-dir", str(PACK / "criteria")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "cn_zj_example" in r.stdout
    r = subprocess.run([sys.executable, "-m", "srdi_desktop", "--criteria-dir", str(PACK / "criteria"), "evaluate",
                        str(paths.DEMO_FILE), "--criteria", "cn_zj_example", "--json"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    ev = json.loads(r.stdout)
    assert (ev["criteria"]["id"], ev["criteria"]["region"], list(ev["tiers"])) == \
        ("cn_zj_example", "CN-ZJ", ["zj_srdi_sme"])


def test_check_names_each_error_of_a_broken_pack_by_file_line_and_column(tmp_path):
    pack = tmp_path / "criteria"
    shutil.copytree(PACK / "criteria", pack)
    f = pack / "cn_zj_example.yaml"
    text = f.read_text(encoding="utf-8")
    text = text.replace("region: CN-ZJ\n", "region: CN-ZJ\nprovince: Zhejiang\n", 1)  # unknown key
    text = text.replace('when: "rd_ratio_y1 >= 4"', 'when: "rd_ratio_y1 >=> 4"', 1)  # bad expression
    text = text.replace("value: quality.standards_count", "value: quality.standard_count", 1)  # unknown id
    f.write_text(text, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "srdi_desktop", "check", "--criteria-dir", str(pack)],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 1
    shown = "criteria/cn_zj_example.yaml"
    expected = [
        f"{shown}:{_where(text, 'province:')}: E003 unknown key 'province' in criteria file",
        f"{shown}:{_where(text, 'rd_ratio_y1 >=> 4', 14)}: E011 cannot parse condition",  # at the second '>'
        f"{shown}:{_where(text, 'quality.standard_count')}: E010 unknown id 'quality.standard_count' "
        f"(did you mean 'quality.standards_count'?)",
    ]
    got = r.stdout.splitlines()
    for line in expected:
        assert any(out.startswith(line) for out in got), (line, r.stdout)
    assert len(got) == len(expected), r.stdout  # one error each, nothing else (the shipped files stay clean)


def test_check_names_mistakes_in_a_renewal_wording(tmp_path):
    pack = tmp_path / "criteria"
    shutil.copytree(PACK / "criteria", pack)
    f = pack / "cn_zj_example.yaml"
    text = f.read_text(encoding="utf-8").replace(
        '        when: "rd_ratio_y1 >= 4"\n        source: 示例文件\n        confidence: low\n',
        '        when: "rd_ratio_y1 >= 4"\n        source: 示例文件\n        confidence: low\n'
        '        renewal:\n          id: zj_rd_ratio_renewal\n          title: {zh: 复核, en: Renewal}\n'
        '          when: "rd_ratio_y1 >= 3 or rd_ratio_y9 >= 3"\n'
        '          source: 示例文件\n          confidence: low\n', 1)
    f.write_text(text, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "srdi_desktop", "check", "--criteria-dir", str(pack)],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 1
    shown = "criteria/cn_zj_example.yaml"
    where = _where(text, "id: zj_rd_ratio_renewal")
    assert f"{shown}:{where}: E003 unknown key 'id' in condition 'zj_rd_ratio'.renewal" in r.stdout, r.stdout


def test_check_reports_scope_and_tier_mistakes(tmp_path):
    pack = tmp_path / "criteria"
    shutil.copytree(PACK / "criteria", pack)
    f = pack / "cn_zj_example.yaml"
    text = (f.read_text(encoding="utf-8")
            .replace("region: CN-ZJ", "region: CN-ZX")
            .replace("applies_to: [new]", "applies_to: [new, transfer]")
            .replace("valid_to: 2027-12-31", "valid_to: 2025-12-31")
            .replace("  - id: zj_srdi_sme", "  - id: ZJ-Tier"))
    f.write_text(text, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "srdi_desktop", "check", "--criteria-dir", str(pack)],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 1
    out = r.stdout
    shown = "criteria/cn_zj_example.yaml"
    assert f"{shown}:{_where(text, 'CN-ZX')}: E007 criteria 'cn_zj_example': region 'CN-ZX'" in out, out
    assert f"{shown}:{_where(text, 'transfer')}: E007 criteria 'cn_zj_example': applies_to 'transfer'" in out, out
    assert f"{shown}:{_where(text, '2025-12-31')}: E007 criteria 'cn_zj_example': valid_to 2025-12-31 is before" in out
    assert f"{shown}:{_where(text, 'ZJ-Tier')}: E007 tier id 'ZJ-Tier' must be lower-case" in out, out


def test_a_set_id_twice_is_an_error(tmp_path):
    pack = tmp_path / "criteria"
    pack.mkdir()
    src = (paths.RULES_DIR / "criteria" / "cn_srdi_2026.yaml").read_text(encoding="utf-8")
    (pack / "copy.yaml").write_text(src, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "srdi_desktop", "check", "--criteria-dir", str(pack)],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 1
    assert f"criteria/copy.yaml:{_where(src, 'cn_srdi_2026')}: E008 criteria set id 'cn_srdi_2026' is defined twice" \
        in r.stdout, r.stdout


def test_the_minimal_set_in_the_docs_loads_and_is_chosen_by_region(tmp_path):
    doc = (Path(__file__).resolve().parents[2] / "docs" / "criteria_sets.md").read_text(encoding="utf-8")
    block = doc.split("## A minimal set", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "cn_xx_example.yaml").write_text(block, encoding="utf-8")
    c = load_content(paths.FORMS_DIR, paths.RULES_DIR, [tmp_path / "criteria"])
    assert c.criteria_for(dt.date(2026, 11, 21), "CN-ZJ").id == "cn_xx_example"
    assert c.criteria_for(dt.date(2026, 11, 21), "CN-ZJ", "renewal").id == "cn_srdi_2022"
