"""The tier badges kept beside a final assessment so the home list needs no result parsing."""

from __future__ import annotations

import json
from typing import Any


def eligible_titles(result: dict[str, Any]) -> str:
    """JSON list of the titles ({zh, en}) of the tiers the result says the firm meets."""
    return json.dumps([t["title"] for t in (result.get("tiers") or {}).values() if t.get("eligible")],
                      ensure_ascii=False)

