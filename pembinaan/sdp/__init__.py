"""Reading and writing the inmate register's SDP exchange file (CSV or XLSX).

Pure Python, no database: ``parse_sdp_file`` turns the bytes of an upload into typed rows and a
list of Indonesian, spreadsheet-addressed errors; the import service decides what to write.
Nothing raised while reading a file escapes: every problem becomes a ``RowError``.

File rules (see also docs/pembinaan.md):

* ``.csv``: UTF-8 with or without BOM, comma or semicolon, chosen by which one splits the header
  into known column names (a ``sep=;`` first line is honoured). Tab-separated files, UTF-16 and
  other encodings are refused with a message that says how to save the file again.
* ``.xlsx``: the active sheet; date cells are dates.
* The extension must match the content: a text file renamed ``.xlsx``, an XLSX renamed ``.csv``
  or an old ``.xls`` gives a file-level error.
* The header is the first non-empty row. Header names are compared by letters and digits only
  (case, spaces and punctuation do not count), by their own name or an alias from
  ``HEADER_ALIASES`` (``NO. REGISTRASI``, ``NAMA WBP``, ``1/3``, ``TOTAL REMISI``…). Only
  ``no_registrasi``, ``nama`` and ``status_hukum`` are required; ``kelas`` (written by the
  export) and a ``NO`` row-number column are ignored; other columns are ignored with a warning.
  Entirely empty rows are skipped.
* The sentence is either ``pidana_tahun``/``pidana_bulan``/``pidana_hari`` (+ ``jenis_pidana``)
  or one ``lama_pidana`` text (``2 Tahun 6 Bulan 15 Hari``, ``2 th 6 bl``, ``seumur hidup``,
  ``pidana mati``).
* ``.xlsx`` files are read with python-calamine (fast); openpyxl only writes.
* Row numbers are the ones a spreadsheet shows (the first row of the file is 1).
* A column that is absent is not the same as an empty cell: ``ParseResult.columns`` lists the
  known columns present, and an importer should only update those fields.
"""

from pembinaan.sdp.columns import (
    CLASS_COLUMN,
    COLUMNS,
    DATE_COLUMNS,
    DATE_HINT,
    DEFAULT_MAX_ROWS,
    EXPORT_COLUMNS,
    FIELD_FOR_COLUMN,
    HEADER_ALIASES,
    IGNORED_COLUMNS,
    INTEGER_COLUMNS,
    INTEGER_MAX,
    MAX_LENGTHS,
    REQUIRED_COLUMNS,
    SUPPORTED_FORMATS_HINT,
    ParsedRow,
    ParseResult,
    RowError,
)
from pembinaan.sdp.reading import parse_sdp_file
from pembinaan.sdp.writing import write_sdp_csv, write_sdp_xlsx

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "CLASS_COLUMN",
    "EXPORT_COLUMNS",
    "IGNORED_COLUMNS",
    "FIELD_FOR_COLUMN",
    "HEADER_ALIASES",
    "DATE_COLUMNS",
    "INTEGER_COLUMNS",
    "MAX_LENGTHS",
    "INTEGER_MAX",
    "DEFAULT_MAX_ROWS",
    "DATE_HINT",
    "SUPPORTED_FORMATS_HINT",
    "RowError",
    "ParsedRow",
    "ParseResult",
    "parse_sdp_file",
    "write_sdp_csv",
    "write_sdp_xlsx",
]
