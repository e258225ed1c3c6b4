"""Counts asked as checklists (issue 16 item 4): the wizard asks the named items, the rules read the count.

The count keeps its stable id (``count_of``), so rules, saved files and the database keep working; a
file saved with a bare count still loads and is still read.
"""

import json

import pytest

from srdi_desktop.core.document import DocumentError, dump_document, parse_document
from srdi_desktop.core.draft import Draft
from srdi_desktop.core.errors import ContentErrors
from srdi_desktop.core.evaluate import make_facts
from srdi_desktop.core.expr import UNKNOWN
from srdi_desktop.core.format import fmt_value
from srdi_desktop.core.validation import Invalid, coerce

HEAD = b"format: srdi-assessment/1\nassessed_on: 2026-11-21\nanswers:\n"
# (checklist, count the rules read, number of items)
CHECKLISTS = [
    ("digital.data_collection_items", "digital.data_collection_links", 14),
    ("digital.network_security_items", "digital.network_security_measures", 4),
    ("digital.data_security_items", "digital.data_security_measures", 4),
    ("digital.management_rules_items", "digital.management_rules", 4),
    ("digital.talent_items", "digital.talent_measures", 5),
]


@pytest.mark.parametrize("items, count, n", CHECKLISTS)
def test_each_count_is_a_checklist_of_named_items(content, items, count, n):
    qn = content.questionnaire
    assert qn[items].type == "multichoice" and len(qn[items].choices) == n
    assert qn[count].count_of == items and qn[count].max == n
    for c in qn[items].choices:  # named items, not "item 1"
        for lang in ("zh", "en"):
            assert len(c.label[lang]) >= 4 and not any(ch.isdigit() for ch in c.label[lang]), c.value


@pytest.mark.parametrize("ticked, expected", [(None, UNKNOWN), ([], 0), (["policy"], 1),
                                               (["policy", "products", "risk_assessment", "boundary_control"], 4),
                                               ("unknown", UNKNOWN)])
def test_the_rules_read_the_number_ticked(content, ticked, expected):
    answers = {} if ticked is None else {"digital.network_security_items": ticked}
    facts = make_facts(content, answers)
    assert facts("digital.network_security_measures") == expected


@pytest.mark.parametrize("answers, expected", [
    ({"digital.network_security_measures": 3}, 3),  # a file saved before the checklist: its bare count
    ({"digital.network_security_measures": 3, "digital.network_security_items": ["policy"]}, 1),  # ticks win
])
def test_a_bare_count_is_read_until_the_checklist_is_answered(content, answers, expected):
    assert make_facts(content, answers)("digital.network_security_measures") == expected


def test_a_count_moved_by_the_gap_search_wins_over_its_checklist(content):
    facts = make_facts(content, {"digital.talent_items": ["staff"]})
    assert facts("digital.talent_measures") == 1
    assert facts.with_overrides({"digital.talent_measures": 4})("digital.talent_measures") == 4
    assert facts.with_overrides({"digital.talent_items": ["staff", "post"]})("digital.talent_measures") == 2


def test_the_checklist_is_an_input_of_the_count(content):
    facts = make_facts(content, {})
    assert facts.inputs({"digital.talent_measures"}) == {"digital.talent_measures", "digital.talent_items"}


@pytest.mark.parametrize("raw, ok", [(["policy", "products"], True), ([], True), (["policy", "nonsense"], False),
                                     ("policy", False), ([1], False), ("unknown", True)])
def test_validation_of_a_checklist(content, raw, ok):
    q = content.questionnaire["digital.network_security_items"]
    if ok:
        coerce(q, raw)
    else:
        with pytest.raises(Invalid):
            coerce(q, raw)


def test_the_wizard_asks_the_checklist_never_the_count(content, today):
    from srdi_desktop.core.assessment import Assessment
    a = Assessment(assessed_on=today)
    saved = {}
    d = Draft(content.questionnaire, a, on_saved=lambda k, v: saved.__setitem__(k, v), derived=content.derived)
    qn = content.questionnaire
    assert d.visible(qn["digital.talent_items"]) and not d.visible(qn["digital.talent_measures"])
    assert d.set("digital.talent_items", ["staff", "training"]) is None
    assert saved == {"digital.talent_items": ["staff", "training"]}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_checklist_goes_through_export_and_import(content, fmt):
    qn = content.questionnaire
    raw = {"format": "srdi-assessment/1", "assessed_on": "2026-11-21",
           "answers": {"digital.talent_items": ["post", "staff"]}}
    doc = parse_document(json.dumps(raw).encode(), "in.json", qn)
    assert doc.answers["digital.talent_items"] == ["staff", "post"]  # canonical order
    again = parse_document(dump_document(doc, qn, fmt).encode(), f"again.{fmt}", qn)
    assert again.answers["digital.talent_items"] == ["staff", "post"]


def test_an_old_file_with_a_bare_count_still_loads(content):
    qn = content.questionnaire
    doc = parse_document(HEAD + b"  digital.network_security_measures: 3\n", "old.yaml", qn)
    assert doc.answers == {"digital.network_security_measures": 3}
    assert make_facts(content, doc.answers)("digital.network_security_measures") == 3


def test_an_unknown_item_in_a_file_is_refused_with_its_place(content):
    with pytest.raises(DocumentError) as exc:
        parse_document(HEAD + b"  digital.talent_items: [staff, robots]\n", "bad.yaml", content.questionnaire)
    assert "digital.talent_items" in str(exc.value.errors[0])


def test_a_checklist_reads_as_its_items(content):
    qn = content.questionnaire
    assert fmt_value(qn, "digital.talent_items", ["staff", "training"], "zh") == \
        "配备专职或兼职的数字化人才、定期对员工开展数字化培训"
    assert fmt_value(qn, "digital.talent_items", [], "en") == "—"


@pytest.mark.parametrize("mutate, message", [
    (lambda t: t.replace("count_of: digital.talent_items", "count_of: digital.platform_level"), "multichoice"),
    (lambda t: t.replace("max: 5\n    count_of: digital.talent_items", "max: 4\n    count_of: digital.talent_items"),
     "is not the 5 items"),
])
def test_a_broken_count_of_is_reported(content_copy, mutate, message):
    forms, rules = content_copy
    f = forms / "80_digital.yaml"
    text = f.read_text(encoding="utf-8")
    new = mutate(text)
    assert new != text
    f.write_text(new, encoding="utf-8")
    from srdi_desktop.core.content import load_content
    with pytest.raises(ContentErrors) as exc:
        load_content(forms, rules)
    assert any(message in str(e) for e in exc.value.errors), [str(e) for e in exc.value.errors]



def test_a_missing_count_asks_for_its_checklist(content_copy):
    """A condition on a count lists the checklist to fill in, never the count the wizard does not ask."""
    import datetime as dt

    from srdi_desktop.core.content import load_content
    from srdi_desktop.core.evaluate import evaluate

    forms, rules = content_copy
    f = rules / "criteria" / "cn_srdi_2026.yaml"
    text = f.read_text(encoding="utf-8")
    anchor = "      - id: xjr26_score\n"
    assert anchor in text and "and xjr26_score and" in text
    text = text.replace(anchor, """      - id: xjr26_talent
        title: {zh: 数字化人才举措不少于 3 项, en: At least 3 digital-talent measures}
        when: "digital.talent_measures >= 3"
        source: test
        confidence: low
        evidence: [audit_report]
""" + anchor).replace("and xjr26_score and", "and xjr26_talent and xjr26_score and")
    f.write_text(text, encoding="utf-8")
    c = load_content(forms, rules)
    ev = evaluate(c, {"firm.name": "甲"}, dt.date(2026, 11, 21))
    gap = next(g for g in ev.tier("little_giant").gap if g.condition == "xjr26_talent")
    assert list(gap.missing) == ["digital.talent_items"]
