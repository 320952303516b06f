"""The inmate page: the inmate's certificates of participation and the current and recent
suspensions of their allocations, for users allowed to see them; query count fixed."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pembinaan import services
from pembinaan.models import ParticipationCertificate
from tests.conftest import make_user
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-10 09:00 +0700", tick=False):
        yield


def _certificate(allocation, by, sequence: int) -> ParticipationCertificate:
    """A certificate row as `issue_certificate` leaves it (its rules are tested elsewhere)."""
    return ParticipationCertificate.objects.create(
        number=f"{sequence:03d}/SK-PK/VI/2026",
        year=2026,
        sequence=sequence,
        allocation=allocation,
        inmate=allocation.inmate,
        program=allocation.program,
        period_start=allocation.start_date,
        period_end=allocation.start_date + timedelta(days=30),
        sessions_held=8,
        sessions_attended=7,
        issued_by=by,
        issued_at=timezone.make_aware(datetime(2026, 6, 1, 10, 0)),
    )


def _page(client, inmate) -> str:
    response = client.get(reverse("pembinaan:inmate_detail", args=[inmate.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _with_participation(inmate, by, programs: int):
    """`programs` allocations of `inmate`: each with a certificate, a hand suspension ended
    a month ago, and an old one ended a year ago; plus BON on all of them from today."""
    for n in range(programs):
        allocation = f.allocation(
            program_=f.program(by=by), inmate_=inmate, start_date=date(2025, 1, 1)
        )
        _certificate(allocation, by, sequence=n + 1 + 100 * inmate.pk)
        services.suspend_allocation(
            allocation=allocation,
            by=by,
            start_date=date(2026, 5, 1),
            end_date=date(2026, 5, 10),
            reason="izin",
            note="Kunjungan keluarga",
        )
        services.suspend_allocation(
            allocation=allocation,
            by=by,
            start_date=date(2025, 5, 1),
            end_date=date(2025, 5, 2),
            reason="sakit",
        )
    services.apply_status_change(inmates=[inmate], status="BON", by=by)


def test_inmate_page_lists_certificates_and_current_and_recent_suspensions(petugas_client, petugas):
    inmate = f.inmate(name="Budi Santoso")
    _with_participation(inmate, petugas, programs=1)
    certificate = ParticipationCertificate.objects.get(inmate=inmate)

    html = _page(petugas_client, inmate)

    _, _, certificates = html.partition('id="surat-keterangan"')
    assert certificate.number in certificates
    assert reverse("pembinaan:certificate_print", args=[certificate.pk]) in certificates
    assert certificate.program.name in certificates and "01-06-2026" in certificates
    assert "7/8 sesi" in certificates
    suspensions = html.partition('id="penangguhan"')[2].partition('id="surat-keterangan"')[0]
    assert suspensions.count('class="suspension-row"') == 2  # BON today, izin in May
    assert "Bon/sidang" in suspensions and "berlaku" in suspensions
    assert "10-06-2026–…" in suspensions and "mengikuti status registrasi" in suspensions
    assert "01-05-2026–10-05-2026" in suspensions and "Kunjungan keluarga" in suspensions
    assert "01-05-2025" not in suspensions  # ended more than 90 days ago


def test_an_inmate_without_any_shows_empty_lists(petugas_client):
    html = _page(petugas_client, f.inmate())
    assert "Belum ada surat keterangan." in html and "Tidak ada penangguhan." in html


def test_without_the_permissions_neither_list_is_shown(petugas):
    inmate = f.inmate()
    _with_participation(inmate, petugas, programs=1)
    reader = make_user("pembaca")
    reader.user_permissions.add(Permission.objects.get(codename="view_inmate"))
    client = Client()
    client.force_login(reader)

    html = _page(client, inmate)

    assert 'id="surat-keterangan"' not in html and 'id="penangguhan"' not in html
    assert "SK-PK" not in html


def test_inmate_page_query_count_does_not_grow_with_certificates_and_suspensions(
    petugas_client, petugas, django_assert_max_num_queries
):
    few, many = f.inmate(), f.inmate()
    _with_participation(few, petugas, programs=1)
    _with_participation(many, petugas, programs=6)

    with django_assert_max_num_queries(25) as counted:
        _page(petugas_client, few)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        html = _page(petugas_client, many)
    assert html.count('class="certificate-row"') == 6
    assert html.count('class="suspension-row"') == 12
