"""The command line says what is wrong in one line, never with a traceback unless --debug."""

import os
import subprocess
import sys

import pytest

from srdi_desktop import diagnostics, paths


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "srdi_desktop", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def bad_files(tmp):
    malformed = tmp / "malformed.yaml"
    malformed.write_text("format: srdi-assessment/1\nassessed_on: [2026\n", encoding="utf-8")
    binary = tmp / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    return {
        "missing file": (["evaluate", str(tmp / "nope.yaml")], f"srdi-desktop: No such file or directory: {tmp}"),
        "a directory": (["evaluate", str(tmp)], f"{tmp}:1:1: E007 not a regular file"),
        "malformed YAML": (["evaluate", str(malformed)], f"{malformed}:3:1: E001 YAML syntax error"),
        "not UTF-8": (["import", str(binary)], f"{binary}:1:1: E007 not valid UTF-8"),
        "report of a missing file": (["report", str(tmp / "nope.yaml"), "-o", str(tmp / "x.pdf")],
                                     "srdi-desktop: No such file or directory"),
    }


@pytest.mark.parametrize("case", ["missing file", "a directory", "malformed YAML", "not UTF-8",
                                  "report of a missing file"])
def test_a_failing_command_says_why_in_a_line_and_exits_2(case, tmp_path):
    args, first_line = bad_files(tmp_path)[case]
    r = run_cli("--db", str(tmp_path / "a.db"), "--lang", "en", *args)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    assert r.stderr.startswith(first_line), r.stderr
    assert all(len(line) < 300 for line in r.stderr.splitlines())


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(where, tmp_path):
    args = ["evaluate", str(tmp_path / "nope.yaml")]
    r = run_cli(*(["--debug", *args] if where == "before" else [*args, "--debug"]))
    assert r.returncode == 1
    assert "Traceback (most recent call last)" in r.stderr and "FileNotFoundError" in r.stderr


def test_an_internal_error_is_one_line_naming_the_log_and_exits_70(tmp_path, capsys):
    @diagnostics.cli_entry
    def main(argv):
        return {}["a bug"]

    assert main(["evaluate", "x"]) == diagnostics.EXIT_INTERNAL == 70
    err = capsys.readouterr().err
    log = diagnostics.log_file()
    assert err.splitlines() == [f"srdi-desktop: internal error (KeyError); the details are in {log}. "
                                "Run again with --debug to see the traceback."]
    assert log.parent == paths.user_data_dir() / "logs"
    text = log.read_text(encoding="utf-8")
    assert "ERROR srdi_desktop: srdi-desktop evaluate x" in text and "KeyError: 'a bug'" in text
    assert "Traceback (most recent call last)" in text
    with pytest.raises(KeyError):
        main(["--debug", "evaluate", "x"])


def test_the_log_rotates_at_one_megabyte_keeping_three(tmp_path):
    import logging

    assert diagnostics.setup_logging() == diagnostics.log_file()
    log = logging.getLogger(diagnostics.LOGGER)
    for _ in range(5000):
        log.info("x" * 1000)
    files = sorted(p.name for p in diagnostics.log_dir().iterdir())
    assert files == ["srdi-desktop.log", "srdi-desktop.log.1", "srdi-desktop.log.2", "srdi-desktop.log.3"]
    assert all(p.stat().st_size <= diagnostics.LOG_BYTES for p in diagnostics.log_dir().iterdir())


BUG = """
from srdi_desktop.diagnostics import cli_entry

@cli_entry
def main(argv):
    raise RuntimeError("a bug")

raise SystemExit(main([]))
"""


def test_an_unusable_data_folder_leaves_logging_off_and_still_no_traceback(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv(paths.DATA_ENV, str(blocker))
    assert diagnostics.setup_logging() is None
    r = subprocess.run([sys.executable, "-c", BUG], capture_output=True, text=True, timeout=60)
    assert r.returncode == 70
    assert r.stderr == ("srdi-desktop: internal error (RuntimeError); no log could be written. "
                        "Run again with --debug to see the traceback.\n")


CRASH = """
import faulthandler, sys
from srdi_desktop import diagnostics
diagnostics.enable_faulthandler(to_file={to_file})
faulthandler._sigsegv()
"""


@pytest.mark.parametrize("to_file", [True, False])
def test_a_hard_crash_dumps_the_stack_to_the_data_folder_for_the_app_and_stderr_for_the_cli(to_file, tmp_path):
    data = tmp_path / "data"
    r = subprocess.run([sys.executable, "-c", CRASH.format(to_file=to_file)], capture_output=True, text=True,
                       env={**os.environ, paths.DATA_ENV: str(data)}, timeout=60)
    assert r.returncode != 0
    crash = data / "logs" / diagnostics.CRASH_NAME
    dump = crash.read_text(encoding="utf-8") if to_file else r.stderr
    assert "Fatal Python error: Segmentation fault" in dump
    assert ("Segmentation fault" in r.stderr) is not to_file


def test_a_reader_that_leaves_early_is_no_error():
    """`srdi-desktop evaluate FILE | head -1`: no "Broken pipe" line, exit 0."""
    import subprocess
    import sys

    from srdi_desktop import paths

    p = subprocess.Popen([sys.executable, "-m", "srdi_desktop", "evaluate", str(paths.DEMO_FILE), "--json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.readline()
    p.stdout.close()  # the reader leaves while the program still writes
    err = p.stderr.read().decode()
    assert p.wait(timeout=60) == 0 and "Broken pipe" not in err and "Traceback" not in err, err
