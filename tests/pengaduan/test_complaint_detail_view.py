"""The staff complaint page and its steps: each a POST calling one service."""

from django.urls import reverse

from pengaduan.models import InternalNote, Status
from tests.pengaduan.factories import clean_png, make_complaint


def detail(complaint) -> str:
    return reverse("pengaduan:complaint_detail", args=[complaint.pk])


def step(name, complaint) -> str:
    return reverse(f"pengaduan:{name}", args=[complaint.pk])


def test_page_offers_the_steps_of_the_role_and_state(ulp_client, kepala_client, ulp):
    complaint = make_complaint(ulp=ulp)
    ulp_page = ulp_client.get(detail(complaint)).content.decode()
    assert step("verify", complaint) in ulp_page
    assert step("request_completion", complaint) in ulp_page
    assert step("recommend", complaint) not in ulp_page
    kepala_page = kepala_client.get(detail(complaint)).content.decode()
    assert step("verify", complaint) not in kepala_page
    assert "Tidak ada langkah yang menunggu Anda" in kepala_page


def test_ulp_verifies_and_recommends(ulp_client, ulp):
    complaint = make_complaint(ulp=ulp)
    response = ulp_client.post(step("verify", complaint), {"note": "Lengkap."})
    assert response.status_code == 302 and response["Location"] == detail(complaint)
    response = ulp_client.post(
        step("recommend", complaint), {"review": "Telaah.", "recommendation": "Rekomendasi."}
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.MENUNGGU_ARAHAN
    page = ulp_client.get(detail(complaint)).content.decode()
    assert "Rekomendasi dikirim kepada Kepala UPT." in page


def test_invalid_form_shows_errors_and_changes_nothing(ulp_client, ulp):
    complaint = make_complaint(Status.DITELAAH, ulp=ulp)
    response = ulp_client.post(step("recommend", complaint), {"review": "", "recommendation": ""})
    assert response.status_code == 400
    assert "Periksa kembali isian formulir" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.DITELAAH


def test_step_in_the_wrong_state_is_refused_with_a_message(ulp_client, ulp):
    complaint = make_complaint(Status.DITELAAH, ulp=ulp)
    response = ulp_client.post(step("verify", complaint), {}, follow=True)
    assert "tidak dapat diverifikasi" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.DITELAAH


def test_kepala_gives_direction_to_a_pejabat(kepala_client, pejabat, kepala):
    complaint = make_complaint(Status.MENUNGGU_ARAHAN, kepala=kepala)
    page = kepala_client.get(detail(complaint)).content.decode()
    assert str(pejabat) in page  # offered as the official
    response = kepala_client.post(
        step("direct", complaint), {"official": pejabat.pk, "direction": "Periksa dan perbaiki."}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.assigned_to == pejabat and complaint.status == Status.DITINDAKLANJUTI


def test_kepala_cannot_name_someone_who_is_not_a_pejabat(kepala_client, kepala, ulp):
    complaint = make_complaint(Status.MENUNGGU_ARAHAN, kepala=kepala)
    response = kepala_client.post(step("direct", complaint), {"official": ulp.pk, "direction": "x"})
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.status == Status.MENUNGGU_ARAHAN


def test_pejabat_drafts_and_ulp_publishes_an_edited_reply(pejabat_client, ulp_client, pejabat):
    complaint = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
    response = pejabat_client.post(
        step("draft_reply", complaint), {"correction": "Jadwal diperbaiki.", "draft": "Draf."}
    )
    assert response.status_code == 302
    page = ulp_client.get(detail(complaint)).content.decode()
    assert "Tindak lanjut pejabat (belum publik)" in page and step("publish", complaint) in page
    ulp_client.post(step("publish", complaint), {"text": "Jawaban yang sudah disunting."})
    complaint.refresh_from_db()
    assert complaint.status == Status.DIJAWAB
    assert complaint.replies.get().text == "Jawaban yang sudah disunting."


def test_pejabat_cannot_act_on_a_complaint_of_someone_else(pejabat_client, user_factory):
    other = user_factory("pejabat2", "pejabat_pelayanan")
    complaint = make_complaint(Status.DITINDAKLANJUTI, official=other)
    response = pejabat_client.post(step("draft_reply", complaint), {"draft": "x"})
    assert response.status_code == 404


def test_staff_add_internal_notes(pejabat_client, pejabat):
    complaint = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
    response = pejabat_client.post(step("add_note", complaint), {"text": "Sudah cek CCTV."})
    assert response.status_code == 302
    note = InternalNote.objects.get()
    assert note.author == pejabat and note.author_role == "Pejabat terkait"
    assert pejabat_client.post(step("add_note", complaint), {"text": ""}).status_code == 400


def test_attachment_is_served_only_through_the_checked_view(ulp_client, anon_client, settings):
    complaint = make_complaint(attachments=[clean_png()])
    attachment = complaint.attachments.get()
    url = reverse("pengaduan:attachment", args=[attachment.pk])
    response = ulp_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert anon_client.get(url).status_code == 302
    assert ulp_client.get(reverse("pengaduan:attachment", args=[999999])).status_code == 404
    private = settings.STORAGES["private"]["OPTIONS"]["location"]
    assert attachment.file.path.startswith(private)
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    assert ulp_client.get(f"/{settings.MEDIA_URL}{attachment.file.name}").status_code == 404
