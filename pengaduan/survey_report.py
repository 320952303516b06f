"""The survey's figures (Permenpan RB No. 14/2017): per element the NRR, the index and its
quality category, the respondents by profile, the suggestions and the minimum sample.

The arithmetic, exactly as the regulation defines it, with `Decimal` throughout:

- NRR of an element = the sum of its scores / the number of respondents who answered it;
- NRR tertimbang = NRR × 1/9 (the regulation prints the weight as 0,111);
- IKM = Σ NRR tertimbang (1–4); the unit's index (IKM unit pelayanan) = IKM × 25 (25–100).

The weight is taken as exactly 1/9, not 0,111: with 0,111 a unit where every respondent
answered 4 would score 99,90 instead of 100. The index is computed unrounded and rounded once,
half up, to two decimals — the precision of the category bounds — and the category is read
from that rounded figure (A 88,31–100; B 76,61–88,30; C 65,00–76,60; D 25,00–64,99).
NRR and NRR tertimbang are shown to three decimals; they are never rounded before summing.

The minimum sample is read from Krejcie and Morgan's table, which the regulation reproduces
(a population between two rows takes the larger row). The table comes from
S = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P)), χ² = 3,841, P = 0,5, d = 0,05; its printed values
differ from that formula rounded up by at most one respondent, and the table is what auditors
check, so the table is used.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db.models import Aggregate, Count, Sum
from django.utils.module_loading import import_string

from pengaduan.models import (
    AgeGroup,
    Education,
    Occupation,
    Sex,
    SurveyChannel,
    SurveyElement,
    SurveyPeriod,
    SurveyQuestion,
    SurveyResponse,
    score_field,
)
from rutan.exports import Sheet

WEIGHT = Decimal(1) / Decimal(9)
INDEX_FACTOR = Decimal(25)
TWO_PLACES = Decimal("0.01")
THREE_PLACES = Decimal("0.001")

# (lowest index, letter, label), best first.
CATEGORIES = [
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
]
SEMESTER_LABELS = {1: "I", 2: "II"}
# Krejcie and Morgan's constants.
CHI_SQUARE = Decimal("3.841")
PROPORTION = Decimal("0.5")
MARGIN = Decimal("0.05")


# --- The arithmetic ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    letter: str
    label: str


def index_from_nrr(nrr: Iterable[Decimal]) -> Decimal:
    """The unit's index, Σ(NRR × 1/9) × 25, rounded half up to two decimals."""
    total = sum((value * WEIGHT for value in nrr), Decimal(0))
    return (total * INDEX_FACTOR).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def category(index: Decimal) -> Category | None:
    """The quality category of an index rounded to two decimals (None below 25, no data)."""
    for lowest, letter, label in CATEGORIES:
        if index >= lowest:
            return Category(letter, label)
    return None


# Krejcie and Morgan's table (1970), which the regulation reproduces: population -> sample.
KREJCIE_MORGAN: list[tuple[int, int]] = [
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148),
    (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175),
    (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254),
    (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291),
    (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313), (1800, 317), (1900, 320),
    (2000, 322), (2200, 327), (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346),
    (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368),
    (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (1000000, 384),
]  # fmt: skip


def krejcie_morgan_formula(population: int) -> Decimal:
    """S = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P)), unrounded: the formula behind the table."""
    n = Decimal(population)
    spread = CHI_SQUARE * PROPORTION * (1 - PROPORTION)
    return (spread * n) / (MARGIN * MARGIN * (n - 1) + spread)


def minimum_sample(population: int) -> int:
    """The minimum number of respondents for a population: the table's row for it, or for the
    next larger population listed (the safe side); never more than the population itself."""
    if population <= 0:
        return 0
    for listed, sample in KREJCIE_MORGAN:
        if population <= listed:
            return min(population, sample)
    return KREJCIE_MORGAN[-1][1]


# --- Periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Semester:
    year: int
    semester: int

    @classmethod
    def of(cls, day: date) -> "Semester":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.semester == 1 else 7, 1)

    @property
    def end(self) -> date:
        return date(self.year, 6, 30) if self.semester == 1 else date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"Semester {SEMESTER_LABELS[self.semester]} {self.year}"

    @property
    def slug(self) -> str:
        return f"{self.year}-s{self.semester}"


def population_served(period: Semester) -> int | None:
    """The inmates served in the semester, from the app that records attendance: any app may
    name a function `(first, last) -> int` in its `AppConfig.survey_population` (absensi does),
    so this app imports none. None when no app provides it."""
    for config in apps.get_app_configs():
        path = getattr(config, "survey_population", None)
        if path:
            return int(import_string(path)(period.start, period.end))
    return None


# --- The results of a period ------------------------------------------------------------------


@dataclass(frozen=True)
class ElementResult:
    code: str  # U1 … U9
    element: str
    label: str
    question: str
    answered: int
    total: int
    nrr: Decimal | None

    @property
    def weighted(self) -> Decimal | None:
        return None if self.nrr is None else self.nrr * WEIGHT

    @property
    def nrr_shown(self) -> Decimal | None:
        return None if self.nrr is None else self.nrr.quantize(THREE_PLACES, ROUND_HALF_UP)

    @property
    def weighted_shown(self) -> Decimal | None:
        w = self.weighted
        return None if w is None else w.quantize(THREE_PLACES, ROUND_HALF_UP)

    @property
    def index(self) -> Decimal | None:
        """The element's own value on the 25–100 scale (NRR × 25), for reading at a glance."""
        if self.nrr is None:
            return None
        return (self.nrr * INDEX_FACTOR).quantize(TWO_PLACES, ROUND_HALF_UP)


@dataclass(frozen=True)
class ProfileTable:
    title: str
    rows: list[tuple[str, int]]


@dataclass(frozen=True)
class SurveyResults:
    period: Semester
    respondents: int
    elements: list[ElementResult]
    index: Decimal | None
    category: Category | None
    profiles: list[ProfileTable]
    suggestions: list[tuple[date, str]]
    population: int | None
    population_entered: bool  # set by the Kepala UPT (else counted from attendance)
    counted_population: int | None
    published: bool
    published_on: date | None
    record: SurveyPeriod | None = field(default=None, compare=False)

    @property
    def ikm(self) -> Decimal | None:
        """IKM on the 1–4 scale (Σ NRR tertimbang), three decimals."""
        if self.index is None:
            return None
        total = sum((e.weighted for e in self.elements if e.weighted is not None), Decimal(0))
        return total.quantize(THREE_PLACES, ROUND_HALF_UP)

    @property
    def minimum_sample(self) -> int | None:
        return None if self.population is None else minimum_sample(self.population)

    @property
    def sample_sufficient(self) -> bool | None:
        minimum = self.minimum_sample
        return None if minimum is None else self.respondents >= minimum


def _profile(rows, field_name: str, choices, title: str) -> ProfileTable:
    counts = {row[field_name]: row["n"] for row in rows}
    return ProfileTable(title, [(label, counts.get(value, 0)) for value, label in choices])


def period_results(period: Semester) -> SurveyResults:
    """Every figure of a semester, in a fixed number of queries (10) whatever the responses."""
    responses = _responses_in(period)
    figures = _element_figures(responses)
    questions = dict(SurveyQuestion.objects.values_list("element", "text"))
    elements = []
    for number, (element, label) in enumerate(SurveyElement.choices, 1):
        answered = figures[f"{element}_n"]
        total = figures[f"{element}_sum"] or 0
        elements.append(
            ElementResult(
                code=f"U{number}",
                element=element,
                label=label,
                question=questions.get(element, ""),
                answered=answered,
                total=total,
                nrr=Decimal(total) / Decimal(answered) if answered else None,
            )
        )
    index = None
    if figures["respondents"] and all(e.nrr is not None for e in elements):
        index = index_from_nrr(e.nrr for e in elements if e.nrr is not None)
    profiles = [
        _profile(responses.values(name).annotate(n=Count("id")).order_by(), name, choices, title)
        for name, choices, title in (
            ("age_group", AgeGroup.choices, "Usia"),
            ("sex", Sex.choices, "Jenis kelamin"),
            ("education", Education.choices, "Pendidikan"),
            ("occupation", Occupation.choices, "Pekerjaan"),
            ("channel", SurveyChannel.choices, "Tempat mengisi"),
        )
    ]
    suggestions = list(
        responses.exclude(suggestion="")
        .order_by("submitted_on", "id")
        .values_list("submitted_on", "suggestion")
    )
    record = SurveyPeriod.objects.filter(year=period.year, semester=period.semester).first()
    counted = population_served(period)
    entered = record.population if record else None
    return SurveyResults(
        period=period,
        respondents=figures["respondents"],
        elements=elements,
        index=index,
        category=category(index) if index is not None else None,
        profiles=profiles,
        suggestions=suggestions,
        population=entered if entered is not None else (counted or None),
        population_entered=entered is not None,
        counted_population=counted,
        published=bool(record and record.published),
        published_on=record.published_on if record else None,
        record=record,
    )


@dataclass(frozen=True)
class PublishedIndex:
    period: Semester
    index: Decimal
    category: Category
    respondents: int


def _element_figures(responses) -> dict:
    aggregates: dict[str, Aggregate] = {"respondents": Count("id")}
    for element in SurveyElement.values:
        column = score_field(element)
        aggregates[f"{element}_sum"] = Sum(column)
        aggregates[f"{element}_n"] = Count(column)
    return responses.aggregate(**aggregates)


def _responses_in(period: Semester):
    return SurveyResponse.objects.filter(submitted_on__range=(period.start, period.end))


def latest_published_index() -> PublishedIndex | None:
    """The newest published semester that has responses (for the public standard page); at
    most a few queries (published semesters without a single response are skipped)."""
    for record in SurveyPeriod.objects.filter(published=True).order_by("-year", "-semester")[:4]:
        period = Semester(record.year, record.semester)
        figures = _element_figures(_responses_in(period))
        if not figures["respondents"]:
            continue
        index = index_from_nrr(
            Decimal(figures[f"{e}_sum"]) / Decimal(figures[f"{e}_n"]) for e in SurveyElement.values
        )
        grade = category(index)
        if grade is not None:
            return PublishedIndex(period, index, grade, figures["respondents"])
    return None


# --- XLSX -------------------------------------------------------------------------------------


def _comma(value: Decimal | None) -> str:
    """A figure in footer text as Indonesians write it (81,39)."""
    return "-" if value is None else str(value).replace(".", ",")


def _decimal(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def result_sheets(results: SurveyResults, *, unit_name: str) -> list[Sheet]:
    heading = [
        "HASIL SURVEI KEPUASAN MASYARAKAT (PERMENPAN RB NO. 14/2017)",
        f"{unit_name} · {results.period.label}",
    ]
    grade = results.category
    footer = [
        f"Jumlah responden: {results.respondents}",
        f"IKM (skala 1–4): {_comma(results.ikm)}",
        f"Indeks kepuasan (IKM × 25): {_comma(results.index)}",
        f"Mutu pelayanan: {grade.letter} ({grade.label})" if grade else "Mutu pelayanan: -",
        "NRR tertimbang = NRR × 1/9 (0,111), dihitung tanpa pembulatan antara.",
    ]
    if results.population is not None:
        footer.append(
            f"Populasi: {results.population}; sampel minimum (Krejcie–Morgan): "
            f"{results.minimum_sample}; "
            + ("terpenuhi" if results.sample_sufficient else "belum terpenuhi")
        )
    sheets = [
        Sheet(
            title="Nilai per unsur",
            heading=heading,
            columns=["Kode", "Unsur", "Jumlah nilai", "Jumlah penjawab", "NRR", "NRR tertimbang"],
            rows=[
                (
                    e.code,
                    e.label,
                    e.total,
                    e.answered,
                    _decimal(e.nrr_shown),
                    _decimal(e.weighted_shown),
                )
                for e in results.elements
            ],  # fmt: skip
            widths=[8, 44, 14, 16, 10, 16],
            number_formats={4: "0.000", 5: "0.000"},
            footer=footer,
        ),
        Sheet(
            title="Profil responden",
            heading=heading,
            columns=["Profil", "Kelompok", "Jumlah"],
            rows=[(table.title, label, n) for table in results.profiles for label, n in table.rows],
            widths=[18, 30, 10],
        ),
        Sheet(
            title="Saran dan masukan",
            heading=heading,
            columns=["Tanggal", "Saran dan masukan"],
            rows=results.suggestions,
            widths=[12, 90],
        ),
    ]
    return sheets
