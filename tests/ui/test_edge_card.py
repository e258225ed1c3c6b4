"""A tier card shows a value exactly on a band edge in plain words (issue 20)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from srdi_desktop import paths
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.ui.tier_cards import TierCards


@pytest.mark.parametrize(("main_y1", "shown"), [(6800, True), (6801, False)])  # growth exactly 0% / a hair above
def test_the_card_shows_the_edge(qtbot, content, main_y1, shown):
    demo = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    answers = dict(demo.answers) | {"finance.main_revenue_y1": main_y1, "title.tech_sme": False,
                                    "title.high_tech_enterprise": False}
    cards = TierCards(evaluate(content, answers, demo.assessed_on), content.questionnaire, "zh")
    qtbot.addWidget(cards)
    label = cards.cards["innovative_sme"].findChild(QLabel, "edges_innovative_sme")
    assert (label is not None) is shown
    if shown:
        assert label.text().startswith("恰在分档边界：") and "成长性" in label.text()
