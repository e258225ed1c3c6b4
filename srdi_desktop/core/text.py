"""Characters a one-line answer may not hold; the standard library alone, so `srdi-desktop list` stays lean."""

from __future__ import annotations

import unicodedata

# Not in a one-line answer: C0/C1 controls (NUL, BEL, ESC sequences, U+0085), line and paragraph
# separators (U+2028/2029, which YAML and JSON tools turn into line breaks) and lone surrogates (not
# encodable as UTF-8): they change on a round trip, break .ics files or drive the terminal in `list`.
_UNSAFE_CATEGORIES = {"Cc", "Cs", "Zl", "Zp"}


def first_unsafe_char(text: str) -> str | None:
    return next((ch for ch in text if unicodedata.category(ch) in _UNSAFE_CATEGORIES), None)


def visible(text: str) -> str:
    """``text`` with unsafe characters shown as \\uXXXX, for printing data stored before they were refused."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in text)
