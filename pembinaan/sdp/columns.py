"""The SDP exchange file's columns and the result types of reading it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pembinaan.stages import (
    StageDates,
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
    "jenis_pidana",
)
# Read, never written: the sentence as SDP writes it ("2 Tahun 6 Bulan 15 Hari", "seumur hidup").
# It fills pidana_tahun, pidana_bulan, pidana_hari and jenis_pidana; a file has it or those.
SENTENCE_TEXT_COLUMN = "lama_pidana"
SENTENCE_PART_COLUMNS: tuple[str, ...] = (
    "pidana_tahun",
    "pidana_bulan",
    "pidana_hari",
    "jenis_pidana",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("no_registrasi", "nama", "status_hukum")
CLASS_COLUMN = "kelas"
# The export keeps the columns' historical order; jenis_pidana (added later) comes last.
EXPORT_COLUMNS: tuple[str, ...] = (*COLUMNS[:-1], CLASS_COLUMN, COLUMNS[-1])
IGNORED_COLUMNS: tuple[str, ...] = (CLASS_COLUMN, "no")

# Header aliases. A header cell is compared by its "key": lower case, letters and digits only
# ("NO. REGISTRASI", "No Registrasi" and "no_registrasi" are all "noregistrasi"). Each column
# is known by its own name and by the names SDP and operators use (docs/import-and-jobs.md).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "no_registrasi": ("NO. REGISTRASI", "NO REG", "NO. REG", "NOMOR REGISTRASI", "REGISTRASI"),
    "nama": ("NAMA WBP", "NAMA LENGKAP", "NAMA NARAPIDANA", "NAMA TAHANAN"),
    "status_hukum": ("STATUS HUKUM", "JENIS WBP"),
    "status": ("STATUS REGISTRASI", "STATUS WBP"),
    "blok": ("BLOK HUNIAN", "WISMA"),
    "kamar": ("KAMAR HUNIAN", "NO KAMAR", "NO. KAMAR"),
    "tanggal_penahanan": ("TGL PENAHANAN", "TGL. PENAHANAN", "TANGGAL DITAHAN", "TGL DITAHAN"),
    "pidana_tahun": ("PIDANA TAHUN", "TAHUN PIDANA"),
    "pidana_bulan": ("PIDANA BULAN", "BULAN PIDANA"),
    "pidana_hari": ("PIDANA HARI", "HARI PIDANA"),
    "remisi_hari": ("TOTAL REMISI", "REMISI", "JUMLAH REMISI", "TOTAL REMISI (HARI)"),
    "tanggal_1_3": ("1/3", "TGL 1/3", "TANGGAL 1/3"),
    "tanggal_1_2": ("1/2", "TGL 1/2", "TANGGAL 1/2"),
    "tanggal_2_3": ("2/3", "TGL 2/3", "TANGGAL 2/3"),
    "tanggal_ekspirasi": ("EKSPIRASI", "TGL EKSPIRASI", "TGL BEBAS", "TANGGAL BEBAS", "EXPIRASI"),
    "pin_mesin": ("PIN", "PIN MESIN", "USER ID MESIN"),
    "jenis_pidana": ("JENIS PIDANA",),
    "lama_pidana": ("LAMA PIDANA", "PIDANA", "MASA PIDANA", "VONIS"),
    "kelas": ("KELAS",),
    "no": ("NO", "NO.", "NO URUT"),
}


def header_key(value: Any) -> str:
    """A header cell's key: lower-case letters and digits only (see ``HEADER_ALIASES``)."""
    text = "" if value is None else str(value)
    return re.sub(r"[^0-9a-z]+", "", text.lower())


COLUMN_FOR_KEY: dict[str, str] = {
    header_key(alias): column
    for column, aliases in HEADER_ALIASES.items()
    for alias in (column, *aliases)
}

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
    "jenis_pidana": "sentence_kind",
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
    ``raw`` holds the cell text of each known column present, for a preview; ``given`` the
    attributes read from a non-empty cell: only those may change a stored inmate (an empty cell
    never erases a stored value).
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
    sentence_kind: str = ""  # "", "seumur_hidup" or "mati"
    raw: dict[str, str] = field(default_factory=dict)
    given: set[str] = field(default_factory=set)
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


class _FileError(Exception):
    """A problem with the whole file; the message is Indonesian."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.row = row


class _CellError(Exception):
    pass
