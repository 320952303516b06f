"""One rule for who sees what: for every role, every count on the dashboard (the desk's queue
and month panels, the dashboard's complaint charts), the recap and the register equals what
the same person's lists show (`Complaint.objects.visible_to`)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from pengaduan.models import Status
from pengaduan.reports import CLOSED_WITHOUT_REPLY
from rutan import roles
from tests.pengaduan.factories import make_complaint, staff

WIB = ZoneInfo("Asia/Jakarta")
PERSONAS = ["ulp", "kepala", "pejabat", "admin_user", "petugas"]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


@pytest.fixture
def march(ulp, kepala, pejabat):
    """Eleven complaints of March 2026: three assigned to `pejabat`, two to another pejabat,
    the rest with ULP (one of them overdue), waiting for the complainant or rejected."""
    other = staff(roles.PEJABAT_PELAYANAN, "pejabat_lain")
    cast = {"ulp": ulp, "kepala": kepala}
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        make_complaint(**cast)  # overdue by the 18th
    with time_machine.travel(at("2026-03-16 09:00"), tick=False):
        for _ in range(2):
            make_complaint(Status.DITINDAKLANJUTI, official=pejabat, **cast)
        make_complaint(Status.MENUNGGU_PERSETUJUAN, official=pejabat, **cast)
        for _ in range(2):
            make_complaint(Status.DITINDAKLANJUTI, official=other, **cast)
        make_complaint(Status.DITERIMA, **cast)
        make_complaint(Status.DITELAAH, **cast)
        make_complaint(Status.MENUNGGU_ARAHAN, **cast)
        make_complaint(Status.PERLU_KELENGKAPAN, **cast)
        make_complaint(Status.DITOLAK, **cast)


def _count(response) -> int:
    return response.context["page"].paginator.count


@pytest.mark.parametrize("persona_client", PERSONAS, indirect=True)
def test_dashboard_figures_equal_the_lists(march, persona_client):
    user, client = persona_client
    with time_machine.travel(at("2026-03-18 10:00"), tick=False):
        listing = client.get(reverse("pengaduan:complaint_list"))
        inbox = client.get(reverse("pengaduan:inbox"))
        month = client.get(reverse("pengaduan:month_panel"))
        charts = client.get(reverse("report_complaint_charts"))
        queue = client.get(reverse("pengaduan:queue_panel"))
        recap = client.get(reverse("pengaduan:recap"), {"bulan": "2026-03"})
        register = client.get(reverse("pengaduan:register"), {"bulan": "2026-03"})
        late_now = client.get(reverse("pengaduan:complaint_list"), {"flag": "terlambat"})
        by_status = (
            {
                label: _count(client.get(reverse("pengaduan:complaint_list"), {"status": value}))
                for value, label in Status.choices
            }
            if listing.status_code == 200
            else {}
        )

    if listing.status_code != 200:
        # Who may not see the list sees no figure of it either.
        assert listing.status_code == 403
        for response in (month, charts, queue, recap, register):
            assert response.status_code == 403 or _shown_total(response) == 0
        return

    seen = _count(listing)
    assert seen == {"ulp": 11, "kepala": 11, "pejabat": 3}.get(user.username, seen)
    if month.status_code == 200:
        assert month.context["total"] == seen
        assert dict(month.context["statuses"]) == {k: n for k, n in by_status.items() if n}
    if charts.status_code == 200:
        assert charts.context["charts"]["total"] == seen
    if recap.status_code == 200:
        assert recap.context["recap"].received == seen
        assert recap.context["recap"].overdue_now == _count(late_now)
        figures = recap.context["recap"]
        closed = (figures.rejected, figures.referred, figures.merged, figures.withdrawn)
        assert closed == tuple(by_status[s.label] for s in CLOSED_WITHOUT_REPLY)
        assert sum(n for _, n in figures.reply_rows) == seen
    if register.status_code == 200:
        assert _count(register) == seen
    if queue.status_code == 200:
        assert queue.context["counts"]["total"] == _count(inbox)
        flags = [c.deadline_flag for c in inbox.context["page"].object_list]
        assert queue.context["counts"]["late"] == flags.count("terlambat")
        assert queue.context["counts"]["soon"] == flags.count("hampir")


def _shown_total(response) -> int:
    context = response.context
    if "charts" in context:
        return context["charts"]["total"]
    if "recap" in context:
        return context["recap"].received
    if "counts" in context:
        return context["counts"]["total"]
    if "page" in context:
        return _count(response)
    return context["total"]


def test_pejabat_month_panel_counts_only_his_complaints(march, pejabat_client):
    """The reported case: the panel said 10 received while his list showed 5."""
    with time_machine.travel(at("2026-03-18 10:00"), tick=False):
        page = pejabat_client.get(reverse("pengaduan:month_panel")).content.decode()
    assert "3 diterima" in page
