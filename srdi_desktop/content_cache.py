"""forms/ and rules/ parsed once, kept in the user cache folder, so a new process starts faster (issue 18).

The cache holds the parsed YAML documents as plain JSON (core.yamlsrc.to_plain: values and their
positions), never code and never pickle: reading a damaged or foreign cache file can at worst fail,
and then the files are parsed again. The file name and its ``key`` are the hash of every content
file's path and text plus this program's version, so an edited rule or a new version never reads an
old cache. Everything after parsing (checking, compiling the expressions) runs as without a cache,
so the same files give the same Content and the same errors. Written atomically; a cache that cannot be
written (a read-only home) is skipped without a word.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from srdi_desktop import __version__, paths
from srdi_desktop.core.content import Content, content_hash, parse_content
from srdi_desktop.core.errors import ContentError
from srdi_desktop.core.questionnaire import read_files
from srdi_desktop.core.yamlsrc import from_plain, load_yaml_text, to_plain

FORMAT = "srdi-content-cache/1"


def cache_file(files: list[tuple[str, str]]) -> tuple[Path, str]:
    key = content_hash([*files, ("<program>", f"{__version__} {FORMAT}")])
    return paths.user_cache_dir() / f"content-{key}.json", key


def _read(file: Path, key: str) -> dict[str, Any] | None:
    try:
        data = json.loads(file.read_bytes())
        if data.get("format") != FORMAT or data.get("key") != key:
            return None
        return {path: from_plain(doc, path) for path, doc in data["docs"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def _write(file: Path, key: str, docs: dict[str, Any]) -> None:
    from srdi_desktop.atomicio import atomic_write_bytes

    data = {"format": FORMAT, "key": key, "docs": {p: to_plain(d) for p, d in docs.items()}}
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(file, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    except (OSError, TypeError, ValueError):
        pass


def load_content(forms_dir: Path, rules_dir: Path, criteria_dirs: Sequence[Path] = ()) -> Content:
    """core.content.load_content, with the parsed files taken from (or put into) the user cache."""
    forms, rules = read_files(forms_dir), read_files(rules_dir)
    extra = [f for d in criteria_dirs for f in read_files(d)]
    every = forms + rules + extra
    if len({p for p, _ in every}) != len(every):  # two files shown under one path: no cache by path
        return parse_content(forms, rules, extra)
    file, key = cache_file(every)
    docs = _read(file, key)
    if docs is not None and docs.keys() == {p for p, _ in every}:
        return parse_content(forms, rules, extra, parsed=docs)
    errors: list[ContentError] = []
    docs = {path: load_yaml_text(text, path, errors) for path, text in every}
    if errors:  # parse again the usual way, which reports them with every other problem
        return parse_content(forms, rules, extra)
    content = parse_content(forms, rules, extra, parsed=docs)  # raises on any problem: nothing cached
    _write(file, key, docs)
    return content
