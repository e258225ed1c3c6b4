"""The benchmark's portfolio databases are built through the public store API and reused; its rows are
ratios against the bare baselines (issue 18). Timing itself is the benchmark's business, not the tests'."""

import sqlite3

import pytest

from srdi_desktop import bench
from srdi_desktop.storage.store import AssessmentStore


def test_a_portfolio_database_is_built_through_the_store_and_reused(tmp_path):
    path = bench.portfolio_db(6, folder=tmp_path)
    store = AssessmentStore.open(path)
    rows = store.list()
    assert len(rows) == 6 and [r["status"] for r in rows].count("final") == 3  # every second one final
    assert {len(store.load(r["id"]).assessment.answers) for r in rows} == {79}  # the demo's answers
    assert len({r["credit_code"] for r in rows}) == 6
    final = next(r for r in rows if r["status"] == "final")
    assert store.load(final["id"]).final["result"]["format"] == "srdi-evaluation/1"
    store.close()
    before = path.stat().st_mtime_ns
    assert bench.portfolio_db(6, folder=tmp_path) == path and path.stat().st_mtime_ns == before  # reused
    assert not list(tmp_path.glob("*.building*"))
    per_final, per_assessment = bench._stored_bytes(path)
    conn = sqlite3.connect(path)
    blob = conn.execute("SELECT avg(length(result)) FROM final_results").fetchone()[0]
    conn.close()
    assert blob < per_final and per_assessment > 0


@pytest.mark.parametrize("i", [0, 1, 7, 123456])
def test_credit_codes_are_valid_and_distinct(i):
    from srdi_desktop.core.validation import credit_code_check_char

    code = bench.credit_code(i)
    assert len(code) == 18 and credit_code_check_char(code[:17]) == code[17] and code != bench.credit_code(i + 1)


@pytest.mark.slow
def test_the_portfolio_suite_prints_ratios_against_the_bare_baselines(tmp_path, monkeypatch):
    monkeypatch.setenv(bench.CACHE_ENV, str(tmp_path / "bench"))
    rows = bench.bench_portfolio(1, sizes=(10,))
    labels = [label for label, *_ in rows]
    assert any("first paint / bare QWizard" in x for x in labels)
    assert any(x.startswith("evaluate --json") and "import yaml" in x for x in labels)
    ratio = next(v for label, v, _b, unit in rows if "first paint / bare" in label)
    assert ratio > 0 and all(unit in ("x", "s", "ms", "KB") for *_x, unit in rows)


@pytest.mark.parametrize("argv, expected", [
    ([], (True, None)), (["gui"], (True, None)), (["--db", "a.db"], (True, "a.db")),
    (["--db", "a.db", "gui"], (True, "a.db")), (["list"], (False, None)), (["--db", "a.db", "list"], (False, None)),
    (["--db"], (False, None)), (["--db", "--version"], (False, None)), (["--version"], (False, None)),
    (["--help"], (False, None)), (["gui", "--db", "a.db"], (False, None)),
])
def test_only_a_plain_start_of_the_app_skips_the_parser(argv, expected):
    from srdi_desktop.cli import _gui_database

    assert _gui_database(argv) == expected


def test_a_kept_portfolio_database_of_an_earlier_schema_is_migrated_not_rebuilt(tmp_path):
    from sqlite_utils import Database

    from srdi_desktop.storage.migrations import MIGRATIONS

    content, _a = bench._demo()
    older = tmp_path / f"portfolio-6-0ld5chem-{content.rules_hash}.db"
    db = Database(sqlite3.connect(older))
    MIGRATIONS.apply(db, stop_before="0009_compact_finals")  # as the store kept it before 0009
    db.execute("INSERT INTO assessments (id, firm_name, credit_code, firm_key, assessed_on, status, lang, created_at, "
               "updated_at) VALUES ('kept', '旧', '', '旧', '2026-11-21', 'draft', 'zh', 't', 't')")
    db.conn.commit()
    db.close()
    path = bench.portfolio_db(6, folder=tmp_path)
    store = AssessmentStore.open(path)
    assert [r["id"] for r in store.list()] == ["kept"]  # the kept one, migrated: no new build
    assert [m.name for m in MIGRATIONS.applied(store.db)] == [m.name for m in MIGRATIONS._migrations]
    store.close()
    assert older.exists() and not (tmp_path / "backups").exists() and not list(tmp_path.glob("*.building*"))


def test_the_disk_benchmark_stores_finals_of_varied_figures_through_the_store(tmp_path):
    path = bench._assessments_db(tmp_path / "f.db", 4, final=True, distinct_results=2)
    store = AssessmentStore.open(path)
    rows = store.list()
    assert [r["status"] for r in rows] == ["final"] * 4
    revenue = {store.load(r["id"]).assessment.answers["finance.revenue_y1"] for r in rows}
    assert len(revenue) == 2 and all(store.final_result(r["id"])["tiers"] for r in rows)
    store.close()
    assert bench._whole_file_per(path, 4) == path.stat().st_size / 4
