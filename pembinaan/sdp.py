"""Reading and writing the inmate register's SDP exchange file (CSV or XLSX).

Pure Python, no database: ``parse_sdp_file`` turns the bytes of an upload into typed rows and a
list of Indonesian, spreadsheet-addressed errors; the import service decides what to write.
Nothing raised while reading a file escapes: every problem becomes a ``RowError``.

File rules (see also the README's design notes):

* ``.csv``: UTF-8 with or without BOM, comma or semicolon, chosen by which one splits the header
  into known column names (a ``sep=;`` first line is honoured). Tab-separated files, UTF-16 and
  other encodings are refused with a message that says how to save the file again.
* ``.xlsx``: the active sheet, read with openpyxl in read-only mode; date cells are dates.
* The extension must match the content: a text file renamed ``.xlsx``, an XLSX renamed ``.csv``
  or an old ``.xls`` gives a file-level error.
* The header is the first non-empty row. Header names are trimmed and case-insensitive, spaces
  and hyphens count as underscores. Only ``no_registrasi``, ``nama`` and ``status_hukum`` are
  required; ``kelas`` (written by the export) is ignored; other columns are ignored with a
  warning. Entirely empty rows are skipped.
* Row numbers are the ones a spreadsheet shows (the first row of the file is 1).
* A column that is absent is not the same as an empty cell: ``ParseResult.columns`` lists the
  known columns present, and an importer should only update those fields.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import pairwise
from typing import IO, Any

from pembinaan.registration import normalize_registration_number, normalize_status
from pembinaan.stages import (
    LEGAL_STATUS_NARAPIDANA,
    LEGAL_STATUS_TAHANAN,
    LEGAL_STATUSES,
    StageDates,
    compute_expiry,
    effective_stage_dates,
    inmate_class,
)

COLUMNS: tuple[str, ...] = (
    "no_registrasi",
    "nama",
    "status_hukum",
    "status",
    "blok",
    "kamar",
    "tanggal_penahanan",
    "pidana_tahun",
    "pidana_bulan",
    "pidana_hari",
    "remisi_hari",
    "tanggal_1_3",
    "tanggal_1_2",
    "tanggal_2_3",
    "tanggal_ekspirasi",
    "pin_mesin",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("no_registrasi", "nama", "status_hukum")
CLASS_COLUMN = "kelas"
EXPORT_COLUMNS: tuple[str, ...] = (*COLUMNS, CLASS_COLUMN)
IGNORED_COLUMNS: tuple[str, ...] = (CLASS_COLUMN,)

# Column in the file -> attribute of ParsedRow (and, by convention, field of the Inmate model).
FIELD_FOR_COLUMN: dict[str, str] = {
    "no_registrasi": "registration_number",
    "nama": "name",
    "status_hukum": "legal_status",
    "status": "status",
    "blok": "block",
    "kamar": "cell",
    "tanggal_penahanan": "detention_date",
    "pidana_tahun": "sentence_years",
    "pidana_bulan": "sentence_months",
    "pidana_hari": "sentence_days",
    "remisi_hari": "remisi_days",
    "tanggal_1_3": "sdp_one_third",
    "tanggal_1_2": "sdp_half",
    "tanggal_2_3": "sdp_two_thirds",
    "tanggal_ekspirasi": "sdp_expiry",
    "pin_mesin": "device_pin",
}
DATE_COLUMNS = frozenset(
    {"tanggal_penahanan", "tanggal_1_3", "tanggal_1_2", "tanggal_2_3", "tanggal_ekspirasi"}
)
INTEGER_COLUMNS = frozenset({"pidana_tahun", "pidana_bulan", "pidana_hari", "remisi_hari"})
# Longest text accepted per column; the model's max_length must be at least this.
MAX_LENGTHS: dict[str, int] = {"nama": 150, "blok": 30, "kamar": 30, "pin_mesin": 24}
INTEGER_MAX = 32767  # fits a PositiveSmallIntegerField
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199
DEFAULT_MAX_ROWS = 100_000

DATE_HINT = "gunakan YYYY-MM-DD atau DD/MM/YYYY"
SUPPORTED_FORMATS_HINT = "Gunakan berkas .csv (UTF-8, pemisah koma atau titik koma) atau .xlsx."
_DATE_LABELS = {
    "tanggal_penahanan": "tanggal penahanan",
    "tanggal_1_3": "tanggal 1/3",
    "tanggal_1_2": "tanggal 1/2",
    "tanggal_2_3": "tanggal 2/3",
    "tanggal_ekspirasi": "tanggal ekspirasi",
}
_FRACTION_COLUMNS = ("tanggal_1_3", "tanggal_1_2", "tanggal_2_3")


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem in the file. ``row`` is None only for problems with the whole file.

    ``row`` is the row number a spreadsheet shows (the header is row 1); ``column`` the column's
    name as in ``COLUMNS`` (None when the problem is not about one column); ``message`` is
    Indonesian and quotes the offending value.
    """

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = []
        if self.row is not None:
            place.append(f"Baris {self.row}")
        if self.column:
            place.append(f"kolom {self.column}")
        return f"{', '.join(place)}: {self.message}" if place else self.message


@dataclass(slots=True)
class ParsedRow:
    """One data row of the file, with every value typed and normalised.

    Attributes are named like the fields of ``pembinaan.models.Inmate``. A value that could not
    be read is left at its empty default and explained in ``errors``. Text is "" when empty; the
    device PIN is None when empty (unique only when set); empty remisi is 0.
    ``raw`` holds the cell text of each known column present, for a preview.
    """

    row: int
    registration_number: str | None = None
    name: str = ""
    legal_status: str | None = None
    status: str = "AKTIF"
    block: str = ""
    cell: str = ""
    detention_date: date | None = None
    sentence_years: int | None = None
    sentence_months: int | None = None
    sentence_days: int | None = None
    remisi_days: int = 0  # an empty cell means no remisi
    sdp_one_third: date | None = None
    sdp_half: date | None = None
    sdp_two_thirds: date | None = None
    sdp_expiry: date | None = None
    device_pin: str | None = None
    raw: dict[str, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def stage_dates(self) -> StageDates | None:
        return effective_stage_dates(
            detention_date=self.detention_date,
            years=self.sentence_years,
            months=self.sentence_months,
            days=self.sentence_days,
            remisi_days=self.remisi_days,
            sdp_one_third=self.sdp_one_third,
            sdp_half=self.sdp_half,
            sdp_two_thirds=self.sdp_two_thirds,
            sdp_expiry=self.sdp_expiry,
        )

    def inmate_class(self, on: date) -> str | None:
        """The class on ``on`` from the file's data alone (no override: files carry none)."""
        return inmate_class(legal_status=self.legal_status, on=on, dates=self.stage_dates())

    def as_columns(self) -> dict[str, Any]:
        """The typed values keyed by column name, as ``write_sdp_csv`` takes them."""
        return {column: getattr(self, attr) for column, attr in FIELD_FOR_COLUMN.items()}


@dataclass(slots=True)
class ParseResult:
    """What ``parse_sdp_file`` read.

    ``rows`` has every non-empty data row, valid or not; ``errors`` and ``warnings`` have the
    file-level problems (``row`` None, or the header row) followed by every row's, in row order.
    The import may be committed only when ``ok``.
    """

    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    file_format: str = ""
    delimiter: str | None = None
    header_row: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def file_errors(self) -> list[RowError]:
        """Problems with the whole file (then ``rows`` is empty): no row, or the header row."""
        return [e for e in self.errors if e.row is None or e.row == self.header_row]

    @property
    def valid_rows(self) -> list[ParsedRow]:
        return [r for r in self.rows if not r.errors]

    @property
    def invalid_rows(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.errors]


class _FileError(Exception):
    """A problem with the whole file; the message is Indonesian."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.row = row


class _CellError(Exception):
    pass


# --- reading the bytes -------------------------------------------------------------------------

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _looks_like_text(data: bytes) -> bool:
    """No control bytes other than tab, newlines, form feed and escape in the first 4 KiB."""
    return _BINARY_BYTES.search(data[:4096]) is None


def _extension(filename: str) -> str:
    name = (filename or "").strip().lower()
    return name.rsplit(".", 1)[-1] if "." in name else ""


def _decode_csv(data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):
        raise _FileError(
            "Berkas CSV memakai pengodean UTF-16. Simpan ulang sebagai 'CSV UTF-8 (dipisah koma)'."
        )
    if b"\x00" in data[:4096]:
        raise _FileError("Berkas ini bukan teks CSV (berisi data biner). " + SUPPORTED_FORMATS_HINT)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _FileError(
            f"Berkas CSV bukan UTF-8: karakter tidak dikenal pada baris teks ke-{line} "
            "(kemungkinan disimpan sebagai ANSI/Windows-1252). "
            "Simpan ulang sebagai 'CSV UTF-8 (dipisah koma)'."
        ) from None


def _normalize_header(value: Any) -> str:
    text = "" if value is None else str(value)
    return re.sub(r"[\s\-]+", "_", text.replace("\ufeff", "").strip().lower())


_KNOWN_HEADERS = frozenset(COLUMNS) | frozenset(IGNORED_COLUMNS)


def _count_known(line: str, delimiter: str) -> int:
    cells = next(csv.reader([line], delimiter=delimiter), [])
    return sum(1 for cell in cells if _normalize_header(cell) in _KNOWN_HEADERS)


def _csv_rows(text: str, result: ParseResult) -> Iterator[tuple[int, list[Any]]]:
    lines = text.splitlines()
    sep_line = re.fullmatch(r"\s*sep=(.)\s*", lines[0], re.IGNORECASE) if lines else None
    if sep_line:
        delimiter = sep_line[1]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        if delimiter not in ",;":
            raise _wrong_delimiter(delimiter)
    else:
        header_line = next((line for line in lines if line.strip()), "")
        delimiter = max(",;", key=lambda d: (_count_known(header_line, d), d == ","))
    result.delimiter = delimiter
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise _FileError(f"Berkas CSV tidak dapat dibaca: {exc}.", row=reader.line_num) from None


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _wrong_delimiter(found: str | None, header: str = "") -> _FileError:
    if found == "\t":
        message = "Berkas memakai tab sebagai pemisah kolom."
    elif found:
        message = f"Berkas memakai '{found}' sebagai pemisah kolom."
    else:
        message = (
            "Pemisah kolom tidak dikenali: baris judul terbaca sebagai satu kolom "
            f"('{_clip(header)}')."
        )
    return _FileError(
        message + " Simpan ulang sebagai CSV dengan pemisah koma (,) atau titik koma (;).", row=1
    )


def _xlsx_rows(data: bytes, result: ParseResult, max_rows: int) -> list[tuple[int, tuple]]:
    """Every row of the active sheet, read completely before any validation runs.

    Reading first keeps apart the two kinds of failure: anything openpyxl raises is a broken
    file (a clear message, never a 500), while a bug in the validation still shows as a bug.
    """
    from openpyxl import load_workbook  # imported here: only XLSX uploads pay for it

    broken = _FileError(
        "Berkas XLSX rusak atau bukan lembar kerja Excel yang valid. " + SUPPORTED_FORMATS_HINT
    )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - whatever openpyxl raises, the file is broken for the user
        raise broken from None
    rows: list[tuple[int, tuple]] = []
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise _FileError("Berkas XLSX tidak berisi lembar kerja.")
        sheet = workbook.active if workbook.active in sheets else sheets[0]  # not a chart sheet
        if len(sheets) > 1:
            result.warnings.append(
                RowError(
                    None,
                    None,
                    f"Berkas berisi {len(sheets)} lembar kerja; hanya lembar '{sheet.title}' "
                    "yang dibaca.",
                )
            )
        sheet.reset_dimensions()  # some writers store wrong dimensions; read every cell
        filled = 0
        for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            if any(not _is_blank(cell) for cell in cells):
                filled += 1
                if filled > max_rows + 1:
                    raise _too_many_rows(max_rows)
                rows.append((number, cells))
    except _FileError:
        raise
    except Exception:  # noqa: BLE001 - as above: a sheet openpyxl cannot read is a broken file
        raise broken from None
    finally:
        workbook.close()
    return rows


def _too_many_rows(max_rows: int) -> _FileError:
    return _FileError(
        f"Berkas berisi lebih dari {max_rows} baris data; bagi menjadi beberapa berkas."
    )


# --- cell values -------------------------------------------------------------------------------

_ISO_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?",
    re.ASCII,
)
_DMY_DATE = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})", re.ASCII)
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_PIN = re.compile(r"[0-9A-Za-z]{1,24}", re.ASCII)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _shown(value: Any) -> str:
    """A cell's value as a person would read it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _text(value: Any) -> str:
    text = " ".join((value if value.__class__ is str else _shown(value)).split())
    # Undo the export's guard against spreadsheet formulas ("'=..." -> "=...").
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def _integer(value: Any) -> int:
    if value.__class__ is str and _DIGITS.fullmatch(value):
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        shown = _shown(value)
        if shown.startswith("-") and _DIGITS.fullmatch(shown[1:].strip()):
            raise _CellError(f"Bilangan tidak boleh negatif: '{shown}'.")
        raise _CellError(f"Bilangan tidak valid: '{shown}' (isi bilangan bulat 0 atau lebih).")
    if number < 0:
        raise _CellError(f"Bilangan tidak boleh negatif: '{number}'.")
    if number > INTEGER_MAX:
        raise _CellError(f"Bilangan terlalu besar: '{number}' (paling besar {INTEGER_MAX}).")
    return number


def _date(value: Any) -> date:
    if value.__class__ is str:
        parsed = _date_from_text(value)
    elif isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        parsed = None
    if parsed is None:
        raise _CellError(f"Tanggal tidak valid: '{_shown(value)}' ({DATE_HINT}).")
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise _CellError(f"Tanggal tidak masuk akal: '{parsed.isoformat()}'.")
    return parsed


def _date_from_text(text: str) -> date | None:
    match = _ISO_DATE.fullmatch(text)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        match = _DMY_DATE.fullmatch(text)
        if not match:
            return None
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _is_blank(value: Any) -> bool:
    return value is None or (value.__class__ is str and not value.strip())


def _limited(column: str, text: str) -> str:
    limit = MAX_LENGTHS[column]
    if len(text) > limit:
        raise _CellError(f"Terlalu panjang: {len(text)} karakter (paling banyak {limit}).")
    return text


def _registration_number(value: Any) -> str:
    return normalize_registration_number(_text(value))


def _name(value: Any) -> str:
    text = _limited("nama", _text(value))
    if not text:
        raise _CellError("Nama wajib diisi.")
    return text


def _legal_status(value: Any) -> str:
    text = _text(value).lower()
    if not text:
        raise _CellError("Status hukum wajib diisi (tahanan atau narapidana).")
    if text not in LEGAL_STATUSES:
        raise _CellError(
            f"Status hukum tidak dikenal: '{_text(value)}' (gunakan tahanan atau narapidana)."
        )
    return text


def _status(value: Any) -> str:
    return normalize_status(_text(value))


def _block(value: Any) -> str:
    return _limited("blok", _text(value))


def _cell(value: Any) -> str:
    return _limited("kamar", _text(value))


def _pin(value: Any) -> str | None:
    text = _limited("pin_mesin", _text(value))
    if text and not _PIN.fullmatch(text):
        raise _CellError(f"PIN mesin tidak valid: '{text}' (hanya angka atau huruf, tanpa spasi).")
    return text or None


# Column -> converter of a non-empty cell. Empty cells of the other columns stay None.
_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "no_registrasi": _registration_number,
    "nama": _name,
    "status_hukum": _legal_status,
    "status": _status,
    "blok": _block,
    "kamar": _cell,
    "pin_mesin": _pin,
    **{column: _date for column in DATE_COLUMNS},
    **{column: _integer for column in INTEGER_COLUMNS},
}
# Columns whose converter also runs on an empty cell (to require it, or to give its default).
_CONVERT_EMPTY = frozenset({"no_registrasi", "nama", "status_hukum", "status", "blok", "kamar"})


# --- rows --------------------------------------------------------------------------------------


def _read_row(
    number: int,
    cells: list[Any] | tuple[Any, ...],
    plan: list[tuple[str, str, int, Callable[[Any], Any], bool]],
) -> ParsedRow:
    """Convert one row; ``plan`` is (column, attribute, position, converter, convert_empty)."""
    row = ParsedRow(row=number)
    raw = row.raw
    width = len(cells)
    for column, attr, position, convert, convert_empty in plan:
        value = cells[position] if position < width else None
        if value.__class__ is str:
            value = value.strip()
            raw[column] = value
            if not value:
                value = None
        else:
            raw[column] = _shown(value)
        if value is None and not convert_empty:
            continue
        try:
            setattr(row, attr, convert(value))
        except (_CellError, ValueError) as exc:
            row.errors.append(RowError(number, column, str(exc)))
    _check_dates(row)
    _check_consistency(row)
    return row


def _check_dates(row: ParsedRow) -> None:
    """The dates must follow each other: penahanan <= 1/3 <= 1/2 <= 2/3 <= ekspirasi."""
    failed = {e.column for e in row.errors}
    chain = [
        (column, getattr(row, FIELD_FOR_COLUMN[column]))
        for column in ("tanggal_penahanan", *_FRACTION_COLUMNS, "tanggal_ekspirasi")
        if column not in failed
    ]
    chain = [(column, value) for column, value in chain if value is not None]
    for (before, earlier), (column, later) in pairwise(chain):
        if later < earlier:
            row.errors.append(
                RowError(
                    row.row,
                    column,
                    f"{_DATE_LABELS[column].capitalize()} ({later.isoformat()}) lebih awal dari "
                    f"{_DATE_LABELS[before]} ({earlier.isoformat()}).",
                )
            )
    given = [c for c in _FRACTION_COLUMNS if row.raw.get(c)]
    if given and len(given) < len(_FRACTION_COLUMNS):
        missing = next(c for c in _FRACTION_COLUMNS if c not in given)
        row.warnings.append(
            RowError(
                row.row,
                missing,
                "Tanggal 1/3, 1/2 dan 2/3 tidak lengkap; tanggal dari SDP diabaikan dan tanggal "
                "tahap dihitung dari data pidana.",
            )
        )


def _check_consistency(row: ParsedRow) -> None:
    if row.errors:
        return
    number, status = row.registration_number, row.legal_status
    if number and status:
        implied = LEGAL_STATUS_TAHANAN if number.startswith("A") else LEGAL_STATUS_NARAPIDANA
        if implied != status:
            kind = "tahanan (A)" if implied == LEGAL_STATUS_TAHANAN else "narapidana (B)"
            row.warnings.append(
                RowError(
                    row.row,
                    "status_hukum",
                    f"Nomor registrasi {number} adalah register {kind}, tetapi status hukum "
                    f"'{status}'.",
                )
            )
    if status == LEGAL_STATUS_NARAPIDANA and row.stage_dates() is None:
        expiry = compute_expiry(
            detention_date=row.detention_date,
            years=row.sentence_years,
            months=row.sentence_months,
            days=row.sentence_days,
            remisi_days=row.remisi_days,
        )
        if expiry is not None and row.detention_date is not None:
            message = "Kelas tidak dapat dihitung: masa pidana dikurangi remisi tidak lebih dari 0."
        else:
            message = (
                "Kelas tidak dapat dihitung: isi tanggal penahanan dan lama pidana, "
                "atau tanggal 1/3, 1/2 dan 2/3."
            )
        row.warnings.append(RowError(row.row, None, message))


def _check_duplicates(rows: list[ParsedRow], column: str, describe: str) -> None:
    attr = FIELD_FOR_COLUMN[column]
    seen: dict[str, list[ParsedRow]] = {}
    for row in rows:
        value = getattr(row, attr)
        if value:
            seen.setdefault(value, []).append(row)
    for value, group in seen.items():
        if len(group) > 1:
            numbers = ", ".join(str(r.row) for r in group)
            for row in group:
                row.errors.append(
                    RowError(
                        row.row, column, f"{describe} '{value}' ganda: ada di baris {numbers}."
                    )
                )


def _read_table(
    rows: Iterable[tuple[int, list[Any] | tuple[Any, ...]]], result: ParseResult, max_rows: int
) -> None:
    iterator = iter(rows)
    first = next(
        ((n, cells) for n, cells in iterator if any(not _is_blank(c) for c in cells)), None
    )
    if first is None:
        raise _FileError("Berkas kosong: tidak ada baris judul maupun data.")
    header_number, header = first
    result.header_row = header_number

    index: dict[str, int] = {}
    for position, cell in enumerate(header):
        name = _normalize_header(cell)
        if not name or name in IGNORED_COLUMNS:
            continue
        if name in index:
            raise _FileError(
                f"Kolom '{name}' muncul lebih dari sekali di baris judul "
                f"(kolom ke-{index[name] + 1} dan ke-{position + 1}).",
                row=header_number,
            )
        if name in FIELD_FOR_COLUMN:
            index[name] = position
        else:
            result.unknown_columns.append(name)
            result.warnings.append(
                RowError(header_number, name, f"Kolom tidak dikenal diabaikan: '{name}'.")
            )
    result.columns = list(index)

    filled = [c for c in header if not _is_blank(c)]
    if not index and len(filled) == 1:
        only = str(filled[0])
        found = next((d for d in ("\t", ";", ",", "|") if d in only), None)
        if result.file_format == "xlsx" and found is not None:
            raise _FileError(
                f"Baris judul hanya satu sel ('{_clip(only.strip())}'): pisahkan teksnya menjadi "
                "kolom (Data > Teks ke Kolom), atau unggah sebagai CSV.",
                row=header_number,
            )
        if result.file_format == "csv":
            raise _wrong_delimiter(found if found in ("\t", "|") else None, only.strip())
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    if missing:
        names = ", ".join(f"'{c}'" for c in missing)
        raise _FileError(
            f"Kolom wajib tidak ada di baris judul: {names}. "
            f"Kolom wajib: {', '.join(REQUIRED_COLUMNS)}.",
            row=header_number,
        )

    width = len(header)
    while width and _is_blank(header[width - 1]):
        width -= 1
    other = {",": ";", ";": ","}.get(result.delimiter or "")
    plan = [
        (column, FIELD_FOR_COLUMN[column], position, _CONVERTERS[column], column in _CONVERT_EMPTY)
        for column, position in index.items()
    ]
    for number, cells in iterator:
        if not any(not _is_blank(cell) for cell in cells):
            continue
        if len(result.rows) >= max_rows:
            raise _too_many_rows(max_rows)
        used = len(cells)
        while used > width and _is_blank(cells[used - 1]):
            used -= 1
        if other and width > 1 and len(cells) == 1 and other in str(cells[0]):
            message = (
                f"Baris ini terbaca sebagai satu kolom: pemisahnya '{other}', "
                f"sedangkan baris judul memakai '{result.delimiter}'."
            )
            result.rows.append(ParsedRow(row=number, errors=[RowError(number, None, message)]))
            continue
        if used > width and result.file_format == "csv":  # in XLSX, an unheaded column is a note
            message = (
                f"Baris berisi {used} kolom, sedangkan baris judul "
                f"{width} kolom (periksa pemisah kolom atau tanda kutip, misalnya koma di nama)."
            )
            result.rows.append(ParsedRow(row=number, errors=[RowError(number, None, message)]))
            continue
        result.rows.append(_read_row(number, cells, plan))
    if not result.rows:
        raise _FileError("Berkas hanya berisi baris judul, tanpa data.", row=header_number)


def parse_sdp_file(data: bytes, filename: str, *, max_rows: int = DEFAULT_MAX_ROWS) -> ParseResult:
    """Read an SDP export (``.csv`` or ``.xlsx``) into typed rows and Indonesian errors.

    Never raises for a bad file: every problem is in ``result.errors`` (file-level ones with
    ``row`` None or the header row, and no rows).
    """
    result = ParseResult()
    try:
        _parse(data, filename, result, max_rows)
    except _FileError as exc:
        result.rows = []
        result.errors = [RowError(exc.row, None, exc.message)]
        return result
    _check_duplicates(result.rows, "no_registrasi", "Nomor registrasi")
    _check_duplicates(result.rows, "pin_mesin", "PIN mesin")
    for row in result.rows:
        result.errors.extend(row.errors)
        result.warnings.extend(row.warnings)
    return result


def _parse(data: bytes, filename: str, result: ParseResult, max_rows: int) -> None:
    extension = _extension(filename)
    if not data:
        raise _FileError("Berkas kosong.")
    is_zip = data.startswith(_ZIP_MAGIC)
    is_ole = data.startswith(_OLE_MAGIC)
    if extension == "csv":
        if is_zip:
            raise _FileError(
                "Berkas berakhiran .csv tetapi isinya lembar kerja Excel (XLSX). "
                "Unggah dengan akhiran .xlsx, atau simpan ulang sebagai CSV UTF-8."
            )
        if is_ole:
            raise _FileError(
                "Berkas berakhiran .csv tetapi isinya berkas Excel lama (.xls). "
                "Simpan ulang sebagai CSV UTF-8 atau .xlsx."
            )
        result.file_format = "csv"
        _read_table(_csv_rows(_decode_csv(data), result), result, max_rows)
    elif extension == "xlsx":
        if not is_zip:
            if is_ole:
                message = (
                    "Berkas bukan XLSX: tampaknya berkas Excel lama (.xls) atau berkas yang "
                    "dilindungi kata sandi. Simpan ulang sebagai .xlsx tanpa kata sandi, atau "
                    "sebagai CSV UTF-8."
                )
            elif _looks_like_text(data):
                message = (
                    "Berkas berakhiran .xlsx tetapi isinya teks biasa (mungkin CSV yang diganti "
                    "namanya). Simpan ulang dari Excel sebagai .xlsx, atau unggah dengan akhiran "
                    ".csv."
                )
            else:
                message = "Berkas berakhiran .xlsx tetapi isinya bukan lembar kerja Excel."
            raise _FileError(message + " " + SUPPORTED_FORMATS_HINT)
        result.file_format = "xlsx"
        _read_table(_xlsx_rows(data, result, max_rows), result, max_rows)
    elif extension == "xls":
        raise _FileError(
            "Format .xls (Excel 97-2003) tidak didukung. Simpan ulang sebagai .xlsx atau CSV UTF-8."
        )
    else:
        shown = f"'.{extension}'" if extension else "tanpa akhiran"
        raise _FileError(f"Jenis berkas tidak didukung ({shown}). " + SUPPORTED_FORMATS_HINT)


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
    rows: Iterable[Mapping[str, Any]], stream: IO[str], *, delimiter: str = ","
) -> None:
    """Write rows (mappings keyed by ``EXPORT_COLUMNS``; missing keys are empty) as CSV.

    Dates as YYYY-MM-DD, text guarded against formula injection. The stream should be opened
    with ``newline=""``; a caller that wants Excel to recognise UTF-8 writes a BOM first.
    """
    if delimiter not in (",", ";"):
        raise ValueError("delimiter must be ',' or ';'")
    writer = csv.writer(stream, delimiter=delimiter)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([_csv_value(row.get(column)) for column in EXPORT_COLUMNS])


def write_sdp_xlsx(rows: Iterable[Mapping[str, Any]], *, sheet_title: str = "WBP") -> bytes:
    """Write rows (as for ``write_sdp_csv``) as an XLSX workbook; dates are date cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
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
