"""The community satisfaction survey (Survei Kepuasan Masyarakat, Permenpan RB No. 14/2017).

- `SurveyElement`: the regulation's nine elements (U1–U9), in its order;
- `SurveyQuestion`: the question and the four answer texts of each element (admin-editable,
  seeded from the regulation's model questionnaire by migration 0006);
- `SurveyResponse`: one anonymous respondent: the nine scores (1–4), the profile (age group,
  sex, education, occupation) and an optional suggestion. No name, no contact, no address, no
  time of day: only the date, so a response cannot be matched to a visit or a complaint;
- `SurveyPeriod`: a semester's population served when the Kepala UPT sets it (otherwise it is
  counted from attendance, see `pengaduan.survey_report.population_served`) and whether its
  index is published on the public service-standard page.
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

SCORES = (1, 2, 3, 4)


class SurveyElement(models.TextChoices):
    """The nine elements (unsur) of Permenpan RB 14/2017, in the regulation's order."""

    REQUIREMENTS = "persyaratan", "Persyaratan"
    PROCEDURE = "prosedur", "Sistem, mekanisme dan prosedur"
    TIME = "waktu", "Waktu penyelesaian"
    COST = "biaya", "Biaya/tarif"
    PRODUCT = "produk", "Produk spesifikasi jenis pelayanan"
    COMPETENCE = "kompetensi", "Kompetensi pelaksana"
    CONDUCT = "perilaku", "Perilaku pelaksana"
    COMPLAINTS = "pengaduan", "Penanganan pengaduan, saran dan masukan"
    FACILITIES = "sarana", "Sarana dan prasarana"


def score_field(element: str) -> str:
    """The SurveyResponse field holding an element's score."""
    return f"score_{element}"


class AgeGroup(models.TextChoices):
    UNDER_20 = "di_bawah_20", "Di bawah 20 tahun"
    FROM_20 = "20_29", "20–29 tahun"
    FROM_30 = "30_39", "30–39 tahun"
    FROM_40 = "40_49", "40–49 tahun"
    FROM_50 = "50_59", "50–59 tahun"
    FROM_60 = "60_ke_atas", "60 tahun ke atas"


class Sex(models.TextChoices):
    MALE = "laki_laki", "Laki-laki"
    FEMALE = "perempuan", "Perempuan"


class Education(models.TextChoices):
    """The regulation's model questionnaire's levels."""

    PRIMARY = "sd_ke_bawah", "SD ke bawah"
    JUNIOR = "smp", "SMP/sederajat"
    SENIOR = "sma", "SMA/sederajat"
    DIPLOMA = "diploma", "D1/D2/D3/D4"
    BACHELOR = "s1", "S1"
    POSTGRADUATE = "s2_ke_atas", "S2 ke atas"


class Occupation(models.TextChoices):
    """The regulation's model questionnaire's occupations, plus those common among visitors."""

    CIVIL_SERVANT = "pns", "PNS"
    MILITARY = "tni", "TNI"
    POLICE = "polri", "POLRI"
    PRIVATE = "swasta", "Pegawai swasta"
    SELF_EMPLOYED = "wirausaha", "Wirausaha"
    FARMER = "petani_nelayan", "Petani/nelayan/buruh"
    STUDENT = "pelajar", "Pelajar/mahasiswa"
    HOUSEWORK = "mengurus_rumah_tangga", "Mengurus rumah tangga"
    OTHER = "lainnya", "Lainnya"


class SurveyChannel(models.TextChoices):
    """Where the respondent answered (not who they are)."""

    ONLINE = "daring", "Halaman survei"
    KIOSK = "kios", "Kios di ruang kunjungan"
    TRACKING = "pelacakan", "Undangan di halaman lacak pengaduan"


class SurveyQuestion(models.Model):
    """The question asked for one element, with the four answers (1 = worst, 4 = best)."""

    element = models.CharField("unsur", max_length=20, choices=SurveyElement.choices, unique=True)
    text = models.CharField("pertanyaan", max_length=300)
    answer_1 = models.CharField("jawaban nilai 1", max_length=80)
    answer_2 = models.CharField("jawaban nilai 2", max_length=80)
    answer_3 = models.CharField("jawaban nilai 3", max_length=80)
    answer_4 = models.CharField("jawaban nilai 4", max_length=80)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "pertanyaan SKM"
        verbose_name_plural = "pertanyaan SKM"
        constraints = [
            models.CheckConstraint(
                condition=Q(element__in=SurveyElement.values), name="surveyquestion_element_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_element_display()}: {self.text}"

    @property
    def answers(self) -> list[tuple[int, str]]:
        texts = (self.answer_1, self.answer_2, self.answer_3, self.answer_4)
        return list(zip(SCORES, texts, strict=True))


def _score(element: SurveyElement) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(element.label)


def _score_constraints() -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{score_field(e)}__gte": 1, f"{score_field(e)}__lte": 4}),
            name=f"surveyresponse_{e}_1_to_4",
        )
        for e in SurveyElement.values
    ]


class SurveyResponse(models.Model):
    """One respondent's answers. Anonymous by construction: there is no field that could hold
    who they are, and the date is kept without the time. Never edited (the admin shows it
    read-only), so it has no change history, which would store the exact time."""

    submitted_on = models.DateField("tanggal", db_index=True)
    channel = models.CharField("tempat mengisi", max_length=12, choices=SurveyChannel.choices)
    age_group = models.CharField("usia", max_length=12, choices=AgeGroup.choices)
    sex = models.CharField("jenis kelamin", max_length=12, choices=Sex.choices)
    education = models.CharField("pendidikan", max_length=12, choices=Education.choices)
    occupation = models.CharField("pekerjaan", max_length=24, choices=Occupation.choices)
    score_persyaratan = _score(SurveyElement.REQUIREMENTS)
    score_prosedur = _score(SurveyElement.PROCEDURE)
    score_waktu = _score(SurveyElement.TIME)
    score_biaya = _score(SurveyElement.COST)
    score_produk = _score(SurveyElement.PRODUCT)
    score_kompetensi = _score(SurveyElement.COMPETENCE)
    score_perilaku = _score(SurveyElement.CONDUCT)
    score_pengaduan = _score(SurveyElement.COMPLAINTS)
    score_sarana = _score(SurveyElement.FACILITIES)
    suggestion = models.TextField("saran dan masukan", max_length=2000, blank=True)

    class Meta:
        verbose_name = "jawaban SKM"
        verbose_name_plural = "jawaban SKM"
        ordering = ["-submitted_on", "-id"]
        permissions = [("view_survey_results", "Melihat hasil Survei Kepuasan Masyarakat")]
        constraints = [
            *_score_constraints(),
            models.CheckConstraint(
                condition=Q(channel__in=SurveyChannel.values), name="surveyresponse_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(age_group__in=AgeGroup.values), name="surveyresponse_age_valid"
            ),
            models.CheckConstraint(
                condition=Q(sex__in=Sex.values), name="surveyresponse_sex_valid"
            ),
            models.CheckConstraint(
                condition=Q(education__in=Education.values),
                name="surveyresponse_education_valid",
            ),
            models.CheckConstraint(
                condition=Q(occupation__in=Occupation.values),
                name="surveyresponse_occupation_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Jawaban SKM {self.submitted_on:%d-%m-%Y}"

    def scores(self) -> dict[str, int]:
        return {e: getattr(self, score_field(e)) for e in SurveyElement.values}


class SurveyPeriod(models.Model):
    """A semester of the survey: the population served as the Kepala UPT sets it (for the
    minimum sample; empty: counted from attendance) and whether its index is published.
    Semester 1 is January–June, semester 2 July–December."""

    year = models.PositiveSmallIntegerField("tahun")
    semester = models.PositiveSmallIntegerField("semester", choices=[(1, "I"), (2, "II")])
    population = models.PositiveIntegerField(
        "populasi dilayani",
        null=True,
        blank=True,
        help_text=(
            "Kosong: jumlah WBP berbeda yang tercatat hadir pembinaan pada periode dipakai."
        ),
    )
    published = models.BooleanField("diterbitkan", default=False)
    published_on = models.DateField("tanggal terbit", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "periode SKM"
        verbose_name_plural = "periode SKM"
        ordering = ["-year", "-semester"]
        permissions = [("publish_survey", "Menetapkan populasi dan menerbitkan IKM")]
        constraints = [
            models.UniqueConstraint(fields=["year", "semester"], name="surveyperiod_unique"),
            models.CheckConstraint(
                condition=Q(semester__in=[1, 2]), name="surveyperiod_semester_valid"
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(published_on__isnull=False),
                name="surveyperiod_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"SKM semester {'I' if self.semester == 1 else 'II'} {self.year}"
