"""The survey's questions as the regulation's model questionnaire words them (Permenpan RB
No. 14/2017, lampiran: kuesioner), the one place they are written down.

`ensure_survey_questions` runs after every `migrate` and every database flush, through the
post_migrate hook of `PengaduanConfig` (the same pattern as `pengaduan.seeds`): production gets
the nine questions from `migrate`, without `seed_demo`. It only creates missing elements; an
admin's edited wording is never overwritten.
"""

from django.apps import apps as global_apps
from django.db import connections

from pengaduan.models import SurveyElement

# element -> (question, answers for 1, 2, 3, 4)
QUESTIONS: dict[str, tuple[str, tuple[str, str, str, str]]] = {
    SurveyElement.REQUIREMENTS: (
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
        "pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    SurveyElement.PROCEDURE: (
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    SurveyElement.TIME: (
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    SurveyElement.COST: (
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    SurveyElement.PRODUCT: (
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
        "dalam standar pelayanan dengan hasil yang diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    SurveyElement.COMPETENCE: (
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    SurveyElement.CONDUCT: (
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan "
        "dan keramahan?",
        ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
         "Sangat sopan dan ramah"),
    ),
    SurveyElement.COMPLAINTS: (
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
         "Dikelola dengan baik"),
    ),
    SurveyElement.FACILITIES: (
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ),
}  # fmt: skip


def ensure_survey_questions(*, apps=global_apps, using: str = "default", **_kwargs) -> None:
    """Create the question of every element that has none."""
    try:
        SurveyQuestion = apps.get_model("pengaduan", "SurveyQuestion")
    except LookupError:  # pengaduan migrated back to before the survey
        return
    # A flush after `migrate pengaduan <older migration>` passes today's models, whose table
    # may not exist in that schema.
    if SurveyQuestion._meta.db_table not in connections[using].introspection.table_names():
        return
    existing = set(SurveyQuestion.objects.using(using).values_list("element", flat=True))
    SurveyQuestion.objects.using(using).bulk_create(
        SurveyQuestion(
            element=element.value if hasattr(element, "value") else element,
            text=text,
            answer_1=answers[0],
            answer_2=answers[1],
            answer_3=answers[2],
            answer_4=answers[3],
        )
        for element, (text, answers) in QUESTIONS.items()
        if element not in existing
    )
