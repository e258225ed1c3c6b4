"""When something goes wrong: a log file in the user data folder, faulthandler, and one-line CLI errors.

Nothing here runs at import or slows a start: the log file is configured on first need (and opened at
the first record), faulthandler costs one call. A user sees one sentence and where the log is; the
traceback goes to the log, or to the terminal with ``--debug``.
"""

from __future__ import annotations

import faulthandler
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from srdi_desktop import paths

if TYPE_CHECKING:  # logging is imported when first needed: the command line starts without it
    import logging

PROG = "srdi-desktop"
LOG_NAME = "srdi-desktop.log"
CRASH_NAME = "crash.log"  # faulthandler's dump of a hard crash (segfault, abort) of the app
LOG_BYTES, LOG_BACKUPS = 1_000_000, 3
EXIT_USER_ERROR = 2  # a file, a value or the environment is wrong: the message says what
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug of ours

LOGGER = "srdi_desktop"
_handler: logging.Handler | None = None
_crash_file: IO[str] | None = None
debug = False


def log_dir() -> Path:
    return paths.user_data_dir() / "logs"


def log_file() -> Path:
    return log_dir() / LOG_NAME


def setup_logging() -> Path | None:
    """Log to ``log_file()``, rotating at 1 MB with 3 old files kept; None when the folder is unusable.

    Idempotent; it follows the data folder if that changes (SRDI_DESKTOP_DATA, as in the tests)."""
    global _handler
    import logging
    from logging.handlers import RotatingFileHandler

    path = log_file()
    if isinstance(_handler, RotatingFileHandler) and Path(_handler.baseFilename) == path.absolute():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8",
                                      delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log = logging.getLogger(LOGGER)
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if debug else logging.INFO)
    _handler = handler
    return path


def log_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
                  what: str = "unexpected error") -> Path | None:
    """Write the traceback to the log; return the log's path (None when it cannot be written)."""
    import logging

    path = setup_logging()
    if path is not None:  # with no handler, logging's last resort would print the traceback to stderr
        logging.getLogger(LOGGER).error(what, exc_info=(exc_type, exc, tb))
    return path


def enable_faulthandler(to_file: bool) -> None:
    """Dump the Python stacks on a hard crash: into the data folder for the app (it has no terminal),
    to stderr for the command line."""
    global _crash_file
    crash = None
    if to_file:
        try:
            log_dir().mkdir(parents=True, exist_ok=True)
            crash = open(log_dir() / CRASH_NAME, "a", encoding="utf-8")  # noqa: SIM115 - open for the process
        except OSError:
            pass
    try:
        faulthandler.enable(crash or sys.stderr)
    except (AttributeError, ValueError, RuntimeError, OSError):  # no usable stderr (pythonw, a captured stream)
        if crash is not None:
            crash.close()
        return
    if crash is None:
        return
    if _crash_file is not None:
        _crash_file.close()
    _crash_file = crash


def log_started(detail: str) -> None:
    """One line per start of the app, so the log tells which session an error belongs to."""
    import logging

    from srdi_desktop import __version__

    if setup_logging() is not None:
        logging.getLogger(LOGGER).info("%s %s started (Python %s, %s); %s", PROG, __version__,
                                       sys.version.split()[0], sys.platform, detail)


class UsageError(ValueError):
    """A bad argument found after parsing (it needs the content, or the files): one line, exit 2."""


def _known_errors() -> tuple[type[BaseException], ...]:
    """Errors that mean the input or the environment is wrong, not the program."""
    from srdi_desktop.core.document import DocumentError
    from srdi_desktop.core.errors import ContentErrors
    from srdi_desktop.core.validation import Invalid

    # Not every ValueError: one from a bug deserves the log and exit 70, not a user-error line.
    from srdi_desktop.outputs import OutputClash

    known: list[type[BaseException]] = [ContentErrors, DocumentError, Invalid, OSError, UnicodeError, UsageError,
                                        OutputClash]
    if "srdi_desktop.service" in sys.modules:  # raised only once the service is loaded; never load it here
        known.append(sys.modules["srdi_desktop.service"].PreviousMismatch)
    try:  # storage pulls in sqlite-utils; a failure to import it is itself worth a plain message
        from srdi_desktop.storage.db import StorageError

        known.append(StorageError)
    except ImportError:
        pass
    return tuple(known)


def describe(exc: BaseException) -> list[str]:
    """What to print for a known error: one line each; errors with a place keep file:line:col first."""
    errors = getattr(exc, "errors", None)
    if isinstance(errors, list) and errors:
        return [str(e) for e in errors]
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return [f"{PROG}: {exc.strerror}{where}"]
    message = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, UsageError) or type(exc).__name__ in ("OutputClash", "PreviousMismatch"):
        return [f"{PROG}: error: {message}"]  # as argparse words its own usage errors
    return [f"{PROG}: {message}"]


def cli_entry(main: Callable[[list[str] | None], int]) -> Callable[..., int]:
    """Wrap the CLI's ``main``: one-line errors and exit 2 for bad input, one line and the log's place
    and exit 70 for a bug; ``--debug`` (anywhere on the line) shows the traceback instead."""

    @wraps(main)
    def run(argv: list[str] | None = None) -> int:
        global debug
        args = list(sys.argv[1:] if argv is None else argv)
        debug = "--debug" in args
        if debug:
            args.remove("--debug")
        enable_faulthandler(to_file=False)
        try:
            return main(args)
        except KeyboardInterrupt:
            if debug:
                raise
            return 130
        except BrokenPipeError:  # `srdi-desktop evaluate … | head`: the reader left; nothing to say
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
            return 0
        except _known_errors() as exc:
            if debug:
                raise
            for line in describe(exc):
                print(line, file=sys.stderr)
            return EXIT_USER_ERROR
        except Exception as exc:
            if debug:
                raise
            path = log_exception(type(exc), exc, exc.__traceback__, f"{PROG} {' '.join(args)}")
            where = f"the details are in {path}" if path else "no log could be written"
            print(f"{PROG}: internal error ({type(exc).__name__}); {where}. Run again with --debug to see "
                  "the traceback.", file=sys.stderr)
            return EXIT_INTERNAL

    return run
