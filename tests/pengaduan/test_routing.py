"""The routing of the service standard, to the letter: the pejabat makes a correction and/or
gives a clarification (either or both), and the Kepala UPT is told (dashboard and e-mail) when a
recommendation awaits his direction."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pengaduan import services
from pengaduan.models import Action, Reply, Status
from tests.pengaduan.factories import make_complaint


@pytest.fixture
def followed_up(ulp, kepala, pejabat):
    return make_complaint(Status.DITINDAKLANJUTI, ulp=ulp, kepala=kepala, official=pejabat)


def test_a_correction_alone_can_close_a_complaint(followed_up, pejabat, ulp, ulp_client):
    complaint = services.submit_draft_reply(
        complaint=followed_up, by=pejabat, correction="Jadwal latihan diumumkan di papan."
    )
    assert complaint.status == Status.MENUNGGU_PERSETUJUAN
    reply = complaint.replies.get()
    assert reply.draft == "" and reply.correction.startswith("Jadwal")

    page = ulp_client.get(reverse("pengaduan:complaint_detail", args=[complaint.pk]))
    text = page.content.decode()
    assert "Tanpa draf klarifikasi: pejabat hanya melakukan perbaikan." in text
    assert services.CORRECTION_ONLY_REPLY in text  # ULP starts from a neutral sentence

    complaint = services.publish_reply(
        complaint=complaint, by=ulp, text=services.CORRECTION_ONLY_REPLY
    )
    assert complaint.status == Status.DIJAWAB


def test_a_clarification_alone_is_enough(followed_up, pejabat):
    complaint = services.submit_draft_reply(
        complaint=followed_up, by=pejabat, draft="Latihan dipindah karena renovasi aula."
    )
    assert complaint.status == Status.MENUNGGU_PERSETUJUAN
    assert complaint.replies.get().correction == ""


def test_both_together_still_work(followed_up, pejabat):
    complaint = services.submit_draft_reply(
        complaint=followed_up, by=pejabat, correction="Diperbaiki.", draft="Klarifikasi."
    )
    assert complaint.events.last().note == "Perbaikan: Diperbaiki.\nKlarifikasi: ada"


@pytest.mark.parametrize(
    ("correction", "draft", "action", "said"),
    [
        ("Jadwal diumumkan.", "", Action.CORRECTION_SENT, "Perbaikan dilaporkan"),
        ("", "Latihan dipindah.", Action.DRAFTED, "Draf klarifikasi dikirim"),
        (
            "Jadwal diumumkan.",
            "Latihan dipindah.",
            Action.CORRECTION_AND_DRAFT_SENT,
            "Perbaikan dan draf klarifikasi dikirim",
        ),
    ],
)
def test_timeline_and_message_say_what_the_pejabat_sent(
    followed_up, pejabat_client, correction, draft, action, said
):
    response = pejabat_client.post(
        reverse("pengaduan:draft_reply", args=[followed_up.pk]),
        {"correction": correction, "draft": draft},
        follow=True,
    )
    text = response.content.decode()
    assert f"{said} kepada ULP untuk diperiksa." in text
    event = followed_up.events.last()
    assert event.action == action and event.get_action_display() == said
    assert event.from_status == Status.DITINDAKLANJUTI
    assert event.to_status == Status.MENUNGGU_PERSETUJUAN
    detail = pejabat_client.get(reverse("pengaduan:complaint_detail", args=[followed_up.pk]))
    assert said in detail.content.decode()
    if not draft:
        assert "Draf klarifikasi dikirim" not in text + detail.content.decode()


def test_neither_is_refused_with_a_clear_message(followed_up, pejabat, pejabat_client):
    with pytest.raises(ValidationError, match="perbaikan yang dilakukan, draf klarifikasi"):
        services.submit_draft_reply(complaint=followed_up, by=pejabat, correction=" ", draft="")
    response = pejabat_client.post(
        reverse("pengaduan:draft_reply", args=[followed_up.pk]), {"correction": "", "draft": ""}
    )
    assert response.status_code == 400
    assert "Isi perbaikan yang dilakukan, draf klarifikasi, atau keduanya." in (
        response.content.decode()
    )
    followed_up.refresh_from_db()
    assert followed_up.status == Status.DITINDAKLANJUTI


def test_the_database_refuses_an_empty_follow_up(followed_up, pejabat):
    with pytest.raises(IntegrityError), transaction.atomic():
        Reply.objects.create(complaint=followed_up, drafted_by=pejabat, drafted_at=timezone.now())


def test_kepala_is_emailed_when_a_recommendation_awaits_direction(
    ulp, kepala, mailoutbox, django_capture_on_commit_callbacks
):
    kepala.email = "kepala@rutan.test"
    kepala.save()
    complaint = make_complaint(Status.DITELAAH, ulp=ulp, kepala=kepala)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_recommendation(
            complaint=complaint, by=ulp, review="Telaah.", recommendation="Mohon arahan."
        )
    assert [m.to for m in mailoutbox] == [["kepala@rutan.test"]]
    mail = mailoutbox[0]
    assert complaint.number in mail.subject and "menunggu arahan" in mail.subject
    assert "ULP telah mengirim telaah dan rekomendasi" in mail.body
    assert "Sri Wahyuni" not in mail.body  # no identity in staff mail


def test_kepala_is_emailed_when_a_pejabat_asks_for_reassignment(
    followed_up, kepala, pejabat, mailoutbox, django_capture_on_commit_callbacks
):
    kepala.email = "kepala@rutan.test"
    kepala.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_reassignment(
            complaint=followed_up, by=pejabat, reason="Bukan bidang saya."
        )
    assert [m.to for m in mailoutbox] == [["kepala@rutan.test"]]
    assert "pejabat terkait meminta pengalihan" in mailoutbox[0].body


def test_kepala_dashboard_panel_tells_him_of_recommendations(
    ulp, kepala, kepala_client, ulp_client
):
    for _ in range(2):
        make_complaint(Status.MENUNGGU_ARAHAN, ulp=ulp, kepala=kepala)
    panel = kepala_client.get(reverse("pengaduan:queue_panel")).content.decode()
    assert "2 rekomendasi menunggu arahan Anda." in panel
    assert (
        "menunggu arahan Anda"
        not in ulp_client.get(reverse("pengaduan:queue_panel")).content.decode()
    )
