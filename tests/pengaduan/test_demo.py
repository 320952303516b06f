"""The demo data: idempotent, complaints in several states, the 2026 holiday calendar."""

from pengaduan import demo
from pengaduan.models import Complaint, ComplaintEvent, Status
from rutan.demo import load_users
from rutan.models import Holiday


def test_demo_is_idempotent_and_covers_several_states(db):
    users = load_users()
    first = demo.load(users=users)
    counts = (Complaint.objects.count(), ComplaintEvent.objects.count(), Holiday.objects.count())
    second = demo.load(users=users)
    assert (
        Complaint.objects.count(),
        ComplaintEvent.objects.count(),
        Holiday.objects.count(),
    ) == counts
    assert "baru:" in first and "baru:" not in second
    states = set(Complaint.objects.values_list("status", flat=True))
    assert {Status.DITERIMA, Status.DITINDAKLANJUTI, Status.DIJAWAB, Status.DIRUJUK} <= states
    assert Status.DIGABUNG in states  # a duplicate merged into the first demo complaint
    assert Complaint.objects.filter(channel="lapor", lapor_id="5123456").exists()
    assert len(states) >= 7
    # 17 national holidays from the `holidays` library + 8 cuti bersama entered as an admin would
    assert Holiday.objects.filter(date__year=2026).count() == 25
    assert Holiday.objects.filter(kind="cuti_bersama").count() == 8
