"""The index PDF of an evidence pack (申报材料清单): per tier, condition and document the state, the file
and its SHA-256; the risk flags; where each document is usually obtained.

Every user text (file names, notes, firm name) is drawn as plain text (TextCell), never parsed as markup.
``pack`` is an ``evidence_pack.Pack`` (typed loosely: report sits below the module that builds it).
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Frame, PageTemplate, Spacer

from srdi_desktop import __version__
from srdi_desktop.core.i18n import pick, tr
from srdi_desktop.core.present import labelled

from .fonts import register_fonts
from .pdf import MUTED, STATUS_COLOURS, _cell, _numbered_canvas, _p, _styles, _table

STATE_COLOURS = {"missing": STATUS_COLOURS["unmet"], "attached": STATUS_COLOURS["unknown"],
                 "checked": STATUS_COLOURS["met"]}


def _file_lines(pf: Any, lang: str) -> tuple[str, str]:
    """(file cell, hash cell) of one file."""
    name = pf.file.original_name
    where = pf.zip_path or (pf.file.path if pf.file.kind == "link" else "")
    warn = "" if pf.check == "ok" else "\n" + tr(f"ev.check.{pf.check}", lang)
    text = name + (f"\n→ {where}" if where and where != name else "") + warn
    return text, pf.sha256


def build_index(pack: Any, lang: str = "zh", *, invariant: bool | None = None) -> bytes:
    font = register_fonts()
    s = _styles(font, lang)
    # the 64 hex digits of a SHA-256 in three short lines of a narrow column
    mono = ParagraphStyle("hash", parent=s["small"], fontSize=6.5, leading=8.5)
    # a tier's heading starts its table: no keep-with-next (a table longer than a page would move whole
    # to the next page, leaving the first blank), but a new page when too little room is left
    why = ParagraphStyle("why", parent=s["small"], leftIndent=11)
    tier_head = ParagraphStyle("tier_head", parent=s["h2"], keepWithNext=0)
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=16 * mm,
                          bottomMargin=20 * mm, title=tr("ev.title", lang), author="srdi-desktop",
                          subject=pack.firm_name, creator=f"srdi-desktop {__version__}",
                          lang="zh-CN" if lang == "zh" else "en", initialFontName=font,
                          **({} if invariant is None else {"invariant": int(invariant)}))
    doc.addPageTemplates([PageTemplate("body", [Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height)])])
    done, total = pack.progress()
    story: list[Any] = [
        _p(tr("ev.title", lang), s["h1"]),
        _p(tr("ev.subtitle", lang, firm=pack.firm_name or "—", date=pack.assessed_on, criteria=pack.criteria),
           s["base"]),
        _p(tr("ev.progress", lang, done=done, total=total), s["base"]),
        _p(tr("ev.how", lang), s["small"]),
        Spacer(1, 3 * mm),
    ]
    if pack.flags:
        story.append(_p(tr("ev.flags", lang), s["h2"]))
        for f in pack.flags:
            flag = labelled(tr("ev.flag." + f.kind, lang), pick(f.title, lang), lang)
            story.append(_p(flag, s["marked"], bullet="•"))
            story.append(_p(pick(f.why, lang), why))
    widths = [c * doc.width for c in (0.22, 0.23, 0.1, 0.25, 0.2)]
    head = [_cell(tr(f"ev.col.{k}", lang), s["cell"]) for k in ("condition", "document", "state", "file", "sha256")]
    tier = None
    rows: list[list[Any]] = []

    def flush() -> None:
        if rows:
            story.append(_table([head, *rows], widths, font))
            rows.clear()

    last_cond = None
    for r in pack.rows:
        if r.row.tier != tier:
            flush()
            tier, last_cond = r.row.tier, None
            story += [CondPageBreak(45 * mm), _p(pick(r.row.tier_title, lang), tier_head)]
        cond = pick(r.row.condition_title, lang) if r.row.condition != last_cond else ""
        last_cond = r.row.condition
        document = pick(r.row.name, lang) + (f"\n{tr('ev.note', lang)}{r.note}" if r.note else "")
        state = _cell(tr(f"ev.state.{r.state}", lang), s["cell"], STATE_COLOURS[r.state])
        if not r.files:
            rows.append([_cell(cond, s["cell"]), _cell(document, s["cell"]), state,
                         _cell(tr("ev.no_file", lang), s["cell"], MUTED), _cell("", mono)])
        for i, pf in enumerate(r.files):
            text, digest = _file_lines(pf, lang)
            first = i == 0
            rows.append([_cell(cond if first else "", s["cell"]), _cell(document if first else "", s["cell"]),
                         state if first else _cell("", s["cell"]), _cell(text, s["cell"]), _cell(digest, mono)])
    flush()
    used = list(dict.fromkeys(r.row.document for r in pack.rows))
    if used:
        story.append(_p(tr("ev.catalogue", lang), s["h2"]))
        cat = [[_cell(tr(f"ev.col.{k}", lang), s["cell"]) for k in ("document", "obtain", "basis")]]
        for d in used:
            doc_ = pack.documents.get(d)
            if doc_ is None:
                continue
            basis = tr(f"ev.basis.{doc_.basis}", lang) + (f"\n{doc_.source}" if doc_.source else "")
            obtain = pick(doc_.obtain, lang) + (f"\n{pick(doc_.note, lang)}" if doc_.note else "")
            cat.append([_cell(pick(doc_.name, lang), s["cell"]), _cell(obtain, s["cell"]), _cell(basis, s["small"])])
        story.append(_table(cat, [doc.width * 0.36, doc.width * 0.40, doc.width * 0.24], font))
    story.append(Spacer(1, 3 * mm))
    story.append(_p(tr("ev.disclaimer", lang), s["small"]))
    doc.build(story, canvasmaker=_numbered_canvas(lang, font, first_page_footer=True))
    return buf.getvalue()
