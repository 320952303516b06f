"""Guidance stages (tahap pembinaan) and the eligibility class of an inmate.

Pure functions, no database: the register, the allocation rules and the export all call them.
The rules follow ``domain.md`` ("Stages and eligibility"):

* ``start`` is the detention date (tanggal penahanan); time in detention counts.
* ``expiry = start + sentence - remisi``, the sentence being calendar years, months and days.
* ``L = (expiry - start).days``; the 1/3, 1/2 and 2/3 dates are ``start + ceil(L/3)``,
  ``start + ceil(L/2)`` and ``start + ceil(2L/3)`` days.
* On a date ``d``: awal if ``d < 1/3``; lanjutan pertama if ``d < 1/2``; lanjutan kedua if
  ``d < 2/3``; otherwise akhir. So the fraction date itself already belongs to the next stage.

Calendar rule for adding the sentence (the way a person counts on a calendar, and the way
``dateutil.relativedelta`` does it): years and months are added together first, keeping the
day of the month; when that day does not exist in the target month it becomes the month's last
day (31 Jan + 1 month = 28 Feb, or 29 Feb in a leap year; 29 Feb 2024 + 1 year = 28 Feb 2025).
The days are added after that, then the remisi days are subtracted.

Precedence (``effective_stage_dates``): the SDP 1/3, 1/2 and 2/3 dates win over the computation,
but only as a complete, ordered set; a partial set is ignored as a whole (mixing SDP and computed
fractions could put the stages out of order). The SDP expiry date, when given, is the expiry; when
the fractions are computed, they are then taken of ``start -> SDP expiry`` (the SDP expiry already
has remisi applied). In ``inmate_class`` a tahanan is always "tahanan"; for a narapidana a stage
override (sidang TPP decision) wins over every date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# Eligibility classes. A narapidana's class is their stage; tahanan are a class of their own.
TAHANAN = "tahanan"
AWAL = "awal"
LANJUTAN_PERTAMA = "lanjutan_pertama"
LANJUTAN_KEDUA = "lanjutan_kedua"
AKHIR = "akhir"

CLASS_LABELS: dict[str, str] = {
    TAHANAN: "Tahanan",
    AWAL: "Tahap Awal",
    LANJUTAN_PERTAMA: "Tahap Lanjutan Pertama",
    LANJUTAN_KEDUA: "Tahap Lanjutan Kedua",
    AKHIR: "Tahap Akhir",
}
CLASSES: tuple[str, ...] = tuple(CLASS_LABELS)
CLASS_CHOICES: list[tuple[str, str]] = list(CLASS_LABELS.items())

# Guidance stages of a narapidana, in order (the valid values of a stage override).
STAGES: tuple[str, ...] = (AWAL, LANJUTAN_PERTAMA, LANJUTAN_KEDUA, AKHIR)
STAGE_CHOICES: list[tuple[str, str]] = [(s, CLASS_LABELS[s]) for s in STAGES]

# Legal status (status hukum). The tahanan status and the tahanan class share one value.
LEGAL_STATUS_TAHANAN = TAHANAN
LEGAL_STATUS_NARAPIDANA = "narapidana"
LEGAL_STATUS_LABELS: dict[str, str] = {
    LEGAL_STATUS_TAHANAN: "Tahanan",
    LEGAL_STATUS_NARAPIDANA: "Narapidana",
}
LEGAL_STATUSES: tuple[str, ...] = tuple(LEGAL_STATUS_LABELS)
LEGAL_STATUS_CHOICES: list[tuple[str, str]] = list(LEGAL_STATUS_LABELS.items())

SOURCE_SDP = "sdp"
SOURCE_COMPUTED = "computed"


@dataclass(frozen=True)
class StageDates:
    """The dates at which a narapidana enters the later stages, and the expiry.

    ``one_third``, ``half`` and ``two_thirds`` are the first days of lanjutan pertama,
    lanjutan kedua and akhir. ``expiry`` may be None only when the SDP gave the fractions without
    an expiry and the sentence data is incomplete. ``source`` is "sdp" or "computed".
    """

    one_third: date
    half: date
    two_thirds: date
    expiry: date | None
    source: str = SOURCE_COMPUTED


def add_calendar(start: date, *, years: int = 0, months: int = 0, days: int = 0) -> date:
    """Add calendar years, months and days to ``start`` (see the module docstring).

    Years and months together first, with the day clamped to the end of the target month; then
    days. Raises ``OverflowError`` past year 9999.
    """
    total_months = start.month - 1 + months + 12 * years
    year = start.year + total_months // 12
    month = total_months % 12 + 1
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=days)


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _check_non_negative(**values: int | None) -> None:
    for name, value in values.items():
        if value is not None and value < 0:
            raise ValueError(f"{name} must not be negative, got {value}")


def fraction_dates(start: date, expiry: date) -> StageDates | None:
    """The 1/3, 1/2 and 2/3 dates between ``start`` and ``expiry``; None if expiry <= start."""
    length = (expiry - start).days
    if length <= 0:
        return None
    return StageDates(
        one_third=start + timedelta(days=_ceil_div(length, 3)),
        half=start + timedelta(days=_ceil_div(length, 2)),
        two_thirds=start + timedelta(days=_ceil_div(2 * length, 3)),
        expiry=expiry,
        source=SOURCE_COMPUTED,
    )


def compute_expiry(
    *,
    detention_date: date | None,
    years: int | None,
    months: int | None,
    days: int | None,
    remisi_days: int | None,
) -> date | None:
    """``detention_date + sentence - remisi``, or None when the data is incomplete.

    The sentence is incomplete when there is no detention date or when years, months and days
    are all None; a single None component counts as 0, and so does a None remisi. Negative
    numbers are a caller's bug (the register stores non-negative values) and raise ValueError.
    A sentence that runs past year 9999 (a placeholder for life) gives None.
    """
    _check_non_negative(years=years, months=months, days=days, remisi_days=remisi_days)
    if detention_date is None or (years is None and months is None and days is None):
        return None
    try:
        end = add_calendar(detention_date, years=years or 0, months=months or 0, days=days or 0)
        return end - timedelta(days=remisi_days or 0)
    except OverflowError:
        return None


def sdp_dates_problem(
    *,
    one_third: date | None,
    half: date | None,
    two_thirds: date | None,
    expiry: date | None = None,
) -> str | None:
    """Why a set of SDP dates cannot be used as the stage dates (Indonesian), or None if usable.

    Also None when no fraction is given at all (nothing to complain about).
    """
    fractions = (one_third, half, two_thirds)
    if all(d is None for d in fractions):
        return None
    if any(d is None for d in fractions):
        return (
            "Tanggal 1/3, 1/2 dan 2/3 dari SDP tidak lengkap; "
            "tanggal tahap dihitung dari data pidana."
        )
    ordered = [d for d in (one_third, half, two_thirds, expiry) if d is not None]
    if ordered != sorted(ordered):
        return "Tanggal 1/3, 1/2, 2/3 dan ekspirasi dari SDP tidak berurutan."
    return None


def effective_stage_dates(
    *,
    detention_date: date | None,
    years: int | None,
    months: int | None,
    days: int | None,
    remisi_days: int | None,
    sdp_one_third: date | None = None,
    sdp_half: date | None = None,
    sdp_two_thirds: date | None = None,
    sdp_expiry: date | None = None,
) -> StageDates | None:
    """The stage dates to use: SDP dates win over the computation (see the module docstring).

    * All three SDP fractions given and in order (1/3 <= 1/2 <= 2/3 <= SDP expiry, when given):
      they are used; the expiry is the SDP expiry, else the computed one (may be None).
    * Otherwise (none, some, or out of order) the fractions are computed, taken of
      ``detention_date -> SDP expiry`` when the SDP gives an expiry, else of the sentence.
    """
    computed_expiry = compute_expiry(
        detention_date=detention_date,
        years=years,
        months=months,
        days=days,
        remisi_days=remisi_days,
    )
    sdp_complete = None not in (sdp_one_third, sdp_half, sdp_two_thirds)
    problem = sdp_dates_problem(
        one_third=sdp_one_third,
        half=sdp_half,
        two_thirds=sdp_two_thirds,
        expiry=sdp_expiry,
    )
    if sdp_complete and problem is None:
        return StageDates(
            one_third=sdp_one_third,
            half=sdp_half,
            two_thirds=sdp_two_thirds,
            expiry=sdp_expiry or computed_expiry,
            source=SOURCE_SDP,
        )
    expiry = sdp_expiry or computed_expiry
    if detention_date is None or expiry is None:
        return None
    return fraction_dates(detention_date, expiry)


def stage_on(dates: StageDates, on: date) -> str:
    """The guidance stage on the date ``on`` given the stage dates."""
    if on < dates.one_third:
        return AWAL
    if on < dates.half:
        return LANJUTAN_PERTAMA
    if on < dates.two_thirds:
        return LANJUTAN_KEDUA
    return AKHIR


def inmate_class(
    *,
    legal_status: str | None,
    on: date,
    dates: StageDates | None,
    override: str | None = None,
) -> str | None:
    """The eligibility class of an inmate on a date, or None when it cannot be known.

    * tahanan -> "tahanan", whatever the dates or an override (tahanan have no stage);
    * narapidana with an override (a stage from ``STAGES``) -> the override;
    * narapidana with stage dates -> the stage on ``on``;
    * narapidana without dates, or no legal status -> None.

    An empty override ("" from a blank form field) means no override. An unknown legal status or
    override value raises ValueError: it is a bug, not missing data.
    """
    if legal_status in (None, ""):
        return None
    if legal_status == LEGAL_STATUS_TAHANAN:
        return TAHANAN
    if legal_status != LEGAL_STATUS_NARAPIDANA:
        raise ValueError(f"unknown legal status: {legal_status!r}")
    if override:
        if override not in STAGES:
            raise ValueError(f"unknown stage override: {override!r}")
        return override
    if dates is None:
        return None
    return stage_on(dates, on)


def class_label(value: str | None) -> str:
    """Indonesian label of a class; "Belum dapat ditentukan" for None (incomplete data)."""
    if value is None:
        return "Belum dapat ditentukan"
    return CLASS_LABELS[value]
