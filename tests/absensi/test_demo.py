"""The demo loader registers the demo device and is idempotent."""

from datetime import date, time, timedelta

from absensi.demo import DEMO_DEVICE, load
from absensi.models import Attendance, FingerprintDevice
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
