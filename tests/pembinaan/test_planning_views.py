"""Views of programs, work plans, participants and sessions: behaviour, 404s and query counts.

Anonymous → login, wrong role → 403 and GET on POST → 405 are checked for every URL by
tests/test_url_matrix.py; here: what each view does, out-of-scope objects, and that query
counts do not grow with the rows.
"""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from pembinaan import services
from pembinaan.models import (
    Allocation,
    ArtForm,
    Program,
    Session,
    SessionStatus,
    WorkPlan,
    WorkPlanStatus,
)
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-02 07:30 +0700", tick=False):
        yield


def test_petugas_creates_a_program(petugas_client, petugas):
    venue = f.venue(name="Aula Bimker")
    art = ArtForm.objects.get(code="hadroh")
    response = petugas_client.post(
        reverse("pembinaan:program_create"),
        {
            "name": "Hadroh Al-Ikhlas",
            "art_form": art.pk,
            "instructor_type": "mitra",
            "instructor_partner": f.partner(person_name="Ust. Salim").pk,
            "instructor_user": petugas.pk,  # ignored: the type is mitra
            "venue": venue.pk,
            "capacity": 15,
            "target_classes": ["tahanan", "awal"],
            "session_minutes": 45,
            "status": "aktif",
        },
    )
    program = Program.objects.get(name="Hadroh Al-Ikhlas")
    assert response.status_code == 302
    assert response["Location"] == reverse("pembinaan:program_detail", args=[program.pk])
    assert program.instructor_user is None and program.instructor.person_name == "Ust. Salim"
    assert program.target_classes == ["tahanan", "awal"]
    assert program.created_by == petugas


def test_program_with_inmate_instructor_found_by_registration_number(petugas_client):
    inmate = f.inmate(registration_number="B.I 12/2025")
    response = petugas_client.post(
        reverse("pembinaan:program_create"),
        {
            "name": "Teater",
            "art_form": ArtForm.objects.get(code="teater").pk,
            "instructor_type": "wbp",
            "instructor_inmate_number": "b.i  12/2025",
            "venue": f.venue().pk,
            "capacity": 5,
            "target_classes": ["akhir"],
            "session_minutes": 60,
            "status": "aktif",
        },
    )
    assert response.status_code == 302
    assert Program.objects.get(name="Teater").instructor_inmate == inmate


def test_program_form_shows_errors_in_indonesian(petugas_client):
    response = petugas_client.post(reverse("pembinaan:program_create"), {"instructor_type": "wbp"})
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong." in response.content.decode()


def test_unknown_objects_are_404(petugas_client, kepala_client):
    for name in [
        "program_detail",
        "program_update",
        "program_participants",
        "plan_create",
        "plan_detail",
        "plan_update",
        "plan_print",
        "session_detail",
        "session_callout",
        "session_results",
        "session_photo",
        "partner_update",
    ]:
        assert petugas_client.get(reverse(f"pembinaan:{name}", args=[99999])).status_code == 404
    for name in ["plan_submit", "plan_revise", "session_start", "allocation_end"]:
        assert petugas_client.post(reverse(f"pembinaan:{name}", args=[99999])).status_code == 404
    assert kepala_client.post(reverse("pembinaan:plan_approve", args=[99999])).status_code == 404


def slot_data(rows):
    data = {
        "jadwal-TOTAL_FORMS": str(len(rows)),
        "jadwal-INITIAL_FORMS": "0",
        "jadwal-MIN_NUM_FORMS": "0",
        "jadwal-MAX_NUM_FORMS": "1000",
    }
    for i, (weekday, start, frequency) in enumerate(rows):
        data.update(
            {
                f"jadwal-{i}-weekday": weekday,
                f"jadwal-{i}-start_time": start,
                f"jadwal-{i}-frequency": frequency,
            }
        )
    return data


def test_petugas_drafts_a_plan_with_slots_and_skipped_dates(petugas_client, petugas):
    program = f.program(by=petugas)
    response = petugas_client.post(
        reverse("pembinaan:plan_create", args=[program.pk]),
        {
            "title": "RK Maret",
            "period_start": "2026-03-01",
            "period_end": "2026-03-31",
            "objectives": "Gending dasar",
            "skip_dates": "16-03-2026 Nyepi\n2026-03-30",
            **slot_data([("0", "09:00", "mingguan"), ("", "", "mingguan")]),
        },
    )
    plan = WorkPlan.objects.get(title="RK Maret")
    assert response.status_code == 302
    revision = plan.latest_revision
    assert revision.status == WorkPlanStatus.DRAFT
    assert revision.skip_dates == [
        {"date": "2026-03-16", "note": "Nyepi"},
        {"date": "2026-03-30", "note": ""},
    ]
    page = petugas_client.get(reverse("pembinaan:plan_detail", args=[plan.pk])).content.decode()
    assert "Sesi yang direncanakan (3)" in page  # 2, 9, 23 March


def test_plan_form_refuses_a_plan_without_slots(petugas_client, petugas):
    program = f.program(by=petugas)
    response = petugas_client.post(
        reverse("pembinaan:plan_create", args=[program.pk]),
        {
            "title": "RK",
            "period_start": "2026-03-01",
            "period_end": "2026-03-31",
            "objectives": "x",
            **slot_data([("", "", "mingguan")]),
        },
    )
    assert response.status_code == 200
    assert "Isi paling sedikit satu jadwal rutin" in response.content.decode()
    assert not WorkPlan.objects.exists()


def test_petugas_posting_an_approval_gets_403(petugas_client, petugas, user_factory):
    author = user_factory("penyusun", "petugas_pembinaan")
    plan = f.plan(by=author, status=WorkPlanStatus.SUBMITTED)
    for name in ["plan_approve", "plan_return", "plan_reject"]:
        response = petugas_client.post(reverse(f"pembinaan:{name}", args=[plan.pk]), {"note": "x"})
        assert response.status_code == 403
    plan.latest_revision.refresh_from_db()
    assert plan.latest_revision.status == WorkPlanStatus.SUBMITTED
    assert not Session.objects.exists()


def test_kepala_approves_from_the_inbox_and_sessions_appear(kepala_client, frozen):
    plan = f.plan(status=WorkPlanStatus.SUBMITTED)
    response = kepala_client.post(
        reverse("pembinaan:plan_approve", args=[plan.pk]), {"next": "inbox"}
    )
    assert response["Location"] == reverse("pembinaan:plan_inbox")
    plan.refresh_from_db()
    assert plan.approved_revision.status == WorkPlanStatus.APPROVED
    # 2 March 09:00 is still ahead at 07:30: sessions on 2, 9, 16, 23, 30 March.
    assert plan.sessions.count() == 5


def test_kepala_returns_a_plan_with_a_note_and_it_is_required(kepala_client):
    plan = f.plan(status=WorkPlanStatus.SUBMITTED)
    url = reverse("pembinaan:plan_return", args=[plan.pk])
    kepala_client.post(url, {"note": ""})
    plan.latest_revision.refresh_from_db()
    assert plan.latest_revision.status == WorkPlanStatus.SUBMITTED
    response = kepala_client.post(url, {"note": "Lengkapi tujuan."}, follow=True)
    assert "dikembalikan untuk perbaikan" in response.content.decode()
    plan.latest_revision.refresh_from_db()
    assert plan.latest_revision.status == WorkPlanStatus.RETURNED


def test_approved_plan_cannot_be_edited_through_the_form(petugas_client, kepala):
    plan = f.plan(status=WorkPlanStatus.APPROVED, decided_by=kepala)
    url = reverse("pembinaan:plan_update", args=[plan.pk])
    response = petugas_client.get(url, follow=True)
    assert "sudah disetujui tidak dapat diubah" in response.content.decode()
    petugas_client.post(
        url,
        {
            "title": "Diubah",
            "period_start": "2026-03-01",
            "period_end": "2026-03-31",
            "objectives": "Diubah",
            **slot_data([("1", "10:00", "mingguan")]),
        },
    )
    plan.refresh_from_db()
    assert plan.title != "Diubah" and plan.latest_revision.objectives != "Diubah"


def test_inbox_shows_planned_sessions_and_participants(kepala_client):
    plan = f.plan(status=WorkPlanStatus.SUBMITTED)
    f.allocation(program_=plan.program, inmate_=f.inmate(name="Slamet Riyadi"))
    page = kepala_client.get(reverse("pembinaan:plan_inbox")).content.decode()
    assert plan.title in page and "Slamet Riyadi" in page
    assert "Sesi (5)" in page


def test_author_sees_no_decision_buttons_on_own_plan(admin_client_, admin_user):
    plan = f.plan(by=admin_user, status=WorkPlanStatus.SUBMITTED)
    page = admin_client_.get(reverse("pembinaan:plan_detail", args=[plan.pk])).content.decode()
    assert "Setujui" not in page


def test_plan_print_has_letterhead_and_signature_of_the_approver(petugas_client, kepala):
    kepala.first_name, kepala.last_name, kepala.nip = "Bambang", "Wijaya", "19750312"
    kepala.save()
    plan = f.plan(status=WorkPlanStatus.APPROVED, decided_by=kepala)
    page = petugas_client.get(reverse("pembinaan:plan_print", args=[plan.pk])).content.decode()
    assert "RUMAH TAHANAN NEGARA KELAS IIB MAGETAN" in page
    assert "Mengetahui," in page and "Kepala Rutan" in page
    assert "Bambang Wijaya" in page and "NIP. 19750312" in page
    assert "print.css" in page


def test_unapproved_plan_print_says_so(petugas_client):
    plan = f.plan()
    page = petugas_client.get(reverse("pembinaan:plan_print", args=[plan.pk])).content.decode()
    assert "Belum disetujui" in page and "DRAF" in page


def test_allocation_view_refuses_ineligible_inmate_with_its_reason(petugas_client, petugas):
    program = f.program(by=petugas, target_classes=["awal"])
    ok = f.narapidana(klass="awal", name="Agus")
    refused = f.inmate(name="Bowo")
    response = petugas_client.post(
        reverse("pembinaan:program_allocate", args=[program.pk]),
        {"inmates": [ok.pk, refused.pk], "start_date": "2026-03-01"},
        follow=True,
    )
    page = response.content.decode()
    assert "1 peserta ditambahkan: Agus." in page
    assert "Bowo (A.II" in page and "Kelas Tahanan tidak termasuk sasaran program" in page
    assert list(Allocation.objects.values_list("inmate__name", flat=True)) == ["Agus"]


def test_participant_search_marks_who_would_be_refused(petugas_client, petugas):
    program = f.program(by=petugas, target_classes=["awal"])
    f.inmate(name="Sarno Tahanan", block="C")
    page = petugas_client.get(
        reverse("pembinaan:program_participants", args=[program.pk]), {"q": "sarno"}
    ).content.decode()
    assert "Sarno Tahanan" in page and "tidak termasuk sasaran" in page


def test_petugas_cannot_override_eligibility_through_the_form(petugas_client, petugas):
    program = f.program(by=petugas, target_classes=["awal"])
    response = petugas_client.post(
        reverse("pembinaan:program_allocate", args=[program.pk]),
        {"inmates": [f.inmate().pk], "start_date": "2026-03-01", "override_reason": "Saya mau"},
        follow=True,
    )
    assert "tidak berwenang" in response.content.decode()
    assert not Allocation.objects.exists()


def test_ending_an_allocation_through_the_view(petugas_client):
    allocation = f.allocation(program_=f.program())
    petugas_client.post(
        reverse("pembinaan:allocation_end", args=[allocation.pk]),
        {"reason": "keamanan", "on": "2026-03-05", "note": ""},
    )
    allocation.refresh_from_db()
    assert allocation.end_reason == "keamanan" and allocation.end_date == date(2026, 3, 5)


def test_start_finish_and_results_through_the_views(petugas_client, petugas, frozen):
    session = f.session(day=MONDAY, at=time(8, 0))
    member = f.allocation(program_=session.program, start_date=date(2026, 3, 1))
    petugas_client.post(reverse("pembinaan:session_start", args=[session.pk]))
    with time_machine.travel("2026-03-02 08:20 +0700", tick=False):
        petugas_client.post(reverse("pembinaan:session_finish", args=[session.pk]))
        session.refresh_from_db()
        assert session.status == SessionStatus.FINISHED
        url = reverse("pembinaan:session_results", args=[session.pk])
        assert petugas_client.get(url).status_code == 200
        response = petugas_client.post(
            url,
            {
                "summary": "Latihan lancaran.",
                "material": "Lancaran Manyar Sewu",
                "notes": "",
                "peserta-TOTAL_FORMS": "1",
                "peserta-INITIAL_FORMS": "1",
                "peserta-MIN_NUM_FORMS": "0",
                "peserta-MAX_NUM_FORMS": "1000",
                "peserta-0-inmate": str(member.inmate_id),
                "peserta-0-score": "80",
                "peserta-0-predicate": "B",
                "peserta-0-behaviour_note": "Aktif",
            },
        )
    assert response.status_code == 302
    assert session.result.summary == "Latihan lancaran."
    assert session.participant_results.get().predicate == "B"


def test_results_page_redirects_when_the_window_has_passed(petugas_client):
    start = timezone.make_aware(datetime(2026, 3, 2, 9, 0))
    session = f.session(
        day=MONDAY,
        status=SessionStatus.FINISHED,
        actual_start=start,
        actual_end=start + timedelta(minutes=45),
    )
    with time_machine.travel("2026-03-20 09:00 +0700", tick=False):
        response = petugas_client.get(reverse("pembinaan:session_results", args=[session.pk]))
    assert response.status_code == 302


def test_cancel_needs_a_reason_and_uncancel_restores(petugas_client):
    session = f.session()
    url = reverse("pembinaan:session_cancel", args=[session.pk])
    petugas_client.post(url, {"reason": ""})
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED
    petugas_client.post(url, {"reason": "tempat_tidak_tersedia"})
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    petugas_client.post(reverse("pembinaan:session_uncancel", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


def test_callout_list_is_grouped_by_block_and_cell(petugas_client):
    session = f.session(day=MONDAY)
    for name, block, cell in [("Cahyo", "B", "2"), ("Adi", "A", "3"), ("Beni", "A", "1")]:
        f.allocation(program_=session.program, inmate_=f.inmate(name=name, block=block, cell=cell))
    page = petugas_client.get(reverse("pembinaan:session_callout", args=[session.pk])).content
    page = page.decode()
    assert page.index("Blok A") < page.index("Beni") < page.index("Adi") < page.index("Blok B")
    assert "Jumlah peserta: <strong>3</strong>" in page


def test_week_view_filters_by_program_and_venue(petugas_client):
    a = f.session(day=MONDAY, at=time(9, 0))
    b = f.session(day=date(2026, 3, 4), at=time(9, 0))
    url = reverse("pembinaan:session_list")
    week = {"tanggal": "2026-03-03", "tampilan": "minggu"}

    def shown(query):
        page = petugas_client.get(url, query).content.decode()
        return {s for s in (a, b) if reverse("pembinaan:session_detail", args=[s.pk]) in page}

    assert shown(week) == {a, b}
    assert shown({**week, "program": a.program_id}) == {a}
    assert shown({**week, "tempat": b.venue_id}) == {b}
    assert shown({"tanggal": "2026-03-02"}) == {a}


def test_dashboard_panels_by_role(petugas_client, kepala_client, petugas, frozen):
    f.session(day=MONDAY, at=time(13, 0))
    returned = f.plan(by=petugas, status=WorkPlanStatus.RETURNED)
    waiting = f.plan(status=WorkPlanStatus.SUBMITTED)
    petugas_page = petugas_client.get(reverse("dashboard")).content.decode()
    assert "Sesi hari ini" in petugas_page and returned.title in petugas_page
    assert "menunggu keputusan" not in petugas_page
    kepala_page = kepala_client.get(reverse("dashboard")).content.decode()
    assert "Rencana kerja menunggu keputusan" in kepala_page and waiting.title in kepala_page


# --- Query counts: constant whatever the number of rows ---------------------------------------


def _populate(n: int) -> None:
    """n programs, each with an approved plan, 3 sessions this week and 3 participants."""
    for _ in range(n):
        plan = f.plan(status=WorkPlanStatus.APPROVED, decided_by=f.staff_user())
        for day in (2, 4, 6):
            f.session(plan_=plan, day=date(2026, 3, day), at=time(9, 0))
        for _ in range(3):
            f.allocation(program_=plan.program)
        f.plan(
            program_=plan.program,
            status=WorkPlanStatus.SUBMITTED,
            start=date(2026, 4, 1),
            end=date(2026, 4, 30),
        )


PAGES = [
    ("pembinaan:session_list", {"tanggal": "2026-03-02"}, "petugas_client"),
    ("pembinaan:session_list", {"tanggal": "2026-03-02", "tampilan": "minggu"}, "petugas_client"),
    ("pembinaan:program_list", {}, "petugas_client"),
    ("pembinaan:plan_list", {}, "petugas_client"),
    ("pembinaan:plan_inbox", {}, "kepala_client"),
    ("dashboard", {}, "petugas_client"),
    ("dashboard", {}, "kepala_client"),
]


@pytest.mark.parametrize(("name", "query", "client"), PAGES, ids=[f"{p[0]}{p[1]}" for p in PAGES])
def test_list_pages_have_constant_query_counts(
    name, query, client, request, django_assert_max_num_queries, frozen
):
    client = request.getfixturevalue(client)
    url = reverse(name)
    _populate(2)
    # The dashboard also holds the other apps' panels: only its growth is ours to bound.
    with django_assert_max_num_queries(40 if name == "dashboard" else 20) as small:
        assert client.get(url, query).status_code == 200
    _populate(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url, query).status_code == 200


def test_detail_pages_have_constant_query_counts(
    petugas_client, kepala_client, django_assert_max_num_queries, frozen
):
    def build(participants: int) -> tuple[Session, WorkPlan]:
        plan = f.plan(status=WorkPlanStatus.APPROVED, decided_by=f.staff_user())
        session = f.session(plan_=plan, day=MONDAY)
        for _ in range(participants):
            f.allocation(program_=plan.program)
        return session, plan

    small_session, small_plan = build(2)
    big_session, big_plan = build(15)
    for name, small, big in [
        ("pembinaan:session_detail", small_session, big_session),
        ("pembinaan:session_callout", small_session, big_session),
        ("pembinaan:program_detail", small_plan.program, big_plan.program),
        ("pembinaan:program_participants", small_plan.program, big_plan.program),
        ("pembinaan:plan_detail", small_plan, big_plan),
        ("pembinaan:plan_print", small_plan, big_plan),
    ]:
        with django_assert_max_num_queries(25) as counted:
            assert petugas_client.get(reverse(name, args=[small.pk])).status_code == 200
        with django_assert_max_num_queries(len(counted.captured_queries)):
            assert petugas_client.get(reverse(name, args=[big.pk])).status_code == 200


def test_service_allocations_in_bulk_use_constant_queries(petugas, django_assert_max_num_queries):
    program = f.program(by=petugas, capacity=100)
    few = [f.inmate() for _ in range(2)]
    many = [f.inmate() for _ in range(30)]
    with time_machine.travel("2026-03-01 08:00 +0700", tick=False):
        with django_assert_max_num_queries(20) as counted:
            services.allocate_inmates(program=program, inmates=few, by=petugas)
        with django_assert_max_num_queries(len(counted.captured_queries)):
            services.allocate_inmates(program=program, inmates=many, by=petugas)
