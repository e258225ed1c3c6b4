"""The portfolio table written to CSV or XLSX: whole or not at all (a temporary file, then renamed)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from srdi_desktop.atomicio import atomic_write_bytes, atomic_write_text
from srdi_desktop.core.portfolio import csv_text


def write_csv(target: Path | str, lines: Sequence[Sequence[str]]) -> Path:
    return atomic_write_text(target, csv_text(lines))


def write_xlsx(target: Path | str, lines: Sequence[Sequence[str]], sheet: str = "portfolio") -> Path:
    """One sheet, the header in bold and frozen; every cell is text, so '=…' in a firm's name is never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    for n, line in enumerate(lines):
        row = []
        for value in line:
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"  # text, whatever it starts with
            if n == 0:
                cell.font = bold
            row.append(cell)
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return atomic_write_bytes(target, buf.getvalue())
