"""The YAML source of the program's strings: reading it, checking it, compiling it for the app.

Checked as `srdi-desktop check` reports content, each problem at file:line:col: a language missing,
empty or unknown, placeholders that differ between zh and en, an unbalanced brace, a key defined
twice (in one file or across files), a key not dotted lower case, an unknown file version.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from .errors import BAD_VALUE, DUPLICATE_KEY, ContentError, ContentErrors, Loc
from .i18n import COMPILE_COMMAND, COMPILED, LANGS, Strings, read_sources, source_checksum
from .schema import Checker
from .yamlsrc import Node, load_yaml_text

KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_-]+)+")  # dotted, lower case: "v.range", "hz.0-6m"


def placeholders(text: str) -> set[str]:
    """The ``{names}`` that ``str.format`` fills in ``text``; ValueError when a brace is unbalanced."""
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field is not None}


def parse_strings(files: list[tuple[str, str]], errors: list[ContentError]) -> Strings:
    """Strings from (display path, YAML text) pairs; every problem is appended to ``errors``."""
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


def compile_strings(folder: Path) -> bytes:
    """``folder``'s strings as the app reads them (ContentErrors when the YAML has errors)."""
    import marshal

    loaded, errors = load_strings(folder)
    if errors:
        raise ContentErrors(errors)
    doc = {"_": f"Automatically generated from the *.yaml beside it by `{COMPILE_COMMAND}` - do not edit",
           "checksum": source_checksum(read_sources(folder)), "strings": loaded}
    return marshal.dumps(doc, 4)  # version 4: read by every Python 3.4 and later


def check_strings(folder: Path) -> list[ContentError]:
    """Everything `srdi-desktop check` reports about the strings: the YAML's errors, or a stale compilation."""
    _loaded, errors = load_strings(folder)
    if errors:
        return errors
    import marshal

    path = folder / COMPILED
    try:  # compared as values: marshal's bytes may differ with how the strings were shared in memory
        current = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError, MemoryError):
        current = None
    if current != marshal.loads(compile_strings(folder)):
        shown = str(path.relative_to(folder.parent.parent))
        return [ContentError(Loc(shown, 1, 1), BAD_VALUE,
                             f"out of date with the YAML beside it; run `{COMPILE_COMMAND}`")]
    return []
