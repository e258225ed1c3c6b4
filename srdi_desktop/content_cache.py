"""forms/ and rules/ loaded once and kept, checked and compiled, in the user cache folder (issue 18).

Parsing the YAML, checking it and compiling ~500 expressions takes ~70 ms, paid by every process (the
CLI, each batch worker, the app). The cache keeps the finished ``Content`` as a pickle and reads it back
in ~10 ms; expressions are kept as their text and compiled again when first called (core.expr.recompiled).

Why a pickle is safe here: the file is written by this program into the user's own cache folder (the
trust of Python's own ``__pycache__``), and it is read by an unpickler that refuses every global except
the data classes of ``srdi_desktop.core`` (msgspec Structs, which hold values and do no I/O; a Struct
pickles as a call of its class with its fields), ``recompiled`` and dates — so a damaged or planted file
can build no other object and call no other function. A file that fails in any way is ignored and rebuilt
from the YAML, which stays the only source. The name and the header hold checksums of the path, size,
times and inode of every content file and of core's modules (``stamps``) and this program's version, so an
edited rule, a new version or edited code never reads an old cache. Only content that
loaded without a single error is kept. Written atomically; a cache that cannot be written (a read-only
home) is skipped without a word.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec

from srdi_desktop import __version__, paths
from srdi_desktop.core.content import Content, parse_content
from srdi_desktop.core.questionnaire import read_files

FORMAT = "srdi-content-cache/5"  # 5: stamps with ctime and inode (4: size and mtime; 3: sha256 of the texts)
_CORE = "srdi_desktop.core."
_ALLOWED = {("srdi_desktop.core.expr", "recompiled"), ("datetime", "date"), ("datetime", "datetime")}


def cache_file(content_files: list[str]) -> tuple[Path, str]:
    """The cache for content files as ``stamps`` sees them, and its key."""
    import sys
    import zlib

    from srdi_desktop import core

    program = [f"{__version__} {FORMAT} {sys.version_info[0]}.{sys.version_info[1]}"]
    code = stamps([Path(folder) for folder in core.__path__], "*.py")  # instances as that code built them
    crc, adler = 0, 1  # two 32-bit checksums: not a security measure (the unpickler is); zlib loads in ~0.5 ms,
    for line in [*program, *code, *content_files]:  # hashlib's sha256 needs OpenSSL: ~4 ms
        data = f"{line}\0".encode()
        crc, adler = zlib.crc32(data, crc), zlib.adler32(data, adler)
    key = f"{crc:08x}{adler:08x}"
    return paths.user_cache_dir() / f"content-{key}.pickle", key


def stamps(folders: Sequence[Path], pattern: str = "*.yaml") -> list[str]:
    """Path, size, modification time, status-change time and inode of every file matching ``pattern`` below
    ``folders``: how the cache tells an edited rule or module without reading any (as git tells a changed
    file). The status-change time is the one no tool can set: an edit that keeps the size and puts the
    modification time back (``cp -p``, ``rsync -t``, a pack unzipped with fixed times, a 2-second FAT
    clock) still changes it, or the inode."""
    out = []
    for folder in folders:
        for f in sorted(folder.rglob(pattern)):
            try:
                st = f.stat()
            except OSError:
                continue
            out.append(f"{f.relative_to(folder.parent).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\0"
                       f"{st.st_ctime_ns}\0{st.st_ino}")
    return out


def _header(key: str) -> bytes:
    return f"{FORMAT} {key}\n".encode()


class _Unpickler(pickle.Unpickler):
    """Builds only core's data classes (Structs), dates and expressions."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module.startswith(_CORE) and "." not in name:
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module and issubclass(found, msgspec.Struct):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the content cache")


def _read(file: Path, key: str) -> Content | None:
    try:
        data = file.read_bytes()
        head = _header(key)
        if not data.startswith(head):
            return None
        content = _Unpickler(io.BytesIO(data[len(head):])).load()
    except Exception:  # noqa: BLE001 - whatever a damaged or foreign file raises, it is rebuilt from the YAML
        return None
    return content if isinstance(content, Content) else None


def _write(file: Path, key: str, content: Content) -> None:
    from srdi_desktop.atomicio import atomic_write_bytes

    try:
        data = _header(key) + pickle.dumps(content, protocol=5)
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(file, data)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass


def load_content(forms_dir: Path, rules_dir: Path, criteria_dirs: Sequence[Path] = ()) -> Content:
    """core.content.load_content, taken from (or put into) the user cache. A good cache reads no content
    file (~4 ms of every process); a file changed after its stamp is taken is read as it is now, and the
    cache then kept under its older stamp is never asked for again."""
    file, key = cache_file(stamps([forms_dir, rules_dir, *criteria_dirs]))
    if (content := _read(file, key)) is not None:
        return content
    forms, rules = read_files(forms_dir), read_files(rules_dir)
    extra = [f for d in criteria_dirs for f in read_files(d)]
    content = parse_content(forms, rules, extra)  # raises on any problem: nothing cached
    _write(file, key, content)
    return content
