"""`{% monthly_program_rows %}` gives the HTML of the report's row loop it replaced (issue 15)."""

from types import SimpleNamespace

from django.template import Context, Template
from django.test.html import parse_html

from pembinaan.models import InstructorType

# The rows as the template wrote them before the tag (rutan/laporan/monthly_programs.html).
LOOP = Template(
    """{% load angka %}    {% for row in report.rows %}
      <tr>
        <td>{{ forloop.counter }}</td>
        <td>{{ row.program.name }}<div class="text-muted">{{ row.program.art_form }}</div></td>
        <td>{{ row.program.instructor|default:"–" }}<div class="text-muted">{{ row.program.get_instructor_type_display }}</div></td>
        <td class="text-end">{{ row.participants|angka }}</td>
        <td class="text-end">{{ row.planned|angka }}</td>
        <td class="text-end">{{ row.held|angka }}</td>
        <td class="text-end">{{ row.cancelled|angka }}</td>
        <td class="text-end">{{ row.pending|angka }}</td>
        <td class="text-end">{{ row.on_time|angka }}{% if row.on_time_percent is not None %} ({{ row.on_time_percent }}%){% endif %}</td>
        <td class="text-end">{{ row.present|angka }} / {{ row.recorded|angka }}</td>
        <td class="text-end">{% if row.attendance_percent is not None %}{{ row.attendance_percent }}%{% else %}–{% endif %}</td>
        <td class="text-end">{{ row.attendees|angka }}</td>
      </tr>
{% endfor %}"""  # noqa: E501 - as it was written
)
TAG = Template("{% load report_rows %}{% monthly_program_rows report.rows %}")


class _Named:
    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text


def _program(name, kind, instructor):
    return SimpleNamespace(
        name=name,
        art_form=_Named("Seni <Tari>"),
        instructor=instructor,
        instructor_type=kind,
        get_instructor_type_display=lambda: dict(InstructorType.choices)[kind],
    )


def _row(program, **figures):
    row = {
        "program": program,
        "participants": 1234,
        "planned": 5,
        "held": 4,
        "cancelled": 1,
        "pending": 0,
        "on_time": 3,
        "on_time_percent": 75.0,
        "present": 30147,
        "recorded": 40000,
        "attendance_percent": 75.4,
        "attendees": 12,
    }
    return row | figures


def test_rows_as_the_loop_gave_them():
    rows = [
        _row(_program('Karawitan "A" & <B>', InstructorType.STAFF, _Named("Budi <P>"))),
        _row(
            _program("Tari", InstructorType.PARTNER, None),
            on_time_percent=None,
            attendance_percent=None,
            recorded=0,
        ),
        _row(_program("Musik", InstructorType.INMATE, _Named("WBP")), attendance_percent=100),
    ]
    context = Context({"report": {"rows": rows}})
    got = TAG.render(context)
    assert parse_html(got) == parse_html(LOOP.render(context))
    assert "30.147" in got and "75,4%" in got and "Karawitan &quot;A&quot; &amp; &lt;B&gt;" in got


def test_no_rows():
    assert TAG.render(Context({"report": {"rows": []}})) == ""


RECAP_LOOP = Template(
    """{% load angka %}    {% for inmate, cells in recap.rows %}
      <tr>
        <td>{{ forloop.counter }}</td>
        <td>{{ inmate.name }}<div class="text-muted">{{ inmate.registration_number }}</div></td>
        <td>{{ inmate.block }}{% if inmate.cell %}/{{ inmate.cell }}{% endif %}</td>
        {% for code in cells %}<td class="cell">{{ code }}</td>{% endfor %}
        <td class="text-end">{{ inmate.present|angka }}</td><td class="text-end">{{ inmate.absent|angka }}</td>
      </tr>
{% endfor %}"""  # noqa: E501 - as it was written
)
RECAP_TAG = Template("{% load report_rows %}{% recap_rows recap.rows %}")


def test_recap_rows_as_the_loop_gave_them():
    people = [
        SimpleNamespace(
            name='Budi "B" <x>',
            registration_number="A.II 1/2026",
            block="A",
            cell="3",
            present=1234,
            absent=0,
        ),
        SimpleNamespace(
            name="Joko", registration_number="B.I 2/2025", block="", cell="", present=0, absent=2
        ),
    ]
    rows = [(people[0], ["H", "", "S", "×"]), (people[1], ["<", "I", "", ""])]
    context = Context({"recap": {"rows": rows}})
    got = RECAP_TAG.render(context)
    assert parse_html(got) == parse_html(RECAP_LOOP.render(context))
    assert "1.234" in got and "&lt;x&gt;" in got
