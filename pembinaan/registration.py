"""Registration numbers (nomor registrasi) and registration statuses of the inmate register.

Registers (Kepdirjen PAS-170.PK.01.01.02/2015): tahanan **A.I-A.V**, narapidana **B.I**,
**B.IIa**, **B.IIb**, **B.III**. The canonical spelling is ``<register> <serial>/<year>``, e.g.
``B.I 123/2024``, ``A.II 7/2025``, ``B.IIa 45/2023``.

Accepted spellings (normalised to the canonical one):

* any case (``b.iia 5/2024``), any whitespace including non-breaking spaces from spreadsheets,
  surrounding or repeated (``  B.I   123 / 2024 ``);
* the dot between the letter and the roman numeral may be missing or spaced (``BI 123/2024``,
  ``B I 123/2024``, ``B. I 123/2024``), and so may a dot or space before the sub-class letter
  (``B.II.a``, ``B.II a``, ``B.IIA``);
* the space between the register and the serial may be missing (``B.I123/2024``);
* leading zeros of the serial are dropped (``B.I 007/2024`` -> ``B.I 7/2024``), so that ``007``
  and ``7`` cannot be registered as two inmates.

Refused: any other register (``A.VI``, ``B.II``, ``B.IV``, ``C.I``), a serial of 0, a year not
of four digits or outside 1900-2099, other separators (``B.I-123/2024``, ``B.I 123-2024``), and
anything extra around the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pembinaan.stages import LEGAL_STATUS_NARAPIDANA, LEGAL_STATUS_TAHANAN

TAHANAN_REGISTERS: tuple[str, ...] = ("A.I", "A.II", "A.III", "A.IV", "A.V")
NARAPIDANA_REGISTERS: tuple[str, ...] = ("B.I", "B.IIa", "B.IIb", "B.III")
REGISTERS: tuple[str, ...] = TAHANAN_REGISTERS + NARAPIDANA_REGISTERS

REGISTRATION_NUMBER_EXAMPLE = "B.I 123/2024 atau A.II 7/2025"
REGISTRATION_NUMBER_MAX_LENGTH = 30  # of the canonical spelling (the model's max_length)

# Registration status (status registrasi), as written in the SDP export.
STATUS_AKTIF = "AKTIF"
STATUS_BON = "BON"
STATUS_SAKIT = "SAKIT"
STATUS_PINDAH = "PINDAH"
STATUS_BEBAS = "BEBAS"
STATUS_MENINGGAL = "MENINGGAL"
STATUS_LABELS: dict[str, str] = {
    STATUS_AKTIF: "Aktif",
    STATUS_BON: "Bon (sementara keluar)",
    STATUS_SAKIT: "Sakit",
    STATUS_PINDAH: "Pindah UPT",
    STATUS_BEBAS: "Bebas",
    STATUS_MENINGGAL: "Meninggal",
}
STATUSES: tuple[str, ...] = tuple(STATUS_LABELS)
STATUS_CHOICES: list[tuple[str, str]] = list(STATUS_LABELS.items())
# Spellings of a status that mean the same thing (after upper-casing and collapsing spaces).
STATUS_ALIASES: dict[str, str] = {"PINDAH UPT": STATUS_PINDAH}

# Upper-cased, whitespace-free text. The roman alternatives are tried longest first.
_PATTERN = re.compile(
    r"(?P<letter>[AB])\.?(?P<roman>III|II|IV|V|I)\.?(?P<sub>[AB])?(?P<serial>\d+)/(?P<year>\d{4})",
    re.ASCII,
)
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, order=True)
class RegistrationNumber:
    """A parsed registration number; ``str()`` gives the canonical spelling."""

    register: str  # e.g. "B.IIa"
    serial: int
    year: int

    def __str__(self) -> str:
        return f"{self.register} {self.serial}/{self.year}"

    @property
    def legal_status(self) -> str:
        """ "tahanan" for the A registers, "narapidana" for the B registers."""
        return LEGAL_STATUS_TAHANAN if self.register.startswith("A") else LEGAL_STATUS_NARAPIDANA


def _invalid(raw: str, hint: str = "") -> ValueError:
    message = f"Nomor registrasi tidak valid: '{raw}' (contoh: {REGISTRATION_NUMBER_EXAMPLE})"
    if hint:
        message += f"; {hint}"
    return ValueError(message + ".")


def parse_registration_number(raw: str | None) -> RegistrationNumber:
    """Parse a registration number written in one of the accepted spellings.

    Raises ValueError with an Indonesian message when it is empty or not valid.
    """
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise ValueError("Nomor registrasi wajib diisi.")
    shown = _WHITESPACE.sub(" ", text)
    if len(shown) > 2 * REGISTRATION_NUMBER_MAX_LENGTH:
        raise _invalid(_clip(shown), "terlalu panjang")
    match = _PATTERN.fullmatch(_WHITESPACE.sub("", text).upper())
    if match is None:
        raise _invalid(shown)
    letter, roman, sub = match["letter"], match["roman"], match["sub"]
    register = f"{letter}.{roman}" + (sub.lower() if sub else "")
    if register not in REGISTERS:
        if letter == "A":
            hint = "register tahanan adalah A.I sampai A.V"
        else:
            hint = "register narapidana adalah B.I, B.IIa, B.IIb atau B.III"
        raise _invalid(shown, hint)
    serial, year = int(match["serial"]), int(match["year"])
    if serial == 0:
        raise _invalid(shown, "nomor urut tidak boleh 0")
    if not 1900 <= year <= 2099:
        raise _invalid(shown, "tahun tidak masuk akal")
    number = RegistrationNumber(register=register, serial=serial, year=year)
    if len(str(number)) > REGISTRATION_NUMBER_MAX_LENGTH:
        raise _invalid(_clip(shown), "terlalu panjang")
    return number


def _clip(text: str) -> str:
    limit = REGISTRATION_NUMBER_MAX_LENGTH
    return text if len(text) <= limit else text[:limit] + "…"


def normalize_registration_number(raw: str | None) -> str:
    """The canonical spelling of a registration number (``B.I 123/2024``).

    Raises ValueError with an Indonesian message when it is empty or not valid.
    """
    return str(parse_registration_number(raw))


def normalize_status(raw: str | None) -> str:
    """A registration status from its spelling in a file; empty means AKTIF.

    Case-insensitive, whitespace collapsed, "PINDAH UPT" accepted for PINDAH. Raises ValueError
    with an Indonesian message for anything else.
    """
    text = _WHITESPACE.sub(" ", "" if raw is None else str(raw)).strip().upper()
    if not text:
        return STATUS_AKTIF
    text = STATUS_ALIASES.get(text, text)
    if text not in STATUS_LABELS:
        raise ValueError(
            f"Status tidak dikenal: '{str(raw).strip()}' (gunakan {', '.join(STATUSES)})."
        )
    return text


NATURAL_KEY_DIGITS = 6
NATURAL_KEY_LENGTH = 120
_DIGITS = re.compile(r"\d+")


def natural_sort_key(text: str | None) -> str:
    """A key that sorts block and cell names naturally as plain text, in any database.

    Lower-cased, whitespace collapsed, each run of digits left-padded with zeros to six
    places (leading zeros dropped first): ``"5"`` -> ``"000005"``, ``"10A"`` -> ``"000010a"``,
    ``"Blok 2"`` -> ``"blok 000002"``; so 5, 6, 10, 11 sort in that order. Empty for empty.
    """
    text = " ".join((text or "").split()).lower()
    key = _DIGITS.sub(lambda m: (m.group().lstrip("0") or "0").rjust(NATURAL_KEY_DIGITS, "0"), text)
    return key[:NATURAL_KEY_LENGTH]
