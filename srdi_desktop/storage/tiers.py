"""The tier badges kept beside a final assessment so the home list needs no result parsing."""

from __future__ import annotations

import json
from typing import Any

from srdi_desktop.core.i18n import pick


def eligible_titles(result: dict[str, Any]) -> str:
    """JSON list of the titles ({zh, en}) of the tiers the result says the firm meets."""
    return json.dumps([t["title"] for t in (result.get("tiers") or {}).values() if t.get("eligible")],
                      ensure_ascii=False)



def badges(final_tiers: str, lang: str) -> str:
    """The stored list as a manager reads it: '创新型 · 专精特新' (the home list, history, `list`)."""
    return " · ".join(pick(t, lang) for t in (json.loads(final_tiers) if final_tiers else []))
