"""The class of an inmate on a date (domain.md, "Stages and eligibility").

Every expected date below was counted by hand on a calendar, not with the formula under test.
"""

from datetime import date

import pytest

from pembinaan.stages import (
    AKHIR,
    AWAL,
    CLASS_CHOICES,
    CLASS_LABELS,
    CLASSES,
    LANJUTAN_KEDUA,
    LANJUTAN_PERTAMA,
    LEGAL_STATUS_NARAPIDANA,
    LEGAL_STATUS_TAHANAN,
    SOURCE_COMPUTED,
    SOURCE_SDP,
    STAGES,
    TAHANAN,
    StageDates,
    add_calendar,
    class_label,
    compute_expiry,
    effective_stage_dates,
    inmate_class,
    sdp_dates_problem,
)

D = date.fromisoformat


def sentence(detention, years=None, months=None, days=None, remisi=None):
    return {
        "detention_date": D(detention) if detention else None,
        "years": years,
        "months": months,
        "days": days,
        "remisi_days": remisi,
    }


def narapidana_class(dates, on, override=None):
    return inmate_class(legal_status="narapidana", on=D(on), dates=dates, override=override)


# --- constants -------------------------------------------------------------------------------


def test_class_values_and_indonesian_labels():
    assert (TAHANAN, AWAL, LANJUTAN_PERTAMA, LANJUTAN_KEDUA, AKHIR) == (
        "tahanan",
        "awal",
        "lanjutan_pertama",
        "lanjutan_kedua",
        "akhir",
    )
    assert CLASS_LABELS == {
        "tahanan": "Tahanan",
        "awal": "Tahap Awal",
        "lanjutan_pertama": "Tahap Lanjutan Pertama",
        "lanjutan_kedua": "Tahap Lanjutan Kedua",
        "akhir": "Tahap Akhir",
    }
    assert tuple(value for value, _ in CLASS_CHOICES) == CLASSES
    assert STAGES == ("awal", "lanjutan_pertama", "lanjutan_kedua", "akhir")
    assert (LEGAL_STATUS_TAHANAN, LEGAL_STATUS_NARAPIDANA) == ("tahanan", "narapidana")


def test_class_label_of_unknown_class_says_it_cannot_be_determined():
    assert class_label(AKHIR) == "Tahap Akhir"
    assert class_label(None) == "Belum dapat ditentukan"


# --- adding a sentence on the calendar -----------------------------------------------------


@pytest.mark.parametrize(
    ("start", "years", "months", "days", "expected"),
    [
        ("2024-01-31", 0, 1, 0, "2024-02-29"),  # month end, leap year
        ("2023-01-31", 0, 1, 0, "2023-02-28"),  # month end, common year
        ("2024-03-31", 0, 1, 0, "2024-04-30"),  # 31st into a 30-day month
        ("2024-02-29", 1, 0, 0, "2025-02-28"),  # 29 Feb + 1 year
        ("2024-02-29", 4, 0, 0, "2028-02-29"),  # 29 Feb + 4 years: leap again
        ("2024-02-29", 0, 12, 0, "2025-02-28"),  # 12 months = 1 year
        ("2024-11-30", 0, 3, 0, "2025-02-28"),  # months roll over the year
        ("2024-11-30", 0, 15, 0, "2026-02-28"),
        ("2023-01-31", 1, 1, 0, "2024-02-29"),  # years and months together, then clamp
        ("2024-01-30", 0, 1, 1, "2024-03-01"),  # months first (29 Feb), then the day
        ("2024-01-31", 0, 1, 1, "2024-03-01"),
        ("2024-12-31", 0, 0, 1, "2025-01-01"),
        ("2024-01-15", 2, 6, 10, "2026-07-25"),
        ("2024-05-10", 0, 0, 0, "2024-05-10"),
    ],
)
def test_add_calendar_clamps_to_month_end(start, years, months, days, expected):
    assert add_calendar(D(start), years=years, months=months, days=days) == D(expected)


def test_add_calendar_past_year_9999_overflows():
    with pytest.raises(OverflowError):
        add_calendar(D("2024-01-01"), years=8000)


# --- the expiry ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (sentence("2024-01-01", 1, 0, 0, 0), "2025-01-01"),
        (sentence("2024-01-01", 1, 0, 0, 30), "2024-12-02"),  # remisi subtracted in days
        (sentence("2024-01-01", 1), "2025-01-01"),  # missing months/days/remisi count as 0
        (sentence("2024-01-01", None, 6), "2024-07-01"),
        (sentence("2024-01-01", None, None, 45), "2024-02-15"),
        (sentence("2024-03-01", 0, 0, 10, 15), "2024-02-25"),  # remisi > sentence: before start
    ],
)
def test_compute_expiry(data, expected):
    assert compute_expiry(**data) == D(expected)


@pytest.mark.parametrize(
    "data",
    [
        sentence(None, 1, 0, 0, 0),  # no detention date
        sentence("2024-01-01"),  # no sentence at all
        sentence("2024-01-01", remisi=10),
        sentence("2024-01-01", 8000),  # beyond the calendar: a placeholder, not a date
    ],
)
def test_compute_expiry_is_none_when_data_is_incomplete(data):
    assert compute_expiry(**data) is None


@pytest.mark.parametrize("field", ["years", "months", "days", "remisi_days"])
def test_negative_numbers_are_a_bug(field):
    data = sentence("2024-01-01", 1, 0, 0, 0)
    data[field] = -1
    with pytest.raises(ValueError):
        compute_expiry(**data)
    with pytest.raises(ValueError):
        effective_stage_dates(**data)


# --- computed stage dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "one_third", "half", "two_thirds", "expiry"),
    [
        # 3 years from 1 Jan 2024: L = 366 + 365 + 365 = 1096 days;
        # ceil(1096/3) = 366, ceil(1096/2) = 548, ceil(2192/3) = 731.
        (
            sentence("2024-01-01", 3, 0, 0, 0),
            "2025-01-01",
            "2025-07-02",
            "2026-01-01",
            "2027-01-01",
        ),
        # 1 year, 30 days remisi: L = 366 - 30 = 336 -> 112, 168, 224 days.
        (
            sentence("2024-01-01", 1, 0, 0, 30),
            "2024-04-22",
            "2024-06-17",
            "2024-08-12",
            "2024-12-02",
        ),
        # 31 Jan + 1 month = 29 Feb 2024: L = 29 -> 10, 15, 20 days.
        (
            sentence("2024-01-31", 0, 1, 0, 0),
            "2024-02-10",
            "2024-02-15",
            "2024-02-20",
            "2024-02-29",
        ),
        # 31 Jan + 1 month = 28 Feb 2023: L = 28 -> 10, 14, 19 days.
        (
            sentence("2023-01-31", 0, 1, 0, 0),
            "2023-02-10",
            "2023-02-14",
            "2023-02-19",
            "2023-02-28",
        ),
        # Detained on 29 Feb 2024, 1 year -> 28 Feb 2025: L = 365 -> 122, 183, 244 days.
        (
            sentence("2024-02-29", 1, 0, 0, 0),
            "2024-06-30",
            "2024-08-30",
            "2024-10-30",
            "2025-02-28",
        ),
        # The shortest sentence, 1 day: every fraction falls on the expiry.
        (
            sentence("2024-01-01", 0, 0, 1, 0),
            "2024-01-02",
            "2024-01-02",
            "2024-01-02",
            "2024-01-02",
        ),
        # 2 days: ceil(2/3) = 1, ceil(2/2) = 1, ceil(4/3) = 2.
        (
            sentence("2024-01-01", 0, 0, 2, 0),
            "2024-01-02",
            "2024-01-02",
            "2024-01-03",
            "2024-01-03",
        ),
        # 3 months: 1 Oct 2024 -> 1 Jan 2025, L = 92 -> 31, 46, 62 days.
        (
            sentence("2024-10-01", 0, 3, 0, 0),
            "2024-11-01",
            "2024-11-16",
            "2024-12-02",
            "2025-01-01",
        ),
        # Remisi of 1 day off 1 year from 1 Mar 2023: L = 366 - 1 = 365 -> 122, 183, 244 days.
        (
            sentence("2023-03-01", 1, 0, 0, 1),
            "2023-07-01",
            "2023-08-31",
            "2023-10-31",
            "2024-02-29",
        ),
    ],
)
def test_compute_stage_dates(data, one_third, half, two_thirds, expiry):
    assert effective_stage_dates(**data) == StageDates(
        one_third=D(one_third),
        half=D(half),
        two_thirds=D(two_thirds),
        expiry=D(expiry),
        source=SOURCE_COMPUTED,
    )


@pytest.mark.parametrize(
    "data",
    [
        sentence("2024-01-01", 0, 0, 0, 0),  # zero sentence
        sentence("2024-01-01", 0, 0, 30, 30),  # remisi equals the sentence
        sentence("2024-01-01", 0, 0, 30, 31),  # remisi exceeds the sentence
        sentence("2024-01-01", 0, 1, 0, 31),  # 31 days of January, all remitted
        sentence(None, 2, 0, 0, 0),  # no detention date
        sentence("2024-01-01"),  # no sentence
        sentence("2024-01-01", None, None, None, 0),
    ],
)
def test_compute_stage_dates_is_none_without_a_positive_effective_sentence(data):
    assert effective_stage_dates(**data) is None


# --- SDP dates against the computation -----------------------------------------------------

THREE_YEARS = sentence("2024-01-01", 3, 0, 0, 0)  # computed: 2025-01-01, 2025-07-02, 2026-01-01


def sdp(one_third=None, half=None, two_thirds=None, expiry=None):
    return {
        "sdp_one_third": D(one_third) if one_third else None,
        "sdp_half": D(half) if half else None,
        "sdp_two_thirds": D(two_thirds) if two_thirds else None,
        "sdp_expiry": D(expiry) if expiry else None,
    }


def test_without_sdp_dates_the_computation_is_used():
    assert effective_stage_dates(**THREE_YEARS) == StageDates(
        D("2025-01-01"), D("2025-07-02"), D("2026-01-01"), D("2027-01-01"), SOURCE_COMPUTED
    )


def test_complete_sdp_dates_win_over_the_computation():
    dates = effective_stage_dates(
        **THREE_YEARS, **sdp("2024-10-01", "2025-03-01", "2025-08-01", "2026-06-01")
    )
    assert dates == StageDates(
        D("2024-10-01"), D("2025-03-01"), D("2025-08-01"), D("2026-06-01"), SOURCE_SDP
    )


def test_sdp_fractions_without_sdp_expiry_keep_the_computed_expiry():
    dates = effective_stage_dates(**THREE_YEARS, **sdp("2024-10-01", "2025-03-01", "2025-08-01"))
    assert dates == StageDates(
        D("2024-10-01"), D("2025-03-01"), D("2025-08-01"), D("2027-01-01"), SOURCE_SDP
    )


def test_sdp_fractions_work_without_any_sentence_data():
    dates = effective_stage_dates(**sentence(None), **sdp("2024-10-01", "2025-03-01", "2025-08-01"))
    assert dates == StageDates(D("2024-10-01"), D("2025-03-01"), D("2025-08-01"), None, SOURCE_SDP)


def test_sdp_fractions_may_share_a_day():
    dates = effective_stage_dates(
        **sentence(None), **sdp("2024-01-02", "2024-01-02", "2024-01-02", "2024-01-02")
    )
    assert dates.source == SOURCE_SDP


@pytest.mark.parametrize(
    "partial",
    [
        sdp(one_third="2024-10-01"),
        sdp(half="2025-03-01"),
        sdp(two_thirds="2025-08-01"),
        sdp("2024-10-01", "2025-03-01"),
        sdp(half="2025-03-01", two_thirds="2025-08-01"),
    ],
)
def test_partial_sdp_fractions_are_ignored_as_a_whole(partial):
    dates = effective_stage_dates(**THREE_YEARS, **partial)
    assert dates == StageDates(
        D("2025-01-01"), D("2025-07-02"), D("2026-01-01"), D("2027-01-01"), SOURCE_COMPUTED
    )


def test_partial_sdp_fractions_without_sentence_data_give_no_dates():
    assert effective_stage_dates(**sentence("2024-01-01"), **sdp("2024-10-01")) is None


def test_sdp_expiry_alone_is_the_expiry_the_fractions_are_taken_of():
    # 1 Jan 2024 -> SDP expiry 1 Jan 2025: L = 366 -> 122, 183, 244 days.
    expected = StageDates(
        D("2024-05-02"), D("2024-07-02"), D("2024-09-01"), D("2025-01-01"), SOURCE_COMPUTED
    )
    assert effective_stage_dates(**THREE_YEARS, **sdp(expiry="2025-01-01")) == expected
    assert effective_stage_dates(**sentence("2024-01-01"), **sdp(expiry="2025-01-01")) == expected


def test_sdp_expiry_without_detention_date_gives_no_dates():
    assert effective_stage_dates(**sentence(None, 3), **sdp(expiry="2025-01-01")) is None


@pytest.mark.parametrize(
    "unordered",
    [
        sdp("2025-03-01", "2024-10-01", "2025-08-01"),
        sdp("2024-10-01", "2025-08-01", "2025-03-01"),
        sdp("2024-10-01", "2025-03-01", "2025-08-01", "2025-07-01"),
    ],
)
def test_unordered_sdp_dates_are_not_used(unordered):
    dates = effective_stage_dates(**THREE_YEARS, **unordered)
    assert dates.source == SOURCE_COMPUTED


@pytest.mark.parametrize(
    ("dates", "problem"),
    [
        (sdp(), None),
        (sdp(expiry="2025-01-01"), None),
        (sdp("2024-10-01", "2025-03-01", "2025-08-01"), None),
        (sdp("2024-10-01", "2025-03-01", "2025-08-01", "2025-08-01"), None),
        (sdp("2024-10-01"), "tidak lengkap"),
        (sdp("2024-10-01", "2025-03-01", "2025-08-01", "2025-07-31"), "tidak berurutan"),
        (sdp("2024-10-02", "2024-10-01", "2025-08-01"), "tidak berurutan"),
    ],
)
def test_sdp_dates_problem_explains_in_indonesian(dates, problem):
    found = sdp_dates_problem(
        one_third=dates["sdp_one_third"],
        half=dates["sdp_half"],
        two_thirds=dates["sdp_two_thirds"],
        expiry=dates["sdp_expiry"],
    )
    if problem is None:
        assert found is None
    else:
        assert problem in found


# --- the class on a date ----------------------------------------------------------------------

DATES_3Y = effective_stage_dates(**THREE_YEARS)  # 2025-01-01, 2025-07-02, 2026-01-01


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2023-12-01", AWAL),  # before detention (data entered early): still the first stage
        ("2024-01-01", AWAL),  # the day of detention
        ("2024-12-31", AWAL),  # the day before 1/3
        ("2025-01-01", LANJUTAN_PERTAMA),  # on 1/3
        ("2025-07-01", LANJUTAN_PERTAMA),  # the day before 1/2
        ("2025-07-02", LANJUTAN_KEDUA),  # on 1/2
        ("2025-12-31", LANJUTAN_KEDUA),  # the day before 2/3
        ("2026-01-01", AKHIR),  # on 2/3
        ("2027-01-01", AKHIR),  # on expiry
        ("2030-01-01", AKHIR),  # after expiry (not yet marked BEBAS)
    ],
)
def test_stage_boundaries_three_years(on, expected):
    assert narapidana_class(DATES_3Y, on) == expected


@pytest.mark.parametrize(
    ("data", "on", "expected"),
    [
        # 31 Jan 2024 + 1 month: 10, 15, 20 Feb 2024
        (sentence("2024-01-31", 0, 1), "2024-02-09", AWAL),
        (sentence("2024-01-31", 0, 1), "2024-02-10", LANJUTAN_PERTAMA),
        (sentence("2024-01-31", 0, 1), "2024-02-14", LANJUTAN_PERTAMA),
        (sentence("2024-01-31", 0, 1), "2024-02-15", LANJUTAN_KEDUA),
        (sentence("2024-01-31", 0, 1), "2024-02-19", LANJUTAN_KEDUA),
        (sentence("2024-01-31", 0, 1), "2024-02-20", AKHIR),
        (sentence("2024-01-31", 0, 1), "2024-02-29", AKHIR),
        # Detained 29 Feb 2024, 1 year: 30 Jun, 30 Aug, 30 Oct 2024
        (sentence("2024-02-29", 1), "2024-06-29", AWAL),
        (sentence("2024-02-29", 1), "2024-06-30", LANJUTAN_PERTAMA),
        (sentence("2024-02-29", 1), "2024-08-29", LANJUTAN_PERTAMA),
        (sentence("2024-02-29", 1), "2024-08-30", LANJUTAN_KEDUA),
        (sentence("2024-02-29", 1), "2024-10-29", LANJUTAN_KEDUA),
        (sentence("2024-02-29", 1), "2024-10-30", AKHIR),
        # 1 year with 30 days remisi: 22 Apr, 17 Jun, 12 Aug 2024
        (sentence("2024-01-01", 1, 0, 0, 30), "2024-04-21", AWAL),
        (sentence("2024-01-01", 1, 0, 0, 30), "2024-04-22", LANJUTAN_PERTAMA),
        (sentence("2024-01-01", 1, 0, 0, 30), "2024-06-16", LANJUTAN_PERTAMA),
        (sentence("2024-01-01", 1, 0, 0, 30), "2024-06-17", LANJUTAN_KEDUA),
        (sentence("2024-01-01", 1, 0, 0, 30), "2024-08-11", LANJUTAN_KEDUA),
        (sentence("2024-01-01", 1, 0, 0, 30), "2024-08-12", AKHIR),
        # Without the remisi, the same day is still in an earlier stage (ceil(366/3) = 122).
        (sentence("2024-01-01", 1, 0, 0, 0), "2024-04-22", AWAL),
        (sentence("2024-01-01", 1, 0, 0, 0), "2024-05-02", LANJUTAN_PERTAMA),
        # 1 day: awal on the day of detention, akhir from the next day
        (sentence("2024-01-01", 0, 0, 1), "2024-01-01", AWAL),
        (sentence("2024-01-01", 0, 0, 1), "2024-01-02", AKHIR),
    ],
)
def test_stage_boundaries(data, on, expected):
    assert narapidana_class(effective_stage_dates(**data), on) == expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2024-09-30", AWAL),
        ("2024-10-01", LANJUTAN_PERTAMA),
        ("2025-02-28", LANJUTAN_PERTAMA),
        ("2025-03-01", LANJUTAN_KEDUA),
        ("2025-07-31", LANJUTAN_KEDUA),
        ("2025-08-01", AKHIR),
    ],
)
def test_stage_follows_sdp_dates_not_the_computation(on, expected):
    dates = effective_stage_dates(**THREE_YEARS, **sdp("2024-10-01", "2025-03-01", "2025-08-01"))
    assert narapidana_class(dates, on) == expected


@pytest.mark.parametrize("override", STAGES)
@pytest.mark.parametrize("on", ["2024-06-01", "2025-03-01", "2025-10-01", "2026-06-01"])
def test_override_wins_over_the_dates(override, on):
    assert narapidana_class(DATES_3Y, on, override=override) == override


@pytest.mark.parametrize("override", STAGES)
def test_override_wins_without_any_dates(override):
    assert narapidana_class(None, "2025-01-01", override=override) == override


def test_override_wins_over_sdp_dates():
    dates = effective_stage_dates(**THREE_YEARS, **sdp("2024-10-01", "2025-03-01", "2025-08-01"))
    assert narapidana_class(dates, "2026-01-01", override=AWAL) == AWAL


@pytest.mark.parametrize("blank", [None, ""])
def test_blank_override_is_no_override(blank):
    assert narapidana_class(DATES_3Y, "2024-06-01", override=blank) == AWAL


@pytest.mark.parametrize("bad", [TAHANAN, "akhir ", "AKHIR", "lanjutan"])
def test_unknown_override_is_a_bug(bad):
    with pytest.raises(ValueError):
        narapidana_class(DATES_3Y, "2024-06-01", override=bad)


@pytest.mark.parametrize("dates", [None, DATES_3Y])
@pytest.mark.parametrize("override", [None, "", AKHIR])
def test_tahanan_are_always_tahanan(dates, override):
    assert (
        inmate_class(legal_status="tahanan", on=D("2025-03-01"), dates=dates, override=override)
        == TAHANAN
    )


def test_narapidana_without_dates_has_no_class():
    assert narapidana_class(None, "2025-01-01") is None


@pytest.mark.parametrize("blank", [None, ""])
def test_missing_legal_status_has_no_class(blank):
    assert inmate_class(legal_status=blank, on=D("2025-01-01"), dates=DATES_3Y) is None


def test_unknown_legal_status_is_a_bug():
    with pytest.raises(ValueError):
        inmate_class(legal_status="Narapidana", on=D("2025-01-01"), dates=DATES_3Y)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (sentence("2024-01-01", 0, 0, 0, 0), None),  # zero sentence
        (sentence("2024-01-01", 0, 6, 0, 200), None),  # remisi beyond the sentence
        (sentence(None, 2), None),  # no detention date
        (sentence("2024-01-01"), None),  # no sentence
        (sentence("2024-01-01", 2), AWAL),
    ],
)
def test_class_with_incomplete_or_empty_sentence(data, expected):
    assert narapidana_class(effective_stage_dates(**data), "2024-02-01") == expected
