"""The public tracking page: number AND code, rate-limited guesses, public facts only."""

import re

import pytest
from django.urls import reverse

from pengaduan import services
from pengaduan.models import Attachment, IdentityMode, Status
from tests.pengaduan.factories import make_complaint, png_bytes, upload

TRACK = reverse("pengaduan:track")


def open_tracking(client, complaint, code=None):
    return client.post(TRACK, {"number": complaint.number, "code": code or complaint.code})


def page_of(client, complaint):
    return client.get(reverse("pengaduan:tracking", args=[complaint.number]))


def test_number_and_code_open_the_status_page(anon_client, db):
    complaint = make_complaint()
    response = open_tracking(anon_client, complaint)
    assert response.status_code == 302
    page = page_of(anon_client, complaint)
    assert page.status_code == 200
    assert "sudah diterima dan menunggu verifikasi petugas" in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_number_alone_gives_nothing(anon_client, db):
    complaint = make_complaint(description="Rahasia isi pengaduan yang tidak boleh terbaca.")
    response = page_of(anon_client, complaint)
    assert response.status_code == 302
    assert response["Location"].startswith(TRACK)
    follow = anon_client.get(response["Location"]).content.decode()
    assert "Rahasia isi pengaduan" not in follow and "Sri Wahyuni" not in follow
    for name in ("pengaduan:tracking_complete", "pengaduan:tracking_dispute"):
        posted = anon_client.post(reverse(name, args=[complaint.number]), {"text": "x"})
        assert posted.status_code == 302
    assert complaint.events.count() == 1


def test_wrong_code_and_unknown_number_look_the_same(anon_client, db):
    complaint = make_complaint()
    wrong_code = anon_client.post(TRACK, {"number": complaint.number, "code": "AAAA-BBBB"})
    unknown = anon_client.post(TRACK, {"number": "ADU-2026-09999", "code": "AAAA-BBBB"})
    assert wrong_code.status_code == unknown.status_code == 400

    def without_values(response) -> str:  # the echoed input and the CSRF token differ
        return re.sub(r'value="[^"]*"', "", response.content.decode())

    assert without_values(wrong_code) == without_values(unknown)
    assert "Nomor pengaduan atau kode pelacakan tidak cocok" in without_values(unknown)


def test_wrong_guesses_are_rate_limited(anon_client, db, settings):
    settings.PENGADUAN_TRACK_FAILURE_RATE = "3/h"
    complaint = make_complaint()
    for _ in range(3):
        assert open_tracking(anon_client, complaint, code="SALAH").status_code == 400
    blocked = open_tracking(anon_client, complaint)  # even the right code, for now
    assert blocked.status_code == 429
    assert "Terlalu banyak permintaan" in blocked.content.decode()


def test_successful_lookups_do_not_count_as_guesses(anon_client, db, settings):
    settings.PENGADUAN_TRACK_FAILURE_RATE = "2/h"
    complaint = make_complaint()
    for _ in range(4):
        assert open_tracking(anon_client, complaint).status_code == 302


def test_public_page_shows_no_personal_data_internal_notes_or_drafts(
    anon_client, ulp, kepala, pejabat
):
    complaint = make_complaint(
        Status.MENUNGGU_PERSETUJUAN,
        identity=IdentityMode.RAHASIA,
        ulp=ulp,
        kepala=kepala,
        official=pejabat,
        name="Budi Rahasia",
        email="budi.rahasia@example.com",
        phone="081299998888",
        handle="@budi_rahasia",
    )
    code = complaint.code
    services.add_internal_note(complaint=complaint, by=ulp, text="CATATAN-INTERNAL-JANGAN-BOCOR")
    services.add_internal_note(complaint=complaint, by=pejabat, text="CATATAN-PEJABAT-INTERNAL")
    complaint = services.return_draft(complaint=complaint, by=ulp, note="PERBAIKI-DRAF-INTERNAL")
    complaint = services.submit_draft_reply(
        complaint=complaint, by=pejabat, correction="PERBAIKAN-INTERNAL", draft="DRAF-PEJABAT"
    )
    complaint = services.publish_reply(complaint=complaint, by=ulp, text="JAWABAN-RESMI-PUBLIK")
    open_tracking(anon_client, complaint, code)
    page = page_of(anon_client, complaint).content.decode()
    assert "JAWABAN-RESMI-PUBLIK" in page
    for secret in [
        "CATATAN-INTERNAL-JANGAN-BOCOR",
        "CATATAN-PEJABAT-INTERNAL",
        "PERBAIKI-DRAF-INTERNAL",
        "PERBAIKAN-INTERNAL",
        "DRAF-PEJABAT",
        "Budi Rahasia",
        "budi.rahasia@example.com",
        "081299998888",
        "@budi_rahasia",
        "Telaah singkat",  # the ULP's review
        "Mohon arahan",  # the recommendation
        "Tindak lanjuti",  # the arahan
        str(pejabat),
        str(ulp),
        str(kepala),
        complaint.description,  # even the complaint's own text is not repeated
    ]:
        assert secret not in page, secret


def test_reasons_for_rejection_are_shown_to_the_complainant(anon_client, ulp):
    complaint = make_complaint(ulp=ulp)
    services.reject_complaint(complaint=complaint, by=ulp, reason="Bukan kewenangan Rutan.")
    open_tracking(anon_client, complaint)
    assert "Bukan kewenangan Rutan." in page_of(anon_client, complaint).content.decode()


def test_complainant_completes_a_complaint(anon_client, ulp):
    complaint = make_complaint(Status.PERLU_KELENGKAPAN, ulp=ulp)
    open_tracking(anon_client, complaint)
    page = page_of(anon_client, complaint).content.decode()
    assert "Sebutkan tanggal kejadiannya." in page  # the request is public
    response = anon_client.post(
        reverse("pengaduan:tracking_complete", args=[complaint.number]),
        {"text": "Kejadian tanggal 3 Maret.", "attachments": [upload("a.png", png_bytes())]},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.DITERIMA
    assert Attachment.objects.filter(complaint=complaint, uploaded_by=None).count() == 1


def test_hostile_upload_when_completing_gets_a_message(anon_client, ulp):
    complaint = make_complaint(Status.PERLU_KELENGKAPAN, ulp=ulp)
    open_tracking(anon_client, complaint)
    response = anon_client.post(
        reverse("pengaduan:tracking_complete", args=[complaint.number]),
        {"text": "Ini.", "attachments": [upload("x.jpg", b"<?php echo 1; ?>")]},
    )
    assert response.status_code == 400
    assert "hanya gambar JPG, PNG atau dokumen PDF" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.PERLU_KELENGKAPAN


def test_complainant_disputes_once(anon_client, pejabat):
    complaint = make_complaint(Status.DIJAWAB, official=pejabat)
    open_tracking(anon_client, complaint)
    assert "Ajukan sanggahan" in page_of(anon_client, complaint).content.decode()
    url = reverse("pengaduan:tracking_dispute", args=[complaint.number])
    assert anon_client.post(url, {"reason": "Belum diperbaiki."}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.DITINDAKLANJUTI
    page = page_of(anon_client, complaint).content.decode()
    assert "Ajukan sanggahan" not in page
    again = anon_client.post(url, {"reason": "Lagi."})
    assert again.status_code == 400


def test_reissued_code_ends_earlier_sessions(anon_client, ulp):
    complaint = make_complaint(ulp=ulp)
    open_tracking(anon_client, complaint)
    assert page_of(anon_client, complaint).status_code == 200
    services.reissue_tracking_code(complaint=complaint, by=ulp)
    assert page_of(anon_client, complaint).status_code == 302


@pytest.mark.parametrize("number", ["ADU-2026-00001'--", "x" * 30, "<script>"])
def test_odd_numbers_never_break_the_page(anon_client, db, number):
    response = anon_client.post(TRACK, {"number": number, "code": "abc"})
    assert response.status_code == 400
