"""Run tests/cases/criteria.yaml: answers -> tiers, conditions, scores; then check every shipped set's coverage.

The coverage tests are parametrized over the files found in rules/criteria/, so a new set is tested
as soon as its file is there (and fails until its cases exercise it).
"""

from pathlib import Path

import pytest
import yaml

from srdi_desktop import paths

from .criteria_cases import (
    DEFAULT_DATE,
    answers_of,
    check,
    conditions_not_seen_both_ways,
    load_cases,
    run,
    tiers_not_seen_both_ways,
)

CASES_FILE = Path(__file__).resolve().parent.parent / "cases" / "criteria.yaml"
DATA = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
BASES, CASES = load_cases(CASES_FILE)
SET_FILES = sorted((paths.RULES_DIR / "criteria").glob("*.yaml"))
__all__ = ["DATA", "DEFAULT_DATE"]


def test_there_are_enough_cases():
    assert len(CASES) >= 40
    assert len(SET_FILES) >= 2


def test_case_answers_are_valid_documents(content):
    """Every base and case must be a valid assessment, or a case could pass on nonsense input."""
    from srdi_desktop.core.document import parse_document

    for case in CASES:
        doc = yaml.safe_dump({"format": "srdi-assessment/1", "assessed_on": "2026-11-21",
                              "answers": answers_of(case, BASES)}, allow_unicode=True)
        parse_document(doc.encode(), case["name"], content.questionnaire)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(content, case):
    check(run(content, case, BASES), case["expect"])


@pytest.mark.parametrize("set_file", SET_FILES, ids=[f.stem for f in SET_FILES])
def test_each_set_file_is_named_after_its_set_and_declares_its_scope(content, set_file):
    cset = content.criteria_by_id(set_file.stem)
    assert cset.region and cset.applies_to and cset.tiers
    for card in cset.scorecards.values():
        assert card.chart_label, f"scorecard {card.id} has no chart_label"


@pytest.mark.parametrize("set_file", SET_FILES, ids=[f.stem for f in SET_FILES])
def test_every_condition_is_seen_met_and_unmet(content, set_file):
    """Both sides of every threshold are exercised by some case (observed, not just expected)."""
    missing = conditions_not_seen_both_ways(content, set_file.stem, CASES, BASES)
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("set_file", SET_FILES, ids=[f.stem for f in SET_FILES])
def test_every_tier_has_eligible_and_failing_cases(content, set_file):
    missing = tiers_not_seen_both_ways(content, set_file.stem, CASES, BASES)
    assert not missing, "\n".join(missing)
