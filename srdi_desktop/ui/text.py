"""Text on widgets, said once: '&' shown as itself, and plain-text labels.

Qt reads a lone '&' in a button, check box, tab, group title, menu item or a label with a buddy as a
keyboard shortcut: "R&D expense" would read "RD expense" and "science & technology" "science _technology".
Every text that reaches such a widget goes through ``literal``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel


def literal(text: str) -> str:
    """``text`` for a widget that treats '&' as a shortcut marker, so that every '&' shows as itself."""
    return text.replace("&", "&&")


def label(text: str = "", name: str = "", role: str = "", wrap: bool = True, status: str = "") -> QLabel:
    """A plain-text label (values and titles can carry the user's text, never markup), styled by ``role``
    (title, heading, help, note, …) or ``status`` (met, unmet, unknown, review) from the style sheet."""
    # Qt's enum namespace costs ≈25 ms to load: not on the way to the first paint (home imports literal)
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from .style import set_role, set_status

    w = QLabel(text)
    w.setTextFormat(Qt.TextFormat.PlainText)
    w.setWordWrap(wrap)
    if name:
        w.setObjectName(name)
    if role:
        set_role(w, role)
    if status:
        set_status(w, status)
    return w
