"""The survey's questions: the regulation's model questionnaire after every migrate and flush
(production has them without seed_demo), editable in the admin with history, never re-seeded
over an admin's wording."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from pengaduan.models import SurveyElement, SurveyQuestion, SurveyResponse
from pengaduan.survey_seeds import QUESTIONS, ensure_survey_questions
from tests.pengaduan.survey_factories import make_responses


def test_every_element_has_the_regulations_question(db):
    questions = {q.element: q for q in SurveyQuestion.objects.all()}
    assert set(questions) == set(SurveyElement.values)
    requirements = questions[SurveyElement.REQUIREMENTS]
    assert requirements.answers == [
        (1, "Tidak sesuai"),
        (2, "Kurang sesuai"),
        (3, "Sesuai"),
        (4, "Sangat sesuai"),
    ]
    assert questions[SurveyElement.COST].answer_4 == "Gratis"
    assert questions[SurveyElement.COMPLAINTS].answer_1 == "Tidak ada"


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_the_questions_back():
    call_command("flush", interactive=False, verbosity=0)
    assert SurveyQuestion.objects.count() == len(QUESTIONS) == 9


def test_an_admins_wording_is_not_seeded_over(db):
    SurveyQuestion.objects.filter(element="waktu").update(text="Cepatkah jadwal latihan dibuat?")
    ensure_survey_questions()
    assert SurveyQuestion.objects.get(element="waktu").text == "Cepatkah jadwal latihan dibuat?"
    assert SurveyQuestion.objects.count() == 9


def test_admin_edits_the_wording_with_history(admin_client_, admin_user):
    question = SurveyQuestion.objects.get(element="sarana")
    url = reverse("admin:pengaduan_surveyquestion_change", args=[question.pk])
    assert admin_client_.get(url).status_code == 200
    response = admin_client_.post(
        url,
        {
            "text": "Bagaimana ruang latihan kesenian?",
            "answer_1": "Buruk",
            "answer_2": "Cukup",
            "answer_3": "Baik",
            "answer_4": "Sangat baik",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "Bagaimana ruang latihan kesenian?"
    change = question.history.first()
    assert change.history_user == admin_user
    assert change.text == "Bagaimana ruang latihan kesenian?"
    assert admin_client_.get(reverse("admin:pengaduan_surveyquestion_add")).status_code == 403


def test_responses_are_read_only_in_the_admin(admin_client_):
    response = make_responses([27] * 9, 9, on=date(2026, 3, 10))[0]
    listing = reverse("admin:pengaduan_surveyresponse_changelist")
    assert admin_client_.get(listing).status_code == 200
    change = reverse("admin:pengaduan_surveyresponse_change", args=[response.pk])
    assert admin_client_.get(change).status_code == 200
    admin_client_.post(change, {"score_persyaratan": 4})
    delete = reverse("admin:pengaduan_surveyresponse_delete", args=[response.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
    assert SurveyResponse.objects.count() == 9
    assert admin_client_.get(reverse("admin:pengaduan_surveyperiod_changelist")).status_code == 200


def _before_the_survey() -> tuple[str, str]:
    """The pengaduan migration the survey's migration (`…_survey`) builds on, whatever its
    number after merges."""
    graph = MigrationExecutor(connection).loader.graph
    survey = next(
        key for key in graph.nodes if key[0] == "pengaduan" and key[1].endswith("_survey")
    )
    parents = [parent.key for parent in graph.node_map[survey].parents]
    return next(key for key in parents if key[0] == "pengaduan")


@pytest.mark.django_db(transaction=True)
def test_no_question_is_seeded_into_a_schema_without_the_survey():
    """After `migrate pengaduan <the one before>` a flush runs the hook with today's models:
    nothing fails."""
    executor = MigrationExecutor(connection)
    executor.migrate([_before_the_survey()])
    try:
        ensure_survey_questions()
        call_command("flush", interactive=False, verbosity=0)
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
    ensure_survey_questions()  # what post_migrate does after the forward migrate
    assert SurveyQuestion.objects.count() == 9
