"""Admin: data fixes with history; the timeline and the state stay out of reach."""

from django.urls import reverse

from pengaduan.models import Complaint, ComplaintEvent, StateTarget
from rutan.models import Holiday
from tests.pengaduan.factories import make_complaint


def test_admin_pages_open(admin_client_, db):
    complaint = make_complaint()
    for url in [
        reverse("admin:pengaduan_complaint_changelist"),
        reverse("admin:pengaduan_complaint_change", args=[complaint.pk]),
        reverse("admin:pengaduan_complaint_history", args=[complaint.pk]),
        reverse("admin:pengaduan_complaintevent_changelist"),
        reverse("admin:rutan_holiday_changelist"),
        reverse("admin:rutan_holiday_add"),
        reverse("admin:pengaduan_statetarget_changelist"),
        reverse("admin:pengaduan_servicecategory_changelist"),
    ]:
        assert admin_client_.get(url).status_code == 200, url


def test_text_fixes_are_kept_in_history_and_status_is_read_only(admin_client_, db):
    complaint = make_complaint()
    url = reverse("admin:pengaduan_complaint_change", args=[complaint.pk])
    form = admin_client_.get(url).context["adminform"].form
    assert "status" not in form.fields and "number" not in form.fields
    assert "description" in form.fields
    complaint = Complaint.objects.get(pk=complaint.pk)
    complaint.description = "Uraian yang dirapikan admin."
    complaint.save()
    assert complaint.history.first().description == "Uraian yang dirapikan admin."


def test_timeline_cannot_be_edited_in_the_admin(admin_client_, db):
    event = make_complaint().events.get()
    change = reverse("admin:pengaduan_complaintevent_change", args=[event.pk])
    response = admin_client_.post(change, {"note": "diubah"})
    assert response.status_code in (302, 403)
    assert ComplaintEvent.objects.get(pk=event.pk).note == event.note
    delete = reverse("admin:pengaduan_complaintevent_delete", args=[event.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403


def test_admin_maintains_the_holiday_calendar_and_targets(admin_client_, db):
    response = admin_client_.post(
        reverse("admin:rutan_holiday_add"),
        {"date": "2027-01-01", "name": "Tahun Baru 2027", "kind": "nasional"},
    )
    assert response.status_code == 302
    assert Holiday.objects.get(date="2027-01-01").history.count() == 1
    target = StateTarget.objects.get(status="diterima")
    target.days = 4
    target.save()
    assert target.history.first().days == 4
