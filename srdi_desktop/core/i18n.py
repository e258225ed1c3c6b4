"""Our own user-visible strings (app, report, command line), zh first.

The texts are data, in ``resources/i18n/*.yaml``; each key has both languages side by side:

    version: 1
    strings:
      v.range:
        zh: 须在 {min} 至 {max}{unit} 之间
        en: Must be between {min} and {max}{unit}

``load_strings`` reads them with the project's YAML loader and reports, at file:line:col as
`srdi-desktop check` does for content, a language missing or empty, placeholders that differ between
zh and en, a malformed brace, a key defined twice. The app reads a JSON compilation of those files
(``compiled.json``, see COMPILED) once, on the first ``tr()``. Content texts (questions, criteria,
advice) are language maps in forms/ and rules/; ``pick`` chooses from those.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BAD_VALUE, DUPLICATE_KEY, ContentError, ContentErrors, Loc

if TYPE_CHECKING:  # the YAML machinery is imported on first load, not with every module that says tr()
    from .schema import Checker

LANGS = ("zh", "en")
KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_-]+)+")  # dotted, lower case: "v.range", "hz.0-6m"

Strings = dict[str, dict[str, str]]
_strings: Strings | None = None


def placeholders(text: str) -> set[str]:
    """The ``{names}`` that ``str.format`` fills in ``text``; ValueError when a brace is unbalanced."""
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field is not None}


def parse_strings(files: list[tuple[str, str]], errors: list[ContentError]) -> Strings:
    """Strings from (display path, YAML text) pairs; every problem is appended to ``errors``."""
    from .schema import Checker
    from .yamlsrc import load_yaml_text

    ck = Checker(errors)
    out: Strings = {}
    first: dict[str, Loc] = {}
    for path, text in files:
        before = len(errors)
        data = load_yaml_text(text, path, errors)
        if data is None and len(errors) > before:  # a syntax error, already reported
            continue
        root = ck.mapping(data, Loc(path, 1, 1), "a strings file")
        if root is None or not ck.keys(root, {"version", "strings"}, set(), "a strings file"):
            continue
        if root["version"] != 1:
            ck.add(root.value_loc("version"), BAD_VALUE, f"unsupported strings file version {root['version']!r}")
            continue
        table = ck.mapping(root["strings"], root.value_loc("strings"), "strings")
        if table is None:
            continue
        for key, entry in table.items():
            loc = table.key_loc(key)
            if key in first:
                ck.add(loc, DUPLICATE_KEY, f"string '{key}' is already defined at {first[key]}")
                continue
            first[key] = loc
            if not KEY.fullmatch(key):
                ck.add(loc, BAD_VALUE, f"string key '{key}' must be dotted lower case, e.g. 'home.new'")
            texts = _entry(ck, key, entry, table.value_loc(key))
            if texts is not None:
                out[key] = texts
    return out


def _entry(ck: Checker, key: str, entry: object, loc: Loc) -> dict[str, str] | None:
    """One key's {zh, en}: both present, non-empty, well-formed and with the same placeholders."""
    if ck.lang_map(entry, loc, key) is None:  # unknown or missing languages, empty texts
        return None
    from .yamlsrc import Node

    assert isinstance(entry, Node)
    found: dict[str, set[str]] = {}
    for lang in LANGS:
        text = entry[lang]
        try:
            found[lang] = placeholders(text)
        except ValueError as exc:
            ck.add(entry.value_loc(lang), BAD_VALUE, f"{key}.{lang}: {exc} (write {{{{ and }}}} for a literal brace)")
    if len(found) < len(LANGS):
        return None
    if found["zh"] != found["en"]:
        only = {lang: sorted(found[lang] - found[other]) for lang, other in (("zh", "en"), ("en", "zh"))}
        said = "; ".join(f"only {lang} has {', '.join('{' + n + '}' for n in names)}"
                         for lang, names in only.items() if names)
        ck.add(entry.value_loc("en"), BAD_VALUE, f"{key}: zh and en must have the same placeholders ({said})")
        return None
    return {lang: entry[lang] for lang in LANGS}


def read_sources(folder: Path) -> list[tuple[str, str]]:
    """(path shown from the project root, text) of every ``*.yaml`` in ``folder``, sorted."""
    return [(str(p.relative_to(folder.parent.parent)), p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.yaml"))]


def load_strings(folder: Path) -> tuple[Strings, list[ContentError]]:
    """The strings of ``folder``'s YAML files, and every problem found in them."""
    errors: list[ContentError] = []
    try:
        files = read_sources(folder)
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [ContentError(Loc(str(folder)), BAD_VALUE, f"cannot read the strings: {exc}")]
    if not files:
        errors.append(ContentError(Loc(str(folder)), BAD_VALUE, "no strings files (*.yaml) found"))
    return parse_strings(files, errors), errors


# Importing PyYAML alone costs more than the whole start-up budget allows (DESIGN §8), so the app reads
# a JSON compilation of the YAML; the checksum of the sources it was made from tells when it is stale.
COMPILED = "compiled.json"
COMPILE_COMMAND = "python -m srdi_desktop.i18n_compile"


def source_checksum(files: list[tuple[str, str]]) -> str:
    """Tells a stale compilation (not a security measure: zlib is loaded anyway, hashlib is not)."""
    import zlib

    crc = 0
    for path, text in files:
        crc = zlib.crc32(f"{path}\0{text}\0".encode(), crc)
    return f"crc32:{crc:08x}"


def compile_strings(folder: Path) -> str:
    """The JSON text of ``folder``'s strings (ContentErrors when the YAML has errors)."""
    import json

    loaded, errors = load_strings(folder)
    if errors:
        raise ContentErrors(errors)
    doc = {"_": f"Automatically generated from the *.yaml beside it by `{COMPILE_COMMAND}` - do not edit",
           "checksum": source_checksum(read_sources(folder)), "strings": loaded}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def read_compiled(folder: Path) -> Strings | None:
    """The compiled strings when they match the YAML sources, else None."""
    import json

    try:
        doc = json.loads((folder / COMPILED).read_text(encoding="utf-8"))
        fresh = doc["checksum"] == source_checksum(read_sources(folder))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return doc["strings"] if fresh else None


def check_strings(folder: Path) -> list[ContentError]:
    """Everything `srdi-desktop check` reports about the strings: the YAML's errors, or a stale compilation."""
    _loaded, errors = load_strings(folder)
    if errors:
        return errors
    path = folder / COMPILED
    try:
        current = path.read_text(encoding="utf-8")
    except OSError:
        current = None
    if current != compile_strings(folder):
        shown = str(path.relative_to(folder.parent.parent))
        return [ContentError(Loc(shown, 1, 1), BAD_VALUE,
                             f"out of date with the YAML beside it; run `{COMPILE_COMMAND}`")]
    return []


def strings() -> Strings:
    """The program's strings, read once, on first use (ContentErrors if they are broken)."""
    global _strings
    if _strings is None:
        from srdi_desktop.paths import I18N_DIR  # the one place that knows where resources are

        loaded = read_compiled(I18N_DIR)
        if loaded is None:  # a YAML file was edited and not compiled yet: correct, only slower
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
