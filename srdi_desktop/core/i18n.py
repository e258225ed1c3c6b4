"""Our own user-visible strings (app, report, command line), zh first.

The texts are data, in ``resources/i18n/*.yaml``; each key has both languages side by side:

    version: 1
    strings:
      v.range:
        zh: 须在 {min} 至 {max}{unit} 之间
        en: Must be between {min} and {max}{unit}

``i18n_source`` reads and checks that YAML (for `srdi-desktop check` and the tests) and compiles it to
``compiled.marshal``, which the app reads once, on the first ``tr()``; this module stays light because
every view imports it. Content texts (questions, criteria,
advice) are language maps in forms/ and rules/; ``pick`` chooses from those.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

LANGS = ("zh", "en")

Strings = dict[str, dict[str, str]]
_strings: Strings | None = None


def read_sources(folder: Path) -> list[tuple[str, str]]:
    """(path shown from the project root, text) of every ``*.yaml`` in ``folder``, sorted."""
    return [(str(p.relative_to(folder.parent.parent)), p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.yaml"))]


# Importing PyYAML alone costs more than the whole start-up budget allows (DESIGN §8), so the app reads
# a compilation of the YAML; the checksum of the sources it was made from tells when it is stale. In
# Python's marshal format (dicts of strings only), which Python reads built in, ~0.3 ms, where JSON
# costs ~2.5 ms with its import. Marshal, like a .pyc, is for the program's own files (and the strings
# folder a developer names to `check --i18n`), never for a user's documents.
COMPILED = "compiled.marshal"
COMPILE_COMMAND = "python -m srdi_desktop.i18n_compile"


def source_checksum(files: list[tuple[str, str]]) -> str:
    """Tells a stale compilation (not a security measure: zlib is loaded anyway, hashlib is not)."""
    import zlib

    crc = 0
    for path, text in files:
        crc = zlib.crc32(f"{path}\0{text}\0".encode(), crc)
    return f"crc32:{crc:08x}"


def read_compiled(folder: Path) -> Strings | None:
    """The compiled strings when they match the YAML sources, else None."""
    import marshal

    try:
        doc = marshal.loads((folder / COMPILED).read_bytes())
        fresh = doc["checksum"] == source_checksum(read_sources(folder)) and isinstance(doc["strings"], dict)
    except (OSError, ValueError, EOFError, KeyError, TypeError, MemoryError):  # MemoryError: a damaged length
        return None
    return doc["strings"] if fresh else None


def strings() -> Strings:
    """The program's strings, read once, on first use (ContentErrors if they are broken)."""
    global _strings
    if _strings is None:
        from srdi_desktop.paths import I18N_DIR  # the one place that knows where resources are

        loaded = read_compiled(I18N_DIR)
        if loaded is None:  # a YAML file was edited and not compiled yet: correct, only slower
            from .errors import ContentErrors
            from .i18n_source import load_strings

            loaded, errors = load_strings(I18N_DIR)
            if errors:
                raise ContentErrors(errors)
        _strings = loaded
    return _strings


def tr(key: str, lang: str, **kw: object) -> str:
    entry = strings()[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kw) if kw else text


def pick(text: Mapping[str, str] | None, lang: str) -> str:
    """Choose a language from a content language map, falling back to the other language."""
    if not text:
        return ""
    return text.get(lang) or text.get("zh") or text.get("en") or ""
