"""E-mails go out after the transaction commits, to the right people, without identities."""

from django.db import transaction

from pengaduan import services
from pengaduan.models import Status
from rutan.models import OutgoingMail
from tests.pengaduan.factories import make_complaint


def test_no_mail_before_commit_and_none_when_rolled_back(
    ulp, mailoutbox, django_capture_on_commit_callbacks
):
    complaint = make_complaint(ulp=ulp)
    with django_capture_on_commit_callbacks() as callbacks:
        services.request_completion(complaint=complaint, by=ulp, message="Lampirkan foto.")
    assert mailoutbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert mailoutbox[0].to == ["sri@example.com"]
    assert "Lampirkan foto." in mailoutbox[0].body


def test_rolled_back_step_sends_nothing(ulp, mailoutbox, django_capture_on_commit_callbacks):
    complaint = make_complaint(ulp=ulp)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.request_completion(complaint=complaint, by=ulp, message="x")
                raise RuntimeError
        except RuntimeError:
            pass
    assert mailoutbox == []


def test_complainant_is_told_of_the_published_reply(
    ulp, pejabat, mailoutbox, django_capture_on_commit_callbacks
):
    complaint = make_complaint(Status.MENUNGGU_PERSETUJUAN, ulp=ulp, official=pejabat)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_reply(complaint=complaint, by=ulp, text="Jawaban.")
    assert [m.to for m in mailoutbox] == [["sri@example.com"]]
    assert "telah dijawab" in mailoutbox[0].body
    assert "Jawaban." not in mailoutbox[0].body  # read on the tracking page (number + code)


def test_dispute_informs_the_official_and_the_kepala(
    kepala, pejabat, mailoutbox, django_capture_on_commit_callbacks
):
    kepala.email, pejabat.email = "k@rutan.test", "p@rutan.test"
    kepala.save()
    pejabat.save()
    complaint = make_complaint(Status.DIJAWAB, kepala=kepala, official=pejabat)
    with django_capture_on_commit_callbacks(execute=True):
        services.dispute_reply(complaint=complaint, reason="Belum.")
    assert sorted(mailoutbox[0].to) == ["k@rutan.test", "p@rutan.test"]


def test_anonymous_complainant_gets_no_mail(mailoutbox, django_capture_on_commit_callbacks, db):
    with django_capture_on_commit_callbacks(execute=True):
        make_complaint(identity="anonim")
    assert mailoutbox == []


def test_a_failing_mail_server_does_not_break_the_step(
    ulp, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.pengaduan.test_notifications.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        complaint = make_complaint(ulp=ulp)
    assert complaint.pk and "Gagal mengirim e-mail" in caplog.text
    mail = OutgoingMail.objects.get()  # kept, and tried again later
    assert (mail.status, mail.attempts) == ("menunggu", 1) and mail.next_attempt_at


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP mati")
