"""A small XLSX writer on openpyxl for reports and registers, returning an HttpResponse.

    from rutan.exports import Sheet, xlsx_response

    return xlsx_response(
        "laporan-program-2026-03.xlsx",
        Sheet(
            title="Program",
            heading=["LAPORAN PROGRAM PEMBINAAN KESENIAN", "Bulan Maret 2026"],
            columns=["Program", "Sesi direncanakan", "Kehadiran (%)"],
            rows=queryset.values_list("name", "planned", "rate"),  # any iterable of sequences
            totals=["Jumlah", 12, 81.5],
            widths=[40, 12, 12],
        ),
    )

The workbook is written in openpyxl's write-only (streaming) mode, so a sheet of tens of
thousands of rows is written without holding a cell object per value. Text that a spreadsheet
would take for a formula (`=`, `+`, `-`, `@` first) is stored as plain text: names and notes come
from users and the public and must never run as formulas. Dates and datetimes are written as
spreadsheet dates (aware datetimes in local time, since spreadsheets have no time zones).
Control characters that XLSX cannot hold (vertical tab, form feed, ...) are removed from text.

Every sheet is set up for printing: A4, landscape when its columns are wider than a portrait
page, fitted to the page width (as many pages down as needed), the header row repeated on every
printed page, and the sheet's title (its first heading line) with the page number in the page
header and footer.

CSV files people download are for Indonesian Excel (``CSV_DELIMITER``, ``CSV_BOM``): UTF-8 with
a byte-order mark, so Excel reads the letters right, and semicolon-separated, because Excel in
the Indonesian locale uses the comma as its decimal separator and the semicolon between fields
(a comma-separated file opens as one column). A ``sep=;`` first line was not chosen: Excel
ignores the BOM when that line is present, and other programs take the line as data.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

CSV_DELIMITER = ";"
CSV_BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@")
MAX_TITLE_LENGTH = 31  # Excel's limit for a sheet name
INVALID_TITLE_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})

A4 = "9"  # the paper size code of A4 in a worksheet's page set-up
DEFAULT_COLUMN_WIDTH = 8.43  # Excel's, in characters
# Characters of column width that fit across an A4 portrait page with Excel's default margins;
# a sheet wider than this is printed landscape (and always fitted to the page width).
PORTRAIT_WIDTH = 90
PAGE_FOOTER = "Halaman &P dari &N"
MAX_HEADER_LENGTH = 200  # Excel allows 255 characters in a page header, codes included

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=12)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass
class Sheet:
    """One worksheet: heading lines, a header row, data rows and an optional totals row."""

    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence] = ()
    heading: Sequence[str] = ()
    totals: Sequence | None = None
    widths: Sequence[float] = ()
    footer: Sequence[str] = field(default_factory=tuple)
    number_formats: dict[int, str] = field(default_factory=dict)  # column index -> format


def cell_value(value):
    """A Python value as openpyxl should store it (None for empty)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, (int, float, Decimal, date)):
        return value
    # Control characters (a vertical tab pasted from Word) are not allowed in XLSX: one would
    # make openpyxl refuse the whole workbook.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value)) or None


def _cell(ws, value, *, font=None, fill=None, border=None, number_format=None, wrap=False):
    cell = WriteOnlyCell(ws, value=cell_value(value))
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"  # text, never a formula
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if border:
        cell.border = border
    if number_format:
        cell.number_format = number_format
    elif isinstance(cell.value, datetime):
        cell.number_format = "DD-MM-YYYY HH:MM"
    elif isinstance(cell.value, date):
        cell.number_format = "DD-MM-YYYY"
    if wrap:
        cell.alignment = _WRAP
    return cell


def _data_value(ws, value, number_format: str | None):
    """A data cell: the plain value (fast), or a styled cell where one is needed.

    Styling every cell of a sheet of tens of thousands of rows costs seconds in openpyxl (each
    style is hashed), so only the header and totals rows are styled.
    """
    value = cell_value(value)
    if (
        number_format
        or isinstance(value, date)
        or (isinstance(value, str) and value.startswith(FORMULA_PREFIXES))
    ):
        return _cell(ws, value, number_format=number_format)
    return value


def set_up_page(
    ws, *, title: str, header_row: int, columns: int, widths: Sequence[float] = ()
) -> None:
    """Print set-up of a sheet: A4, landscape when wider than a portrait page, fitted to the
    page width, the header row repeated on every page, the title in the page header and the
    page number in the footer. Works on write-only sheets (call before writing rows)."""
    given = list(widths)[:columns]
    width = sum(given) + DEFAULT_COLUMN_WIDTH * (columns - len(given))
    ws.page_setup.paperSize = A4
    ws.page_setup.orientation = "landscape" if width > PORTRAIT_WIDTH else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    # "&" starts a code in a page header ("&P" is the page number): a literal one is doubled.
    ws.oddHeader.center.text = title[:MAX_HEADER_LENGTH].replace("&", "&&")
    ws.oddFooter.center.text = PAGE_FOOTER


def sheet_title(title: str) -> str:
    return (title.translate(INVALID_TITLE_CHARS).strip() or "Lembar")[:MAX_TITLE_LENGTH]


def write_sheet(wb: Workbook, sheet: Sheet) -> None:
    ws = wb.create_sheet(sheet_title(sheet.title))
    columns = list(sheet.columns)
    for index, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    header_row = len(sheet.heading) + (2 if sheet.heading else 1)
    ws.freeze_panes = f"A{header_row + 1}"
    set_up_page(
        ws,
        title=" · ".join(line for line in sheet.heading[:2] if line) or sheet.title,
        header_row=header_row,
        columns=len(columns),
        widths=sheet.widths,
    )
    for n, line in enumerate(sheet.heading):
        ws.append([_cell(ws, line, font=_TITLE if n == 0 else _BOLD)])
    if sheet.heading:
        ws.append([])
    ws.append(
        [_cell(ws, c, font=_BOLD, fill=_HEADER_FILL, border=_BOX, wrap=True) for c in columns]
    )
    formats = sheet.number_formats
    for row in sheet.rows:
        ws.append([_data_value(ws, value, formats.get(i)) for i, value in enumerate(row)])
    if sheet.totals is not None:
        ws.append(
            [
                _cell(ws, value, font=_BOLD, border=_BOX, number_format=formats.get(i))
                for i, value in enumerate(sheet.totals)
            ]
        )
    if sheet.footer:
        ws.append([])
        for line in sheet.footer:
            ws.append([_cell(ws, line)])


def build_workbook(*sheets: Sheet) -> Workbook:
    wb = Workbook(write_only=True)
    for sheet in sheets:
        write_sheet(wb, sheet)
    return wb


def csv_response(filename: str, content: bytes) -> HttpResponse:
    """An attachment response for CSV bytes written for Excel (BOM, ``CSV_DELIMITER``)."""
    response = HttpResponse(content, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def xlsx_filename(*parts: str) -> str:
    return "-".join(slugify(p) for p in parts if p) + ".xlsx"


def xlsx_response(filename: str, *sheets: Sheet) -> HttpResponse:
    """An attachment response holding a workbook with `sheets` (at least one)."""
    if not sheets:
        raise ValueError("xlsx_response needs at least one sheet")
    buffer = BytesIO()
    build_workbook(*sheets).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
