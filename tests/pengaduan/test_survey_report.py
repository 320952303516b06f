"""The survey's figures against hand-worked examples of Permenpan RB No. 14/2017."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from pengaduan import services
from pengaduan.models import SurveyElement, SurveyPeriod
from pengaduan.survey_report import (
    KREJCIE_MORGAN,
    Semester,
    category,
    index_from_nrr,
    krejcie_morgan_formula,
    latest_published_index,
    minimum_sample,
    period_results,
)
from tests.pengaduan.survey_factories import make_responses

# Ten respondents; each element's total score (U1 … U9) and so its NRR (total / 10):
#   U1 32 → 3,2   U2 31 → 3,1   U3 29 → 2,9   U4 40 → 4,0   U5 33 → 3,3
#   U6 34 → 3,4   U7 36 → 3,6   U8 28 → 2,8   U9 30 → 3,0
# Σ NRR = 29,3; Σ NRR tertimbang = 29,3 × 1/9 = 3,2556 (IKM, scale 1–4);
# index = 3,25556 × 25 = 81,3889 → 81,39 → B (Baik), since 76,61 ≤ 81,39 ≤ 88,30.
# (With the printed weight 0,111: 29,3 × 0,111 × 25 = 81,31, also B.)
SUMS = [32, 31, 29, 40, 33, 34, 36, 28, 30]
NRR = [Decimal(s) / 10 for s in SUMS]


def test_hand_worked_example_index_and_category():
    index = index_from_nrr(NRR)
    assert index == Decimal("81.39")
    assert category(index).letter == "B"
    assert category(index).label == "Baik"


def test_hand_worked_example_from_stored_responses(db):
    make_responses(SUMS, 10, on=date(2026, 3, 10))
    results = period_results(Semester(2026, 1))
    assert results.respondents == 10
    assert [e.nrr for e in results.elements] == NRR
    assert [e.code for e in results.elements] == [f"U{i}" for i in range(1, 10)]
    assert results.elements[3].label == "Biaya/tarif"
    assert results.ikm == Decimal("3.256")
    assert results.index == Decimal("81.39")
    assert (results.category.letter, results.category.label) == ("B", "Baik")


def test_weight_is_exactly_one_ninth_not_0_111():
    """Every answer 4: the regulation's printed 0,111 would give 99,90; the index is 100."""
    assert index_from_nrr([Decimal(4)] * 9) == Decimal("100.00")
    assert index_from_nrr([Decimal(1)] * 9) == Decimal("25.00")


def test_nrr_is_not_rounded_before_summing():
    # NRR 3,333… on every element: rounding each NRR to 3,33 first would give 83,25.
    assert index_from_nrr([Decimal(10) / 3] * 9) == Decimal("83.33")


@pytest.mark.parametrize(
    ("index", "letter", "label"),
    [
        ("100.00", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("25.00", "D", "Tidak Baik"),
    ],
)
def test_category_bounds(index, letter, label):
    grade = category(Decimal(index))
    assert (grade.letter, grade.label) == (letter, label)


def test_period_is_a_semester():
    assert Semester.of(date(2026, 6, 30)) == Semester(2026, 1)
    assert Semester.of(date(2026, 7, 1)) == Semester(2026, 2)
    assert Semester(2026, 2).start == date(2026, 7, 1)
    assert Semester(2026, 2).end == date(2026, 12, 31)
    assert Semester(2026, 1).label == "Semester I 2026"


def test_responses_outside_the_semester_do_not_count(db):
    make_responses(SUMS, 10, on=date(2026, 6, 30))
    make_responses([10] * 9, 10, on=date(2026, 7, 1))  # all 1 in semester II
    assert period_results(Semester(2026, 1)).index == Decimal("81.39")
    assert period_results(Semester(2026, 2)).index == Decimal("25.00")


def test_no_responses_no_index(db):
    results = period_results(Semester(2026, 1))
    assert results.respondents == 0
    assert results.index is None and results.category is None
    assert all(e.nrr is None for e in results.elements)


@pytest.mark.parametrize(
    ("population", "sample"),
    [(1, 1), (8, 8), (10, 10), (12, 12), (100, 80), (101, 86), (300, 169), (1000, 278),
     (5000, 357), (80000, 384), (2_000_000, 384)],
)  # fmt: skip
def test_minimum_sample_follows_the_krejcie_morgan_table(population, sample):
    assert minimum_sample(population) == sample


def test_the_table_is_krejcie_morgans_formula():
    """Guards the typed-in table: every row is the formula's value, give or take one."""
    for population, sample in KREJCIE_MORGAN:
        assert abs(krejcie_morgan_formula(population) - sample) <= 1, population


def no_population(first, last):
    return 0


def twelve_served(first, last):
    assert (first, last) == (date(2026, 1, 1), date(2026, 6, 30))
    return 12


@pytest.fixture
def served(monkeypatch):
    """Point the app hook (AppConfig.survey_population, absensi's) at a test function."""

    def use(function):
        path = f"{__name__}.{function.__name__}"
        monkeypatch.setattr(apps.get_app_config("absensi"), "survey_population", path)

    return use


def test_population_is_counted_from_attendance_unless_set(db, kepala, served):
    make_responses(SUMS, 10, on=date(2026, 3, 10))
    served(twelve_served)
    results = period_results(Semester(2026, 1))
    assert (results.population, results.population_entered) == (12, False)
    assert (results.minimum_sample, results.sample_sufficient) == (12, False)
    services.set_survey_period(year=2026, semester=1, population=10, published=False, by=kepala)
    results = period_results(Semester(2026, 1))
    assert (results.population, results.population_entered) == (10, True)
    assert results.counted_population == 12
    assert results.sample_sufficient is True


def test_sample_sufficiency_needs_the_population(db, kepala, served):
    served(no_population)
    make_responses(SUMS, 10, on=date(2026, 3, 10))
    assert period_results(Semester(2026, 1)).sample_sufficient is None
    services.set_survey_period(year=2026, semester=1, population=12, published=False, by=kepala)
    results = period_results(Semester(2026, 1))
    assert (results.minimum_sample, results.sample_sufficient) == (12, False)
    services.set_survey_period(year=2026, semester=1, population=10, published=False, by=kepala)
    assert period_results(Semester(2026, 1)).sample_sufficient is True


def test_profiles_and_suggestions(db):
    make_responses([9] * 9, 3, on=date(2026, 3, 10), sex="laki_laki", suggestion="Tambah gamelan.")
    make_responses([6] * 9, 2, on=date(2026, 3, 11), sex="perempuan")
    results = period_results(Semester(2026, 1))
    sexes = dict(next(t for t in results.profiles if t.title == "Jenis kelamin").rows)
    assert sexes == {"Laki-laki": 3, "Perempuan": 2}
    assert results.suggestions == [(date(2026, 3, 10), "Tambah gamelan.")] * 3


def test_results_take_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    make_responses([150] * 9, 50, on=date(2026, 3, 10), suggestion="Saran.")
    with django_assert_max_num_queries(10):
        period_results(Semester(2026, 1))


def test_latest_published_index_skips_unpublished_periods(db, kepala):
    make_responses(SUMS, 10, on=date(2026, 3, 10))
    make_responses([40] * 9, 10, on=date(2026, 8, 10))
    assert latest_published_index() is None
    services.set_survey_period(year=2026, semester=1, population=None, published=True, by=kepala)
    published = latest_published_index()
    assert (published.index, published.category.letter) == (Decimal("81.39"), "B")
    assert published.respondents == 10
    services.set_survey_period(year=2026, semester=2, population=None, published=True, by=kepala)
    assert latest_published_index().index == Decimal("100.00")


def test_publishing_records_who_and_when(db, kepala, time_machine):
    time_machine.move_to("2026-07-03 09:00 +07:00")
    make_responses(SUMS, 10, on=date(2026, 3, 10))
    period = services.set_survey_period(
        year=2026, semester=1, population=120, published=True, by=kepala
    )
    assert period.published_on == date(2026, 7, 3)
    assert period.history.first().history_user == kepala
    period = services.set_survey_period(
        year=2026, semester=1, population=120, published=False, by=kepala
    )
    assert period.published_on is None
    assert SurveyPeriod.objects.count() == 1


def test_every_element_is_one_of_the_nine():
    assert len(SurveyElement.values) == 9
