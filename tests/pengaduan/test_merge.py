"""Merging a duplicate into a main complaint: the duplicate closes linked to the main; each
complainant tracks with their own code and sees the main's published reply."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from pengaduan import services
from pengaduan.models import Action, Complaint, Status
from rutan import roles
from tests.pengaduan.factories import make_complaint, staff, walk

TRACK = reverse("pengaduan:track")


def merge(duplicate, main, by, reason="Pokok masalah sama."):
    return services.merge_complaint(duplicate=duplicate, main=main, by=by, reason=reason)


def test_the_duplicate_closes_linked_to_the_main(ulp):
    main = make_complaint(Status.DITINDAKLANJUTI, ulp=ulp)
    duplicate = make_complaint(ulp=ulp)
    merged = merge(duplicate, main, ulp)
    assert merged.status == Status.DIGABUNG and merged.merged_into == main
    assert merged.closed_at is not None and merged.due_date is None
    assert not merged.is_open
    assert list(main.duplicates.all()) == [merged]


def test_both_timelines_record_the_merge(ulp):
    main = make_complaint(Status.DITELAAH, ulp=ulp)
    duplicate = make_complaint(ulp=ulp)
    merge(duplicate, main, ulp, reason="Kejadian yang sama.")
    dup_event = duplicate.events.last()
    assert dup_event.action == Action.MERGED and dup_event.actor == ulp
    assert dup_event.from_status == Status.DITERIMA and dup_event.to_status == Status.DIGABUNG
    assert main.number in dup_event.note and "Kejadian yang sama." in dup_event.note
    main_event = main.events.last()
    assert main_event.action == Action.DUPLICATE_ATTACHED
    assert main_event.from_status == main_event.to_status == Status.DITELAAH
    assert duplicate.number in main_event.note
    main.refresh_from_db()
    assert main.status == Status.DITELAAH  # the main goes on where it was


def test_refused_into_itself(ulp):
    complaint = make_complaint(ulp=ulp)
    with pytest.raises(ValidationError, match="dirinya sendiri"):
        merge(complaint, complaint, ulp)


@pytest.mark.parametrize("closed", [Status.DITOLAK, Status.DIRUJUK])
def test_refused_into_a_closed_complaint(ulp, closed):
    main = make_complaint(closed, ulp=ulp)
    duplicate = make_complaint(ulp=ulp)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        merge(duplicate, main, ulp)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.DITERIMA


def test_refused_into_a_merged_one_and_no_chains(ulp):
    main = make_complaint(ulp=ulp)
    first = make_complaint(ulp=ulp)
    merge(first, main, ulp)
    third = make_complaint(ulp=ulp)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        merge(third, first, ulp)  # into a merged duplicate
    with pytest.raises(ValidationError, match="sudah menjadi induk"):
        merge(main, third, ulp)  # the main of a duplicate cannot become a duplicate


def test_only_before_anything_is_drafted(ulp):
    main = make_complaint(ulp=ulp)
    late = make_complaint(Status.DITINDAKLANJUTI, ulp=ulp)
    with pytest.raises(ValidationError, match="tidak dapat digabungkan"):
        merge(late, main, ulp)


def test_only_ulp_merges(kepala, ulp):
    main = make_complaint(ulp=ulp)
    duplicate = make_complaint(ulp=ulp)
    with pytest.raises(PermissionDenied):
        merge(duplicate, main, kepala)


def test_reason_is_required(ulp):
    with pytest.raises(ValidationError, match="Alasan penggabungan"):
        merge(make_complaint(ulp=ulp), make_complaint(ulp=ulp), ulp, reason="  ")


def test_the_database_refuses_a_merge_without_a_main(ulp):
    complaint = make_complaint(ulp=ulp)
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(status=Status.DIGABUNG)


def _open(client, complaint):
    client.post(TRACK, {"number": complaint.number, "code": complaint.code})
    return client.get(reverse("pengaduan:tracking", args=[complaint.number])).content.decode()


def test_each_complainant_tracks_with_their_own_code_and_sees_the_main_reply(client, ulp, pejabat):
    kepala = staff(roles.KEPALA_UPT, "f_kepala")
    main = make_complaint(Status.DITELAAH, ulp=ulp, kepala=kepala, official=pejabat)
    main_code = main.code
    duplicate = make_complaint(ulp=ulp, name="Pelapor Kedua", phone="081200000002")
    merge(duplicate, main, ulp)
    page = _open(client, duplicate)
    assert "digabungkan dengan pengaduan lain" in page
    assert 'data-testid="public-reply"' not in page  # nothing published yet
    for step in ("recommend", "direct", "draft", "publish"):
        main = walk(main, step, ulp=ulp, kepala=kepala, official=pejabat)
    main.code = main_code
    page = _open(client, duplicate)
    assert 'data-testid="public-reply"' in page and "Jawaban resmi." in page
    assert "Draf jawaban." not in page  # the main's draft never shows
    assert "Sri Wahyuni" not in page  # nor the main complainant's identity
    main_page = _open(client, main)
    assert "Jawaban resmi." in main_page


def test_ulp_merges_from_the_complaint_page(ulp_client, ulp):
    main = make_complaint(ulp=ulp)
    duplicate = make_complaint(ulp=ulp)
    url = reverse("pengaduan:merge", args=[duplicate.pk])
    response = ulp_client.post(url, {"main_number": main.number.lower(), "reason": "Sama."})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == main
    page = ulp_client.get(reverse("pengaduan:complaint_detail", args=[duplicate.pk]))
    assert f'data-testid="merged-into"><a href="/pengaduan/{main.pk}/">' in page.content.decode()
    main_page = ulp_client.get(reverse("pengaduan:complaint_detail", args=[main.pk]))
    assert duplicate.number in main_page.content.decode()


def test_an_unknown_main_number_gets_a_message(ulp_client, ulp):
    duplicate = make_complaint(ulp=ulp)
    url = reverse("pengaduan:merge", args=[duplicate.pk])
    response = ulp_client.post(
        url, {"main_number": "ADU-2099-99999", "reason": "Sama."}, follow=True
    )
    assert "Pengaduan induk ADU-2099-99999 tidak ditemukan." in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.status == Status.DITERIMA


def test_the_duplicates_complainant_is_told_by_email(
    ulp, pejabat, mailoutbox, django_capture_on_commit_callbacks
):
    kepala = staff(roles.KEPALA_UPT, "f_kepala")
    main = make_complaint(Status.DITELAAH, ulp=ulp, kepala=kepala, official=pejabat)
    duplicate = make_complaint(ulp=ulp, email="kedua@example.com", phone="081200000002")
    with django_capture_on_commit_callbacks(execute=True):
        merge(duplicate, main, ulp)
    assert [m.to for m in mailoutbox] == [["kedua@example.com"]]
    assert duplicate.number in mailoutbox[0].body and main.number not in mailoutbox[0].body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for step in ("recommend", "direct", "draft", "publish"):
            main = walk(main, step, ulp=ulp, kepala=kepala, official=pejabat)
    to = sorted(m.to[0] for m in mailoutbox if m.subject.startswith("Jawaban"))
    assert to == ["kedua@example.com", "sri@example.com"]  # one message each
