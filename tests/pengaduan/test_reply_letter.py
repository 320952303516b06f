"""The printable reply letter (A4, letterhead, number, date, signature block) for a complainant
without e-mail, and the printable intake receipt."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from pengaduan import services
from pengaduan.models import IdentityMode, Status
from rutan.models import UnitProfile
from tests.pengaduan.factories import make_complaint

WIB = ZoneInfo("Asia/Jakarta")


def letter(complaint) -> str:
    return reverse("pengaduan:reply_letter", args=[complaint.pk])


@pytest.fixture
def answered(ulp, pejabat):
    with time_machine.travel(datetime(2026, 3, 9, 9, 0, tzinfo=WIB), tick=False):
        return make_complaint(Status.DIJAWAB, ulp=ulp, official=pejabat, name="Sri Wahyuni")


def test_the_letter_has_letterhead_number_date_reply_and_signature(ulp_client, answered):
    profile = UnitProfile.load()
    profile.head_name, profile.head_nip = "Budi Santoso", "197001012000031001"
    profile.save()
    response = ulp_client.get(letter(answered))
    assert response.status_code == 200
    page = response.content.decode()
    assert "css/print.css" in page and 'class="print-sheet"' in page  # the A4 print layout
    assert profile.name.upper() in page and profile.address in page  # letterhead
    assert f'data-testid="letter-number">{answered.number}/JWB<' in page
    assert "Magetan, 9 Maret 2026" in page
    assert 'data-testid="addressee">Sri Wahyuni<' in page
    assert "Jawaban resmi." in page  # the published text, not the draft
    assert "Draf jawaban." not in page
    signature = page.split('data-testid="signature"')[1]
    assert "Kepala Rutan Kelas IIB Magetan" in signature
    assert "Budi Santoso" in signature and "NIP 197001012000031001" in signature


def test_without_a_head_on_the_profile_the_pejabat_signs(ulp_client, answered, pejabat):
    page = ulp_client.get(letter(answered)).content.decode()
    signature = page.split('data-testid="signature"')[1]
    assert "a.n. Kepala" in signature and pejabat.display_name in signature


def test_an_anonymous_complainant_is_not_named(ulp_client, ulp, pejabat):
    complaint = make_complaint(Status.DIJAWAB, identity=IdentityMode.ANONIM, ulp=ulp)
    page = ulp_client.get(letter(complaint)).content.decode()
    assert 'data-testid="addressee">Bapak/Ibu Pelapor<' in page


def test_no_letter_before_a_reply_is_published(ulp_client, ulp):
    complaint = make_complaint(Status.MENUNGGU_PERSETUJUAN, ulp=ulp)
    assert ulp_client.get(letter(complaint)).status_code == 404
    page = ulp_client.get(reverse("pengaduan:complaint_detail", args=[complaint.pk]))
    assert letter(complaint) not in page.content.decode()


def test_the_complaint_page_links_the_letter_once_published(ulp_client, answered):
    page = ulp_client.get(reverse("pengaduan:complaint_detail", args=[answered.pk]))
    assert letter(answered) in page.content.decode()


def test_only_ulp_prints_letters(kepala_client, pejabat_client, anon_client, answered):
    assert kepala_client.get(letter(answered)).status_code == 403
    assert pejabat_client.get(letter(answered)).status_code == 403
    assert anon_client.get(letter(answered)).status_code == 302  # to the login page
    page = pejabat_client.get(reverse("pengaduan:complaint_detail", args=[answered.pk]))
    assert letter(answered) not in page.content.decode()


def test_a_merged_duplicate_gets_the_main_reply(ulp_client, ulp, answered):
    # The main is answered; a later duplicate merged into another open one shows nothing yet,
    # and one merged into an answered main prints that reply.
    main = make_complaint(Status.DITELAAH, ulp=ulp)
    duplicate = make_complaint(ulp=ulp)
    services.merge_complaint(duplicate=duplicate, main=main, by=ulp, reason="Sama.")
    assert ulp_client.get(letter(duplicate)).status_code == 404
    other = make_complaint(ulp=ulp)
    services.merge_complaint(duplicate=other, main=answered, by=ulp, reason="Sama.")
    page = ulp_client.get(letter(other)).content.decode()
    assert "Jawaban resmi." in page and f"pengaduan nomor {other.number}" in page


def test_the_receipt_prints_on_a4(ulp_client, ulp):
    complaint = make_complaint(ulp=ulp)
    page = ulp_client.get(reverse("pengaduan:receipt", args=[complaint.pk])).content.decode()
    assert "css/print.css" in page and 'class="print-sheet"' in page
    assert "TANDA TERIMA PENGADUAN" in page and complaint.number in page
    assert "data-print" in page  # the "Cetak" button
    css = (Path(settings.BASE_DIR) / "static/css/print.css").read_text()
    assert "size: A4" in css and "@media print" in css


def test_pejabat_cannot_open_a_receipt(pejabat_client, pejabat):
    complaint = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
    response = pejabat_client.get(reverse("pengaduan:receipt", args=[complaint.pk]))
    assert response.status_code == 403
