"""ULP logs complaints from the other channels and prints a receipt with the code (once)."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pengaduan import services
from pengaduan.models import AttachmentKind, Channel, Complaint, IdentityMode, ServiceCategory
from tests.pengaduan.factories import make_complaint, png_bytes, upload

URL = reverse("pengaduan:intake")


@pytest.fixture
def data(db):
    return {
        "channel": Channel.WHATSAPP,
        "channel_handle": "0812 3450 0001",
        "received_at": "2026-03-06T20:15",
        "identity_mode": IdentityMode.IDENTIFIED,
        "reporter_name": "Slamet",
        "reporter_email": "",
        "reporter_phone": "081234500001",
        "service": ServiceCategory.objects.first().pk,
        "incident_date": "2026-03-04",
        "description": "Pesan WhatsApp: latihan hadroh tidak ada pelatihnya.",
        "expected_outcome": "",
    }


def test_ulp_logs_a_whatsapp_complaint_with_a_screenshot(ulp_client, ulp, data):
    data["screenshots"] = [upload("wa.png", png_bytes())]
    response = ulp_client.post(URL, data)
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pengaduan:receipt", args=[complaint.pk])
    assert complaint.channel == Channel.WHATSAPP and complaint.created_by == ulp
    assert complaint.channel_handle == "0812 3450 0001"
    assert complaint.received_at.isoformat().startswith("2026-03-06T13:15")  # 20:15 WIB in UTC
    assert complaint.attachments.get().kind == AttachmentKind.SCREENSHOT
    assert complaint.events.get().actor == ulp


def test_receipt_shows_the_code_once(ulp_client, data):
    ulp_client.post(URL, data)
    complaint = Complaint.objects.get()
    receipt = ulp_client.get(reverse("pengaduan:receipt", args=[complaint.pk]))
    content = receipt.content.decode()
    assert "TANDA TERIMA PENGADUAN" in content and complaint.number in content
    code = re.search(r'data-testid="tracking-code">([^<]+)<', content)[1]
    assert services.find_by_tracking(number=complaint.number, code=code) == complaint
    again = ulp_client.get(reverse("pengaduan:receipt", args=[complaint.pk])).content.decode()
    assert code not in again and "terbitkan kode baru" in again


def test_reissuing_a_code_prints_a_new_receipt(ulp_client, db):
    complaint = make_complaint()
    response = ulp_client.post(reverse("pengaduan:reissue_code", args=[complaint.pk]))
    assert response["Location"] == reverse("pengaduan:receipt", args=[complaint.pk])
    content = ulp_client.get(response["Location"]).content.decode()
    code = re.search(r'data-testid="tracking-code">([^<]+)<', content)[1]
    assert services.find_by_tracking(number=complaint.number, code=code) == complaint
    assert services.find_by_tracking(number=complaint.number, code=complaint.code) is None


def test_reissue_is_refused_for_a_closed_complaint(ulp_client, db):
    complaint = make_complaint("ditolak")
    response = ulp_client.post(reverse("pengaduan:reissue_code", args=[complaint.pk]))
    assert response.status_code == 302
    assert services.find_by_tracking(number=complaint.number, code=complaint.code) == complaint


def test_identity_or_anonim_is_required(ulp_client, data):
    data.update(reporter_name="", reporter_phone="", channel_handle="")
    response = ulp_client.post(URL, data)
    assert response.status_code == 200
    assert "pilih Anonim" in response.content.decode()
    data["identity_mode"] = IdentityMode.ANONIM
    assert ulp_client.post(URL, data).status_code == 302


def test_anonim_intake_drops_whatever_identity_was_typed(ulp_client, data):
    data["identity_mode"] = IdentityMode.ANONIM
    ulp_client.post(URL, data)
    complaint = Complaint.objects.get()
    assert complaint.channel_handle == "" and complaint.reporter_name == ""


def test_received_time_cannot_be_in_the_future(ulp_client, data):
    data["received_at"] = "2999-01-01T10:00"
    response = ulp_client.post(URL, data)
    assert "tidak boleh di masa depan" in response.content.decode()
    assert not Complaint.objects.exists()


def test_hostile_screenshot_is_refused(ulp_client, data):
    data["screenshots"] = [upload("wa.jpg", b"MZ\x90\x00\x03 windows program")]
    response = ulp_client.post(URL, data)
    assert "hanya gambar JPG, PNG atau dokumen PDF" in response.content.decode()
    assert not Complaint.objects.exists()


def test_kepala_and_pejabat_cannot_log_complaints(kepala, pejabat, data):
    for user in (kepala, pejabat):
        with pytest.raises(PermissionDenied, match="Hanya petugas pengaduan"):
            services.log_complaint(intake=None, channel=Channel.POS, received_at=None, by=user)
