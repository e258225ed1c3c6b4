"""build_pdf(): the roadmap a manager prints (DESIGN §7). Returns bytes; the caller writes atomically."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from srdi_desktop import __version__
from srdi_desktop.core.assessment import Assessment
from srdi_desktop.core.chart_data import radar_points
from srdi_desktop.core.compare import delta_label, delta_text, figure_deltas
from srdi_desktop.core.content import Content
from srdi_desktop.core.draft import Draft
from srdi_desktop.core.evaluation import Evaluation
from srdi_desktop.core.fiscal import slot
from srdi_desktop.core.format import expr_unit, fmt_points, fmt_quantity, fmt_signed, fmt_value, unit_of
from srdi_desktop.core.i18n import pick, tr
from srdi_desktop.core.present import (
    HorizonBlock,
    TierRow,
    aside,
    labelled,
    no_gap_text,
    present,
    semicolons,
    status_text,
    top_actions,
)

from .charts import quadrant, radar
from .fonts import CJKParagraph, TextCell, TitleWithMeta, register_fonts

# Key figures compared with the previous assessment (answers or derived figures); a yearly answer is
# compared year by year ("营业收入 2024"), never slot by slot.
COMPARED = ("finance.revenue_y1", "rd.expense_y1", "rd_ratio_y1", "rd_staff_share", "main_revenue_share_y1",
            "ip.class1_count", "finance.debt_ratio_pct", "platform.quality_score")
POINTS = {"zh": "分", "en": "points"}
EFFORT_COLOURS = {"low": "1e7b34", "medium": "9a6700", "high": "b42318"}
INK = colors.HexColor("#1f2933")
ACCENT = colors.HexColor("#b42318")
MUTED = colors.HexColor("#616e7c")
RULE = colors.HexColor("#cbd2d9")
STATUS_COLOURS = {"met": colors.HexColor("#1e7b34"), "unmet": colors.HexColor("#b42318"),
                  "unknown": colors.HexColor("#9a6700"), "review": colors.HexColor("#1d5fa8")}


def _styles(font: str, lang: str) -> dict[str, ParagraphStyle]:
    # Chinese wraps between characters; English between words (and several times faster). The small
    # style carries document numbers such as 工信部企业〔2022〕63号 in narrow columns, so it wraps CJK-style.
    # Sizes for print: 9 pt body, 8 pt tables, 7.5 pt notes keep the demo firm's roadmap to about a dozen pages.
    base = ParagraphStyle("base", fontName=font, bulletFontName=font, fontSize=8.5, leading=12, textColor=INK,
                          wordWrap="CJK" if lang == "zh" else None)

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "base": base,
        "small": derive("small", fontSize=7.5, leading=10, textColor=MUTED, wordWrap="CJK"),
        "cell": derive("cell", fontSize=8, leading=10.5),
        "cover_title": derive("cover_title", fontSize=20, leading=26, alignment=TA_CENTER, textColor=ACCENT),
        "cover_sub": derive("cover_sub", fontSize=11, leading=16, alignment=TA_CENTER, textColor=MUTED),
        "cover_firm": derive("cover_firm", fontSize=15, leading=21, alignment=TA_CENTER),
        "cover_meta": derive("cover_meta", fontSize=9.5, leading=14, alignment=TA_CENTER),
        "cover_meta_small": derive("cover_meta_small", fontSize=7.5, leading=11, alignment=TA_CENTER,
                                   textColor=MUTED),
        # headings stay with what follows them: never alone at the foot of a page
        "h1": derive("h1", fontSize=15, leading=20, spaceBefore=8, spaceAfter=6, textColor=ACCENT, keepWithNext=1),
        "h1_open": derive("h1_open", fontSize=15, leading=20, spaceBefore=8, spaceAfter=6, textColor=ACCENT),
        "h2": derive("h2", fontSize=12, leading=16, spaceBefore=8, spaceAfter=3, keepWithNext=1),
        "h3": derive("h3", fontSize=10, leading=14, spaceBefore=5, spaceAfter=1, keepWithNext=1),
        "bullet": derive("bullet", leftIndent=10, bulletIndent=0),
        "marked": derive("marked", fontSize=8.5, leading=12, leftIndent=11, bulletIndent=0),  # ■ then text
    }


def _cell(text: Any, style: ParagraphStyle, color=None) -> TextCell:
    """A table cell of plain text (see TextCell)."""
    return TextCell(str(text), style, color)


def _p(text: Any, style: ParagraphStyle, bullet: str | None = None) -> TextCell:
    """A paragraph of plain text. It is drawn as text, never parsed as markup, so user text such as
    <b> or &amp; shows literally."""
    return TextCell(str(text), style, bullet=bullet)


def _numbered_canvas(lang: str, font: str, first_page_footer: bool = False):
    class NumberedCanvas(rl_canvas.Canvas):
        """Defers page output so the footer can say "page N of M"."""

        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                if self._pageNumber > 1 or first_page_footer:  # a cover carries no footer
                    self.setFont(font, 8)
                    self.setFillColor(MUTED)
                    self.drawCentredString(A4[0] / 2, 12 * mm, tr("r.page", lang, n=self._pageNumber, m=total))
                super().showPage()
            super().save()

    return NumberedCanvas


def _table(rows: list[list[Any]], widths: list[float], font: str, header: bool = True) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),  # else Table sets Helvetica, which then sits unembedded in the PDF
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f4f8")),
                  ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK)]
    t.setStyle(TableStyle(style))
    return t


class _Report:
    def __init__(self, content: Content, assessment: Assessment, ev: Evaluation, lang: str,
                 previous: tuple[Assessment, Evaluation] | None = None):
        self.c, self.a, self.ev, self.lang, self.previous = content, assessment, ev, lang, previous
        self.view = present(ev, content.questionnaire, lang)
        self.font = register_fonts()
        self.s = _styles(self.font, lang)
        self.qn = content.questionnaire
        self.width = A4[0] - 36 * mm

    def t(self, key: str, **kw: Any) -> str:
        return tr(key, self.lang, **kw)

    def pick(self, m: dict | None) -> str:
        return pick(m, self.lang)

    def header(self, *keys: str) -> list[TextCell]:
        return [_cell(self.t(k), self.s["cell"]) for k in keys]

    def status_para(self, status: str, key_prefix: str = "s.") -> TextCell:
        return _cell(self.t(key_prefix + status), self.s["cell"], STATUS_COLOURS.get(status, INK))

    def tier_status_para(self, tier: TierRow) -> TextCell:
        return _cell(tier.status_text, self.s["cell"], STATUS_COLOURS[tier.status])

    # -- sections -----------------------------------------------------------------------------

    def cover(self) -> list:
        s, ev, view = self.s, self.ev, self.view
        # a title block, not a page of its own: the summary follows on the first page
        return [
            _p(self.t("r.title"), s["cover_title"]),
            _p(self.t("r.subtitle"), s["cover_sub"]),
            Spacer(1, 4 * mm),
            _p(self.a.firm_name or "—", s["cover_firm"]),
            _p(view.date_line, s["cover_meta"]),
            _p(view.criteria_line, s["cover_meta"]),
            _p(f'{self.t("r.rules_hash")}: {ev.rules_hash} · {ev.criteria.id} · '
               f'{self.t("r.generated_by", version=__version__)}', s["cover_meta_small"]),
            NextPageTemplate("body"),
            Spacer(1, 2 * mm),
        ]

    def summary(self) -> list:
        s = self.s
        out: list = [_p(self.t("r.summary"), s["h1"])]
        out += [_p(line, s["base"]) for line in self.view.conclusion]  # the conclusion before the detail
        out.append(Spacer(1, 3 * mm))
        rows = [self.header("r.tier", "r.status", "r.score")]
        for tier in self.view.tiers:
            rows.append([_cell(tier.title, s["cell"]), self.tier_status_para(tier), _cell(tier.score, s["cell"])])
        out.append(_table(rows, [self.width * 0.5, self.width * 0.25, self.width * 0.25], self.font))
        out.append(Spacer(1, 4 * mm))
        for line in self.key_facts():
            out.append(_p(line, s["base"]))
        out.extend(self.radar())
        actions = top_actions(self.ev)
        if actions:
            out.append(_p(self.t("r.top_actions"), s["h2"]))
            for i, f in enumerate(actions, 1):
                line = f"{self.pick(f.title)} — {self.t('hz.' + f.horizon)}"
                out.append(_p(line, s["bullet"], f"{i}."))
        return out

    def radar(self) -> list:
        """Points as a share of the maximum per category of both scorecards, on a fixed 0–100 scale."""
        points = radar_points(self.ev, self.lang)
        labels, values = [p[0] for p in points], [p[1] for p in points]
        if not labels:
            return []
        return [_p(self.t("r.radar"), self.s["h2"]), radar(labels, values, self.font),
                _p(self.t("r.radar_note"), self.s["small"])]

    def key_facts(self) -> tuple[str, ...]:
        return self.view.key_facts

    def eligibility(self) -> list:
        s = self.s
        out: list = [PageBreak(), _p(self.t("r.eligibility"), s["h1"])]
        w = self.width
        for tier in self.view.tiers:
            out.append(_p(f"{tier.title} — {tier.status_text}", s["h2"]))
            if tier.note:
                out.append(_p(tier.note, s["small"]))
            out.extend(_p(e, s["small"]) for e in tier.edges)  # values exactly on a band edge
            # the document most conditions rest on is said once; a row names its own only when it differs
            docs = Counter(c.document for c in tier.conditions)
            common = docs.most_common(1)[0][0] if docs and docs.most_common(1)[0][1] > 1 else None
            if common:
                out.append(_p(self.t("r.sources_default", source=common), s["small"]))
            rows = [self.header("r.condition", "r.value", "r.threshold", "r.status", "r.source")]
            for c in tier.conditions:
                why = f"{c.title}\n{c.note}" if c.note else c.title
                source = c.confidence if c.document == common else f"{c.document} · {c.confidence}"
                rows.append([_cell(why, s["cell"]), _cell(c.value, s["cell"]), _cell(c.threshold, s["cell"]),
                             self.status_para(c.status), _cell(source, s["small"])])
            out.append(_table(rows, [w * 0.43, w * 0.15, w * 0.16, w * 0.10, w * 0.16], self.font))
            if tier.plan:
                out.append(KeepTogether([_p(self.t("r.plan"), s["h3"]), *[_p(x, s["bullet"]) for x in tier.plan]]))
            if tier.status != "met" and (tier.gaps or not tier.plan):  # an eligible tier has no gap to close
                out.append(_p(self.t("r.gap"), s["h3"]))
            if not tier.gaps and not tier.plan:
                out.append(_p(no_gap_text(tier.status, self.lang), s["base"]))
            for g in tier.gaps:
                out.append(KeepTogether([_p(g.title, s["bullet"], "•"), *[_p(x, s["bullet"]) for x in g.lines]]))
        if self.view.readings:
            out.append(_p(self.t("r.readings"), s["h2"]))
            out.extend(_p(r, s["bullet"], "•") for r in self.view.readings)
        return out

    def scorecards(self) -> list:
        s = self.s
        out: list = []
        w = self.width
        for card in self.ev.scorecards:
            out.append(_p(labelled(self.t("r.scorecard"), self.pick(card.title), self.lang), s["h2"]))
            rows = [self.header("r.indicator", "r.value", "r.points", "r.max")]
            for ind in card.indicators:
                pts = card.by_indicator[ind.id]
                val = ind.value
                name = (ind.value_of or "").strip()
                if val is None:
                    val_text = "—"
                elif isinstance(val, (int, float)) and not isinstance(val, bool):  # every number with its unit
                    val_text = fmt_quantity(round(val, 2), expr_unit(self.qn, name), self.lang)
                else:
                    val_text = fmt_value(self.qn, name, val, self.lang)
                title = self.pick(ind.title) + (self.t("r.defaulted") if ind.defaulted else "")
                rows.append([_cell(title, s["cell"]), _cell(val_text, s["cell"]),
                             _cell("?" if pts is None else fmt_points(pts, self.lang), s["cell"]),
                             _cell(fmt_points(ind.max, self.lang), s["cell"])])
            rows.append([_cell(self.t("r.total"), s["cell"]), _cell("", s["cell"]),
                         _cell(fmt_points(card.total, self.lang), s["cell"]),
                         _cell(fmt_points(card.max, self.lang), s["cell"])])
            out.append(_table(rows, [w * 0.52, w * 0.18, w * 0.15, w * 0.15], self.font))
        return out

    def diagnosis(self) -> list:
        """The driving mode, the constraints found and the answers that disagree."""
        s, ev, view = self.s, self.ev, self.view
        text: list = []
        if view.mode_heading is not None:
            text.append(_p(view.mode_heading, s["h3"]))
            text.append(_p(view.mode_text, s["base"]))
        else:
            text.append(_p(self.t("r.mode_unknown"), s["base"]))
        sig = ev.mode_detail.signals
        axes = {k: self.t("r.axis_" + k) for k in ("technology", "market", "safety", "efficiency")}
        text.append(_p(self.t("r.mode_signals", **sig), s["small"]))
        if view.mode_evidence:
            text.append(_p(labelled(self.t("r.mode_evidence"), semicolons(view.mode_evidence, self.lang), self.lang),
                           s["small"]))
        # the quadrant beside the words that explain it, not above them: half the height on paper
        chart = quadrant(sig, view.mode_titles, axes, self.font, ev.mode, size=150)
        side = Table([[chart, text]], colWidths=[chart.width + 8, self.width - chart.width - 8])
        side.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.font), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        out: list = [KeepTogether([_p(self.t("r.diagnosis"), s["h1"]), side])]
        if view.mode_note:
            out.append(_p(view.mode_note, s["small"]))
        for items, key in ((view.constraints, "r.constraints"), (view.warnings, "r.warnings")):
            if not items:
                continue
            out.append(_p(self.t(key), s["h2"]))
            for f in items:
                block = [_p(f.title, s["h3"]), _p(f.text, s["base"])]
                if f.fields:
                    block.append(_p(f.fields, s["small"]))
                block.append(_p(f.source, s["small"]))
                out.append(KeepTogether(block))
        return out

    def timeline(self, by_horizon: tuple[HorizonBlock, ...]) -> list:
        """Three columns, one per horizon, each action with its effort: the plan on one screen."""
        s = self.s
        cols = [[TextCell(f.title, s["marked"], bullet="■",
                          bullet_color=colors.HexColor("#" + EFFORT_COLOURS[f.effort]))
                 for f in h.actions] for h in by_horizon]
        depth = max(len(c) for c in cols) if cols else 0
        rows: list[list[Any]] = [[_cell(h.title, self.s["cell"]) for h in by_horizon]]
        rows += [[cols[j][i] if i < len(cols[j]) else "" for j in range(3)] for i in range(depth)]
        t = _table(rows, [self.width / 3] * 3, self.font)
        legend = " · ".join(f'<font color="#{EFFORT_COLOURS[e]}">■</font> {escape(self.t("r.effort"))} '
                            f'{escape(self.t("effort." + e))}' for e in ("low", "medium", "high"))
        return [t, CJKParagraph(legend, s["small"])]

    def comparison(self) -> list:
        """Changes since the firm's previous assessment: tiers, scores and key figures."""
        if self.previous is None:
            return []
        s = self.s
        prev_a, prev = self.previous
        out: list = [PageBreak(), _p(self.t("r.comparison", date=prev.assessed_on.isoformat()), s["h1"])]
        rows = [self.header("r.tier", "r.before", "r.now")]
        for tier in self.view.tiers:
            before = prev.tier(tier.id)
            rows.append([_cell(tier.title, s["cell"]),
                         _cell(status_text(before.status if before else None, self.lang), s["cell"]),
                         self.tier_status_para(tier)])
        out.append(_table(rows, [self.width * 0.5, self.width * 0.25, self.width * 0.25], self.font))
        rows = [self.header("r.figure", "r.before", "r.now", "r.change")]
        for card in self.ev.scorecards:
            old = prev.scorecard(card.id)
            if old is not None:
                rows.append(self._delta_row(self.pick(card.title), old.total, card.total, unit=POINTS))
        for name in COMPARED:
            if name in self.qn.by_id and (sl := slot(name)) is not None:
                rows.extend(self._delta_row(delta_label(self.qn, d, self.lang), d.before, d.after,
                                            delta_text(d, self.lang, unit_of(self.qn, name)) or "—",
                                            unit=unit_of(self.qn, name))
                            for d in figure_deltas(self.qn, sl[0], prev_a, self.a)
                            if d.before is not None or d.after is not None)
                continue
            label = self.pick(self.qn[name].label if name in self.qn.by_id else self.c.derived_figures[name].label)
            if name.endswith("_y1") and prev_a.year1 != self.a.year1:  # a ratio of each one's own year
                label = aside(label, f"{prev_a.year1} → {self.a.year1}", self.lang)
            before = prev_a.answers.get(name) if name in self.qn.by_id else prev.derived.get(name)
            now = self.a.answers.get(name) if name in self.qn.by_id else self.ev.derived.get(name)
            rows.append(self._delta_row(label, before, now, unit=unit_of(self.qn, name)))
        rows.append(self._delta_row(self.t("r.digital_level"), prev.digital_level, self.ev.digital_level,
                                    unit=expr_unit(self.qn, "digital_level")))
        out.append(Spacer(1, 4 * mm))
        out.append(_table(rows, [self.width * 0.46, self.width * 0.18, self.width * 0.18, self.width * 0.18],
                          self.font))
        return out

    def _delta_row(self, label: str, before: Any, now: Any, change: str | None = None,
                   unit: dict[str, str] | None = None) -> list:
        """``change``: the words for a yearly figure (delta, restated, source), from core.compare; every
        number is shown in ``unit`` (core.format), a change of a percentage in points."""
        def num(v: Any) -> str:
            if v is None:
                return "—"
            return fmt_quantity(round(v, 2), unit, self.lang) if isinstance(v, (int, float)) else str(v)

        if change is None:
            change = "—"
            if isinstance(before, (int, float)) and isinstance(now, (int, float)):
                delta = round(now - before, 2)
                change = fmt_signed(delta, unit, self.lang) if delta else "—"
        return [_cell(label, self.s["cell"]), _cell(num(before), self.s["cell"]), _cell(num(now), self.s["cell"]),
                _cell(change, self.s["cell"])]

    def roadmap(self) -> list:
        s = self.s
        by_horizon = self.view.roadmap
        # the heading, then the timeline, which may continue on the next page (its header row repeats)
        out: list = [_p(self.t("r.roadmap"), s["h1_open"]), *self.timeline(by_horizon)]
        for h in by_horizon:
            heading = _p(h.title, s["h2"])
            if not h.actions:
                out.append(KeepTogether([heading, _p(self.t("r.no_actions"), s["small"])]))
            for n, f in enumerate(h.actions):
                block = [TitleWithMeta(f.title, f.meta, s["h3"], s["small"]), _p(f.text, s["base"])]
                # the steps run on in one paragraph: most are shorter than a line
                block.append(_p("  ".join(f"{i}. {st}" for i, st in enumerate(f.steps, 1)), s["bullet"]))
                if f.documents:  # what will prove the gap closed (rules/evidence.yaml)
                    block.append(_p(f.documents, s["small"]))
                if f.benchmark:
                    block.append(_p(f.benchmark, s["small"]))
                # the horizon's heading travels with its first action (keepWithNext skips KeepTogether)
                out.append(KeepTogether(([heading] if n == 0 else []) + block))
        return out

    def asked(self) -> Draft:
        """The wizard's view of the answers: which questions it asked (conditions, checklists for counts)."""
        c = self.c
        return Draft(self.qn, self.a, derived=c.derived, symbols=c.symbols, symbol_inputs=c.symbol_inputs,
                     lang=self.lang)

    def appendix(self) -> list:
        """The answers to the questions the wizard asked this firm (never rows for hidden ones), two
        question–answer pairs a row."""
        s = self.s
        out: list = [_p(self.t("r.answers"), s["h1"]), _p(self.t("r.answers_note"), s["small"])]
        w = self.width
        draft = self.asked()
        for sec in self.qn.sections:
            pairs = [(_cell(self.pick(q.label), s["small"]),
                      _cell(fmt_value(self.qn, q.id, self.a.answers.get(q.id), self.lang), s["cell"]))
                     for q in sec.questions if draft.visible(q)]
            if not pairs:
                continue
            rows = [[*pairs[i], *(pairs[i + 1] if i + 1 < len(pairs) else ("", ""))]
                    for i in range(0, len(pairs), 2)]
            out.append(_p(self.pick(sec.title), s["h3"]))
            out.append(_table(rows, [w * 0.27, w * 0.23, w * 0.27, w * 0.23], self.font, header=False))
        out.append(_p(self.t("r.references"), s["h2"]))
        refs = [self.t("r.paper000"), self.t("r.paper004"),
                aside(self.view.criteria_title, self.ev.criteria.document, self.lang)]
        out.extend(_p(r, s["bullet"], f"[{i}]") for i, r in enumerate(refs, 1))
        out.append(_p(self.t("r.disclaimer_title"), s["h2"]))
        out.append(_p(self.t("r.disclaimer"), s["base"]))
        out.append(_p(f'{self.t("r.criteria")}: {self.ev.criteria.id} · {self.t("r.rules_hash")}: '
                      f"{self.ev.rules_hash}", s["small"]))
        return out

    def build(self, invariant: bool | None) -> bytes:
        buf = io.BytesIO()
        title = f'{self.t("r.title")} — {self.a.firm_name}'
        doc = BaseDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                              bottomMargin=22 * mm, title=title, author=self.a.firm_name or "srdi-desktop",
                              subject=self.t("r.subtitle"), creator=f"srdi-desktop {__version__}",
                              lang="zh-CN" if self.lang == "zh" else "en",
                              invariant=None if invariant is None else int(invariant),
                              initialFontName=self.font)
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="main")
        doc.addPageTemplates([PageTemplate("cover", [frame]), PageTemplate("body", [frame])])
        story = self.cover() + self.summary() + self.eligibility() + self.scorecards() + self.diagnosis() + \
            self.roadmap() + self.comparison() + self.appendix()
        doc.build(story, canvasmaker=_numbered_canvas(self.lang, self.font, first_page_footer=True))
        return buf.getvalue()


def build_pdf(content: Content, assessment: Assessment, evaluation: Evaluation, lang: str = "zh",
              *, invariant: bool | None = False, previous: tuple[Assessment, Evaluation] | None = None) -> bytes:
    """The roadmap PDF as bytes. ``previous``: the firm's earlier assessment and its evaluation.
    ``invariant`` None: as reportlab's ``rl_config.invariant`` says (the env variable ``RL_invariant``)."""
    return _Report(content, assessment, evaluation, lang, previous).build(invariant)
