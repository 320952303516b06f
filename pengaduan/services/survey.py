"""The satisfaction survey's state changes: a respondent's answers, and a period's population
and publication (Kepala UPT). The figures are read in `pengaduan.survey_report`."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pengaduan.models import SurveyChannel, SurveyElement, SurveyPeriod, SurveyResponse, score_field
from pengaduan.survey_report import Semester
from rutan.models import User


@dataclass(frozen=True)
class SurveyAnswers:
    """What a respondent gives: a score 1–4 per element, the profile, an optional suggestion."""

    scores: dict[str, int]
    age_group: str
    sex: str
    education: str
    occupation: str
    suggestion: str = ""


def submit_survey_response(*, answers: SurveyAnswers, channel: str) -> SurveyResponse:
    """Store one anonymous response, dated today (no time, no address, no identity)."""
    missing = [e for e in SurveyElement.values if e not in answers.scores]
    if missing:
        raise ValidationError("Semua sembilan pertanyaan wajib dijawab.")
    if channel not in SurveyChannel.values:
        raise ValidationError("Tempat pengisian survei tidak dikenal.")
    response = SurveyResponse(
        submitted_on=timezone.localdate(),
        channel=channel,
        age_group=answers.age_group,
        sex=answers.sex,
        education=answers.education,
        occupation=answers.occupation,
        suggestion=answers.suggestion.strip(),
        **{score_field(e): answers.scores[e] for e in SurveyElement.values},
    )
    response.full_clean(validate_constraints=False)
    with transaction.atomic():
        response.save()
    return response


def set_survey_period(
    *, year: int, semester: int, population: int | None, published: bool, by: User
) -> SurveyPeriod:
    """Record a semester's population served and publish (or withdraw) its index. The change
    is kept in the period's history with who made it. A semester without a response has no
    index to publish."""
    if published:
        semester_ = Semester(year, semester)
        answered = SurveyResponse.objects.filter(
            submitted_on__range=(semester_.start, semester_.end)
        ).exists()
        if not answered:
            raise ValidationError(
                f"{semester_.label} belum memiliki jawaban survei; indeks belum dapat diterbitkan."
            )
    with transaction.atomic():
        period, _ = SurveyPeriod.objects.select_for_update().get_or_create(
            year=year, semester=semester
        )
        if published and not period.published:
            period.published_on = timezone.localdate()
        if not published:
            period.published_on = None
        period.population = population
        period.published = published
        period._history_user = by  # type: ignore[attr-defined]
        period.full_clean(validate_constraints=False)
        period.save()
    return period
