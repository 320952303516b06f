"""The survey's pages: the public form, the kiosk, the invitation, the public index, the
staff's results and the Kepala UPT's publication."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pengaduan.models import SurveyChannel, SurveyPeriod, SurveyQuestion, SurveyResponse
from pengaduan.views.public import GRANTS
from pengaduan.views.survey import KIOSK_COOKIE
from tests.pengaduan.factories import make_complaint
from tests.pengaduan.survey_factories import make_responses, survey_post

FORM = reverse("survei:form")
KIOSK = reverse("survei:kiosk")
SETUP = reverse("survei:kiosk_setup")
RESULTS = reverse("survei:results")
PERSONAL = {"name", "email", "phone", "address", "ip", "nik", "contact", "user"}


@pytest.fixture
def captcha_passes(settings):
    settings.CAPTCHA_TEST_MODE = True


def kiosk_client(client, ulp):
    """A browser made into the kiosk by a member of staff (who is logged out by it)."""
    client.force_login(ulp)
    response = client.post(SETUP, {"action": "aktifkan"})
    assert response.status_code == 302 and response["Location"] == KIOSK
    return client


# --- The public form --------------------------------------------------------------------------


def test_form_shows_the_nine_questions_with_the_regulations_wording(anon_client):
    response = anon_client.get(FORM)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="skm-question"') == 9
    assert "kesesuaian persyaratan pelayanan" in html
    for answer in ("Tidak sesuai", "Kurang sesuai", "Sangat sesuai", "Dikelola dengan baik"):
        assert answer in html
    assert "Nama" not in [str(f.label) for f in response.context["form"]]


def test_edited_question_text_is_asked(anon_client, db):
    SurveyQuestion.objects.filter(element="sarana").update(text="Bagaimana ruang latihan?")
    assert "Bagaimana ruang latihan?" in anon_client.get(FORM).content.decode()


def test_answer_is_stored_without_any_personal_data(anon_client, captcha_passes, time_machine):
    time_machine.move_to("2026-03-10 14:35 +07:00")
    response = anon_client.post(
        FORM, survey_post(u4="4", suggestion="Jadwal latihan ditempel di ruang kunjungan.")
    )
    assert response.status_code == 302 and response["Location"] == reverse("survei:thanks")
    stored = SurveyResponse.objects.get()
    assert stored.submitted_on == date(2026, 3, 10)
    assert stored.channel == SurveyChannel.ONLINE
    assert stored.score_biaya == 4 and stored.score_persyaratan == 3
    names = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not any(word in name for name in names for word in PERSONAL)
    assert not any(f.get_internal_type() == "DateTimeField" for f in SurveyResponse._meta.fields)
    assert not hasattr(SurveyResponse, "history")


def test_every_question_must_be_answered(anon_client, captcha_passes):
    response = anon_client.post(FORM, survey_post(u9="", u3="5"))
    assert response.status_code == 400
    assert "Mohon pilih salah satu." in response.content.decode()
    assert "Pilihan tidak dikenal." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_honeypot_stops_bots(anon_client, captcha_passes):
    response = anon_client.post(FORM, survey_post(website="http://spam.example"))
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_wrong_challenge_is_refused(anon_client, db):
    response = anon_client.post(FORM, survey_post(captcha_1="SALAH"))
    assert response.status_code == 400
    assert "Kode keamanan salah" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_answers_are_rate_limited_per_client(anon_client, captcha_passes, settings):
    settings.PENGADUAN_SURVEY_RATE = "2/h"
    for _ in range(2):
        assert anon_client.post(FORM, survey_post()).status_code == 302
    response = anon_client.post(FORM, survey_post())
    assert response.status_code == 429
    assert "Terlalu banyak jawaban" in response.content.decode()
    assert SurveyResponse.objects.count() == 2
    other = anon_client.__class__(REMOTE_ADDR="10.0.0.9")
    assert other.post(FORM, survey_post()).status_code == 302


def test_wrong_challenges_share_the_complaint_forms_limit(anon_client, settings, db):
    settings.PENGADUAN_CAPTCHA_FAILURE_RATE = "2/h"
    for _ in range(2):
        assert anon_client.post(FORM, survey_post(captcha_1="SALAH")).status_code == 400
    settings.CAPTCHA_TEST_MODE = True
    assert anon_client.post(FORM, survey_post()).status_code == 429


def test_invitation_marks_the_channel_only(anon_client, captcha_passes):
    page = anon_client.get(f"{FORM}?dari=pelacakan")
    assert page.context["form"].initial["source"] == SurveyChannel.TRACKING
    anon_client.post(FORM, survey_post(source=SurveyChannel.TRACKING))
    assert SurveyResponse.objects.get().channel == SurveyChannel.TRACKING


def test_kiosk_parameter_opens_the_kiosk(anon_client):
    assert anon_client.get(f"{FORM}?kiosk=1")["Location"] == KIOSK


# --- The invitation on the tracking page ------------------------------------------------------


def _tracking_page(client, complaint):
    session = client.session
    session[GRANTS] = {str(complaint.pk): complaint.tracking_code_hash}
    session.save()
    return client.get(reverse("pengaduan:tracking", kwargs={"number": complaint.number}))


@pytest.mark.parametrize(("status", "invited"), [("ditolak", True), ("dijawab", True),
                                                 ("ditelaah", False)])  # fmt: skip
def test_tracking_page_invites_to_the_survey_once_answered(anon_client, status, invited):
    html = _tracking_page(anon_client, make_complaint(status)).content.decode()
    assert ('data-testid="survey-invitation"' in html) is invited
    assert (f"{FORM}?dari=pelacakan" in html) is invited


# --- The kiosk --------------------------------------------------------------------------------


def test_kiosk_needs_activation_by_staff(anon_client, captcha_passes):
    assert anon_client.get(KIOSK).status_code == 403
    assert anon_client.post(KIOSK, survey_post()).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_activating_the_kiosk_logs_the_staff_out(client, ulp):
    kiosk_client(client, ulp)
    assert "_auth_user_id" not in client.session
    page = client.get(KIOSK)
    assert page.status_code == 200
    assert "Masuk petugas" not in page.content.decode()  # no menu, no login link
    assert "captcha" not in page.context["form"].fields


def test_kiosk_resets_after_each_respondent_and_keeps_nothing(client, ulp):
    kiosk_client(client, ulp)
    cookies_before = set(client.cookies.keys())
    response = client.post(
        KIOSK, survey_post(u1="1", age_group="60_ke_atas", suggestion="Kursi tunggu kurang.")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("survei:kiosk_thanks")
    assert SurveyResponse.objects.get().channel == SurveyChannel.KIOSK

    thanks = client.get(response["Location"])
    html = thanks.content.decode()
    assert f'http-equiv="refresh" content="8;url={KIOSK}"' in html
    assert "no-store" in thanks["Cache-Control"]

    fresh = client.get(KIOSK)
    form = fresh.context["form"]
    assert not form.is_bound and not form.initial
    html = fresh.content.decode()
    assert "checked" not in html and "Kursi tunggu kurang." not in html
    assert "no-store" in fresh["Cache-Control"]
    # Nothing about the respondent in the session or in any new cookie.
    assert dict(client.session.items()) == {}
    assert set(client.cookies.keys()) <= cookies_before | {"csrftoken"}


def test_kiosk_is_limited_per_device(client, ulp, settings):
    settings.PENGADUAN_SURVEY_KIOSK_RATE = "2/h"
    settings.PENGADUAN_SURVEY_RATE = "1/h"  # the public page's limit does not apply
    kiosk_client(client, ulp)
    for _ in range(2):
        assert client.post(KIOSK, survey_post()).status_code == 302
    assert client.post(KIOSK, survey_post()).status_code == 429
    assert SurveyResponse.objects.count() == 2


def test_forged_kiosk_cookie_is_refused(anon_client, db):
    anon_client.cookies[KIOSK_COOKIE] = "apa-saja"
    assert anon_client.get(KIOSK).status_code == 403


def test_kiosk_can_be_turned_off(client, ulp):
    kiosk_client(client, ulp)
    client.force_login(ulp)
    client.post(SETUP, {"action": "matikan"})
    client.logout()
    assert client.get(KIOSK).status_code == 403


# --- The public index -------------------------------------------------------------------------


def test_public_index_shows_the_latest_published_period(anon_client, kepala):
    make_responses([32, 31, 29, 40, 33, 34, 36, 28, 30], 10, on=date(2026, 3, 10))
    index = reverse("survei:index")
    assert "belum diterbitkan" in anon_client.get(index, HTTP_HX_REQUEST="true").content.decode()
    SurveyPeriod.objects.create(year=2026, semester=1, published=True, published_on=date.today())
    fragment = anon_client.get(index, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert "81,39" in html or "81.39" in html
    assert "B · Baik" in html
    assert "<html" not in html
    assert "Isi survei kepuasan: <strong>http://testserver/survei/</strong>" in html  # printed
    assert "<html" in anon_client.get(index).content.decode()


def test_standard_page_loads_the_index(anon_client, db):
    html = anon_client.get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("survei:index")}"' in html


# --- The staff's results ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["ulp", "kepala", "admin_user"])
def test_results_are_for_the_named_permission(persona, request):
    user = request.getfixturevalue(persona)
    client = request.getfixturevalue("anon_client")
    client.force_login(user)
    make_responses([32, 31, 29, 40, 33, 34, 36, 28, 30], 10, on=date(2026, 3, 10))
    response = client.get(f"{RESULTS}?tahun=2026&semester=1")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="skm-result-index">81.39' in html or "81,39" in html
    assert "B (Baik)" in html


@pytest.mark.parametrize("persona", ["petugas", "pejabat"])
def test_results_are_closed_to_other_roles(persona, request):
    client = request.getfixturevalue("anon_client")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(RESULTS).status_code == 403
    assert client.get(reverse("survei:results_xlsx")).status_code == 403


def test_results_default_to_the_current_semester(ulp_client, time_machine):
    time_machine.move_to("2026-09-01 10:00 +07:00")
    assert ulp_client.get(RESULTS).context["period"].label == "Semester II 2026"
    bad = ulp_client.get(f"{RESULTS}?tahun=abc&semester=3")
    assert bad.status_code == 200
    assert bad.context["period"].label == "Semester II 2026"


def test_results_page_query_count_is_fixed(ulp_client, django_assert_max_num_queries):
    make_responses([150] * 9, 50, on=date(2026, 3, 10), suggestion="Saran.")
    with django_assert_max_num_queries(20):
        ulp_client.get(f"{RESULTS}?tahun=2026&semester=1")


def test_results_xlsx(ulp_client):
    make_responses([32, 31, 29, 40, 33, 34, 36, 28, 30], 10, on=date(2026, 3, 10))
    response = ulp_client.get(f"{reverse('survei:results_xlsx')}?tahun=2026&semester=1")
    assert response.status_code == 200
    assert "skm-2026-s1.xlsx" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Nilai per unsur", "Profil responden", "Saran dan masukan"]
    text = " ".join(str(c) for row in book["Nilai per unsur"].values for c in row if c)
    assert "Indeks kepuasan (IKM × 25): 81,39" in text and "B (Baik)" in text


def test_kepala_enters_population_and_publishes(kepala_client, kepala):
    make_responses([27] * 9, 9, on=date(2026, 3, 10))
    response = kepala_client.post(
        reverse("survei:publish"),
        {"tahun": 2026, "semester": 1, "population": 120, "published": "on"},
    )
    assert response.status_code == 302
    period = SurveyPeriod.objects.get()
    assert (period.population, period.published) == (120, True)
    assert period.history.first().history_user == kepala


def test_ulp_may_not_publish(ulp_client):
    response = ulp_client.post(
        reverse("survei:publish"), {"tahun": 2026, "semester": 1, "published": "on"}
    )
    assert response.status_code == 403
    assert not SurveyPeriod.objects.exists()
    assert "Simpan periode" not in ulp_client.get(RESULTS).content.decode()


def test_bad_period_values_get_a_message(kepala_client):
    response = kepala_client.post(
        reverse("survei:publish"), {"tahun": 2026, "semester": 1, "population": -5}, follow=True
    )
    assert response.status_code == 200
    assert not SurveyPeriod.objects.exists()
    assert "lebih besar dari atau sama dengan 1" in response.content.decode() or list(
        response.context["messages"]
    )


def test_a_semester_without_answers_cannot_be_published(kepala_client):
    response = kepala_client.post(
        reverse("survei:publish"), {"tahun": 2026, "semester": 2, "published": "on"}, follow=True
    )
    assert response.status_code == 200
    assert "Semester II 2026 belum memiliki jawaban survei" in response.content.decode()
    assert response.context["period"].label == "Semester II 2026"
    assert not SurveyPeriod.objects.exists()
