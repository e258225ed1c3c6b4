"""Where each answer came from (issue 20): the optional ``sources`` map round-trips through a file, the
database (migration 0006) and export/import, and a platform-only figure from elsewhere is "review"."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from msgspec.structs import replace

from srdi_desktop import paths, service
from srdi_desktop.cli import main
from srdi_desktop.core.document import DocumentError, dump_document, parse_document
from srdi_desktop.storage.store import AssessmentStore

SOURCES = {"platform.quality_score": "self", "market.niche_share_pct": "estimate",
           "ip.class1_applied_count": "audited"}


def _doc(extra: str = "") -> bytes:
    return (paths.DEMO_FILE.read_text(encoding="utf-8") + extra).encode()


def _with_sources(content, sources):
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    return replace(a, answers={**a.answers, "platform.quality_score": 72}, sources=dict(sources))


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_sources_round_trip_through_a_file(content, fmt):
    a = _with_sources(content, SOURCES)
    again = parse_document(dump_document(a, content.questionnaire, fmt).encode(), "x", content.questionnaire)
    assert again.sources == SOURCES and again.answers == a.answers


def test_a_file_without_sources_reads_and_writes_without_them(content):
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    assert a.sources == {}
    assert "sources" not in dump_document(a, content.questionnaire, "json")


@pytest.mark.parametrize(("extra", "message"), [
    ("sources: {platform.quality_score: guess}\n", "one of audited, tax, platform, estimate, self"),
    ("sources: {no.such: self}\n", "unknown question id 'no.such'"),
    ("sources: [self]\n", "sources must be a mapping"),
])
def test_a_bad_source_is_refused_with_its_place(content, extra, message):
    with pytest.raises(DocumentError) as err:
        parse_document(_doc(extra), "demo", content.questionnaire)
    assert any(message in e.message for e in err.value.errors)


def test_sources_are_stored_and_exported_back(tmp_path, content, capsys):
    src = tmp_path / "in.json"
    src.write_text(dump_document(_with_sources(content, SOURCES), content.questionnaire, "json"), encoding="utf-8")
    db = tmp_path / "a.db"
    assert main(["--db", str(db), "import", str(src)]) == 0
    aid = capsys.readouterr().out.strip()
    store = AssessmentStore.open(db)
    assert store.load(aid).assessment.sources == SOURCES
    store.save_source(aid, "market.niche_share_pct", "platform")
    assert store.load(aid).assessment.sources["market.niche_share_pct"] == "platform"
    store.close()
    out = tmp_path / "back.json"
    assert main(["--db", str(db), "export", aid, "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["sources"] == SOURCES | {"market.niche_share_pct": "platform"}


@pytest.mark.parametrize(("source", "status", "word"), [
    ("self", "review", "申报前需核对"),
    ("estimate", "review", "申报前需核对"),
    ("platform", "met", "满足"),
    (None, "met", "满足"),  # not recorded: as before
])
def test_a_platform_score_counts_only_from_the_platform(content, source, status, word):
    from srdi_desktop.core.present import present

    a = _with_sources(content, {"platform.quality_score": source} if source else {})
    ev = service.evaluate_assessment(content, a, plans=False)
    assert a.assessed_on == dt.date(2026, 11, 21)
    cond = next(c for t in ev.tiers if t.id == "srdi_sme" for c in t.conditions if "platform.quality_score"
                in c.formula)
    assert cond.status == status
    assert cond.unverified == (("platform.quality_score",) if status == "review" else ())
    row = next(r for t in present(ev, content.questionnaire, "zh").tiers if t.id == "srdi_sme"
               for r in t.conditions if r.id == cond.id)
    assert row.status_text == word
    assert ("官方平台" in row.note) is (status == "review")
