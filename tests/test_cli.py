"""The CLI as a user runs it: a real subprocess for exit codes, in-process for speed elsewhere."""

import json
import subprocess
import sys

import pytest

from srdi_desktop import paths
from srdi_desktop.cli import main


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "srdi_desktop", *args], capture_output=True, text=True, cwd=cwd)


def test_check_passes_on_shipped_content():
    r = run_cli("check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("ok:")


def test_check_reports_duplicate_key_and_unknown_field_and_exits_1(content_copy):
    forms, rules = content_copy
    f = rules / "advice" / "000_policy_innovation.yaml"
    text = f.read_text(encoding="utf-8")
    text = text.replace("    horizon: 0-6m\n", "    horizon: 0-6m\n    horizon: 6-18m  # dup\n    colour: red\n", 1)
    f.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    dup = lines.index("    horizon: 6-18m  # dup") + 1
    unknown = lines.index("    colour: red") + 1
    r = run_cli("check", "--forms", str(forms), "--rules", str(rules), cwd=forms.parent)
    assert r.returncode == 1
    assert f"rules/advice/000_policy_innovation.yaml:{dup}:5: E002 duplicate key 'horizon'" in r.stdout
    assert f"rules/advice/000_policy_innovation.yaml:{unknown}:5: E003 unknown key 'colour'" in r.stdout


def test_evaluate_json_has_the_contract_shape(capsys):
    assert main(["evaluate", str(paths.DEMO_FILE), "--json"]) == 0
    ev = json.loads(capsys.readouterr().out)
    assert {"criteria", "tiers", "scorecards", "findings"} <= set(ev)
    assert ev["format"] == "srdi-evaluation/1"
    assert ev["criteria"]["id"]
    tier = ev["tiers"]["srdi_sme"]
    assert {"eligible", "score", "conditions", "gap"} <= set(tier)
    for c in tier["conditions"]:
        assert c["status"] in ("met", "unmet", "unknown")
        assert {"id", "value", "threshold", "formula", "source", "confidence"} <= set(c)
    for f in ev["findings"]:
        assert {"id", "priority", "horizon", "path"} <= set(f)


def test_evaluate_set_is_a_what_if_that_leaves_the_file_alone(tmp_path, capsys):
    f = tmp_path / "firm.yaml"
    f.write_bytes(paths.DEMO_FILE.read_bytes())
    before = f.read_bytes()
    assert main(["evaluate", str(f), "--json", "--criteria", "cn_srdi_2022"]) == 0
    base = json.loads(capsys.readouterr().out)
    assert main(["evaluate", str(f), "--json", "--criteria", "cn_srdi_2022", "--set", "rd.expense_y1=400"]) == 0
    what_if = json.loads(capsys.readouterr().out)
    cond = {c["id"]: c for c in base["tiers"]["srdi_sme"]["conditions"]}
    cond2 = {c["id"]: c for c in what_if["tiers"]["srdi_sme"]["conditions"]}
    assert cond["zj_basic_2_ratio"]["status"] == "unmet"
    assert cond2["zj_basic_2_ratio"]["status"] == "met"
    assert f.read_bytes() == before


def test_evaluate_rejects_a_bad_file_with_its_place(tmp_path, capsys):
    f = tmp_path / "bad.yaml"
    f.write_text("format: srdi-assessment/1\nassessed_on: 2026-11-21\nanswers:\n  finance.revenue_y1: -5\n",
                 encoding="utf-8")
    assert main(["evaluate", str(f)]) == 2
    err = capsys.readouterr().err
    assert f"{f}:4:23:" in err and "finance.revenue_y1" in err and "0" in err


def test_demo_writes_a_pdf_without_a_display(tmp_path):
    out = tmp_path / "x.pdf"
    env_free = run_cli("demo", "-o", str(out))
    assert env_free.returncode == 0, env_free.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_report_previous_compares_figures_by_the_files_fiscal_years(tmp_path, capsys):
    """The earlier file says fiscal_year 2024 explicitly: its y1 is compared with this year's y2."""
    import io

    from pypdf import PdfReader

    now = paths.DEMO_FILE.read_text(encoding="utf-8")  # 2026-11-21, fiscal year 2025 by default
    before = now.replace("assessed_on: 2026-11-21\n", "assessed_on: 2026-01-10\nfiscal_year: 2024\n") \
        .replace("finance.revenue_y1: 8200", "finance.revenue_y1: 7300") \
        .replace("finance.revenue_y2: 7300", "finance.revenue_y2: 6500") \
        .replace("finance.main_revenue_y1: 7600", "finance.main_revenue_y1: 6800") \
        .replace("finance.main_revenue_y2: 6800", "finance.main_revenue_y2: 6100")
    (tmp_path / "before.yaml").write_text(before, encoding="utf-8")
    (tmp_path / "now.yaml").write_text(now, encoding="utf-8")
    out = tmp_path / "r.pdf"
    assert main(["report", str(tmp_path / "now.yaml"), "-o", str(out), "--previous",
                 str(tmp_path / "before.yaml")]) == 0
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "营业收入 2023" in text and "+100 万元（修订）" in text  # 2023: 6,500 then, 6,600 now (y3)
    assert "+900" not in text  # 2024's 7,300 is the same in both: no change


def test_a_long_migration_says_how_far_it_is_on_stderr(tmp_path, monkeypatch, capsys):
    from srdi_desktop.cli import main
    from tests.storage.test_compact_finals import make_0008

    db = tmp_path / "old.db"
    make_0008(db, finals=501)
    assert main(["--db", str(db), "--lang", "en", "export", "f0001", "-o", str(tmp_path / "x.json")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("Upgrading the assessment database") and "0 of 501" in err[0]
    assert "501 of 501" in err[-1]


@pytest.mark.parametrize("argv", [["evaluate", "DEMO", "--json"], ["list"], ["--bogus"]])
def test_the_collector_is_on_again_once_a_command_is_done(argv, tmp_path, monkeypatch, capsys):
    import gc

    from srdi_desktop import paths
    from srdi_desktop.cli import main

    monkeypatch.setenv(paths.DB_ENV, str(tmp_path / "a.db"))
    line = [str(paths.DEMO_FILE) if a == "DEMO" else a for a in argv]
    try:
        main(line)
    except SystemExit:
        pass
    assert gc.isenabled()
