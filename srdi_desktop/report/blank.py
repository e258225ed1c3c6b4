"""A printable blank questionnaire for paper workshops, generated from forms/ like the wizard."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Spacer

from srdi_desktop import __version__
from srdi_desktop.core.format import fmt_number
from srdi_desktop.core.i18n import pick, tr
from srdi_desktop.core.questionnaire import Question, Questionnaire

from .fonts import CJKParagraph, register_fonts
from .pdf import _numbered_canvas, _styles

BOX = "□"


def _answer_lines(q: Question, lang: str) -> list[str]:
    """What the respondent fills in: boxes for choices, a line with the unit and range for numbers."""
    if q.type in ("choice", "multichoice"):
        hint = tr("b.one" if q.type == "choice" else "b.many", lang)
        return [hint] + [f"{BOX} {pick(c.label, lang)}" for c in q.choices]
    if q.type == "bool":
        return [f"{BOX} {tr('a.yes', lang)}　　{BOX} {tr('a.no', lang)}"]
    unit = pick(q.unit, lang) if q.unit else ""
    line = "_" * 28 + (f" {unit}" if unit else "")
    if q.numeric and q.min is not None and q.max is not None:
        line += "　" + tr("b.range", lang, min=fmt_number(q.min), max=fmt_number(q.max))
    return [line]


def build_blank(qn: Questionnaire, lang: str = "zh", *, invariant: bool = False) -> bytes:
    font = register_fonts()
    s = _styles(font, lang)
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                          bottomMargin=22 * mm, title=tr("b.title", lang), author="srdi-desktop",
                          subject=tr("b.subtitle", lang), creator=f"srdi-desktop {__version__}",
                          lang="zh-CN" if lang == "zh" else "en", invariant=int(invariant), initialFontName=font)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="main")
    doc.addPageTemplates([PageTemplate("body", [frame])])
    story = [CJKParagraph(escape(tr("b.title", lang)), s["h1"]),
             CJKParagraph(escape(tr("b.subtitle", lang)), s["base"]),
             CJKParagraph(escape(tr("b.markers", lang)), s["small"]), Spacer(1, 4 * mm)]
    n = 0
    for sec in qn.sections:
        story.append(CJKParagraph(escape(pick(sec.title, lang)), s["h2"]))
        if sec.intro:
            story.append(CJKParagraph(escape(pick(sec.intro, lang)), s["small"]))
        for q in sec.questions:
            if q.count_of is not None:  # a count asked as its checklist: the paper asks the checklist
                continue
            n += 1
            block = [CJKParagraph(escape(f"{n}. {pick(q.label, lang)}" + (" *" if q.required else "")), s["h3"]),
                     CJKParagraph(escape(pick(q.help, lang)).replace("\n", "<br/>"), s["small"])]
            block += [CJKParagraph(escape(line), s["base"]) for line in _answer_lines(q, lang)]
            story.append(KeepTogether(block))
    doc.build(story, canvasmaker=_numbered_canvas(lang, font, first_page_footer=True))
    return buf.getvalue()
