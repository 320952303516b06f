"""The demo survey: the previous semester answered and published, so the standard page shows an
index right after `seed_demo`; loading twice adds nothing."""

from pengaduan.models import SurveyPeriod, SurveyResponse
from pengaduan.survey_demo import load_survey
from pengaduan.survey_report import latest_published_index


def test_demo_survey_is_published_and_idempotent(db, time_machine):
    time_machine.move_to("2026-11-30 09:00 +07:00")
    assert "Semester I 2026 diterbitkan" in load_survey()
    count = SurveyResponse.objects.count()
    load_survey()
    assert SurveyResponse.objects.count() == count == 115
    assert SurveyPeriod.objects.get().published
    published = latest_published_index()
    assert published.period.label == "Semester I 2026"
    assert published.respondents == 90
    assert published.category.letter in {"A", "B", "C"}
