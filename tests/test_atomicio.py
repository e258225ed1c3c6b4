"""Atomic writes never replace what is not a regular file, follow symlinks, keep modes (issue 14.7)."""

import os
import stat

import pytest

from srdi_desktop.atomicio import UnsafeOutput, atomic_write_bytes
from srdi_desktop.cli import main


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("kind", ["fifo", "folder", "folder with slash", "device"])
def test_a_special_target_is_refused_and_left_as_it_is(kind, tmp_path):
    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    elif kind == "device":
        target = "/dev/null"
    else:
        target = str(tmp_path / "out") + ("/" if kind.endswith("slash") else "")
        os.mkdir(tmp_path / "out")
    before = os.stat(target)
    with pytest.raises(UnsafeOutput):
        atomic_write_bytes(target, b"data")
    after = os.stat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_a_symlink_is_followed_its_target_replaced_and_the_link_kept(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_bytes(b"old")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "real.yaml"]


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_honours_the_umask(umask, expected, tmp_path):
    old = os.umask(umask)
    try:
        atomic_write_bytes(tmp_path / "new.pdf", b"x")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new.pdf") == expected


@pytest.mark.parametrize("mode", [0o664, 0o640, 0o600])
def test_an_existing_file_keeps_its_mode(mode, tmp_path):
    f = tmp_path / "shared.pdf"
    f.write_bytes(b"old")
    os.chmod(f, mode)
    atomic_write_bytes(f, b"new")
    assert f.read_bytes() == b"new" and _mode(f) == mode


def test_the_cli_refuses_a_device_as_output_in_one_line(tmp_path, capsys):
    assert main(["blank", "-o", "/dev/null"]) != 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a regular file" in err, err


def test_export_over_the_database_is_refused_and_the_database_kept(tmp_path, capsys):
    import datetime as dt

    from srdi_desktop.storage.store import AssessmentStore

    db = tmp_path / "a.db"
    s = AssessmentStore.open(db)
    aid = s.create(dt.date(2026, 11, 21), "zh", {"firm.name": "甲"})
    s.close()
    assert main(["--db", str(db), "export", aid, "-o", str(db)]) == 2  # the CLI refuses before writing
    assert "it is the assessment database" in capsys.readouterr().err
    with pytest.raises(OSError, match="is a database; refusing to replace it"):  # and so does the writer
        atomic_write_bytes(db, b"format: srdi-assessment/1\n")
    s = AssessmentStore.open(db)
    assert [r["firm_name"] for r in s.list()] == ["甲"]
    s.close()
