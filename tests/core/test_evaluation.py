"""The typed evaluation: JSON round trip, the format tag, results stored before the tag, and frozen
results drawn with their own titles."""

import copy
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from msgspec.structs import replace
from pypdf import PdfReader

from srdi_desktop import paths, service
from srdi_desktop.core.content import load_content
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.core.evaluation import FORMAT, Evaluation
from srdi_desktop.core.present import present
from srdi_desktop.storage.store import AssessmentStore

# A result as the code before srdi-evaluation/1 printed and stored it (the demo firm, untagged).
LEGACY = Path(__file__).resolve().parent.parent / "data" / "result_legacy_demo.json"

SPARSE = {"firm.name": "稀疏企业", "firm.sector": "industry", "firm.employees": 40, "finance.revenue_y1": 900,
          "digital.core_system": True}


@pytest.fixture(scope="module")
def demo(content):
    return parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)


def _through_json(ev: Evaluation) -> tuple[dict, Evaluation]:
    doc = json.loads(json.dumps(ev.to_json(), ensure_ascii=False))
    return doc, Evaluation.from_json(doc)


@pytest.mark.parametrize("case", ["demo", "sparse", "empty", "no_gaps", "criteria_2022"])
def test_round_trip_gives_equal_objects_and_equal_json(content, demo, case):
    answers, day, crit, gaps = {"demo": (demo.answers, demo.assessed_on, None, True),
                                "sparse": (SPARSE, dt.date(2026, 11, 21), None, True),
                                "empty": ({}, dt.date(2026, 11, 21), None, True),
                                "no_gaps": (demo.answers, demo.assessed_on, None, False),
                                "criteria_2022": (demo.answers, demo.assessed_on, "cn_srdi_2022", True)}[case]
    ev = evaluate(content, answers, day, crit, gaps=gaps)
    doc, back = _through_json(ev)
    assert back == ev
    assert back.to_json() == doc
    assert json.dumps(back.to_json(), ensure_ascii=False) == json.dumps(ev.to_json(), ensure_ascii=False)


def test_the_round_trip_reaches_every_nested_part(content, demo):
    """The demo exercises gaps with options and changes, scorecards, benchmarks: each survives by value."""
    ev = evaluate(content, demo.answers, demo.assessed_on)
    options = [o for t in ev.tiers for g in t.gap for o in g.options]
    assert options and any(o.changes for o in options)
    assert any(f.benchmark for f in ev.findings) and ev.scorecards
    _, back = _through_json(ev)
    assert [o for t in back.tiers for g in t.gap for o in g.options] == options
    assert back.scorecards[0].indicators == ev.scorecards[0].indicators


def test_json_is_tagged_and_keeps_the_contract_keys(content, demo):
    doc = evaluate(content, demo.answers, demo.assessed_on).to_json()
    assert doc["format"] == FORMAT == "srdi-evaluation/1"
    assert {"criteria", "sme_size", "digital_level", "tiers", "scorecards", "mode", "findings"} <= set(doc)
    tier = doc["tiers"]["innovative_sme"]
    assert {"eligible", "score", "conditions", "gap"} <= set(tier)
    assert {"id", "status", "value", "threshold"} <= set(tier["conditions"][0])
    card = next(iter(doc["scorecards"].values()))
    assert {"total", "by_indicator"} <= set(card)
    assert {"id", "priority", "horizon", "path"} <= set(doc["findings"][0])


def _paths_of(d, at=""):
    """Every key path of a JSON document, tier and scorecard ids folded to '*'."""
    out = set()
    if isinstance(d, dict):
        for k, v in d.items():
            here = f"{at}/{'*' if at in ('/tiers', '/scorecards') else k}"
            out |= {here} | _paths_of(v, here)
    elif isinstance(d, list):
        for x in d:
            out |= _paths_of(x, at + "[]")
    return out


def test_every_key_printed_before_the_tag_is_still_printed(content, demo):
    legacy = json.loads(LEGACY.read_text(encoding="utf-8"))
    now = evaluate(content, demo.answers, demo.assessed_on).to_json()
    assert not _paths_of(legacy) - _paths_of(now)


def test_a_result_stored_before_the_tag_still_loads(content, demo):
    legacy = json.loads(LEGACY.read_text(encoding="utf-8"))
    assert "format" not in legacy
    old = Evaluation.from_json(legacy)
    today = evaluate(content, demo.answers, demo.assessed_on)
    assert old.assessed_on == today.assessed_on
    # the readings stored then read back as they were (the band-edge reading is worded anew since, issue 20)
    assert old.criteria.readings == tuple(legacy["criteria"]["readings"])
    assert replace(old.criteria, readings=()) == replace(today.criteria, readings=())
    # the tiers stored then read back as they were (tiers added since, such as tech_sme, are new today)
    # (the documents that prove each condition were not recorded then: they read back as none)
    assert all(c.evidence == () for t in old.tiers for c in t.conditions)
    now = {t.id: t for t in today.tiers}
    # (units and worded thresholds are words of the content, reworded since: issue 16 wrote amounts in words)
    def same(conds):
        return tuple(replace(c, unit=None, threshold=None if isinstance(c.threshold, dict) else c.threshold,
                             evidence=()) for c in conds)

    assert [(t.id, t.status, t.score, same(t.conditions), t.gap) for t in old.tiers] == \
        [(t.id, t.status, t.score, same(t.conditions), t.gap) for t in (now[t.id] for t in old.tiers)]
    assert old.tier("srdi_sme").conditions[3].unit == {"zh": "万元", "en": "×10k CNY"}  # kept as stored
    # findings and mode signals are kept as stored: today's advice rules may differ from the rules then
    assert [f.id for f in old.findings] == [f["id"] for f in legacy["findings"]]
    assert all(f.path_title is None for f in old.findings) and old.mode_detail.titles == {}
    # the service fills only the titles old results never kept, from today's content
    filled = service.stored_result(content, {"result": legacy})
    assert [replace(f, path_title=None) for f in filled.findings] == list(old.findings)
    assert all(f.path_title == content.paths[f.path].title for f in filled.findings)
    assert filled.mode_detail == replace(old.mode_detail, titles=today.mode_detail.titles)
    assert tuple(replace(t, conditions=same(t.conditions)) for t in filled.tiers) == \
        tuple(replace(now[t.id], conditions=same(now[t.id].conditions)) for t in filled.tiers)


def test_an_unknown_format_is_refused(content, demo):
    doc = evaluate(content, {}, dt.date(2026, 11, 21)).to_json()
    doc["format"] = "srdi-evaluation/9"
    with pytest.raises(ValueError, match="srdi-evaluation/9"):
        Evaluation.from_json(doc)


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_a_frozen_result_is_drawn_with_its_own_titles_not_todays(content, demo):
    """Edit the stored JSON's titles (as if the rules had been worded differently then): the PDF and the
    presentation show the stored words, the questionnaire only labels answers."""
    doc = evaluate(content, demo.answers, demo.assessed_on).to_json()
    frozen = copy.deepcopy(doc)
    frozen["tiers"]["srdi_sme"]["title"] = {"zh": "旧称专精特新层级", "en": "Old SRDI tier name"}
    action = next(f for f in frozen["findings"] if f["kind"] == "action")
    action["title"] = {"zh": "旧的行动标题", "en": "Old action title"}
    action["path_title"] = {"zh": "旧发展路径名", "en": "Old path name"}
    frozen["mode_detail"]["title"] = {"zh": "旧模式名称", "en": "Old mode name"}
    frozen["mode_detail"]["titles"][frozen["mode"]] = {"zh": "旧模式名称", "en": "Old mode name"}
    ev = Evaluation.from_json(frozen)
    view = present(ev, content.questionnaire, "en")
    assert next(t for t in view.tiers if t.id == "srdi_sme").title == "Old SRDI tier name"
    assert view.mode_heading.startswith("Old mode name") and view.mode_titles[ev.mode] == "Old mode name"
    block = next(a for h in view.roadmap for a in h.actions if a.id == action["id"])
    assert block.title == "Old action title" and "Old path name" in block.meta
    text = _pdf_text(service.pdf_bytes(content, demo, ev, "en", invariant=True))
    for words in ("Old SRDI tier name", "Old action title", "Old path name", "Old mode name"):
        assert words in text, words
    today = _pdf_text(service.pdf_bytes(content, demo, Evaluation.from_json(doc), "en", invariant=True))
    assert "Old SRDI tier name" not in today and "Old path name" not in today


def test_a_final_assessment_keeps_its_titles_when_todays_rules_rename_a_tier(content, content_copy, demo, tmp_path):
    """Finalized under one wording of the rules, reopened under another: the record shows the first."""
    forms, rules = content_copy
    crit = next(p for p in (rules / "criteria").glob("*.yaml") if "2026" in p.name)
    text = crit.read_text(encoding="utf-8")
    new_title = "专精特新中小企业（新版名称）"
    old = "title: {zh: 专精特新中小企业, en:"
    assert text.count(old) == 1
    crit.write_text(text.replace(old, f"title: {{zh: {new_title}, en:"), encoding="utf-8")
    renamed = load_content(forms, rules)
    assert renamed.rules_hash != content.rules_hash
    renamed_tier = next(t for t in renamed.criteria_by_id("cn_srdi_2026").tiers if t.id == "srdi_sme")
    assert renamed_tier.title["zh"] == new_title

    store = AssessmentStore.open(tmp_path / "a.db")
    aid = store.import_assessment(demo)
    service.finalize(store, content, aid, store.load(aid).assessment)
    rec = store.load(aid)
    frozen = service.result_of(renamed, rec)
    fresh = service.evaluate_assessment(renamed, rec.assessment)
    assert fresh.tier("srdi_sme").title["zh"] == new_title
    assert frozen.tier("srdi_sme").title["zh"] == "专精特新中小企业" and frozen.rules_hash == content.rules_hash
    zh_rows = present(frozen, renamed.questionnaire, "zh").tiers
    assert next(t for t in zh_rows if t.id == "srdi_sme").title == "专精特新中小企业"
    assert new_title not in _pdf_text(service.pdf_bytes(renamed, rec.assessment, frozen, "zh", invariant=True))
    store.close()


@pytest.mark.parametrize("lang, colon, aside", [("zh", "：", "（"), ("en", ": ", " (")])
def test_punctuation_follows_the_language(content, demo, lang, colon, aside):
    view = present(evaluate(content, demo.answers, demo.assessed_on), content.questionnaire, lang)
    assert all(colon in line for line in view.key_facts)
    assert aside in view.criteria_line and aside in view.mode_heading
    other = ": " if lang == "zh" else "："
    assert not any(other in line for line in view.key_facts)
