"""Provenance of the advice: every paper rule quotes its cited section verbatim; bases and sources agree."""

import re
from collections import Counter
from pathlib import Path

import pytest

# Reading order and line ranges of each section (../shared/reference/paper_map.md). 000's pages are
# stored out of order, so a section may be two ranges read one after the other.
SECTIONS: dict[str, dict[str, list[tuple[int, int]]]] = {
    "000": {
        "引言": [(1, 11)], "一": [(12, 28)], "二": [(29, 76)],
        "三": [(77, 105), (178, 181)],
        "四.1": [(183, 204)], "四.2": [(205, 229)], "四.3": [(230, 245), (106, 113)],
        "五.1": [(114, 145)], "五.2": [(146, 176), (246, 249)], "五.3": [(250, 276)], "五.4": [(277, 303)],
    },
    "004": {
        "一": [(21, 36)], "二": [(37, 50)],
        "三(一)1": [(64, 73)], "三(一)1(1)": [(66, 68)], "三(一)1(2)": [(70, 70)], "三(一)1(3)": [(72, 72)],
        "三(一)2": [(74, 85)], "三(一)2(1)": [(76, 76)], "三(一)2(2)": [(78, 82)], "三(一)2(3)": [(84, 84)],
        "三(二)": [(86, 104)],
        "四(一)": [(109, 118)], "四(二)": [(119, 126)], "四(三)": [(127, 130)],
        "五(一)": [(135, 140)], "五(二)": [(141, 144)], "五(三)": [(145, 148)], "五(四)": [(149, 154)],
    },
}
_CITE = re.compile(r"(000|004) §([^\s；;、,，]+)((?:、§[^\s；;、,，]+)*)")


def _papers_dir() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        for cand in (parent / "shared" / "papers", parent / "papers"):
            if cand.is_dir() and list(cand.glob("000_*.txt")):
                return cand
    return None


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def cited_sections(source: str) -> list[tuple[str, str]]:
    """'004 §四(三)、§四(一); 000 §五.3' -> [('004', '四(三)'), ('004', '四(一)'), ('000', '五.3')]."""
    out = []
    for paper, first, more in _CITE.findall(source):
        out.append((paper, first))
        out += [(paper, s) for s in re.findall(r"§([^\s；;、,，]+)", more)]
    return out


def section_text(lines: list[str], ranges: list[tuple[int, int]]) -> str:
    return "".join(_norm(lines[i - 1]) for a, b in ranges for i in range(a, min(b, len(lines)) + 1))


def test_citations_parse():
    assert cited_sections("004 §四(三)、§四(一)") == [("004", "四(三)"), ("004", "四(一)")]
    assert cited_sections("004 §四(二)；工信部企业〔2022〕63号 附件1") == [("004", "四(二)")]
    assert cited_sections("000 §五.3") == [("000", "五.3")]


def test_every_rule_has_a_basis_that_fits_its_source(content):
    for r in content.rules:
        assert r.basis in ("paper", "official", "practice"), r.id
        if r.basis == "paper":
            assert r.quote and cited_sections(r.source), r.id
            for paper, sec in cited_sections(r.source):
                assert sec in SECTIONS[paper], (r.id, sec)
        else:
            assert r.quote is None, r.id
        if r.basis == "official":
            assert "〔" in r.source, r.id
        if r.kind == "consistency":
            assert r.basis == "practice", r.id


def test_bases_are_counted(content):
    counts = Counter(r.basis for r in content.rules)
    assert counts["paper"] >= 50 and counts["official"] >= 10 and counts["practice"] >= 7, counts


@pytest.fixture(scope="module")
def papers():
    d = _papers_dir()
    if d is None:
        pytest.skip("the papers (../shared/papers) are not next to this checkout")
    return {p.name[:3]: p.read_text(encoding="utf-8").splitlines() for p in d.glob("00[04]_*.txt")}


def test_every_quote_is_verbatim_and_inside_its_cited_section(content, papers):
    checked = 0
    for r in content.rules:
        if r.basis != "paper":
            continue
        q = _norm(r.quote)
        sections = cited_sections(r.source)
        assert any(q in _norm("\n".join(papers[p])) for p, _ in sections), f"{r.id}: quote not in the paper"
        assert any(q in section_text(papers[p], SECTIONS[p][s]) for p, s in sections), \
            f"{r.id}: quote is in the paper but not in {r.source}"
        checked += 1
    assert checked >= 50


def test_the_quote_check_can_fail(papers):
    """A quote from 004 §四(二) is not inside 004 §四(一); one changed character is not in the paper."""
    q = _norm("主动和科研院所、高等院校合作,推动建立产学研创新模式")
    assert q in section_text(papers["004"], SECTIONS["004"]["四(二)"])
    assert q not in section_text(papers["004"], SECTIONS["004"]["四(一)"])
    assert _norm("主动和科研院所、高等院校合作,推动建立产学研合作模式") not in _norm("\n".join(papers["004"]))
