"""Rahasia identities reach only ULP and the Kepala UPT; internal notes never leave the staff
pages; a pejabat sees only the complaints assigned to them."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pengaduan import services
from pengaduan.models import Complaint, IdentityMode, Status
from tests.pengaduan.factories import clean_png, make_complaint

SECRETS = ["Budi Rahasia", "budi.rahasia@example.com", "081299998888", "@budi_rahasia"]


@pytest.fixture
def rahasia(ulp, kepala, pejabat):
    complaint = make_complaint(
        Status.DITINDAKLANJUTI,
        identity=IdentityMode.RAHASIA,
        ulp=ulp,
        kepala=kepala,
        official=pejabat,
        name="Budi Rahasia",
        email="budi.rahasia@example.com",
        phone="081299998888",
        handle="@budi_rahasia",
        attachments=[clean_png()],
        screenshots=[clean_png()],
    )
    services.add_internal_note(complaint=complaint, by=ulp, text="CATATAN-INTERNAL-ULP")
    return complaint


@pytest.fixture
def identified(ulp, kepala, pejabat):
    return make_complaint(
        Status.DITINDAKLANJUTI, ulp=ulp, kepala=kepala, official=pejabat, name="Ani Terbuka"
    )


def xlsx_text(response) -> str:
    workbook = load_workbook(io.BytesIO(response.content))
    return " ".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def staff_pages(complaint) -> list[str]:
    month = complaint.received_at.strftime("%Y-%m")
    return [
        reverse("dashboard"),
        reverse("pengaduan:inbox"),
        reverse("pengaduan:complaint_list"),
        reverse("pengaduan:complaint_detail", args=[complaint.pk]),
        reverse("pengaduan:register") + f"?bulan={month}",
        reverse("pengaduan:recap") + f"?bulan={month}",
    ]


def exports(complaint) -> list[str]:
    month = complaint.received_at.strftime("%Y-%m")
    return [
        reverse("pengaduan:register_xlsx") + f"?bulan={month}",
        reverse("pengaduan:recap_xlsx") + f"?bulan={month}",
    ]


def test_pejabat_never_sees_a_rahasia_identity(pejabat_client, rahasia, identified):
    for url in staff_pages(rahasia):
        content = pejabat_client.get(url).content.decode()
        for secret in SECRETS:
            assert secret not in content, (url, secret)
    detail = pejabat_client.get(reverse("pengaduan:complaint_detail", args=[rahasia.pk]))
    assert "Dirahasiakan" in detail.content.decode()
    own = pejabat_client.get(reverse("pengaduan:complaint_detail", args=[identified.pk]))
    assert "Ani Terbuka" in own.content.decode()  # an identified complainant stays visible


def test_pejabat_exports_hide_rahasia_identity(pejabat_client, rahasia, identified):
    for url in exports(rahasia):
        text = xlsx_text(pejabat_client.get(url))
        assert rahasia.number in text
        assert "Dirahasiakan" in text and "Ani Terbuka" in text
        for secret in SECRETS:
            assert secret not in text, (url, secret)


def test_ulp_and_kepala_see_the_identity(ulp_client, kepala_client, rahasia):
    for client in (ulp_client, kepala_client):
        detail = client.get(reverse("pengaduan:complaint_detail", args=[rahasia.pk]))
        assert "Budi Rahasia" in detail.content.decode()
        register = client.get(exports(rahasia)[0])
        assert "Budi Rahasia" in xlsx_text(register)


def test_internal_notes_are_never_exported(ulp_client, rahasia):
    for url in exports(rahasia):
        assert "CATATAN-INTERNAL-ULP" not in xlsx_text(ulp_client.get(url))
    register = ulp_client.get(staff_pages(rahasia)[4]).content.decode()
    assert "CATATAN-INTERNAL-ULP" not in register
    detail = ulp_client.get(staff_pages(rahasia)[3]).content.decode()
    assert "CATATAN-INTERNAL-ULP" in detail  # staff see it on the complaint page


def test_pejabat_sees_only_complaints_assigned_to_them(
    pejabat_client, pejabat, user_factory, kepala
):
    other = user_factory("pejabat2", "pejabat_pelayanan")
    theirs = make_complaint(Status.DITINDAKLANJUTI, official=pejabat, kepala=kepala)
    not_theirs = make_complaint(Status.DITINDAKLANJUTI, official=other, kepala=kepala)
    waiting = make_complaint()
    listing = pejabat_client.get(reverse("pengaduan:complaint_list")).content.decode()
    assert theirs.number in listing
    assert not_theirs.number not in listing and waiting.number not in listing
    for complaint in (not_theirs, waiting):
        url = reverse("pengaduan:complaint_detail", args=[complaint.pk])
        assert pejabat_client.get(url).status_code == 404
    register = xlsx_text(pejabat_client.get(exports(theirs)[0]))
    assert theirs.number in register and not_theirs.number not in register


def test_pejabat_cannot_search_by_a_rahasia_name(pejabat_client, ulp_client, rahasia):
    url = reverse("pengaduan:complaint_list") + "?q=Budi"
    assert rahasia.number not in pejabat_client.get(url).content.decode()
    assert rahasia.number in ulp_client.get(url).content.decode()


def test_rahasia_channel_screenshot_is_withheld_from_the_pejabat(
    pejabat_client, ulp_client, rahasia
):
    screenshot = rahasia.attachments.get(kind="tangkapan_layar")
    evidence = rahasia.attachments.get(kind="bukti")
    url = reverse("pengaduan:attachment", args=[screenshot.pk])
    assert pejabat_client.get(url).status_code == 404
    assert ulp_client.get(url).status_code == 200
    assert (
        pejabat_client.get(reverse("pengaduan:attachment", args=[evidence.pk])).status_code == 200
    )
    detail = pejabat_client.get(reverse("pengaduan:complaint_detail", args=[rahasia.pk]))
    assert url not in detail.content.decode()


def test_masking_happens_in_the_queryset(pejabat, rahasia):
    masked = Complaint.objects.visible_to(pejabat).get(pk=rahasia.pk)
    assert (masked.reporter_name, masked.reporter_email, masked.reporter_phone) == ("", "", "")
    assert masked.channel_handle == "" and masked.reporter_display == "Dirahasiakan"
    with pytest.raises(PermissionError):
        masked.save()
    with pytest.raises(PermissionError):
        Complaint.objects.visible_to(pejabat).values("reporter_name")
    with pytest.raises(PermissionError):
        Complaint.objects.visible_to(pejabat).values_list("number", "reporter_email")
    assert list(Complaint.objects.visible_to(pejabat).values_list("number", flat=True)) == [
        rahasia.number
    ]
    assert Complaint.objects.get(pk=rahasia.pk).reporter_name == "Budi Rahasia"  # unharmed


def test_users_without_a_complaint_role_see_nothing(petugas, rahasia):
    assert not Complaint.objects.visible_to(petugas).exists()


def test_assignment_mail_carries_no_identity(
    kepala, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    official = user_factory("pejabat9", "pejabat_pelayanan", email="p9@rutan.test")
    complaint = make_complaint(
        Status.MENUNGGU_ARAHAN, identity=IdentityMode.RAHASIA, name="Budi Rahasia", kepala=kepala
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.give_direction(complaint=complaint, by=kepala, official=official, direction="x")
    assert [m.to for m in mailoutbox] == [["p9@rutan.test"]]
    assert complaint.number in mailoutbox[0].body
    assert "Budi Rahasia" not in mailoutbox[0].body


def test_anonymous_complaint_has_no_identity_anywhere(ulp_client, db):
    complaint = make_complaint(identity=IdentityMode.ANONIM)
    stored = Complaint.objects.get(pk=complaint.pk)
    assert not any(
        getattr(stored, f) for f in ("reporter_name", "reporter_email", "reporter_phone")
    )
    assert not stored.history.filter(reporter_name__gt="").exists()
    page = ulp_client.get(reverse("pengaduan:complaint_detail", args=[complaint.pk]))
    assert "Anonim" in page.content.decode()
