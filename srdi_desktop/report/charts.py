"""Charts as reportlab Drawings: a radar on a fixed 0–100 scale and the four-mode quadrant."""

from __future__ import annotations

import math
import re

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors

from srdi_desktop.core.chart_data import MODE_CELLS, mode_position
from srdi_desktop.core.format import fmt_pct

ACCENT = colors.HexColor("#b42318")
GRID = colors.HexColor("#9aa5b1")
FAINT = colors.HexColor("#d9dee3")
INK = colors.HexColor("#1f2933")


def radar(labels: list[str], percents: list[float], font: str, size: float = 200) -> Drawing:
    """A radar whose outer ring is always 100%, each spoke labelled with its name and percentage.

    Drawn by hand rather than with reportlab's SpiderChart, which scales to the largest value and puts its
    labels on the spokes, where the polygon covers them. Here the labels sit outside the 100% ring,
    anchored away from the centre, so no value can reach them.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    n = len(labels)
    texts = [f"{label} {fmt_pct(round(p, 1))}" for label, p in zip(labels, percents, strict=True)]
    widest = max((stringWidth(t, font, 7.5) for t in texts), default=0)
    r = size / 2 - 14
    w = 2 * (r + widest + 12)
    d = Drawing(w, size, initialFontName=font)
    cx, cy = w / 2, size / 2
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]  # clockwise from the top

    def at(angle: float, radius: float) -> tuple[float, float]:
        return cx + radius * math.cos(angle), cy + radius * math.sin(angle)

    for ring in (0.25, 0.5, 0.75, 1.0):
        pts = [c for a in angles for c in at(a, r * ring)]
        d.add(Polygon(pts, strokeColor=GRID if ring == 1.0 else FAINT, fillColor=None,
                      strokeWidth=0.6 if ring == 1.0 else 0.4))
    for a in angles:
        d.add(Line(cx, cy, *at(a, r), strokeColor=FAINT, strokeWidth=0.4))
    values = [max(0.0, min(100.0, p)) / 100 for p in percents]
    d.add(Polygon([c for a, v in zip(angles, values, strict=True) for c in at(a, r * v)],
                  strokeColor=ACCENT, strokeWidth=1.4, fillColor=colors.Color(0.706, 0.137, 0.094, alpha=0.25)))
    for a, text in zip(angles, texts, strict=True):
        x, y = at(a, r + 5)
        cos = math.cos(a)
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        dy = 3 if math.sin(a) > 0.2 else (-8 if math.sin(a) < -0.2 else -3)
        d.add(String(x, y + dy, text, fontName=font, fontSize=7.5, textAnchor=anchor, fillColor=INK))
    return d


def quadrant(signals: dict[str, int], titles: dict[str, str], axis_labels: dict[str, str], font: str,
             mode: str | None, size: float = 240) -> Drawing:
    """The four driving modes as a 2×2 grid, with the firm placed by its signal balance."""
    w = h = size
    d = Drawing(w + 20, h + 36, initialFontName=font)
    x0, y0 = 10, 26
    size_ = min(_fitting_size(titles[mid], font, w / 2 - 12) for mid in MODE_CELLS)  # one size for all four
    for mid, (cx, cy) in MODE_CELLS.items():
        fill = colors.Color(0.706, 0.137, 0.094, alpha=0.12) if mid == mode else colors.white
        d.add(Rect(x0 + cx * w / 2, y0 + cy * h / 2, w / 2, h / 2, strokeColor=GRID, fillColor=fill,
                   strokeWidth=0.6))
        _wrapped(d, titles[mid], x0 + cx * w / 2 + w / 4, y0 + cy * h / 2 + h / 4 + 6, font, w / 2 - 12, size_)
    d.add(Line(x0, y0 + h / 2, x0 + w, y0 + h / 2, strokeColor=GRID, strokeWidth=1))
    d.add(Line(x0 + w / 2, y0, x0 + w / 2, y0 + h, strokeColor=GRID, strokeWidth=1))
    d.add(String(x0, y0 - 12, axis_labels["technology"], fontName=font, fontSize=7, fillColor=GRID))
    d.add(String(x0 + w, y0 - 12, axis_labels["market"], fontName=font, fontSize=7, fillColor=GRID,
                 textAnchor="end"))
    d.add(String(x0 + w / 2, y0 + h + 4, axis_labels["efficiency"], fontName=font, fontSize=7, fillColor=GRID,
                 textAnchor="middle"))
    # a line lower than the two ends, so that in a narrow chart the three never run into each other
    d.add(String(x0 + w / 2, y0 - 22, axis_labels["safety"], fontName=font, fontSize=7, fillColor=GRID,
                 textAnchor="middle"))
    pos = mode_position(signals, mode)
    if pos is not None:
        d.add(Circle(x0 + w / 2 + pos[0] * w * 0.45, y0 + h / 2 + pos[1] * h * 0.45, 5, fillColor=ACCENT,
                     strokeColor=colors.white))
    return d


# A CJK character, or a Latin word with the spaces after it: the units a line may break between.
_TOKENS = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|\s+")


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines that fit ``width``: Chinese breaks between characters, English between words,
    never inside one ("efficiency-enhancement" stays whole; the caller shrinks the type if it must)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, cur = [], ""
    for tok in _TOKENS.findall(text):
        if cur and stringWidth((cur + tok).rstrip(), font, size) > width:
            lines.append(cur.rstrip())
            cur = tok.lstrip()
        else:
            cur += tok
    lines.append(cur.rstrip())
    return [line for line in lines if line]


def _fitting_size(text: str, font: str, width: float) -> float:
    """The largest type size (8 pt down to 5.5) at which every word of ``text`` fits ``width``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = 8.0
    while size > 5.5 and any(stringWidth(line, font, size) > width for line in wrap_lines(text, font, size, width)):
        size -= 0.5
    return size


def _wrapped(d: Drawing, text: str, cx: float, cy: float, font: str, width: float, size: float) -> None:
    """Centred text broken into lines that fit ``width`` at ``size``."""
    lines = wrap_lines(text, font, size, width)
    for i, line in enumerate(lines):
        d.add(String(cx, cy - i * (size + 2), line, fontName=font, fontSize=size, textAnchor="middle"))
