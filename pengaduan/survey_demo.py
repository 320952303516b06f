"""Demo survey responses for `seed_demo` (called from `pengaduan.demo.load`): the previous
semester answered and published, the current one under way. Idempotent: nothing is added once
any response exists."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pengaduan.models import (
    AgeGroup,
    Education,
    Occupation,
    Sex,
    SurveyChannel,
    SurveyElement,
    SurveyPeriod,
    SurveyResponse,
    score_field,
)
from pengaduan.survey_report import Semester

# Per element, the weights of the scores 1, 2, 3, 4: mostly satisfied, waiting time and
# facilities the weak points (the visiting room is small).
WEIGHTS = {
    SurveyElement.TIME: (1, 3, 10, 4),
    SurveyElement.FACILITIES: (1, 4, 9, 3),
    SurveyElement.COST: (0, 0, 2, 18),
}
USUAL = (0, 1, 10, 7)
SUGGESTIONS = [
    "Ruang tunggu kunjungan diberi kipas angin.",
    "Jadwal pentas seni diumumkan kepada keluarga lebih awal.",
    "Terima kasih, petugas ramah.",
    "Tambah alat musik untuk latihan karawitan.",
]


def _response(rng: random.Random, day, channel: str) -> SurveyResponse:
    scores = {
        score_field(element): rng.choices((1, 2, 3, 4), WEIGHTS.get(element, USUAL))[0]
        for element in SurveyElement
    }
    return SurveyResponse(
        submitted_on=day,
        channel=channel,
        age_group=rng.choice(AgeGroup.values),
        sex=rng.choice(Sex.values),
        education=rng.choice(Education.values),
        occupation=rng.choice(Occupation.values),
        suggestion=rng.choice(SUGGESTIONS) if rng.random() < 0.2 else "",
        **scores,
    )


def load_survey() -> str:
    if SurveyResponse.objects.exists():
        return f"{SurveyResponse.objects.count()} jawaban SKM"
    rng = random.Random(14)
    current = Semester.of(timezone.localdate())
    previous = Semester(current.year - 1, 2) if current.semester == 1 else Semester(current.year, 1)
    responses = []
    for period, count in ((previous, 90), (current, 25)):
        last = min(period.end, timezone.localdate())
        span = (last - period.start).days
        for _ in range(count):
            day = period.start + timedelta(days=rng.randint(0, span))
            channel = rng.choice([SurveyChannel.KIOSK] * 3 + [SurveyChannel.ONLINE])
            responses.append(_response(rng, day, channel))
    with transaction.atomic():
        SurveyResponse.objects.bulk_create(responses)
        SurveyPeriod.objects.get_or_create(
            year=previous.year,
            semester=previous.semester,
            defaults={"published": True, "published_on": current.start},
        )
    return f"{len(responses)} jawaban SKM ({previous.label} diterbitkan)"
