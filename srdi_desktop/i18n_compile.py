"""``python -m srdi_desktop.i18n_compile``: write resources/i18n/compiled.marshal from the YAML beside it.

Run it after editing a strings file; `srdi-desktop check` and the tests fail while it is out of date.
"""

from __future__ import annotations

import sys

from srdi_desktop import paths
from srdi_desktop.atomicio import atomic_write_bytes
from srdi_desktop.core.errors import ContentErrors
from srdi_desktop.core.i18n import COMPILED
from srdi_desktop.core.i18n_source import compile_strings


def main() -> int:
    try:
        data = compile_strings(paths.I18N_DIR)
    except ContentErrors as exc:
        for e in exc.errors:
            print(e, file=sys.stderr)
        return 1
    print(atomic_write_bytes(paths.I18N_DIR / COMPILED, data))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
