"""Charts as reportlab Drawings: a radar on a fixed 0–100 scale and the four-mode quadrant."""

from __future__ import annotations

from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors

from srdi_desktop.core.chart_data import MODE_CELLS, mode_position

ACCENT = colors.HexColor("#b42318")
GRID = colors.HexColor("#9aa5b1")
FAINT = colors.HexColor("#e4e7eb")


def radar(labels: list[str], percents: list[float], font: str, size: float = 220) -> Drawing:
    """A radar whose outer ring is always 100%.

    reportlab's SpiderChart scales to the largest value in the data, so a firm at 60% everywhere would
    fill the chart; a hidden strand at 100 on every spoke pins the scale.
    """
    d = Drawing(size * 1.6, size, initialFontName=font)
    chart = SpiderChart()
    chart.x, chart.y = size * 0.3, 15
    chart.width = chart.height = size - 40
    chart.data = [[100.0] * len(labels), [max(0.0, min(100.0, p)) for p in percents]]
    chart.labels = labels
    chart.spokeLabels.fontName = font
    chart.spokeLabels.fontSize = 8
    chart.strands[0].strokeColor = GRID
    chart.strands[0].fillColor = None
    chart.strands[0].strokeWidth = 0.5
    chart.strands[1].strokeColor = ACCENT
    chart.strands[1].fillColor = colors.Color(0.706, 0.137, 0.094, alpha=0.25)
    chart.strands[1].strokeWidth = 1.5
    chart.spokes.strokeColor = FAINT
    d.add(chart)
    return d


def quadrant(signals: dict[str, int], titles: dict[str, str], axis_labels: dict[str, str], font: str,
             mode: str | None, size: float = 240) -> Drawing:
    """The four driving modes as a 2×2 grid, with the firm placed by its signal balance."""
    w = h = size
    d = Drawing(w + 20, h + 30, initialFontName=font)
    x0, y0 = 10, 20
    for mid, (cx, cy) in MODE_CELLS.items():
        fill = colors.Color(0.706, 0.137, 0.094, alpha=0.12) if mid == mode else colors.white
        d.add(Rect(x0 + cx * w / 2, y0 + cy * h / 2, w / 2, h / 2, strokeColor=GRID, fillColor=fill,
                   strokeWidth=0.6))
        _wrapped(d, titles[mid], x0 + cx * w / 2 + w / 4, y0 + cy * h / 2 + h / 4 + 6, font, w / 2 - 12)
    d.add(Line(x0, y0 + h / 2, x0 + w, y0 + h / 2, strokeColor=GRID, strokeWidth=1))
    d.add(Line(x0 + w / 2, y0, x0 + w / 2, y0 + h, strokeColor=GRID, strokeWidth=1))
    d.add(String(x0, y0 - 12, axis_labels["technology"], fontName=font, fontSize=7, fillColor=GRID))
    d.add(String(x0 + w, y0 - 12, axis_labels["market"], fontName=font, fontSize=7, fillColor=GRID,
                 textAnchor="end"))
    d.add(String(x0 + w / 2, y0 + h + 4, axis_labels["efficiency"], fontName=font, fontSize=7, fillColor=GRID,
                 textAnchor="middle"))
    d.add(String(x0 + w / 2, y0 - 12, axis_labels["safety"], fontName=font, fontSize=7, fillColor=GRID,
                 textAnchor="middle"))
    pos = mode_position(signals, mode)
    if pos is not None:
        d.add(Circle(x0 + w / 2 + pos[0] * w * 0.45, y0 + h / 2 + pos[1] * h * 0.45, 5, fillColor=ACCENT,
                     strokeColor=colors.white))
    return d


def _wrapped(d: Drawing, text: str, cx: float, cy: float, font: str, width: float) -> None:
    """Centred text broken into lines that fit ``width`` (character by character: works for CJK)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, cur = [], ""
    for ch in text:
        if stringWidth(cur + ch, font, 8) > width and cur:
            lines.append(cur)
            cur = ch.lstrip()
        else:
            cur += ch
    lines.append(cur)
    for i, line in enumerate(lines):
        d.add(String(cx, cy - i * 10, line, fontName=font, fontSize=8, textAnchor="middle"))
