"""Reply templates: admin-editable (history kept), seeded after migrate, filled per complaint
(name only where the complainant gave it openly) and inserted into a draft by pejabat and ULP."""

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from pengaduan import services
from pengaduan.models import IdentityMode, ReplyTemplate, Status
from pengaduan.seeds import REPLY_TEMPLATES, ensure_defaults
from tests.pengaduan.factories import make_complaint

WIB = ZoneInfo("Asia/Jakarta")


def detail(complaint) -> str:
    return reverse("pengaduan:complaint_detail", args=[complaint.pk])


def template(body: str, name: str = "Uji") -> ReplyTemplate:
    return ReplyTemplate.objects.create(name=name, body=body, order=99)


def test_migrate_seeds_the_templates(db):
    # post_migrate ran when the test database was built (not only `seed_demo`).
    names = list(ReplyTemplate.objects.values_list("name", flat=True))
    assert names == [name for name, _body in REPLY_TEMPLATES]
    assert 3 <= len(names) <= 4


def test_an_admins_edit_is_kept_and_not_seeded_again(db):
    first = ReplyTemplate.objects.first()
    first.body = "Yth. {nama}, jawaban kami."
    first.save()
    ensure_defaults()
    assert ReplyTemplate.objects.count() == len(REPLY_TEMPLATES)
    first.refresh_from_db()
    assert first.body == "Yth. {nama}, jawaban kami."
    assert first.history.latest().body == "Yth. {nama}, jawaban kami."  # tracked in history


def test_placeholders_are_filled(db):
    with time_machine.travel(datetime(2026, 3, 9, 9, 0, tzinfo=WIB), tick=False):
        complaint = make_complaint(Status.DITELAAH, name="Sri Wahyuni")
        text = services.fill_template(
            template("{nama} | {nomor} | {tanggal} | {tenggat} | {layanan} | {hari_ini}"),
            complaint,
        )
    assert text == (
        f"Sri Wahyuni | {complaint.number} | 9 Maret 2026 | "
        f"{complaint.due_date.day} Maret 2026 | {complaint.service.name} | 9 Maret 2026"
    )


@pytest.mark.parametrize("mode", [IdentityMode.RAHASIA, IdentityMode.ANONIM])
def test_name_only_where_the_complainant_gave_it_openly(db, mode):
    complaint = make_complaint(identity=mode, name="Sri Wahyuni")
    text = services.fill_template(template("Yth. {nama},"), complaint)
    assert text == "Yth. Bapak/Ibu Pelapor,"


def test_the_pejabat_never_gets_a_rahasia_name(pejabat_client, pejabat):
    complaint = make_complaint(
        Status.DITINDAKLANJUTI, identity=IdentityMode.RAHASIA, name="Nama Rahasia", official=pejabat
    )
    page = pejabat_client.get(detail(complaint)).content.decode()
    assert "Nama Rahasia" not in page
    assert "Bapak/Ibu Pelapor" in page


def test_unknown_or_broken_placeholders_are_refused_by_the_admin_form(db):
    with pytest.raises(ValidationError, match="Penanda tidak dikenal: {alamat}"):
        ReplyTemplate(name="A", body="Yth. {nama} di {alamat}").full_clean()
    with pytest.raises(ValidationError, match="tidak berpasangan"):
        ReplyTemplate(name="B", body="Yth. {nama").full_clean()
    ReplyTemplate(name="C", body="Yth. {nama}, nomor {nomor}.").full_clean()


def test_a_broken_body_saved_anyway_is_inserted_as_written(db):
    complaint = make_complaint()
    assert services.fill_template(template("Yth. {nama"), complaint) == "Yth. {nama"


def test_inactive_templates_are_not_offered(db):
    complaint = make_complaint()
    ReplyTemplate.objects.update(active=False)
    template("Aktif {nomor}", name="Satu-satunya")
    assert [t["name"] for t in services.filled_templates(complaint)] == ["Satu-satunya"]


def _templates_json(page: str) -> list[dict]:
    match = re.search(r'<script id="reply-templates" type="application/json">(.*?)</script>', page)
    return json.loads(match[1])


def test_pejabat_gets_the_templates_filled_next_to_the_draft(pejabat_client, pejabat):
    complaint = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
    page = pejabat_client.get(detail(complaint)).content.decode()
    assert 'data-template-target="id_draf_klarifikasi_draft"' in page
    assert "Sisipkan" in page
    filled = _templates_json(page)
    assert len(filled) == len(REPLY_TEMPLATES)
    assert complaint.number in filled[0]["text"] and "{nomor}" not in filled[0]["text"]


def test_ulp_gets_them_on_the_publish_step(ulp_client, ulp):
    complaint = make_complaint(Status.MENUNGGU_PERSETUJUAN, ulp=ulp)
    page = ulp_client.get(detail(complaint)).content.decode()
    assert 'data-template-target="id_diterbitkan_text"' in page


def test_without_javascript_sisipkan_adds_the_template_to_the_draft(pejabat_client, pejabat):
    complaint = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
    chosen = template("Nomor {nomor}: kami telah memperbaiki jadwal.", name="Perbaikan jadwal")
    response = pejabat_client.get(
        detail(complaint), {"langkah": "draf_klarifikasi", "templat": chosen.pk}
    )
    page = response.content.decode()
    assert f"Nomor {complaint.number}: kami telah memperbaiki jadwal.</textarea>" in page
    complaint.refresh_from_db()
    assert complaint.status == Status.DITINDAKLANJUTI  # nothing saved until the step is sent


def test_the_inserted_text_is_edited_and_sent_as_the_draft(pejabat_client, pejabat):
    complaint = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
    text = services.fill_template(ReplyTemplate.objects.first(), complaint)
    edited = text.replace("[uraian klarifikasi]", "Jadwal latihan dipindah ke Selasa.")
    pejabat_client.post(
        reverse("pengaduan:draft_reply", args=[complaint.pk]),
        {"correction": "Jadwal diperbaiki.", "draft": edited},
    )
    assert complaint.replies.get().draft == edited.strip()


def test_roles_without_a_text_step_get_no_templates(kepala_client, kepala):
    complaint = make_complaint(Status.MENUNGGU_ARAHAN, kepala=kepala)
    page = kepala_client.get(detail(complaint)).content.decode()
    assert "reply-templates" not in page
