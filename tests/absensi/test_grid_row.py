"""`{% grid_row %}` gives the HTML of the grid row it replaced (issue 15): every kind of row
(entry by hand or by finger scan, suspended, former participant, read-only, with errors)."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.test.html import parse_html

from absensi.models import ADVANCE_STATUSES, AttendanceStatus
from absensi.templatetags.attendance_grid import grid_row

BUTTONS = [
    (value, label, "success" if value == "hadir" else "warning", value in ADVANCE_STATUSES)
    for value, label in AttendanceStatus.choices
]
# The row as the template wrote it before the tag (templates/absensi/session_attendance.html).
ROW = Template(
    """{% load attendance_grid %}{% for row in rows %}
      <div class="list-group-item py-3 {% if row.attendance %}{% if row.attendance.status == 'hadir' or row.attendance.status == 'terlambat' %}border-start border-success border-4{% else %}border-start border-warning border-4{% endif %}{% endif %}" data-row>
        <div class="d-flex flex-wrap gap-3 align-items-center">
          {% if editable and row.participant %}
            <input class="form-check-input attendance-select" type="checkbox" name="inmate" value="{{ row.inmate.pk }}" form="bulk-form" id="pilih-{{ row.inmate.pk }}" aria-label="Pilih {{ row.inmate.name }}">
          {% endif %}
          <label class="flex-grow-1" for="pilih-{{ row.inmate.pk }}" style="min-width: 14rem">
            <span class="fw-semibold d-block" data-name>{{ row.inmate.name }}</span>
            <span class="small text-muted">{{ row.inmate.registration_number }} · Blok {{ row.inmate.block|default:"-" }}/{{ row.inmate.cell|default:"-" }}{% if not row.participant %} · bukan peserta lagi{% endif %}</span>
            {% if row.away %}<span class="badge text-bg-warning d-inline-block mt-1" data-away>Ditangguhkan: {{ row.away.label }}{% if not row.attendance %} · belum disimpan{% endif %}</span>{% endif %}
            {% if row.attendance %}
              <span class="small d-block text-muted">
                {% if row.attendance.method == "sidik_jari" %}<i class="bi bi-fingerprint"></i> Sidik jari {{ row.attendance.recorded_at|date:"H:i:s" }}{% if row.attendance.punch %} ({{ row.attendance.punch.device }}){% endif %}
                {% else %}<i class="bi bi-pencil"></i> Manual {{ row.attendance.recorded_at|date:"d-m H:i" }} oleh {{ row.attendance.recorded_by }}{% endif %}
              </span>
            {% endif %}
          </label>
          <div class="btn-group flex-wrap" role="group" aria-label="Kehadiran {{ row.inmate.name }}">
            {% status_radios row status_buttons editable advance %}
          </div>
          <div class="attendance-sub" style="min-width: 10rem">
            <select class="form-select{% if row.sub_errors %} is-invalid{% endif %}" name="{{ row.sub_name }}" aria-label="Rincian alasan {{ row.inmate.name }}"{% if not editable %} disabled{% endif %}>
              {% sub_options row.sub_value %}
            </select>
            {% for error in row.sub_errors %}<div class="invalid-feedback">{{ error }}</div>{% endfor %}
          </div>
          <div class="attendance-note" style="min-width: 12rem">
            <input type="text" class="form-control{% if row.note_errors %} is-invalid{% endif %}" name="{{ row.note_name }}" value="{{ row.note_value }}" maxlength="500" placeholder="Keterangan" aria-label="Keterangan {{ row.inmate.name }}"{% if not editable %} disabled{% endif %}>
            {% for error in row.note_errors %}<div class="invalid-feedback">{{ error }}</div>{% endfor %}
          </div>
        </div>
      </div>
{% endfor %}"""  # noqa: E501 - as it was written
)
INMATE = SimpleNamespace(
    pk=7, name='Budi "Gendon" <Santoso>', registration_number="A.II 7/2026", block="B", cell=""
)


class _Named:
    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text


def _attendance(kind):
    when = datetime(2026, 3, 2, 1, 5, 9, tzinfo=UTC)
    if kind == "manual":
        return SimpleNamespace(
            status="izin", method="manual", recorded_at=when, recorded_by=_Named("Petugas <A>")
        )
    if kind == "scan":
        device = _Named("Mesin & aula")
        return SimpleNamespace(
            status="hadir",
            method="sidik_jari",
            recorded_at=when,
            recorded_by=None,
            punch=SimpleNamespace(device=device),
        )
    if kind == "scan-no-punch":
        return SimpleNamespace(
            status="terlambat", method="sidik_jari", recorded_at=when, punch=None
        )
    return None


@pytest.mark.parametrize("kind", [None, "manual", "scan", "scan-no-punch"])
@pytest.mark.parametrize("away", [None, SimpleNamespace(label="Bon/sidang")])
@pytest.mark.parametrize("participant", [True, False])
@pytest.mark.parametrize("editable", [True, False])
def test_row_matches_the_template(kind, away, participant, editable):
    row = {
        "inmate": INMATE,
        "attendance": _attendance(kind),
        "away": away,
        "status_name": "status_7",
        "status_id": "id_status_7",
        "status_value": "izin" if kind else "",
        "note_name": "note_7",
        "note_value": 'tangan "kiri" <luka>' if kind == "manual" else "",
        "note_errors": ["Keterangan wajib <diisi>."] if kind == "manual" else [],
        "sub_name": "sub_7",
        "sub_value": "",
        "sub_errors": ["Rincian tidak sesuai."] if away else [],
        "participant": participant,
    }
    context = {"rows": [row], "status_buttons": BUTTONS, "editable": editable, "advance": False}
    expected = ROW.render(Context(context))
    got = grid_row(row, BUTTONS, editable, False)
    assert parse_html(got) == parse_html(expected)
    assert "<Santoso>" not in got
