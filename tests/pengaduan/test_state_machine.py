"""The state machine of domain.md: each step by its role, from its states, on the timeline."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pengaduan import services
from pengaduan.models import Action, ComplaintEvent, Referral, Reply, Status
from rutan import roles
from tests.pengaduan.factories import PATHS, make_complaint, staff, walk


def _step(action, complaint, user):
    """Call the service of `action` with valid input."""
    calls = {
        Action.VERIFIED: lambda: services.verify_complaint(complaint=complaint, by=user),
        Action.COMPLETION_REQUESTED: lambda: services.request_completion(
            complaint=complaint, by=user, message="Lengkapi."
        ),
        Action.REJECTED: lambda: services.reject_complaint(
            complaint=complaint, by=user, reason="Alasan."
        ),
        Action.REFERRED: lambda: services.refer_complaint(
            complaint=complaint, by=user, destination=Referral.OMBUDSMAN, reason="Alasan."
        ),
        Action.RECOMMENDED: lambda: services.submit_recommendation(
            complaint=complaint, by=user, review="Telaah.", recommendation="Rekomendasi."
        ),
        Action.DIRECTED: lambda: services.give_direction(
            complaint=complaint,
            by=user,
            official=staff(roles.PEJABAT_PELAYANAN, "pejabat"),
            direction="Arahan.",
        ),
        Action.SENT_BACK: lambda: services.send_back_to_ulp(
            complaint=complaint, by=user, note="Perbaiki telaah."
        ),
        Action.DRAFTED: lambda: services.submit_draft_reply(
            complaint=complaint, by=user, correction="", draft="Draf."
        ),
        Action.REASSIGNMENT_REQUESTED: lambda: services.request_reassignment(
            complaint=complaint, by=user, reason="Bukan bidang saya."
        ),
        Action.DRAFT_RETURNED: lambda: services.return_draft(
            complaint=complaint, by=user, note="Perbaiki."
        ),
        Action.PUBLISHED: lambda: services.publish_reply(
            complaint=complaint, by=user, text="Jawaban."
        ),
    }
    return calls[action]()


# Which persona may take each staff step, and from which states.
STAFF_STEPS = {
    Action.VERIFIED: ("ulp", {Status.DITERIMA}),
    Action.COMPLETION_REQUESTED: ("ulp", {Status.DITERIMA}),
    Action.RECOMMENDED: ("ulp", {Status.DITELAAH}),
    Action.DIRECTED: ("kepala", {Status.MENUNGGU_ARAHAN}),
    Action.SENT_BACK: ("kepala", {Status.MENUNGGU_ARAHAN}),
    Action.DRAFTED: ("pejabat", {Status.DITINDAKLANJUTI}),
    Action.REASSIGNMENT_REQUESTED: ("pejabat", {Status.DITINDAKLANJUTI}),
    Action.DRAFT_RETURNED: ("ulp", {Status.MENUNGGU_PERSETUJUAN}),
    Action.PUBLISHED: ("ulp", {Status.MENUNGGU_PERSETUJUAN}),
}
ALL_STATES = [*PATHS, Status.SELESAI, Status.DICABUT]


WRONG_STATE = [
    (action, state)
    for action, (_, sources) in STAFF_STEPS.items()
    for state in ALL_STATES
    if state not in sources
]
WRONG_ROLE = [
    (action, persona)
    for action, (allowed, _) in STAFF_STEPS.items()
    for persona in ("petugas", "ulp", "kepala", "pejabat")
    if persona != allowed
]


def _complaint_in(state, pejabat):
    """A complaint in `state`; the two states only the daily tick reaches are reached by it."""
    if state == Status.SELESAI:
        complaint = make_complaint(Status.DIJAWAB, official=pejabat)
        day_after = complaint.lapse_on + timedelta(days=1)
        return services.close_answered(complaint=complaint, today=day_after)
    if state == Status.DICABUT:
        complaint = make_complaint(Status.PERLU_KELENGKAPAN, official=pejabat)
        day_after = complaint.lapse_on + timedelta(days=1)
        return services.withdraw_incomplete(complaint=complaint, today=day_after)
    return make_complaint(state, official=pejabat)


def test_full_journey_writes_one_event_per_step(ulp, kepala, pejabat):
    complaint = make_complaint(ulp=ulp, kepala=kepala, official=pejabat)
    for step in PATHS[Status.DIJAWAB]:
        complaint = walk(complaint, step, ulp=ulp, kepala=kepala, official=pejabat)
    assert complaint.status == Status.DIJAWAB
    events = list(complaint.events.order_by("created_at", "id"))
    assert [e.action for e in events] == [
        Action.CREATED,
        Action.VERIFIED,
        Action.RECOMMENDED,
        Action.DIRECTED,
        Action.CORRECTION_AND_DRAFT_SENT,  # the walk sends a perbaikan and a klarifikasi
        Action.PUBLISHED,
    ]
    assert [(e.from_status, e.to_status) for e in events[1:]] == [
        (Status.DITERIMA, Status.DITELAAH),
        (Status.DITELAAH, Status.MENUNGGU_ARAHAN),
        (Status.MENUNGGU_ARAHAN, Status.DITINDAKLANJUTI),
        (Status.DITINDAKLANJUTI, Status.MENUNGGU_PERSETUJUAN),
        (Status.MENUNGGU_PERSETUJUAN, Status.DIJAWAB),
    ]
    assert [e.actor for e in events] == [ulp, ulp, ulp, kepala, pejabat, ulp]
    assert [e.actor_role for e in events] == [
        "ULP", "ULP", "ULP", "Kepala UPT", "Pejabat terkait", "ULP",
    ]  # fmt: skip
    assert all(e.created_at for e in events)
    assert complaint.replies.get().text == "Jawaban resmi."


@pytest.mark.parametrize(("action", "state"), WRONG_STATE)
def test_step_from_a_wrong_state_is_refused_in_indonesian(action, state, request, pejabat):
    persona, _ = STAFF_STEPS[action]
    complaint = _complaint_in(state, pejabat)
    user = request.getfixturevalue(persona)
    before = complaint.events.count()
    with pytest.raises(ValidationError) as error:
        _step(action, complaint, user)
    assert "tidak dapat" in error.value.messages[0]
    complaint.refresh_from_db()
    assert complaint.status == state
    assert complaint.events.count() == before


@pytest.mark.parametrize(("action", "persona"), WRONG_ROLE)
def test_step_by_a_wrong_role_is_refused(action, persona, request, pejabat):
    _, sources = STAFF_STEPS[action]
    state = next(iter(sources))
    complaint = make_complaint(state, official=pejabat)
    with pytest.raises(PermissionDenied):
        _step(action, complaint, request.getfixturevalue(persona))
    complaint.refresh_from_db()
    assert complaint.status == state


def test_ulp_rejects_and_refers_only_before_verification(ulp, pejabat):
    complaint = make_complaint(Status.DITELAAH, official=pejabat)
    with pytest.raises(ValidationError):
        services.reject_complaint(complaint=complaint, by=ulp, reason="x")
    with pytest.raises(ValidationError):
        services.refer_complaint(
            complaint=complaint, by=ulp, destination=Referral.KANWIL, reason="x"
        )
    fresh = make_complaint(official=pejabat)
    assert services.reject_complaint(complaint=fresh, by=ulp, reason="Di luar kewenangan.").status
    assert fresh.events.last().action == Action.REJECTED


def test_kepala_may_reject_or_refer_while_waiting_for_direction(kepala, pejabat):
    first = make_complaint(Status.MENUNGGU_ARAHAN, official=pejabat)
    second = make_complaint(Status.MENUNGGU_ARAHAN, official=pejabat)
    rejected = services.reject_complaint(complaint=first, by=kepala, reason="Tidak berdasar.")
    referred = services.refer_complaint(
        complaint=second, by=kepala, destination=Referral.ITJEN, reason="Kewenangan Itjen."
    )
    assert rejected.status == Status.DITOLAK and rejected.outcome_reason == "Tidak berdasar."
    assert referred.status == Status.DIRUJUK and referred.referred_to == Referral.ITJEN
    assert referred.events.last().actor_role == "Kepala UPT"


def test_kepala_cannot_reject_before_ulp_has_recommended(kepala, pejabat):
    complaint = make_complaint(official=pejabat)
    with pytest.raises(ValidationError):
        services.reject_complaint(complaint=complaint, by=kepala, reason="x")


def test_reasons_are_required(ulp, kepala, pejabat):
    complaint = make_complaint(official=pejabat)
    with pytest.raises(ValidationError, match="Alasan penolakan wajib diisi"):
        services.reject_complaint(complaint=complaint, by=ulp, reason="  ")
    with pytest.raises(ValidationError, match="Pilih instansi"):
        services.refer_complaint(complaint=complaint, by=ulp, destination="mars", reason="x")
    with pytest.raises(ValidationError, match="apa yang perlu dilengkapi"):
        services.request_completion(complaint=complaint, by=ulp, message="")


def test_direction_must_name_an_official(kepala, petugas, pejabat):
    complaint = make_complaint(Status.MENUNGGU_ARAHAN, official=pejabat)
    with pytest.raises(ValidationError, match="Pilih pejabat"):
        services.give_direction(complaint=complaint, by=kepala, official=petugas, direction="x")
    with pytest.raises(ValidationError, match="Pilih pejabat"):
        services.give_direction(complaint=complaint, by=kepala, official=None, direction="x")


def test_only_the_assigned_official_acts(user_factory, pejabat):
    other = user_factory("pejabat2", roles.PEJABAT_PELAYANAN)
    complaint = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
    with pytest.raises(PermissionDenied, match="tidak ditugaskan kepada Anda"):
        services.submit_draft_reply(complaint=complaint, by=other, correction="", draft="x")


def test_reassignment_goes_back_to_the_kepala_who_names_another_official(
    kepala, pejabat, user_factory
):
    other = user_factory("pejabat2", roles.PEJABAT_PELAYANAN)
    complaint = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
    complaint = services.request_reassignment(complaint=complaint, by=pejabat, reason="Bukan saya.")
    assert complaint.status == Status.MENUNGGU_ARAHAN
    complaint = services.give_direction(
        complaint=complaint, by=kepala, official=other, direction="Mohon ditangani."
    )
    assert complaint.assigned_to == other and complaint.status == Status.DITINDAKLANJUTI


def test_kepala_sends_back_and_ulp_recommends_again(ulp, kepala, pejabat):
    complaint = make_complaint(Status.MENUNGGU_ARAHAN, official=pejabat)
    complaint = services.send_back_to_ulp(complaint=complaint, by=kepala, note="Lengkapi telaah.")
    assert complaint.status == Status.DITELAAH
    complaint = services.submit_recommendation(
        complaint=complaint, by=ulp, review="Telaah baru.", recommendation="Rekomendasi baru."
    )
    assert complaint.review == "Telaah baru." and complaint.status == Status.MENUNGGU_ARAHAN


def test_ulp_edits_the_draft_when_publishing_and_may_return_it(ulp, pejabat):
    complaint = make_complaint(Status.MENUNGGU_PERSETUJUAN, official=pejabat)
    complaint = services.return_draft(complaint=complaint, by=ulp, note="Hapus nama petugas.")
    assert complaint.status == Status.DITINDAKLANJUTI
    complaint = services.submit_draft_reply(
        complaint=complaint, by=pejabat, correction="Dipanggil.", draft="Draf kedua."
    )
    assert Reply.objects.filter(complaint=complaint).count() == 1  # one draft, revised
    complaint = services.publish_reply(complaint=complaint, by=ulp, text="Teks yang disunting.")
    reply = complaint.replies.get()
    assert reply.draft == "Draf kedua." and reply.text == "Teks yang disunting."
    assert reply.published_by == ulp and reply.published_at


def test_complainant_disputes_once_and_the_second_reply_is_a_new_one(ulp, pejabat):
    complaint = make_complaint(Status.DIJAWAB, official=pejabat)
    complaint = services.dispute_reply(complaint=complaint, reason="Belum diperbaiki.")
    assert complaint.status == Status.DITINDAKLANJUTI and complaint.assigned_to == pejabat
    assert complaint.events.last().actor is None
    assert complaint.events.last().actor_role == "Pelapor"
    complaint = services.submit_draft_reply(
        complaint=complaint, by=pejabat, correction="", draft="Draf setelah sanggahan."
    )
    complaint = services.publish_reply(complaint=complaint, by=ulp, text="Jawaban kedua.")
    assert complaint.replies.count() == 2
    with pytest.raises(ValidationError, match="sudah pernah disanggah"):
        services.dispute_reply(complaint=complaint, reason="Lagi.")


def test_complainant_steps_refuse_other_states(pejabat):
    complaint = make_complaint(Status.DITELAAH, official=pejabat)
    with pytest.raises(ValidationError):
        services.dispute_reply(complaint=complaint, reason="x")
    with pytest.raises(ValidationError):
        services.complete_complaint(complaint=complaint, text="x")


def test_complainant_completes_and_the_complaint_returns_to_ulp(pejabat):
    complaint = make_complaint(Status.PERLU_KELENGKAPAN, official=pejabat)
    complaint = services.complete_complaint(complaint=complaint, text="Kejadian 3 Maret.")
    assert complaint.status == Status.DITERIMA
    assert complaint.events.last().action == Action.COMPLETED


def test_timeline_events_cannot_be_changed_or_deleted(pejabat):
    complaint = make_complaint(official=pejabat)
    event = complaint.events.get()
    event.note = "diubah"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        ComplaintEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(PermissionError):
        ComplaintEvent.objects.all().delete()


def test_allowed_actions_follow_role_and_state(ulp, kepala, pejabat):
    complaint = make_complaint(official=pejabat)
    assert services.allowed_actions(complaint, ulp) >= {
        Action.VERIFIED, Action.COMPLETION_REQUESTED, Action.REJECTED, Action.REFERRED,
    }  # fmt: skip
    assert services.allowed_actions(complaint, kepala) == set()
    assert services.allowed_actions(complaint, pejabat) == set()


def test_an_identified_complaint_needs_some_identity(ulp):
    from pengaduan.models import IdentityMode, ServiceCategory

    intake = services.Intake(
        identity_mode=IdentityMode.RAHASIA,
        service=ServiceCategory.objects.first(),
        description="Uraian.",
    )
    with pytest.raises(ValidationError, match="pilih Anonim"):
        services.log_complaint(intake=intake, channel="pos", received_at=timezone.now(), by=ulp)


def test_database_refuses_identity_on_an_anonymous_complaint(db):
    from django.db import IntegrityError, transaction

    complaint = make_complaint(identity="anonim")
    with pytest.raises(IntegrityError), transaction.atomic():
        type(complaint).objects.filter(pk=complaint.pk).update(reporter_name="Nama")
