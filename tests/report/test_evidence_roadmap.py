"""The PDF roadmap's actions name the documents that will prove the gap they close."""

import io

from pypdf import PdfReader

from srdi_desktop import paths
from srdi_desktop.core.present import present
from srdi_desktop.service import evaluate_assessment, pdf_bytes, read_assessment


def test_actions_that_close_a_gap_name_their_documents_in_both_languages(content):
    a = read_assessment(content, paths.DEMO_FILE)
    ev = evaluate_assessment(content, a)
    docs = {f"{t.id}.{c.id}": {r.id for r in c.evidence} for t in ev.tiers for c in t.conditions}
    closing = [f for f in ev.findings if f.closes and f.kind == "action"]
    assert closing, "the demo firm has gaps, and actions that close them"
    for lang, label in (("zh", "证明材料："), ("en", "Proving documents: ")):
        view = present(ev, content.questionnaire, lang)
        blocks = {b.id: b for h in view.roadmap for b in h.actions}
        for f in closing:
            if f.id not in blocks:
                continue
            wanted = {content.documents[d].name[lang] for ref in f.closes for d in docs.get(ref, ())}
            line = blocks[f.id].documents
            assert line.startswith(label) and all(name in line for name in wanted), (f.id, line)
        no_gap = [b for f in ev.findings if not f.closes and f.id in blocks for b in [blocks[f.id]]]
        assert all(b.documents == "" for b in no_gap)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes(content, a, ev, "zh"))).pages)
    assert "证明材料：研发费用专项审计报告" in "".join(text.split())
