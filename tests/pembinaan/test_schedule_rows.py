"""`{% schedule_rows %}` gives the HTML of the template loop it replaced (issue 15)."""

from datetime import date, datetime, time, timedelta

from django.template import Context, Template
from django.test.html import parse_html
from django.utils import timezone

from pembinaan.models import Session, SessionStatus
from tests.pembinaan import planning_factories as pf

# The week view's rows as they were written before the tag, kept as the reference.
LOOP = Template(
    """{% for s in sessions %}
      <tr>
        <td style="width:9rem">{{ s.planned_start|time:"H:i" }}–{{ s.planned_end|time:"H:i" }}</td>
        <td><a href="{% url 'pembinaan:session_detail' s.pk %}">{{ s.program.name }}</a> <small class="text-muted">{{ s.program.art_form }}</small></td>
        <td>{{ s.venue }}</td>
        <td>{{ s.participant_count }} peserta</td>
        <td><span class="badge text-bg-{{ s.badge }}">{{ s.get_status_display }}</span>{% if s.status == 'selesai' %}{% for label in s.time_flag_labels %} <span class="badge text-bg-danger">{{ label|lower }}</span>{% endfor %}{% endif %}</td>
      </tr>
    {% endfor %}"""  # noqa: E501 - the template as it was written
)
TAG = Template("{% load session_rows %}{% schedule_rows sessions %}")


def _sessions():
    return list(
        Session.objects.with_related().with_participant_count().order_by("planned_start", "pk")
    )


def test_same_html_as_the_loop(db):
    odd = pf.plan(program_=pf.program(name='Tari <b>"Reog"</b> & Gamelan'))
    pf.allocation(program_=odd.program)
    pf.session(plan_=odd, day=date(2026, 3, 2), at=time(8, 5))
    pf.session(
        day=date(2026, 3, 2), at=time(13, 30), status=SessionStatus.CANCELLED, cancel_reason="Hujan"
    )
    began = timezone.make_aware(datetime(2026, 3, 3, 9, 0))
    pf.session(
        day=date(2026, 3, 3), at=time(9, 0), status=SessionStatus.RUNNING, actual_start=began
    )
    pf.session(
        day=date(2026, 3, 3),
        at=time(10, 0),
        status=SessionStatus.FINISHED,
        actual_start=began,
        actual_end=began + timedelta(minutes=90),
        overran=True,
        too_short=False,
        start_off_time=True,
    )
    pf.session(
        day=date(2026, 3, 4),
        at=time(23, 30),
        status=SessionStatus.FINISHED,
        actual_start=began,
        actual_end=began + timedelta(minutes=45),
    )
    context = Context({"sessions": _sessions()})
    expected, got = LOOP.render(context), TAG.render(context)
    assert parse_html(got) == parse_html(expected)
    assert "&lt;b&gt;&quot;Reog&quot;&lt;/b&gt; &amp; Gamelan" in got
    assert "melebihi durasi" in got and "mulai tidak tepat waktu" in got


def test_no_rows_for_no_sessions(db):
    assert TAG.render(Context({"sessions": []})) == ""


PLANNED_LOOP = Template(
    '{% for item in schedule %}<li>{{ item.start|date:"D, j M Y H:i" }}–{{ item.end|date:"H:i" }}'
    "</li>{% endfor %}"
)
PLANNED_TAG = Template("{% load session_rows %}{% planned_session_items schedule %}")


def test_planned_sessions_as_the_date_filter_gave_them():
    from pembinaan.services.plans import PlannedSession

    # Every weekday and every month, a time past midnight UTC, a single-digit day.
    first = timezone.make_aware(datetime(2026, 1, 1, 23, 15))
    schedule = [
        PlannedSession(
            start=first + timedelta(days=n * 9), end=first + timedelta(days=n * 9, minutes=45)
        )
        for n in range(45)
    ]
    context = Context({"schedule": schedule})
    got = PLANNED_TAG.render(context)
    assert got == PLANNED_LOOP.render(context)
    assert "<li>Kam, 1 Jan 2026 23:15–00:00</li>" in got  # Indonesian names, local time
    assert PLANNED_TAG.render(Context({"schedule": []})) == ""


TODAY_LOOP = Template(
    """{% for s in sessions %}
        <li class="list-group-item d-flex justify-content-between align-items-center">
          <span>{{ s.planned_start|time:"H:i" }} · <a href="{% url 'pembinaan:session_detail' s.pk %}">{{ s.program.name }}</a> <small class="text-muted">{{ s.venue }} · {{ s.participant_count }} peserta</small></span>
          <span class="badge text-bg-{{ s.badge }}">{{ s.get_status_display }}</span>
        </li>
      {% endfor %}"""  # noqa: E501 - the template as it was written
)
TODAY_TAG = Template("{% load session_rows %}{% today_items sessions %}")


def test_today_items_as_the_loop_gave_them(db):
    odd = pf.plan(program_=pf.program(name="Musik <b>&</b>"))
    pf.allocation(program_=odd.program)
    pf.session(plan_=odd, day=date(2026, 3, 2), at=time(7, 5))
    pf.session(
        day=date(2026, 3, 2), at=time(13, 30), status=SessionStatus.CANCELLED, cancel_reason="Hujan"
    )
    context = Context({"sessions": _sessions()})
    assert parse_html(TODAY_TAG.render(context)) == parse_html(TODAY_LOOP.render(context))
    assert "Musik &lt;b&gt;&amp;&lt;/b&gt;" in TODAY_TAG.render(context)


def test_week_view_reads_no_column_per_row(petugas_client, db):
    """The schedule reads only the columns its rows show (SCHEDULE_COLUMNS): a column left
    out would be fetched once per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    plan = pf.plan()
    week = {"tampilan": "minggu", "tanggal": "2026-03-02"}
    pf.session(plan_=plan, day=date(2026, 3, 2), at=time(9, 0))
    with CaptureQueriesContext(connection) as one:
        assert petugas_client.get(reverse("pembinaan:session_list"), week).status_code == 200
    for n in range(6):
        pf.session(plan_=plan, day=date(2026, 3, 3 + n % 5), at=time(10, n))
    with CaptureQueriesContext(connection) as seven:
        response = petugas_client.get(reverse("pembinaan:session_list"), week)
    assert len(seven.captured_queries) == len(one.captured_queries)
    assert response.content.decode().count("peserta</td>") == 7


def test_name_items_escape_each_name():
    got = Template("{% load session_rows %}{% name_items names %}").render(
        Context({"names": ["Budi", "<b>Joko</b> & co"]})
    )
    assert got == "<li>Budi</li><li>&lt;b&gt;Joko&lt;/b&gt; &amp; co</li>"
