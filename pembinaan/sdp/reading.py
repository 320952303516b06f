"""Reading an SDP file (CSV or XLSX) into typed rows and spreadsheet-addressed errors."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, time
from itertools import pairwise
from typing import Any

from pembinaan.sdp.cells import _CONVERT_EMPTY, _CONVERTERS, _is_blank, _shown
from pembinaan.sdp.columns import (
    _DATE_LABELS,
    _FRACTION_COLUMNS,
    COLUMN_FOR_KEY,
    DEFAULT_MAX_ROWS,
    FIELD_FOR_COLUMN,
    IGNORED_COLUMNS,
    REQUIRED_COLUMNS,
    SENTENCE_PART_COLUMNS,
    SENTENCE_TEXT_COLUMN,
    SUPPORTED_FORMATS_HINT,
    ParsedRow,
    ParseResult,
    RowError,
    _CellError,
    _FileError,
    header_key,
)
from pembinaan.stages import (
    LEGAL_STATUS_NARAPIDANA,
    LEGAL_STATUS_TAHANAN,
    compute_expiry,
)

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


def _column_for(value: Any) -> str | None:
    """The column a header cell names (by its own name or an alias), or None."""
    return COLUMN_FOR_KEY.get(header_key(value))


def _count_known(line: str, delimiter: str) -> int:
    cells = next(csv.reader([line], delimiter=delimiter), [])
    return sum(1 for cell in cells if _column_for(cell) is not None)


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


_ACTIVE_TAB = re.compile(rb"<(?:\w+:)?workbookView\b[^>]*\bactiveTab=\"(\d+)\"")


def _active_tab(data: bytes) -> int:
    """The index of the sheet shown when the workbook opens (0 when not recorded)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            match = _ACTIVE_TAB.search(archive.read("xl/workbook.xml"))
    except (KeyError, zipfile.BadZipFile, OSError):
        return 0
    return int(match[1]) if match else 0


def _xlsx_rows(data: bytes, result: ParseResult, max_rows: int) -> list[tuple[int, list]]:
    """Every row of the active sheet, read completely (with calamine) before any validation.

    Reading first keeps apart the two kinds of failure: anything the reader raises is a broken
    file (a clear message, never a 500), while a bug in the validation still shows as a bug.
    """
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    broken = _FileError(
        "Berkas XLSX rusak atau bukan lembar kerja Excel yang valid. " + SUPPORTED_FORMATS_HINT
    )
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - whatever the reader raises, the file is broken for the user
        raise broken from None
    rows: list[tuple[int, list]] = []
    try:
        metadata = workbook.sheets_metadata
        sheets = [m for m in metadata if m.typ == SheetTypeEnum.WorkSheet]
        if not sheets:
            raise _FileError("Berkas XLSX tidak berisi lembar kerja.")
        active = _active_tab(data)
        chosen = metadata[active] if active < len(metadata) else sheets[0]
        if chosen.typ != SheetTypeEnum.WorkSheet:  # a chart sheet
            chosen = sheets[0]
        if len(sheets) > 1:
            result.warnings.append(
                RowError(
                    None,
                    None,
                    f"Berkas berisi {len(sheets)} lembar kerja; hanya lembar '{chosen.name}' "
                    "yang dibaca.",
                )
            )
        sheet = workbook.get_sheet_by_name(chosen.name)
        filled = 0
        for number, cells in enumerate(sheet.to_python(skip_empty_area=False), start=1):
            if any(not _is_blank(cell) for cell in cells):
                filled += 1
                if filled > max_rows + 1:
                    raise _too_many_rows(max_rows)
                rows.append((number, [_xlsx_value(c) for c in cells]))
    except _FileError:
        raise
    except Exception:  # noqa: BLE001 - as above: a sheet the reader cannot read is a broken file
        raise broken from None
    finally:
        workbook.close()
    return rows


def _xlsx_value(value: Any) -> Any:
    """calamine gives "" for an empty cell and float for every number; make them plain."""
    if value == "":
        return None
    if value.__class__ is float and value.is_integer():
        return int(value)
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date()
    return value


def _too_many_rows(max_rows: int) -> _FileError:
    return _FileError(
        f"Berkas berisi lebih dari {max_rows} baris data; bagi menjadi beberapa berkas."
    )


# --- rows --------------------------------------------------------------------------------------


def _read_row(
    number: int,
    cells: list[Any] | tuple[Any, ...],
    plan: list[tuple[str, str | None, int, Callable[[Any], Any], bool]],
) -> ParsedRow:
    """Convert one row; ``plan`` is (column, attribute, position, converter, convert_empty).

    The attribute is None for ``lama_pidana``, whose converter returns the fields it fills.
    """
    row = ParsedRow(row=number)
    raw = row.raw
    given = row.given
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
            converted = convert(value)
        except (_CellError, ValueError) as exc:
            row.errors.append(RowError(number, column, str(exc)))
            continue
        if attr is None:
            for name, part in converted.items():
                setattr(row, name, part)
            given.update(converted)
        else:
            setattr(row, attr, converted)
            if value is not None:
                given.add(attr)
    if given & _SENTENCE_NUMBERS or "sentence_kind" in given:
        _check_sentence(row)
    _check_dates(row)
    _check_consistency(row)
    return row


_SENTENCE_NUMBERS = frozenset({"sentence_years", "sentence_months", "sentence_days"})


def _check_sentence(row: ParsedRow) -> None:
    """A life or death sentence has no duration; a duration makes the sentence a finite one."""
    numbers = row.given & _SENTENCE_NUMBERS
    if row.sentence_kind and "sentence_kind" in row.given:
        filled = [a for a in numbers if getattr(row, a) is not None]
        if filled:
            row.errors.append(
                RowError(
                    row.row,
                    "jenis_pidana",
                    f"Pidana {row.raw.get('jenis_pidana', row.sentence_kind)} tidak punya lama "
                    "pidana; kosongkan pidana_tahun, pidana_bulan dan pidana_hari.",
                )
            )
            return
        row.given |= _SENTENCE_NUMBERS  # the kind clears a stored duration
    elif numbers:
        row.given.add("sentence_kind")  # a duration: the sentence is a finite one


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
    if status == LEGAL_STATUS_NARAPIDANA and row.stage_dates() is None and row.sentence_kind:
        row.warnings.append(
            RowError(
                row.row,
                None,
                "Pidana seumur hidup atau mati: kelas hanya dari tanggal 1/3, 1/2 dan 2/3 SDP "
                "atau dari tahap hasil sidang TPP.",
            )
        )
    elif status == LEGAL_STATUS_NARAPIDANA and row.stage_dates() is None:
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
        if _is_blank(cell):
            continue
        name = _column_for(cell)
        if name in IGNORED_COLUMNS:
            continue
        if name is None:
            shown = " ".join(str(cell).replace("\ufeff", "").split())
            result.unknown_columns.append(shown)
            result.warnings.append(
                RowError(header_number, shown, f"Kolom tidak dikenal diabaikan: '{shown}'.")
            )
            continue
        if name in index:
            raise _FileError(
                f"Kolom '{name}' muncul lebih dari sekali di baris judul "
                f"(kolom ke-{index[name] + 1} dan ke-{position + 1}).",
                row=header_number,
            )
        index[name] = position
    if SENTENCE_TEXT_COLUMN in index:
        both = [c for c in SENTENCE_PART_COLUMNS if c in index]
        if both:
            raise _FileError(
                f"Baris judul berisi kolom '{SENTENCE_TEXT_COLUMN}' dan juga "
                f"{', '.join(repr(c) for c in both)}: pakai salah satu cara menulis pidana.",
                row=header_number,
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
        (
            column,
            FIELD_FOR_COLUMN.get(column),
            position,
            _CONVERTERS[column],
            column in _CONVERT_EMPTY,
        )
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
