"""The demo loader registers the demo device and is idempotent."""

from datetime import date, time, timedelta

import time_machine

from absensi.demo import DEMO_DEVICE, load
from absensi.models import Attendance, FingerprintDevice
from pembinaan import demo as pembinaan_demo
from pembinaan.models import ParticipationCertificate
from rutan.demo import load_users
from tests.pembinaan import planning_factories as pf


def test_demo_loader_is_idempotent(db):
    users = load_users()
    session = pf.session(day=date.today() - timedelta(days=3), at=time(9, 0))
    for _ in range(3):
        pf.allocation(program_=session.program, start_date=session.date - timedelta(days=30))

    first = load(users=users)
    second = load(users=users)

    device = FingerprintDevice.objects.get(name=DEMO_DEVICE)
    assert (device.ip_address, device.port) == ("127.0.0.1", 4370)
    assert Attendance.objects.filter(session=session).count() == 3
    assert "3 absensi" in first and "0 absensi" in second
    assert FingerprintDevice.objects.count() == 1


@time_machine.travel("2026-06-17 10:00 +0700", tick=False)
def test_demo_issues_one_certificate_and_premarks_the_inmate_at_court(db):
    users = load_users()
    pembinaan_demo.load_all(users=users)
    first = load(users=users)

    certificate = ParticipationCertificate.objects.get()
    assert certificate.number in first
    assert certificate.allocation.end_reason == "selesai"
    assert certificate.sessions_held >= 3
    assert 100 * certificate.sessions_attended >= 75 * certificate.sessions_held
    # The inmate at court since this morning: this morning's Karawitan session (09:00–09:45)
    # records him absent with the suspension's reason, as the grid pre-marks it.
    at_court = Attendance.objects.get(inmate__status="BON", session__date=date(2026, 6, 17))
    assert at_court.status == "bon"

    counts = (Attendance.objects.count(), ParticipationCertificate.history.count())
    load(users=users)
    assert counts == (Attendance.objects.count(), ParticipationCertificate.history.count())
