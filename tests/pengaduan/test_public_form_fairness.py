"""The public form is fair to honest people: time to write, limits that count only accepted
complaints, the text kept on a limit, attachments and anonymity stated plainly."""

from datetime import timedelta

import pytest
import time_machine
from captcha.models import CaptchaStore
from django.urls import reverse
from django.utils import timezone

from pengaduan.models import Complaint, IdentityMode
from tests.pengaduan.factories import png_bytes, upload
from tests.pengaduan.test_public_form_view import URL, data  # noqa: F401  (fixture)


def test_code_is_still_valid_after_half_an_hour_of_writing(anon_client, data):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        key = CaptchaStore.generate_key()
    data["captcha_0"] = key
    data["captcha_1"] = CaptchaStore.objects.get(hashkey=key).response
    with time_machine.travel(start + timedelta(minutes=45), tick=False):
        assert anon_client.post(URL, data).status_code == 302


def test_wrong_codes_do_not_use_up_the_submission_limit(anon_client, data, settings):
    settings.PENGADUAN_SUBMIT_RATE = "1/h"
    settings.CAPTCHA_TEST_MODE = True
    wrong = {**data, "captcha_1": "SALAH"}
    for _ in range(4):
        assert anon_client.post(URL, wrong).status_code == 400
    assert anon_client.post(URL, data).status_code == 302
    assert anon_client.post(URL, data).status_code == 429  # the accepted one counted


def test_wrong_codes_have_their_own_limit_and_the_text_is_kept(anon_client, data, settings):
    settings.PENGADUAN_CAPTCHA_FAILURE_RATE = "2/h"
    settings.CAPTCHA_TEST_MODE = True
    wrong = {**data, "captcha_1": "SALAH"}
    for _ in range(2):
        anon_client.post(URL, wrong)
    response = anon_client.post(URL, data)
    content = response.content.decode()
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in content and "Coba kirim lagi dalam" in content
    assert "menit" in content
    assert data["description"] in content  # the typed complaint is still in the form
    assert not Complaint.objects.exists()


def test_submission_limit_keeps_the_text_and_states_the_wait(anon_client, data, settings):
    settings.PENGADUAN_SUBMIT_RATE = "1/h"
    settings.PENGADUAN_MAX_OPEN_PER_CONTACT = 10
    settings.CAPTCHA_TEST_MODE = True
    assert anon_client.post(URL, data).status_code == 302
    response = anon_client.post(URL, {**data, "description": "Keluhan kedua yang cukup panjang."})
    content = response.content.decode()
    assert response.status_code == 429
    assert "Keluhan kedua yang cukup panjang." in content and "Coba kirim lagi dalam" in content


def test_form_error_says_attachments_must_be_chosen_again(anon_client, data, settings):
    settings.CAPTCHA_TEST_MODE = True
    data["description"] = "pendek"
    data["attachments"] = [upload("foto.png", png_bytes())]
    content = anon_client.post(URL, data).content.decode()
    assert "pilih lagi berkas lampirannya" in content


def test_anonymous_mode_says_no_email_is_sent(anon_client, data, settings):
    settings.CAPTCHA_TEST_MODE = True
    page = anon_client.get(URL).content.decode()
    assert "tidak ada email yang dikirim" in page and "complaint-form.js" in page
    anonymous = {**data, "identity_mode": IdentityMode.ANONIM}
    response = anon_client.post(URL, anonymous, follow=True)
    content = response.content.decode()
    assert "Tidak ada email yang dikirim" in content
    assert "dikirim ke email Anda" not in content


def test_identified_with_email_is_told_the_code_is_emailed(anon_client, data, settings):
    settings.CAPTCHA_TEST_MODE = True
    content = anon_client.post(URL, data, follow=True).content.decode()
    assert "Nomor dan kode juga dikirim ke email Anda." in content


@pytest.mark.django_db
def test_code_refresh_is_rate_limited(anon_client, settings):
    settings.CAPTCHA_REFRESH_RATE = "2/h"
    url = reverse("captcha-refresh")
    assert url == "/captcha/refresh/"
    ajax = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    for _ in range(2):
        response = anon_client.get(url, **ajax)
        assert response.status_code == 200 and "image_url" in response.json()
    assert anon_client.get(url, **ajax).status_code == 429
