"""Issue 16 #7 and #8 on the command line: the language (the locale's, or --lang on every command), `show`
by an id prefix and in words, `list` with a header and the tiers, import and --set errors translated."""

import argparse

import pytest

from srdi_desktop import paths
from srdi_desktop.cli import build_parser, locale_lang, main


@pytest.mark.parametrize(("env", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),  # neither language: English, the second one
    ({"LANG": "C.UTF-8"}, "zh"),  # no language chosen at all: Chinese first
    ({"LANG": "POSIX"}, "zh"),
    ({}, "zh"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL overrides LANG
    ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),  # messages are what we print
    ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.GB18030"}, "zh"),  # empty ones do not count
    ({"LANG": "zh_CN@stroke"}, "zh"),
])
def test_locale_lang(env, expected):
    assert locale_lang(env) == expected


def test_every_command_takes_lang_before_or_after_it():
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert len(commands) >= 11
    for name in commands:
        needs = {"report": ["f", "-o", "o"], "evaluate": ["f"], "plan": ["f"], "import": ["f"], "show": ["x"],
                 "export": ["x", "-o", "o"], "blank": ["-o", "o"],
                 "evidence": ["x", "-o", "o"]}.get(name, [])
        assert parser.parse_args([name, *needs, "--lang", "en"]).lang == "en", name
        assert parser.parse_args(["--lang", "en", name, *needs]).lang == "en", name
        assert parser.parse_args([name, *needs]).lang is None, name  # then the locale decides


@pytest.fixture
def db(tmp_path):
    """Two imported copies of the demo firm, one of them final (so it has tiers met)."""
    from srdi_desktop.core.content import load_content
    from srdi_desktop.service import finalize
    from srdi_desktop.storage.store import AssessmentStore

    path = tmp_path / "a.db"
    for _ in range(2):
        assert main(["--db", str(path), "import", str(paths.DEMO_FILE)]) == 0
    store = AssessmentStore.open(path)
    try:
        ids = [r["id"] for r in store.list()]
        content = load_content(paths.FORMS_DIR, paths.RULES_DIR)
        finalize(store, content, ids[0], store.load(ids[0]).assessment)
    finally:
        store.close()
    return path, ids


def _unique_prefix(ids, wanted):
    return next(wanted[:n] for n in range(1, 33) if sum(i.startswith(wanted[:n]) for i in ids) == 1)


@pytest.mark.parametrize(("lang", "final", "draft"), [("zh", "已定稿", "草稿"), ("en", "Final", "Draft")])
def test_show_takes_a_unique_prefix_and_says_final_or_draft(db, capsys, lang, final, draft):
    path, (final_id, draft_id) = db
    capsys.readouterr()
    for aid, word in ((final_id, final), (draft_id, draft)):
        assert main(["--db", str(path), "show", _unique_prefix([final_id, draft_id], aid), "--lang", lang]) == 0
        head = capsys.readouterr().out.splitlines()[0]
        assert head.endswith(f" · {word}"), head
    assert main(["--db", str(path), "show", final_id, "--lang", lang]) == 0  # the whole id still works


@pytest.mark.parametrize(("lang", "none", "many"), [("zh", "没有编号以“zz”开头的评估", "可指 2 次评估"),
                                                    ("en", "no assessment whose id starts with “zz”", "matches 2")])
def test_show_says_when_a_prefix_matches_none_or_several(tmp_path, capsys, lang, none, many):
    import datetime as dt

    from srdi_desktop.storage.store import AssessmentStore

    path = tmp_path / "a.db"
    store = AssessmentStore.open(path)
    ids: list[str] = []
    while not any(sum(i.startswith(p) for i in ids) == 2 for p in "0123456789abcdef"):  # ≤ 17: 16 first digits
        ids.append(store.create(dt.date(2026, 11, 21), "zh", {"firm.name": f"企业{len(ids)}"}))
    store.close()
    capsys.readouterr()
    assert main(["--db", str(path), "--lang", lang, "show", "zz"]) == 1
    assert none in capsys.readouterr().err
    assert main(["--db", str(path), "--lang", lang, "export", "zz", "-o", str(path.parent / "x.yaml")]) == 1
    assert none in capsys.readouterr().err
    assert main(["--db", str(path), "--lang", lang, "show", ""]) == 1  # nothing typed is no id
    assert none.replace("zz", "") in capsys.readouterr().err
    same = next(p for p in "0123456789abcdef" if sum(i.startswith(p) for i in ids) == 2)  # see the fixture
    assert main(["--db", str(path), "--lang", lang, "show", same]) == 1
    err = capsys.readouterr().err
    assert many in err and all(i in err for i in ids if i.startswith(same)), err


@pytest.mark.parametrize(("lang", "header", "final", "tiers"), [
    ("zh", ["编号", "评估日期", "状态", "已满足层级", "企业"], "已定稿", "科技型中小企业"),
    ("en", ["id", "assessed", "on", "status", "tiers", "met", "firm"], "Final", "Technology-based SME"),
])
def test_list_has_a_header_and_the_tiers_met(db, capsys, lang, header, final, tiers):
    path, (final_id, draft_id) = db
    capsys.readouterr()
    assert main(["--db", str(path), "list", "--lang", lang]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == header
    row = {line.split()[0]: line for line in lines[1:]}
    assert set(row) == {final_id, draft_id}
    assert final in row[final_id] and tiers in row[final_id] and row[final_id].endswith("示例精密部件有限公司")
    assert "—" in row[draft_id] and tiers not in row[draft_id]
    assert len({_width(line[:line.index("示例")]) for line in lines[1:]}) == 1  # the firm column lines up


def _width(text):
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@pytest.mark.parametrize(("lang", "words"), [("zh", ["未知的问题编号“x.y”", "须在 0 至"]),
                                             ("en", ["unknown question id 'x.y'", "Must be between 0 and"])])
def test_import_errors_in_the_chosen_language(tmp_path, capsys, lang, words):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: srdi-assessment/1\nassessed_on: 2026-11-21\nanswers:\n  firm.employees: -3\n  x.y: 1\n",
                   encoding="utf-8")
    assert main(["--db", str(tmp_path / "a.db"), "import", str(bad), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert all(w in err for w in words), err
    assert "bad.yaml:4:19:" in err and "bad.yaml:5:3:" in err


@pytest.mark.parametrize(("lang", "words"), [("zh", ["--set firm.employees：须在 0 至", "应为 编号=值"]),
                                             ("en", ["--set firm.employees: Must be between 0 and",
                                                     "expected ID=VALUE"])])
def test_set_errors_in_the_chosen_language(capsys, lang, words):
    with pytest.raises(SystemExit) as bad_value:
        main(["evaluate", str(paths.DEMO_FILE), "--set", "firm.employees=-5", "--lang", lang])
    assert words[0] in str(bad_value.value.code)
    with pytest.raises(SystemExit) as bad_id:
        main(["evaluate", str(paths.DEMO_FILE), "--set", "nope=1", "--lang", lang])
    assert words[1] in str(bad_id.value.code)


def test_without_lang_the_locale_decides(db, capsys, monkeypatch):
    path, (final_id, _draft) = db
    capsys.readouterr()
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert main(["--db", str(path), "show", final_id]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(" · Final")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["--db", str(path), "show", final_id]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(" · 已定稿")
