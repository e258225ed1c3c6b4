"""Benchmarks for the budgets of DESIGN §8: ``python -m srdi_desktop.bench [evaluate] [pdf] [--runs N]``.

Prints the median of several runs next to each budget. Kept out of the test run on purpose: timing
belongs here, behaviour in the tests.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from srdi_desktop import paths

BUDGETS = {"evaluate": ("evaluate one assessment", 5.0, "ms"),
           "pdf_warm": ("PDF roadmap, font registered", 500.0, "ms"),
           "pdf_size": ("PDF size", 300.0, "KB"),
           "list": ("list 10,000 saved assessments", 150.0, "ms"),
           "save": ("save one answer (synchronous=FULL)", 10.0, "ms"),
           "disk_final": ("disk per final assessment (whole file / finals)", 10.0, "KB")}
DISK_FINALS = 2000  # final assessments in the store whose file size is measured


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _demo():
    from srdi_desktop.core.content import load_content
    from srdi_desktop.core.document import parse_document

    content = load_content(paths.FORMS_DIR, paths.RULES_DIR)
    a = parse_document(paths.DEMO_FILE.read_bytes(), str(paths.DEMO_FILE), content.questionnaire)
    return content, a


def bench_evaluate(runs: int) -> list[tuple[str, float, float, str]]:
    from srdi_desktop.core.evaluate import evaluate

    content, a = _demo()
    evaluate(content, a.answers, a.assessed_on)
    ms = _median_ms(lambda: evaluate(content, a.answers, a.assessed_on), runs * 10)
    # The results, the PDF and `evaluate --json` add a verified plan per tier not met (core/plan.py);
    # the live panel and what-if, which run on every keystroke, do not.
    planned = _median_ms(lambda: evaluate(content, a.answers, a.assessed_on, plans=True), runs)
    return [("evaluate", ms, *BUDGETS["evaluate"][1:]),
            ("evaluate with plans (results, PDF)", planned, float("nan"), "ms")]


_COLD = ("import time; t = time.perf_counter(); "
         "from srdi_desktop.cli import main; main(['demo', '-o', {out!r}, '--lang', {lang!r}]); "
         "print((time.perf_counter() - t) * 1000)")


def bench_pdf(runs: int) -> list[tuple[str, float, float, str]]:
    import tempfile

    from srdi_desktop.core.evaluate import evaluate
    from srdi_desktop.report.fonts import register_fonts
    from srdi_desktop.report.pdf import build_pdf

    content, a = _demo()
    ev = evaluate(content, a.answers, a.assessed_on)
    register_fonts()
    rows = []
    for lang in ("zh", "en"):
        data = build_pdf(content, a, ev, lang)
        ms = _median_ms(functools.partial(build_pdf, content, a, ev, lang), runs)
        rows.append((f"pdf_warm[{lang}]", ms, *BUDGETS["pdf_warm"][1:]))
        rows.append((f"pdf_size[{lang}]", len(data) / 1024, *BUDGETS["pdf_size"][1:]))
    with tempfile.TemporaryDirectory() as tmp:
        cold = []
        for _ in range(max(1, runs // 2)):
            code = _COLD.format(out=f"{tmp}/x.pdf", lang="zh")
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            cold.append(float(out.stdout.strip().splitlines()[-1]))
        rows.append(("pdf_cold[zh] (new process: imports, content, font, PDF)", statistics.median(cold),
                     float("nan"), "ms"))
    return rows


def bench_storage(runs: int) -> list[tuple[str, float, float, str]]:
    """A real database file with 10,000 assessments of 40 answers each, in a temporary folder."""
    import datetime as dt
    import json
    import tempfile
    import uuid
    from pathlib import Path

    from srdi_desktop.storage.store import AssessmentStore

    with tempfile.TemporaryDirectory() as tmp:
        store = AssessmentStore.open(Path(tmp) / "bench.db")
        now = dt.datetime.now(dt.UTC).isoformat()
        rows, answers = [], []
        for i in range(10_000):
            aid = uuid.uuid4().hex
            rows.append({"id": aid, "firm_name": f"企业{i:05d}", "credit_code": "", "firm_key": f"企业{i:05d}",
                         "assessed_on": "2026-11-21", "status": "draft" if i % 3 else "final", "lang": "zh",
                         "criteria": None, "created_at": now, "updated_at": now})
            answers += [{"assessment_id": aid, "question_id": f"q{j}", "value_json": json.dumps(j),
                         "answered_at": now} for j in range(40)]
        with store._write():
            store.db.table("assessments").insert_all(rows, batch_size=2000)
            store.db.table("answers").insert_all(answers, batch_size=5000)
        listed = _median_ms(lambda: store.list(), runs)
        assert len(store.list()) == 10_000
        target = str(rows[0]["id"])
        counter = iter(range(10**6))
        saved = _median_ms(lambda: store.save_answer(target, "finance.revenue_y1", next(counter)), runs * 10)
        store.close()
        per_final = _whole_file_per(_assessments_db(Path(tmp) / "finals.db", DISK_FINALS, final=True), DISK_FINALS)
        per_draft = _whole_file_per(_assessments_db(Path(tmp) / "drafts.db", DISK_FINALS, final=False), DISK_FINALS)
    return [("list", listed, *BUDGETS["list"][1:]), ("save", saved, *BUDGETS["save"][1:]),
            (f"disk per final assessment (whole file / {DISK_FINALS:,} finals)", per_final / 1024,
             *BUDGETS["disk_final"][1:]),
            (f"disk per draft assessment (whole file / {DISK_FINALS:,} drafts)", per_draft / 1024, float("nan"), "KB")]


def _varied_figures(a, rnd):
    """The demo firm's answers with other figures, as firms differ."""
    answers = {**a.answers, "finance.revenue_y1": rnd.randint(3000, 30000), "rd.expense_y1": rnd.randint(50, 900),
               "firm.employees": rnd.randint(20, 900), "finance.total_assets_y1": rnd.randint(1000, 90000)}
    answers["finance.main_revenue_y1"] = int(answers["finance.revenue_y1"] * 0.9)
    return answers


def _assessments_db(path: Path, n: int, final: bool, distinct_results: int = 12) -> Path:
    """``n`` assessments of the demo firm with varied figures, built through the public store API; when
    ``final``, each finalised with the result of its figures (evaluated for ``distinct_results`` sets of
    figures, then reused: evaluating 2,000 would take minutes, storing them costs the same)."""
    import random

    from srdi_desktop.core.evaluate import evaluate
    from srdi_desktop.storage.store import AssessmentStore

    content, a = _demo()
    rnd = random.Random(n)
    kinds = [_varied_figures(a, rnd) for _ in range(distinct_results)]
    results = [evaluate(content, k, a.assessed_on, plans=True, sources=a.sources).to_json() if final else None
               for k in kinds]
    store = AssessmentStore.open(path)
    store.db.execute("PRAGMA synchronous = NORMAL")  # building only: the app writes with FULL
    for i in range(n):
        answers = {**kinds[i % distinct_results], "firm.name": f"样例企业{i:06d}", "firm.credit_code": credit_code(i),
                   "firm.employees": rnd.randint(20, 900)}
        aid = store.create(a.assessed_on, "zh", answers, sources=a.sources)
        result = results[i % distinct_results]
        if result is not None:
            store.finalize(aid, result["criteria"]["id"], result["rules_hash"], result)
    store.close()
    return path


def _whole_file_per(path: Path, n: int) -> float:
    """Bytes of the database file, after a checkpoint, per assessment in it."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path.stat().st_size / n


_PYTHON = {"path": sys.executable, "what": "this venv"}  # the Python the timed children run under (main sets it)
_NEUTRAL = tempfile.gettempdir()  # children start here: `python -m` puts its folder first on the path
_WHOLE_PROCESS = ("gui", "batch", "portfolio", "import")  # the suites that time children


def _python() -> str:
    return _PYTHON["path"]


def runtime_install(folder: Path) -> Path | None:
    """This source tree installed as a user installs it — not editable, runtime dependencies only — in a venv
    in ``folder``, refreshed with the tree's code on every run (with its dependencies when pyproject.toml
    changed). The whole-process budgets are about the app as shipped: a development venv adds the finder of
    the editable install to every import and the test tools' typing_extensions, which msgspec loads (with
    inspect) when it is there, ~8 ms of `evaluate --json`. None where pip cannot install (offline, or not a
    source tree): the children then run in this venv, and the report says so."""
    import hashlib

    root = Path(__file__).resolve().parents[1]
    if not (root / "pyproject.toml").is_file():
        return None
    python = folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    stamp = folder / "pyproject.sha256"
    wanted = hashlib.sha256((root / "pyproject.toml").read_bytes()).hexdigest()
    try:
        if not python.is_file():
            subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, capture_output=True)
        fresh = stamp.is_file() and stamp.read_text() == wanted
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--force-reinstall",
                        *(["--no-deps"] if fresh else []), str(root)], check=True, capture_output=True, timeout=1800)
        stamp.write_text(wanted)
    except (OSError, subprocess.SubprocessError):
        return None
    return python


def _installed_env() -> dict[str, str]:
    """Children run as an installed app does: pip writes bytecode at install time, so they may read and
    write it (a shell with PYTHONDONTWRITEBYTECODE would otherwise recompile our modules every start)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"QT_QPA_PLATFORM": "offscreen"}


def _child(*argv: str) -> float:
    """Run srdi_desktop.ui.bench_child (Qt stays inside the ui package) and read its last number."""
    env = _installed_env()
    out = subprocess.run([_python(), "-m", "srdi_desktop.ui.bench_child", *argv], capture_output=True,
                         text=True, env=env, timeout=600, cwd=_NEUTRAL)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return float(out.stdout.strip().splitlines()[-1])


def _saved_assessments(path: str, n: int) -> str:
    """A database holding ``n`` copies of the demo firm, half of them final."""
    from srdi_desktop.core.evaluate import evaluate
    from srdi_desktop.storage.store import AssessmentStore

    content, a = _demo()
    ev = evaluate(content, a.answers, a.assessed_on)
    store = AssessmentStore.open(Path(path))
    for i in range(n):
        aid = store.create(a.assessed_on, "zh", {**a.answers, "firm.name": f"企业{i:03d}"})
        if i % 2:
            store.finalize(aid, ev.criteria.id, ev.rules_hash, ev.to_json())
    store.close()
    return path


def bench_gui(runs: int) -> list[tuple[str, float, float, str]]:
    """Start to the home window painted vs a bare PySide6 QWizard (same run, alternated), and peak memory."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update({"SRDI_DESKTOP_DATA": f"{tmp}/data", "XDG_CONFIG_HOME": f"{tmp}/config"})
        db = _saved_assessments(f"{tmp}/start.db", 200)  # a user's database, not a first run
        _child("bare"), _child("ours", db)  # warm-up: bytecode and the OS file cache, as on a second start
        bare, ours = [], []
        for _ in range(runs):  # alternate, so load on the machine hits both alike
            bare.append(_child("bare"))
            ours.append(_child("ours", db))
        memory = _child("memory", f"{tmp}/memory.db")
    b, o = statistics.median(bare) * 1000, statistics.median(ours) * 1000
    return [("bare PySide6 QWizard painted", b, float("nan"), "ms"),
            ("srdi-desktop home window painted", o, float("nan"), "ms"),
            ("start-up ratio (ours / bare)", o / b, 1.5, "x"),
            ("peak memory, assessment open in the wizard", memory, 150.0, "MiB")]


def bench_batch(runs: int) -> list[tuple[str, float, float, str]]:
    """srdi-desktop report over 1,000 generated assessment files with -j 2, as an adviser would run it."""
    import random
    import tempfile

    import yaml

    base = yaml.safe_load(paths.DEMO_FILE.read_text(encoding="utf-8"))
    rnd = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        src = f"{tmp}/in"
        os.makedirs(src)
        for i in range(1000):
            a = dict(base["answers"])
            a["firm.name"] = f"批量企业{i:04d}"
            a["finance.revenue_y1"] = rnd.randint(3000, 30000)
            a["finance.main_revenue_y1"] = int(a["finance.revenue_y1"] * 0.9)
            a["rd.expense_y1"] = rnd.randint(50, 900)
            with open(f"{src}/f{i:04d}.yaml", "w", encoding="utf-8") as f:
                yaml.safe_dump({**base, "answers": a}, f, allow_unicode=True)
        t = time.perf_counter()
        subprocess.run([_python(), "-m", "srdi_desktop", "report", src, "-o", f"{tmp}/out", "-j", "2"],
                       check=True, capture_output=True, env=_installed_env(), cwd=_NEUTRAL)
        seconds = time.perf_counter() - t
    return [("batch: report over 1,000 files, -j 2", seconds, 120.0, "s")]


PORTFOLIO_SIZES = (200, 10_000, 100_000)
CACHE_ENV = "SRDI_BENCH_CACHE"  # where the portfolio databases are kept between runs (default: the temp folder)


def credit_code(i: int) -> str:
    """A distinct, valid unified social credit code per firm (check character included), spread over provinces."""
    from srdi_desktop.core.validation import credit_code_check_char

    provinces = ("11", "31", "32", "33", "44", "51", "37", "42")
    first17 = f"91{provinces[i % len(provinces)]}0100{i:09d}"
    return first17 + (credit_code_check_char(first17) or "0")


def portfolio_db(n: int, folder: Path | None = None, log=None) -> Path:
    """A database of ``n`` assessments of the demo firm's 79 answers (names and credit codes differ),
    every second one final, built through the public store API (create, finalize) and kept for the
    next run: the file name carries the schema and the rules. A new schema or new rules migrate a copy of
    one kept at an earlier schema (as a user's store is migrated; its finals keep the results of the rules
    they were frozen under, as a user's do); only without one is it built (100,000 take 40 minutes of CPU)."""
    import hashlib
    import tempfile

    from srdi_desktop.core.evaluate import evaluate
    from srdi_desktop.storage.migrations import MIGRATIONS
    from srdi_desktop.storage.store import AssessmentStore

    content, a = _demo()
    schema = hashlib.sha256(",".join(m.name for m in MIGRATIONS._migrations).encode()).hexdigest()[:8]
    folder = folder or Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "srdi-desktop-bench")
    target = folder / f"portfolio-{n}-{schema}-{content.rules_hash}.db"
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    building = target.with_suffix(".building")
    for stale in (building, building.with_name(building.name + "-wal"), building.with_name(building.name + "-shm")):
        stale.unlink(missing_ok=True)
    older = _older_portfolio(folder, n, content.rules_hash, [m.name for m in MIGRATIONS._migrations])
    if older is not None:
        return _migrated_copy(older, building, target, log)
    ev = evaluate(content, a.answers, a.assessed_on, plans=True).to_json()
    store = AssessmentStore.open(building)
    store.db.execute("PRAGMA synchronous = NORMAL")  # building only: the app writes with FULL
    started = time.perf_counter()
    for i in range(n):
        answers = {**a.answers, "firm.name": f"样例企业{i:06d}", "firm.credit_code": credit_code(i)}
        aid = store.create(a.assessed_on, "zh", answers, sources=a.sources)
        if i % 2:
            store.finalize(aid, ev["criteria"]["id"], ev["rules_hash"], ev)
        if log and i and i % 5000 == 0:
            log(f"portfolio {n}: {i} built, {time.perf_counter() - started:.0f} s")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    os.replace(building, target)
    return target


def _older_portfolio(folder: Path, n: int, rules_hash: str, names: list[str]) -> Path | None:
    """A kept portfolio database of ``n`` assessments at an earlier schema (every migration it has is one
    of ``names``; the store applies the others): of these rules if there is one, then the most recent."""
    import sqlite3

    found = []
    for path in folder.glob(f"portfolio-{n}-*.db"):
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                applied = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = "
                                                      "'srdi_desktop'")}
            finally:
                conn.close()
        except sqlite3.Error:
            continue
        if applied and applied < set(names):
            found.append((path.stem.endswith(rules_hash), len(applied), path.stat().st_mtime, path))
    return max(found)[-1] if found else None


def _migrated_copy(older: Path, building: Path, target: Path, log=None) -> Path:
    """A copy of ``older`` opened by the store, so migrated (after its backup, which is then removed:
    the original is kept), as ``target``."""
    import shutil

    from srdi_desktop.storage.store import AssessmentStore

    started = time.perf_counter()
    shutil.copyfile(older, building)
    backups = building.parent / "backups"
    before = set(backups.glob("*")) if backups.is_dir() else set()
    store = AssessmentStore.open(building, progress=lambda done, total: log and log(
        f"migrating {older.name}: {done}/{total} finals, {time.perf_counter() - started:.0f} s"))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    for made in (set(backups.glob("*")) if backups.is_dir() else set()) - before:
        made.unlink()
    if backups.is_dir() and not any(backups.iterdir()):
        backups.rmdir()
    os.replace(building, target)
    if log:
        log(f"{target.name}: migrated from {older.name} in {time.perf_counter() - started:.0f} s")
    return target


def _child_numbers(*argv: str) -> list[float]:
    env = _installed_env()
    out = subprocess.run([_python(), "-m", "srdi_desktop.ui.bench_child", *argv], capture_output=True,
                         text=True, env=env, timeout=600, cwd=_NEUTRAL)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return [float(x) for x in out.stdout.split()]


def srdi_desktop_command() -> list[str]:
    """The real `srdi-desktop` command (the script pip installs beside this Python), else `python -m`, which
    costs runpy's few milliseconds more."""
    script = Path(_python()).with_name("srdi-desktop.exe" if sys.platform == "win32" else "srdi-desktop")
    return [str(script)] if script.is_file() else [_python(), "-m", "srdi_desktop"]


def _process_s(argv: list[str]) -> float:
    """Seconds a whole process takes, from its start to its exit."""
    t = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=_installed_env(), cwd=_NEUTRAL)
    return time.perf_counter() - t


def _stored_bytes(db: Path) -> tuple[float, float]:
    """(bytes per final result: its blob plus its share of the shared texts and base results, bytes of the
    file per assessment)."""
    import sqlite3

    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        finals, blobs = conn.execute("SELECT count(*), sum(length(result)) FROM final_results").fetchone()
        texts = conn.execute("SELECT coalesce(sum(length(CAST(text AS BLOB))), 0) FROM result_texts").fetchone()[0]
        texts += conn.execute("SELECT coalesce(sum(length(data)), 0) FROM result_bases").fetchone()[0]
        n = conn.execute("SELECT count(*) FROM assessments").fetchone()[0]
    finally:
        conn.close()
    return (blobs + texts) / max(finals, 1), db.stat().st_size / max(n, 1)


def bench_portfolio(runs: int, sizes: tuple[int, ...] = PORTFOLIO_SIZES) -> list[tuple[str, float, float, str]]:
    """An adviser's store at 200, 10,000 and 100,000 assessments (issue 18), through the real command:
    first paint vs a bare QWizard, ready, the longest stall while the list loads, `list`, bytes per final;
    and `evaluate --json` against `python -c "import yaml"`, whole processes both."""
    import tempfile

    rows: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update({"SRDI_DESKTOP_DATA": f"{tmp}/data", "XDG_CONFIG_HOME": f"{tmp}/config",
                           paths.CACHE_ENV: f"{tmp}/cache"})
        for n in sizes:
            db = str(portfolio_db(n, log=lambda m: print(m, file=sys.stderr)))
            _child("bare"), _child("paint", db)  # warm-up: bytecode, the OS file cache, the content cache
            bare, paint, ready, stall = [], [], [], []
            for _ in range(runs):  # alternate, so load on the machine hits both alike
                bare.append(_child("bare"))
                paint.append(_child("paint", db))
                r, gap = _child_numbers("ready", db)
                ready.append(r)
                stall.append(gap)
            b = statistics.median(bare)
            listed = statistics.median(_process_s([*srdi_desktop_command(), "--db", db, "list"])
                                       for _ in range(runs))
            per_final, per_assessment = _stored_bytes(Path(db))
            label = f"{n:,} saved"
            rows += [(f"{label}: first paint / bare QWizard ({statistics.median(paint) * 1000:.0f} ms)",
                      statistics.median(paint) / b, 1.5, "x"),
                     (f"{label}: ready (open, content, list sorted)", statistics.median(ready), 1.0, "s"),
                     (f"{label}: ready / bare QWizard", statistics.median(ready) / b, float("nan"), "x"),
                     (f"{label}: longest stall while the list loads and sorts", statistics.median(stall), 100.0,
                      "ms"),
                     (f"{label}: srdi-desktop list", listed, 0.5, "s"),
                     (f"{label}: stored per final result", per_final / 1024, 10.0, "KB"),
                     (f"{label}: database per assessment (answers included)", per_assessment / 1024,
                      float("nan"), "KB")]
        demo = str(paths.DEMO_FILE)
        _process_s([*srdi_desktop_command(), "evaluate", demo, "--json"])  # fills the content cache
        yaml_s, eval_s = [], []
        for _ in range(runs):
            yaml_s.append(_process_s([_python(), "-c", "import yaml"]))
            eval_s.append(_process_s([*srdi_desktop_command(), "evaluate", demo, "--json"]))
        y, e = statistics.median(yaml_s), statistics.median(eval_s)
        rows += [(f"evaluate --json ({e * 1000:.0f} ms) / import yaml ({y * 1000:.0f} ms)", e / y, 3.0, "x")]
    return rows


def bench_import(runs: int) -> list[tuple[str, float, float, str]]:
    """srdi-desktop import over a folder of 10,000 assessment files into a new database."""
    import random
    import tempfile

    import yaml

    base = yaml.safe_load(paths.DEMO_FILE.read_text(encoding="utf-8"))
    rnd = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update({"SRDI_DESKTOP_DATA": f"{tmp}/data", paths.CACHE_ENV: f"{tmp}/cache"})
        os.makedirs(f"{tmp}/in")
        for i in range(10_000):
            a = {**base["answers"], "firm.name": f"导入企业{i:05d}", "firm.credit_code": credit_code(i),
                 "finance.revenue_y1": rnd.randint(8000, 30000)}
            with open(f"{tmp}/in/f{i:05d}.yaml", "w", encoding="utf-8") as f:
                yaml.safe_dump({**base, "answers": a}, f, allow_unicode=True)
        seconds = _process_s([_python(), "-m", "srdi_desktop", "--db", f"{tmp}/a.db", "import", f"{tmp}/in"])
    return [("bulk import: 10,000 files into a new database", seconds, 60.0, "s")]


SUITES = {"evaluate": bench_evaluate, "pdf": bench_pdf, "storage": bench_storage, "gui": bench_gui,
          "batch": bench_batch, "portfolio": bench_portfolio, "import": bench_import}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m srdi_desktop.bench", description=__doc__)
    ap.add_argument("suites", nargs="*", default=list(SUITES), help=f"any of: {', '.join(SUITES)}")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--venv", choices=("runtime", "this"), default="runtime",
                    help="whole processes in a runtime-only install of this tree, kept in $" + CACHE_ENV +
                         " (default), or in this venv")
    args = ap.parse_args(argv)
    unknown = set(args.suites) - set(SUITES)
    if unknown:
        ap.error(f"unknown suite(s): {', '.join(sorted(unknown))}")
    if args.venv == "runtime" and set(args.suites) & set(_WHOLE_PROCESS):
        cache = Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "srdi-desktop-bench")
        python = runtime_install(cache / "runtime-venv")
        if python is not None:
            _PYTHON.update(path=str(python), what="a runtime-only install of this tree")
    print(f"whole processes run in {_PYTHON['what']}: {_PYTHON['path']}")
    failed = False
    print(f"{'measure':58} {'median':>10} {'budget':>10}  ok")
    for name in args.suites:
        for label, value, budget, unit in SUITES[name](args.runs):
            ok = "—" if budget != budget else ("yes" if value <= budget else "NO")
            failed |= ok == "NO"
            shown = "" if budget != budget else f"{budget:g} {unit}"
            print(f"{label:58} {value:>7.2f} {unit:2} {shown:>10}  {ok}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
