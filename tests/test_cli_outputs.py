"""Issue 14, items 6, 9, 13, 17: outputs never replace what a command reads, batches survive bad
files, and arguments that cannot be right are refused with one line and exit 2."""

from __future__ import annotations

import os
import sqlite3

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from srdi_desktop import paths
from srdi_desktop.cli import main
from srdi_desktop.report.fonts import FONT, register_fonts

DEMO = paths.DEMO_FILE.read_text(encoding="utf-8")


def firm_file(tmp_path, name="firm.yaml", *, date="2026-11-21", code="91330100MA2B3C4D5N", firm=None):
    text = DEMO.replace("assessed_on: 2026-11-21", f"assessed_on: {date}")
    text = text.replace("91330100MA2B3C4D5N", code)
    if firm is not None:
        text = text.replace("示例精密部件有限公司", firm)
    f = tmp_path / name
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(text, encoding="utf-8")
    return f


def refused(capsys, argv):
    """A refusal: exit 2 (argparse's SystemExit or main's return), no traceback."""
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    return err


# -- 6: an output is never the database or an input ----------------------------------------------


@pytest.fixture
def db_with_three(tmp_path):
    db = tmp_path / "assessments.db"
    f = firm_file(tmp_path)
    for _ in range(3):
        assert main(["--db", str(db), "import", str(f)]) == 0
    return db


def _ids(db):
    with sqlite3.connect(db) as con:
        return [r[0] for r in con.execute("select id from assessments")]


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "wal", "relative"])
def test_export_refuses_to_write_over_the_database(db_with_three, tmp_path, capsys, monkeypatch, how):
    db = db_with_three
    aid = _ids(db)[0]
    capsys.readouterr()
    target = {"same": db, "wal": f"{db}-wal", "relative": "assessments.db"}.get(how)
    if how == "symlink":
        target = tmp_path / "link.yaml"
        target.symlink_to(db)
    elif how == "hardlink":
        target = tmp_path / "hard.yaml"
        os.link(db, target)
    monkeypatch.chdir(tmp_path)
    before = db.read_bytes()
    err = refused(capsys, ["--db", str(db), "export", aid, "-o", str(target)])
    assert "database" in err and err.count("\n") <= 2
    assert db.read_bytes() == before and len(_ids(db)) == 3


@pytest.mark.parametrize("flag", ["-o", "--ics", "--csv"])
def test_report_refuses_to_write_over_its_input(tmp_path, capsys, flag):
    f = firm_file(tmp_path)
    before = f.read_bytes()
    argv = ["report", str(f), "-o", str(tmp_path / "out.pdf")]
    argv = argv[:2] + [flag, str(f)] + (argv[2:] if flag != "-o" else [])
    err = refused(capsys, argv)
    assert "input file" in err
    assert f.read_bytes() == before


def test_report_refuses_to_write_over_the_previous_file(tmp_path, capsys):
    old = firm_file(tmp_path, "old.yaml", date="2025-11-21")
    new = firm_file(tmp_path, "new.yaml")
    refused(capsys, ["report", str(new), "--previous", str(old), "-o", str(old)])
    assert old.read_text(encoding="utf-8").startswith("#")


# -- 9: a batch goes on past any bad file, keeps existing PDFs, and says what went where ------------


def test_batch_lists_every_failure_and_goes_on(tmp_path, capsys):
    good = firm_file(tmp_path / "in", "good.yaml")
    (tmp_path / "in" / "broken.yaml").write_text("format: [", encoding="utf-8")
    (tmp_path / "in" / "deep.json").write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    (tmp_path / "in" / "binary.yaml").write_bytes(b"\xff\xfe\x00bad")
    out = tmp_path / "out"
    code = main(["report", str(tmp_path / "in"), "-o", str(out), "-j", "1"])
    captured = capsys.readouterr()
    assert code == 1
    assert (out / "good.pdf").exists() and good.exists()
    for name in ("broken.yaml", "deep.json", "binary.yaml"):
        assert f"FAILED {tmp_path / 'in' / name}" in captured.err
    assert f"{good} → {out / 'good.pdf'}" in captured.out
    assert "Traceback" not in captured.err


def test_batch_same_stems_get_unique_names_and_existing_pdfs_are_kept(tmp_path, capsys):
    a = firm_file(tmp_path / "a", "x.yaml", firm="甲公司")
    b = firm_file(tmp_path / "b", "x.yaml", firm="乙公司")
    out = tmp_path / "out"
    assert main(["report", str(a), str(b), "-o", str(out), "-j", "1"]) == 0
    text = capsys.readouterr().out
    assert f"{a} → {out / 'x.pdf'}" in text and f"{b} → {out / 'x-2.pdf'}" in text
    assert "甲公司" in PdfReader(out / "x.pdf").pages[0].extract_text()
    assert "乙公司" in PdfReader(out / "x-2.pdf").pages[0].extract_text()
    # a later run with another input named x keeps the earlier PDFs unless --force
    c = firm_file(tmp_path / "c", "x.yml", firm="丙公司")
    before = (out / "x.pdf").read_bytes()
    assert main(["report", str(c), "-o", str(out), "-j", "1"]) == 0
    captured = capsys.readouterr()
    assert "already exists" in captured.err and "--force" in captured.err
    assert (out / "x.pdf").read_bytes() == before
    assert main(["report", str(c), "-o", str(out), "-j", "1", "--force"]) == 0
    assert "丙公司" in PdfReader(out / "x.pdf").pages[0].extract_text()


# -- 13: --previous must be the same firm and earlier; --criteria and -j are checked -------------


@pytest.mark.parametrize(("kw", "says"), [
    ({"code": "91110000600037341L", "firm": "别家公司"}, "another firm"),
    ({"date": "2026-11-21"}, "not before"),
    ({"date": "2027-01-05"}, "not before"),
])
def test_report_refuses_a_previous_of_another_firm_or_not_earlier(tmp_path, capsys, kw, says):
    new = firm_file(tmp_path, "new.yaml")
    prev = firm_file(tmp_path, "prev.yaml", **kw)
    err = refused(capsys, ["report", str(new), "--previous", str(prev), "-o", str(tmp_path / "r.pdf")])
    assert says in err
    assert not (tmp_path / "r.pdf").exists()


def test_report_accepts_an_earlier_previous_of_the_same_firm(tmp_path, capsys):
    new = firm_file(tmp_path, "new.yaml")
    prev = firm_file(tmp_path, "prev.yaml", date="2025-11-20")
    assert main(["report", str(new), "--previous", str(prev), "-o", str(tmp_path / "r.pdf")]) == 0


def test_unknown_criteria_is_refused_with_the_choices(capsys):
    err = refused(capsys, ["evaluate", str(paths.DEMO_FILE), "--criteria", "bogus"])
    assert "cn_srdi_2022" in err and "cn_srdi_2026" in err


@pytest.mark.parametrize("jobs", ["-1", "0", "x", "100000"])
def test_jobs_must_be_a_sensible_whole_number(tmp_path, capsys, jobs):
    err = refused(capsys, ["report", str(paths.DEMO_FILE), "-o", str(tmp_path), "-j", jobs])
    assert "1 to 256" in err


@pytest.mark.parametrize(("name", "text", "ok", "says"), [
    ("flow.yaml", "{format: srdi-assessment/1, assessed_on: 2026-11-21, answers: {firm.name: 甲}}  # c\n",
     True, ""),
    ("flow.txt", "{format: srdi-assessment/1, assessed_on: 2026-11-21, answers: {firm.name: 甲}}\n", True, ""),
    ("c.json", '{"format": "srdi-assessment/1", // a comment\n "answers": {}}', False, "JSON syntax error"),
    ("c.txt", '{"format": "srdi-assessment/1", // a comment\n "answers": {}}', False, "JSON syntax error"),
    ("lead.json", '// a comment\n{"format": "srdi-assessment/1", "answers": {}}', False, "JSON syntax error"),
    ("y.yml", "format: [\n", False, "E001"),
])
def test_format_follows_the_extension_first(tmp_path, capsys, name, text, ok, says):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    code = main(["evaluate", str(f), "--json"])
    err = capsys.readouterr().err
    assert (code == 0) is ok, err
    assert says in err


# -- 17: a long unbroken firm name is wrapped on the cover, never clipped --------------------------


@pytest.mark.parametrize(("name", "lang"), [
    ("A" * 60 + "Precision" * 6 + "Z" * 6, "en"),
    ("精" * 120, "zh"),
    ("B" * 120, "zh"),
])
def test_long_firm_name_is_whole_on_the_cover(tmp_path, capsys, name, lang):
    assert len(name) == 120
    f = firm_file(tmp_path, firm=name)
    out = tmp_path / "r.pdf"
    assert main(["report", str(f), "-o", str(out), "--lang", lang]) == 0
    page = PdfReader(out).pages[0]
    cover = "".join(page.extract_text().split())
    assert name in cover
    # and every line of it lies inside the page (text drawn past the edge is still extracted)
    register_fonts()
    right = float(page.mediabox.width)
    runs = []

    def visit(text, cm, tm, font_dict, size):
        if text.strip() and text.strip() in name:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            runs.append((text.strip(), x, size * tm[0] * cm[0]))

    page.extract_text(visitor_text=visit)
    assert "".join(t for t, _, _ in runs) == name
    for text, x, size in runs:
        assert 0 <= x and x + pdfmetrics.stringWidth(text, FONT, size) <= right, (text, x)


def test_an_output_that_names_a_folder_means_into_that_folder(tmp_path, capsys):
    """`-o reports/` (new or existing) and `-o <existing folder>` write a file inside, never replace it."""
    import datetime as dt

    from srdi_desktop import paths
    from srdi_desktop.cli import main
    from srdi_desktop.storage.store import AssessmentStore

    assert main(["report", str(paths.DEMO_FILE), "-o", str(tmp_path / "reports") + "/"]) == 0
    assert (tmp_path / "reports" / "demo_firm.pdf").read_bytes().startswith(b"%PDF")
    assert main(["blank", "-o", str(tmp_path / "reports"), "--lang", "en"]) == 0
    assert (tmp_path / "reports" / "srdi-questionnaire-en.pdf").exists()
    db = tmp_path / "a.db"
    s = AssessmentStore.open(db)
    aid = s.create(dt.date(2026, 11, 21), "zh", {"firm.name": "甲"})
    s.close()
    assert main(["--db", str(db), "export", aid, "-o", str(tmp_path / "reports")]) == 0
    [doc] = (tmp_path / "reports").glob("assessment-*.yaml")
    assert doc.read_text(encoding="utf-8").startswith("format: srdi-assessment/1")
    assert (tmp_path / "reports").is_dir()
