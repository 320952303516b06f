"""Writing the register as an SDP file (CSV or XLSX), guarded against formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import IO, Any

from pembinaan.sdp.cells import _FORMULA_START
from pembinaan.sdp.columns import EXPORT_COLUMNS
from rutan.exports import CSV_BOM, CSV_DELIMITER, set_up_page

# --- writing -----------------------------------------------------------------------------------


def _guard_formula(text: str) -> str:
    """Keep a spreadsheet from running text as a formula (CSV injection); the parser undoes it."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        raise TypeError("booleans have no SDP column")
    if isinstance(value, int):
        return str(value)
    return _guard_formula(str(value))


def write_sdp_csv(
    rows: Iterable[Mapping[str, Any]],
    stream: IO[str],
    *,
    delimiter: str = CSV_DELIMITER,
    bom: bool = True,
) -> None:
    """Write rows (mappings keyed by ``EXPORT_COLUMNS``; missing keys are empty) as CSV.

    By default for Indonesian Excel, as every CSV download (rutan/exports.py): a UTF-8 BOM,
    then semicolon-separated; the reader takes both back. Dates as YYYY-MM-DD, text guarded
    against formula injection. The stream should be opened with ``newline=""``.
    """
    if delimiter not in (",", ";"):
        raise ValueError("delimiter must be ',' or ';'")
    if bom:
        stream.write(CSV_BOM)
    writer = csv.writer(stream, delimiter=delimiter)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([_csv_value(row.get(column)) for column in EXPORT_COLUMNS])


def write_sdp_xlsx(
    rows: Iterable[Mapping[str, Any]], *, sheet_title: str = "WBP", title: str = "REGISTER WBP"
) -> bytes:
    """Write rows (as for ``write_sdp_csv``) as an XLSX workbook; dates are date cells.

    The header stays the first row (the file is read back by the import); ``title`` goes in
    the printed page header, with A4 landscape, fit to width and the header row on each page.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    set_up_page(sheet, title=title, header_row=1, columns=len(EXPORT_COLUMNS))
    sheet.freeze_panes = "A2"
    sheet.append(list(EXPORT_COLUMNS))

    def cell(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            written = WriteOnlyCell(sheet, value=value)
            written.number_format = "YYYY-MM-DD"
            return written
        if isinstance(value, bool):
            raise TypeError("booleans have no SDP column")
        if isinstance(value, int):
            return value
        written = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
        written.data_type = "s"  # text stays text, even when it starts with "="
        return written

    for row in rows:
        sheet.append([cell(row.get(column)) for column in EXPORT_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
