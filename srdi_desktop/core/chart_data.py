"""What the charts show, computed once for the PDF and the app: radar spokes and the mode's position."""

from __future__ import annotations

from .evaluation import Evaluation
from .i18n import pick


def radar_points(ev: Evaluation, lang: str) -> list[tuple[str, float]]:
    """(label, % of the category's maximum) for every category of every scorecard, clamped to 0–100."""
    out = []
    for card in ev.scorecards:
        # The criteria set declares the label; a result stored before it did falls back to the title.
        short = pick(card.chart_label or card.title, lang)
        for cat in card.categories:
            pct = 100 * card.by_category[cat.id] / cat.max if cat.max else 0.0
            out.append((f"{pick(cat.title, lang)}·{short}", max(0.0, min(100.0, pct))))
    return out


# Which quadrant each driving mode occupies: (column, row) with column 0 = technology-led, row 1 = efficiency.
MODE_CELLS = {"technology_led_efficiency": (0, 1), "market_driven_efficiency": (1, 1),
              "technology_led_safety": (0, 0), "market_driven_safety": (1, 0)}


def mode_position(signals: dict[str, int], mode: str | None) -> tuple[float, float] | None:
    """The firm on the quadrant, each axis −1 … 1 (x: technology → market, y: safety → efficiency).

    Ties sit on the technology / safety side, as the diagnosis decides them. None when no mode.
    """
    tm, se = signals["technology"] + signals["market"], signals["safety"] + signals["efficiency"]
    if not (mode and tm and se):
        return None
    px = (signals["market"] - signals["technology"]) / tm
    py = (signals["efficiency"] - signals["safety"]) / se
    return (px or -0.05, py or -0.05)
