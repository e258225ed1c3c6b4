"""Read a user-chosen input file safely: a regular file, checked for size before reading, read bounded.

``import /dev/zero`` used to read until memory ran out and a FIFO blocked forever: the type and size are
checked on the open descriptor (a FIFO is opened non-blocking so even the open cannot hang), and at most
limit + 1 bytes are read, whatever the file claims.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from srdi_desktop.core.document import MAX_BYTES, DocumentError
from srdi_desktop.core.errors import BAD_VALUE, ContentError, Loc


def read_document_bytes(path: Path | str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of an assessment file; DocumentError (with the place) for a non-file or a too large one."""
    where = Loc(str(path), 1, 1)
    # Windows has no O_NONBLOCK (and no FIFOs to hang on) but needs O_BINARY, or the C runtime turns
    # CR LF into LF and stops at Ctrl-Z; found by the installer smoke test under wine.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise DocumentError([ContentError(
                where, BAD_VALUE, "not a regular file (a folder, device or pipe): choose a YAML or JSON file")])
        too_large = ContentError(where, BAD_VALUE, f"file is larger than {limit // (1024 * 1024)} MB")
        if st.st_size > limit:
            raise DocumentError([too_large])
        chunks, left = [], limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:  # the file grew while being read
            raise DocumentError([too_large])
        return b"".join(chunks)
    finally:
        os.close(fd)
