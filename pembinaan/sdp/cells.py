"""Converters of one SDP cell (text, number, date, registration number, PIN…)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from pembinaan.registration import normalize_registration_number, normalize_status
from pembinaan.sdp.columns import (
    DATE_COLUMNS,
    DATE_HINT,
    EARLIEST_YEAR,
    INTEGER_COLUMNS,
    INTEGER_MAX,
    LATEST_YEAR,
    MAX_LENGTHS,
    _CellError,
)
from pembinaan.stages import (
    LEGAL_STATUSES,
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


SENTENCE_LIFE = "seumur_hidup"
SENTENCE_DEATH = "mati"
SENTENCE_HINT = (
    "tulis misalnya '2 Tahun 6 Bulan 15 Hari', '2 th 6 bl', 'seumur hidup' atau 'pidana mati'"
)
_SENTENCE_KINDS = {
    "": "",
    "sementara": "",
    "waktutertentu": "",
    "seumurhidup": SENTENCE_LIFE,
    "pidanaseumurhidup": SENTENCE_LIFE,
    "mati": SENTENCE_DEATH,
    "pidanamati": SENTENCE_DEATH,
    "hukumanmati": SENTENCE_DEATH,
}
_SENTENCE_PART = re.compile(
    r"(\d+)\s*(tahun|thn|th|t|bulan|bln|bl|b|hari|hr|h)(?![a-z])\.?", re.IGNORECASE | re.ASCII
)
_SENTENCE_UNIT = {"t": "years", "b": "months", "h": "days"}
_SENTENCE_FILLER = re.compile(r"[\s,;/+]*(?:dan)?[\s,;/+]*", re.IGNORECASE)


def _kind_key(text: str) -> str:
    return re.sub(r"[^a-z]+", "", text.lower())


def _sentence_kind(value: Any) -> str:
    text = _text(value)
    kind = _SENTENCE_KINDS.get(_kind_key(text))
    if kind is None:
        raise _CellError(
            f"Jenis pidana tidak dikenal: '{text}' (kosong, 'seumur hidup' atau 'mati')."
        )
    return kind


def parse_sentence(text: str) -> dict[str, Any]:
    """A sentence as SDP writes it, as the Inmate fields it fills.

    ``"2 Tahun 6 Bulan 15 Hari"`` and ``"2 th 6 bl"`` give years, months and days (a unit not
    named is 0); ``"seumur hidup"`` and ``"pidana mati"`` give the kind and no duration. Raises
    ``_CellError`` with an Indonesian message when the text cannot be read.
    """
    text = " ".join(text.split())
    kind = _SENTENCE_KINDS.get(_kind_key(text))
    if kind:
        return {
            "sentence_kind": kind,
            "sentence_years": None,
            "sentence_months": None,
            "sentence_days": None,
        }
    parts = {"years": 0, "months": 0, "days": 0}
    seen: set[str] = set()
    position = 0
    for match in _SENTENCE_PART.finditer(text):
        between = text[position : match.start()]
        if not _SENTENCE_FILLER.fullmatch(between):
            break
        unit = _SENTENCE_UNIT[match[2][0].lower()]
        if unit in seen:
            raise _CellError(f"Lama pidana tidak dapat dibaca: '{text}' ({SENTENCE_HINT}).")
        seen.add(unit)
        parts[unit] = _integer(match[1])
        position = match.end()
    if not seen or not _SENTENCE_FILLER.fullmatch(text[position:]):
        raise _CellError(f"Lama pidana tidak dapat dibaca: '{text}' ({SENTENCE_HINT}).")
    return {
        "sentence_kind": "",
        "sentence_years": parts["years"],
        "sentence_months": parts["months"],
        "sentence_days": parts["days"],
    }


def _sentence_text(value: Any) -> dict[str, Any]:
    return parse_sentence(_text(value))


# Column -> converter of a non-empty cell. Empty cells of the other columns stay None.
_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "no_registrasi": _registration_number,
    "nama": _name,
    "status_hukum": _legal_status,
    "status": _status,
    "blok": _block,
    "kamar": _cell,
    "pin_mesin": _pin,
    "jenis_pidana": _sentence_kind,
    "lama_pidana": _sentence_text,  # fills several fields: returns a dict of them
    **{column: _date for column in DATE_COLUMNS},
    **{column: _integer for column in INTEGER_COLUMNS},
}
# Columns whose converter also runs on an empty cell (to require it, or to give its default).
_CONVERT_EMPTY = frozenset({"no_registrasi", "nama", "status_hukum", "status", "blok", "kamar"})
