"""SP4N-LAPOR!: a complaint forwarded from the national system carries its tracking ID
(validated, unique, searchable); a referral out records where to and the reference there."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from pengaduan import services
from pengaduan.models import Channel, Complaint, IdentityMode, Referral, ServiceCategory, Status
from tests.pengaduan.factories import make_complaint

URL = reverse("pengaduan:intake")


@pytest.fixture
def data(db):
    return {
        "channel": Channel.LAPOR,
        "lapor_id": "#1234 5678",
        "received_at": "2026-03-06T10:15",
        "identity_mode": IdentityMode.IDENTIFIED,
        "reporter_name": "Slamet",
        "reporter_phone": "081234500001",
        "service": ServiceCategory.objects.first().pk,
        "description": "Diteruskan dari SP4N-LAPOR!: jadwal latihan tidak diumumkan.",
    }


def test_ulp_logs_a_lapor_complaint_with_its_id(ulp_client, data):
    response = ulp_client.post(URL, data)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.LAPOR and complaint.lapor_id == "12345678"
    page = ulp_client.get(reverse("pengaduan:complaint_detail", args=[complaint.pk]))
    assert 'data-testid="lapor-id">12345678<' in page.content.decode()


def test_the_id_is_required_for_the_lapor_channel(ulp_client, data):
    data["lapor_id"] = ""
    response = ulp_client.post(URL, data)
    assert response.status_code == 200
    assert "Isi ID pelacakan SP4N-LAPOR!" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("bad", ["LAPOR-12", "12", "12ab34"])
def test_a_malformed_id_gets_a_message(ulp_client, data, bad):
    data["lapor_id"] = bad
    response = ulp_client.post(URL, data)
    assert "terdiri dari 4–20 angka" in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_id_is_refused_for_another_channel(ulp_client, data):
    data["channel"] = Channel.WHATSAPP
    response = ulp_client.post(URL, data)
    assert "hanya diisi untuk kanal itu" in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_same_lapor_report_is_logged_once(ulp_client, data):
    ulp_client.post(URL, data)
    response = ulp_client.post(URL, data)
    assert "sudah dicatat sebagai pengaduan" in response.content.decode()
    assert Complaint.objects.count() == 1


def test_the_service_refuses_a_lapor_complaint_without_an_id(ulp):
    with pytest.raises(ValidationError, match="wajib diisi"):
        services.check_lapor_id(channel=Channel.LAPOR, lapor_id=" # ")


def test_the_database_holds_the_rule(ulp):
    complaint = make_complaint(ulp=ulp)
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(channel=Channel.LAPOR)


def test_the_staff_list_finds_a_complaint_by_its_lapor_id(ulp_client, pejabat_client, data):
    ulp_client.post(URL, data)
    other = make_complaint()
    url = reverse("pengaduan:complaint_list")
    found = ulp_client.get(url, {"q": "#345678"}).content.decode()
    number = Complaint.objects.get(lapor_id="12345678").number
    assert number in found and other.number not in found
    # The search never widens what a role sees: the pejabat is not assigned to it.
    assert number not in pejabat_client.get(url, {"q": "12345678"}).content.decode()


def test_referral_records_where_and_the_reference(ulp_client, ulp):
    complaint = make_complaint(ulp=ulp)
    response = ulp_client.post(
        reverse("pengaduan:refer", args=[complaint.pk]),
        {"destination": Referral.LAPOR, "reference": "9876543", "reason": "Kewenangan pusat."},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.DIRUJUK
    assert complaint.referred_to == Referral.LAPOR and complaint.referral_reference == "9876543"
    event = complaint.events.last()
    assert "SP4N-LAPOR! (nomor rujukan 9876543)" in event.note
    page = ulp_client.get(reverse("pengaduan:complaint_detail", args=[complaint.pk]))
    assert "nomor rujukan 9876543" in page.content.decode()


def test_the_referral_form_asks_for_the_reference(ulp_client, ulp):
    complaint = make_complaint(ulp=ulp)
    response = ulp_client.post(
        reverse("pengaduan:refer", args=[complaint.pk]),
        {"destination": Referral.KANWIL, "reference": "", "reason": "Kewenangan Kanwil."},
    )
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.status == Status.DITERIMA
