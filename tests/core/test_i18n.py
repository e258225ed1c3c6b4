"""The program's strings: data in resources/i18n/*.yaml, both languages, same placeholders, checked with places."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from srdi_desktop import paths
from srdi_desktop.core import i18n
from srdi_desktop.core.i18n import read_compiled, tr
from srdi_desktop.core.i18n_source import check_strings, load_strings, parse_strings, placeholders
from tests.loaded import loaded


def test_shipped_strings_load_with_zero_errors_and_have_both_languages():
    loaded, errors = load_strings(paths.I18N_DIR)
    assert errors == []
    assert len(loaded) > 150
    for key, texts in loaded.items():
        assert set(texts) == {"zh", "en"} and all(t.strip() for t in texts.values()), key
        assert placeholders(texts["zh"]) == placeholders(texts["en"]), key


def test_the_compiled_strings_the_app_reads_are_those_of_the_yaml():
    assert check_strings(paths.I18N_DIR) == []
    assert read_compiled(paths.I18N_DIR) == load_strings(paths.I18N_DIR)[0]
    assert i18n.strings() == load_strings(paths.I18N_DIR)[0]


@pytest.mark.parametrize(("text", "zh", "en", "expected"), [
    ("{n} 项", "{n} items", None, {"n"}),
    ("{min} 至 {max}{unit}", None, None, {"min", "max", "unit"}),
    ("无占位符", None, None, set()),
    ("{{字面}} 大括号", None, None, set()),
    ("{n:,} 与 {n}", None, None, {"n"}),
])
def test_placeholders(text, zh, en, expected):
    assert placeholders(text) == expected


def test_tr_formats_and_falls_back_to_english_for_an_unknown_language():
    assert tr("v.range", "zh", min=1, max=5, unit="%") == "须在 1 至 5% 之间"
    assert tr("v.range", "en", min=1, max=5, unit="%") == "Must be between 1 and 5%"
    assert tr("home.new", "fr") == tr("home.new", "en")
    with pytest.raises(KeyError):
        tr("no.such_key", "zh")


GOOD = "version: 1\nstrings:\n  a.one:\n    zh: 一 {n}\n    en: one {n}\n"

# (file text, expected "line:col: CODE", a fragment of the message)
BROKEN = [
    ("version: 1\nstrings:\n  a.two:\n    zh: 二\n", "4:5: E006", "lacks the 'en' text"),
    ("version: 1\nstrings:\n  a.two:\n    zh: ''\n    en: two\n", "4:5: E006", "lacks the 'zh' text"),
    ("version: 1\nstrings:\n  a.two:\n    zh: 二\n    en: 2\n", "4:5: E006", "lacks the 'en' text"),
    ("version: 1\nstrings:\n  a.two:\n    zh: 共 {n} 项\n    en: '{m} items'\n", "5:10: E007",
     "only zh has {n}; only en has {m}"),
    ("version: 1\nstrings:\n  a.two:\n    zh: 共 {n} 项\n    en: items\n", "5:9: E007", "only zh has {n}"),
    ("version: 1\nstrings:\n  a.two:\n    zh: 共 {n 项\n    en: '{n} items'\n", "4:9: E007", "literal brace"),
    ("version: 1\nstrings:\n  a.two:\n    zh: 二\n    en: two\n    fr: deux\n", "6:5: E003", "unknown language 'fr'"),
    ("version: 1\nstrings:\n  a.two: two\n", "3:10: E005", "must be a mapping"),
    ("version: 1\nstrings:\n  a.two:\n    zh: 二\n    en: two\n  a.two:\n    zh: 二\n    en: two\n", "6:3: E002",
     "duplicate key 'a.two'"),
    ("version: 1\nstrings:\n  a.one:\n    zh: 一\n    en: one\n", "3:3: E002", "'a.one' is already defined at "
     "resources/i18n/a.yaml:3:3"),
    ("version: 1\nstrings:\n  Home.New:\n    zh: 新\n    en: new\n", "3:3: E007", "dotted lower case"),
    ("version: 2\nstrings: {}\n", "1:10: E007", "unsupported strings file version 2"),
    ("version: 1\n", "1:1: E004", "lacks required key 'strings'"),
    ("version: 1\nstrings:\n  a.two: {zh: 二, en: [two\n", "4:1: E001", "YAML syntax error"),
    ("", "1:1: E005", "a strings file must be a mapping"),
]


@pytest.mark.parametrize(("text", "where", "fragment"), BROKEN)
def test_a_broken_strings_file_is_reported_at_its_place(text, where, fragment):
    errors = []
    parse_strings([("resources/i18n/a.yaml", GOOD), ("resources/i18n/b.yaml", text)], errors)
    shown = [str(e) for e in errors]
    assert any(s.startswith(f"resources/i18n/b.yaml:{where}") and fragment in s for s in shown), shown


def test_good_files_parse_to_the_texts():
    errors = []
    assert parse_strings([("a.yaml", GOOD)], errors) == {"a.one": {"zh": "一 {n}", "en": "one {n}"}}
    assert errors == []


@pytest.fixture
def i18n_copy(tmp_path) -> Path:
    folder = tmp_path / "resources" / "i18n"
    shutil.copytree(paths.I18N_DIR, folder)
    return folder


def test_an_edit_not_compiled_is_reported_and_the_app_reads_the_yaml_meanwhile(i18n_copy):
    f = i18n_copy / "app.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("en: New assessment", "en: New self-assessment"),
                 encoding="utf-8")
    assert read_compiled(i18n_copy) is None  # stale: not used
    assert load_strings(i18n_copy)[0]["home.new"]["en"] == "New self-assessment"
    [error] = check_strings(i18n_copy)
    assert str(error).startswith("resources/i18n/compiled.marshal:1:1: E007 out of date")
    assert "python -m srdi_desktop.i18n_compile" in str(error)


@pytest.mark.parametrize("damage", [
    lambda good: b"",
    lambda good: good[: len(good) // 2],  # cut short
    lambda good: b"\xff" * 64,  # not marshal at all
    lambda good: __import__("marshal").dumps(["a list"]),
    lambda good: __import__("marshal").dumps({"checksum": "crc32:0"}),  # no strings
    lambda good: b"[\x00\x00\x00\x01",  # a list said to hold 2**24 items, cut short (a longer one: MemoryError)
], ids=["empty", "truncated", "garbage", "a list", "no strings", "a huge length"])
def test_a_damaged_compilation_is_not_read_and_reported_the_yaml_is_read_meanwhile(i18n_copy, damage):
    f = i18n_copy / i18n.COMPILED
    f.write_bytes(damage(f.read_bytes()))
    assert read_compiled(i18n_copy) is None
    assert load_strings(i18n_copy)[0]["home.new"]["en"] == "New assessment"
    [error] = check_strings(i18n_copy)
    assert "E007 out of date" in str(error)


def test_check_command_reports_a_placeholder_mismatch_with_file_line_col(i18n_copy):
    f = i18n_copy / "report.yaml"
    lines = f.read_text(encoding="utf-8").splitlines()
    at = lines.index("    en: Page {n} of {m}")
    lines[at] = "    en: Page {n} of {total}"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "srdi_desktop", "check", "--i18n", str(i18n_copy)],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert (f"resources/i18n/report.yaml:{at + 1}:9: E007 r.page: zh and en must have the same placeholders "
            "(only zh has {m}; only en has {total})") in r.stdout
    assert "Traceback" not in r.stderr


def test_the_app_reads_its_strings_without_importing_yaml():
    """PyYAML's import alone would cost a sixth of the start-up budget (DESIGN §8)."""
    code = "from srdi_desktop.core.i18n import tr; tr('app.title', 'zh')"
    assert loaded(code, ("yaml", "srdi_desktop.core.errors", "srdi_desktop.core.yamlsrc", "json")) == []
