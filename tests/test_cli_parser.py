"""The command line builds only the commands it names (issue 18: `evaluate --json` ≤ 3× `import yaml`), and
reads every line exactly as the whole parser does."""

import pytest

from srdi_desktop.cli import _COMMANDS, build_parser

LINES = [
    ["evaluate", "firm.yaml", "--json"],
    ["--lang", "en", "evaluate", "firm.yaml", "--set", "a=1", "--set", "b=2", "--criteria", "cn_srdi_2026"],
    ["report", "a.yaml", "b.yaml", "-o", "out", "-j", "2", "--force", "--lang", "zh"],
    ["--db", "list", "evaluate", "x.yaml"],  # a database named like a command: both commands built
    ["--db", "x.db", "list", "--all"],
    ["--criteria-dir", "pack", "check", "--i18n", "strings"],
    ["import", "dir", "-j", "3"],
    ["evidence", "ab12", "-o", "pack.zip", "--tier", "srdi_sme"],
    ["gui", "--screenshot", "x.png"],
    ["demo"],
    [],
]


@pytest.mark.parametrize("line", LINES, ids=lambda line: " ".join(line) or "nothing")
def test_a_line_reads_the_same_through_the_parser_built_for_it(line):
    assert vars(build_parser(line).parse_args(line)) == vars(build_parser().parse_args(line))


@pytest.mark.parametrize("line", [["evaluate"], ["report", "a.yaml"], ["list", "--limit", "0"], ["nonsense"],
                                  ["evaluate", "x", "--bogus"]])
def test_a_wrong_line_is_refused_alike(line, capsys):
    with pytest.raises(SystemExit) as whole:
        build_parser().parse_args(line)
    full = capsys.readouterr().err
    with pytest.raises(SystemExit) as only:
        build_parser(line).parse_args(line)
    assert only.value.code == whole.value.code == 2 and capsys.readouterr().err == full


def test_help_without_a_command_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        build_parser(["--help"]).parse_args(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in _COMMANDS)


@pytest.mark.parametrize("line", [["evaluate", "--help"], ["--help", "list"], ["-h"]])
def test_a_help_reads_the_same_through_the_parser_built_for_it(line, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(line)
    full = capsys.readouterr().out
    with pytest.raises(SystemExit):
        build_parser(line).parse_args(line)
    assert capsys.readouterr().out == full


@pytest.mark.parametrize("columns", ["60", "120"])
def test_help_wraps_at_the_terminal_width_as_argparse_would(columns, monkeypatch, capsys):
    import argparse

    monkeypatch.setenv("COLUMNS", columns)
    ours = build_parser(["evaluate"])
    with pytest.raises(SystemExit):
        ours.parse_args(["evaluate", "--help"])
    text = capsys.readouterr().out
    plain = argparse.ArgumentParser(prog="x")  # argparse's own width: shutil.get_terminal_size() - 2
    assert ours._get_formatter()._width == plain._get_formatter()._width == int(columns) - 2
    assert max(map(len, text.splitlines())) <= int(columns) - 2 < max(map(len, text.replace("\n ", " ").splitlines()))


def test_a_terminal_of_unknown_size_gets_the_usual_80_columns(monkeypatch):
    """A terminal whose size was never set says 0 columns; shutil then took 80, and so does the CLI."""
    import os

    from srdi_desktop.cli import _help_formatter

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", lambda *_a: os.terminal_size((0, 0)))
    assert _help_formatter("srdi-desktop")._width == 78
