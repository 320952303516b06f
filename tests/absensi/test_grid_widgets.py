"""The attendance grid's per-row widgets (absensi/templatetags/attendance_grid.py) give the HTML
the template loops gave: same names, ids, values, checked/selected/disabled (issue 15)."""

import re

import pytest
from django.template import Context, Template

from absensi.forms import SUB_CHOICES
from absensi.models import ADVANCE_STATUSES, AttendanceStatus
from absensi.templatetags.attendance_grid import status_radios, sub_options

BUTTONS = [
    (value, label, "success" if value == "hadir" else "warning", value in ADVANCE_STATUSES)
    for value, label in AttendanceStatus.choices
]
LOOP = Template(
    "{% for value, label, style, in_advance in status_buttons %}"
    '<input type="radio" class="btn-check" name="{{ row.status_name }}" '
    'id="{{ row.status_id }}-{{ value }}" value="{{ value }}" autocomplete="off"'
    "{% if row.status_value == value %} checked{% endif %}"
    "{% if not editable or advance and not in_advance %} disabled{% endif %}>"
    '<label class="btn btn-lg btn-outline-{{ style }}" for="{{ row.status_id }}-{{ value }}">'
    "{{ label }}</label>{% endfor %}"
)
OPTIONS = Template(
    '{% for value, label in sub_choices %}<option value="{{ value }}"'
    "{% if value == selected %} selected{% endif %}>{{ label }}</option>{% endfor %}"
)


def _row(value):
    return {"status_name": "status_7", "status_id": "id_status_7", "status_value": value}


@pytest.mark.parametrize("editable", [True, False])
@pytest.mark.parametrize("advance", [True, False])
@pytest.mark.parametrize("value", ["", "hadir", "sakit", None])
def test_status_radios_match_the_template_loop(editable, advance, value):
    context = {"row": _row(value), "status_buttons": BUTTONS}
    expected = LOOP.render(Context({**context, "editable": editable, "advance": advance}))
    assert status_radios(_row(value), BUTTONS, editable, advance) == expected


def test_status_radios_check_one_and_disable_before_the_session():
    html = status_radios(_row("sakit"), BUTTONS, True, True)
    assert html.count(" checked") == 1
    assert 'id="id_status_7-sakit" value="sakit" autocomplete="off" checked>' in html
    assert 'id="id_status_7-hadir" value="hadir" autocomplete="off" disabled>' in html


def test_status_radios_escape_the_row_name():
    html = status_radios(
        {"status_name": 'x"><b>', "status_id": "i<", "status_value": ""}, BUTTONS, True, False
    )
    assert "<b>" not in html and 'name="x&quot;&gt;&lt;b&gt;"' in html


@pytest.mark.parametrize("selected", ["", None, SUB_CHOICES[1][0], SUB_CHOICES[-1][0]])
def test_sub_options_match_the_template_loop(selected):
    expected = OPTIONS.render(Context({"sub_choices": SUB_CHOICES, "selected": selected or ""}))
    assert sub_options(selected) == expected
    assert len(re.findall(" selected", sub_options(selected))) == 1
