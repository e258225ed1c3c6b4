"""A database that is locked, read-only, newer or opened by several processes at once is told apart from
a damaged one (issue 14.2-14.5): nothing is lost, nothing is written where it must not be."""

import datetime as dt
import importlib.metadata  # noqa: F401 - loaded before a child drops to an unprivileged user
import multiprocessing as mp
import os
import resource
import signal
import sqlite3
import tempfile
from pathlib import Path

import pytest

from srdi_desktop.storage import db as dbmod
from srdi_desktop.storage.db import StorageError, backups_for, restore_backup
from srdi_desktop.storage.migrations import MIGRATIONS
from srdi_desktop.storage.store import AssessmentStore
from tests.storage.test_migrations import make_db_at

FORK = mp.get_context("fork")


def _saved(path: Path, name: str = "甲") -> None:
    s = AssessmentStore.open(path)
    s.create(dt.date(2026, 11, 21), "zh", {"firm.name": name})
    s.close()


def test_a_locked_database_waits_then_says_another_program_is_using_it(tmp_path, monkeypatch):
    path = tmp_path / "a.db"
    _saved(path)
    other = sqlite3.connect(path, isolation_level=None)  # another program, holding the file exclusively
    other.execute("PRAGMA journal_mode = DELETE")
    other.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_S", 0.3)
    try:
        with pytest.raises(StorageError) as exc:
            AssessmentStore.open(path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert exc.value.kind == "locked"
    assert str(exc.value) == f"{path}: another program is using the database; close it and try again"
    s = AssessmentStore.open(path)  # once the other program lets go, everything is there
    assert [r["firm_name"] for r in s.list()] == ["甲"]
    s.close()


def _as_nobody(fn, *args):
    """Run ``fn`` in a forked child that cannot write what root wrote (root ignores file modes)."""
    q = FORK.Queue()

    def child():
        try:
            if os.geteuid() == 0:
                os.setuid(65534)
            q.put(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent as the test's result
            q.put(f"{type(exc).__name__}: {exc}")

    p = FORK.Process(target=child)
    p.start()
    try:
        return q.get(timeout=60)
    finally:
        p.join()


def _open_and_try_to_write(path):
    s = AssessmentStore.open(path)
    seen = [s.read_only.kind if s.read_only else None, [r["firm_name"] for r in s.list()]]
    try:
        s.create(dt.date(2026, 11, 22), "zh", {"firm.name": "乙"})
        seen.append("written")
    except StorageError as exc:
        seen.append(str(exc))
    s.close()
    return seen


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database_opens_read_only_and_says_so(what):
    base = Path(tempfile.mkdtemp())  # under /tmp, reachable by an unprivileged child
    try:
        os.chmod(base, 0o755)
        folder = base / "data"
        path = folder / "a.db"
        _saved(path)
        os.chmod(path, 0o444)
        if what == "folder":
            os.chmod(folder, 0o555)
        before = path.read_bytes()
        kind, names, write = _as_nobody(_open_and_try_to_write, path)
        assert (kind, names) == ("read_only", ["甲"])
        assert write == f"{path}: the database is read-only (file or folder permissions): opened read-only, " \
                        "changes cannot be saved"
        assert path.read_bytes() == before
    finally:
        for p in (base / "data", base / "data" / "a.db"):
            if p.exists():
                os.chmod(p, 0o755)
        import shutil

        shutil.rmtree(base)


def test_a_database_of_a_newer_version_opens_read_only_naming_the_schema_it_needs(tmp_path):
    path = tmp_path / "a.db"
    _saved(path)
    con = sqlite3.connect(path)
    con.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, '0099_future', '')",
                [MIGRATIONS.name])
    con.execute("ALTER TABLE assessments RENAME COLUMN firm_name TO company")  # what 0099 might do
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    before = path.read_bytes()
    s = AssessmentStore.open(path)
    assert s.read_only is not None and s.read_only.kind == "newer"
    assert "schema 99 (0099_future)" in str(s.read_only) and "update srdi-desktop" in str(s.read_only)
    with pytest.raises(StorageError) as exc:
        s.create(dt.date(2026, 11, 22))
    assert exc.value.kind == "newer"
    s.close()
    assert path.read_bytes() == before


def _open_and_add(path, barrier, name):
    barrier.wait()
    try:
        s = AssessmentStore.open(path)
        s.create(dt.date(2026, 11, 21), "zh", {"firm.name": name})
        s.close()
        return "ok"
    except BaseException as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"


def _worker(path, barrier, name, q):
    q.put(_open_and_add(path, barrier, name))


def test_several_processes_opening_a_new_database_at_once_all_succeed(tmp_path):
    failures = []
    for rnd in range(25):
        path = tmp_path / f"r{rnd}.db"
        barrier, q = FORK.Barrier(4), FORK.Queue()
        procs = [FORK.Process(target=_worker, args=(path, barrier, f"p{i}", q)) for i in range(4)]
        for p in procs:
            p.start()
        results = [q.get(timeout=60) for _ in procs]
        for p in procs:
            p.join()
        failures += [f"round {rnd}: {r}" for r in results if r != "ok"]
        if not failures:
            s = AssessmentStore.open(path)
            assert len(s.list()) == 4
            s.close()
    assert failures == []


def _migrate_with_a_full_disk(path, limit):
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, like a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        AssessmentStore.open(path).close()
        return "opened"
    except StorageError as exc:
        return exc.kind


def test_a_failed_backup_before_migrating_leaves_nothing_and_changes_nothing(tmp_path):
    path = tmp_path / "a.db"
    make_db_at(path, 0)
    size = path.stat().st_size
    q = FORK.Queue()
    p = FORK.Process(target=lambda: q.put(_migrate_with_a_full_disk(path, size - 1024)))
    p.start()
    result = q.get(timeout=60)
    p.join()
    assert result == "backup_failed"
    assert backups_for(path) == [] and not any((tmp_path / "backups").glob("*"))
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute("SELECT name FROM _sqlite_migrations")] == ["0001_initial"]
    con.close()


def test_an_empty_backup_is_never_offered_nor_restored(tmp_path):
    path = tmp_path / "a.db"
    _saved(path)
    (tmp_path / "backups").mkdir()
    empty = tmp_path / "backups" / "a-20261121-120000-before-0002_firm_key.db"
    empty.touch()  # what a failed backup of an earlier version left
    assert backups_for(path) == []
    with pytest.raises(StorageError):
        restore_backup(empty, path)
    assert sorted(p.name for p in tmp_path.glob("*.db")) == ["a.db"]


def test_the_cli_refuses_to_write_a_newer_database_in_one_line_with_exit_2(tmp_path, capsys):
    from srdi_desktop import paths
    from srdi_desktop.cli import main

    path = tmp_path / "a.db"
    AssessmentStore.open(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 42")
    con.commit()
    con.close()
    assert main(["--db", str(path), "import", str(paths.DEMO_FILE)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer srdi-desktop" in err and "schema 42" in err, err
