"""`{% complaint_rows %}` gives the HTML of the complaint table's row loop it replaced
(issue 15): every kind of row (each state, paused, answered, LAPOR!, anonymous, rahasia)."""

from django.template import Context, Template
from django.test.html import parse_html
from django.utils import timezone

from pengaduan.models import Channel, Complaint, IdentityMode, Status
from rutan import roles
from tests.pengaduan.factories import bulk_complaints, make_complaint, staff

# The rows as the template wrote them before the tag (pengaduan/_complaint_table.html).
LOOP = Template(
    """{% load complaint_badges %}  {% for c in rows %}
    <tr>
      <td><a href="{% url 'pengaduan:complaint_detail' c.pk %}">{{ c.number }}</a>{% if c.lapor_id %}<div class="small text-muted">LAPOR! {{ c.lapor_id }}</div>{% endif %}</td>
      <td>{{ c.received_at|date:"d-m-Y H:i" }}</td>
      <td>{{ c.channel|channel_name }}</td>
      <td>{{ c.reporter_display }}</td>
      <td>{{ c.service.name }}</td>
      <td>{% status_badge c.status %}</td>
      <td>{{ c.assigned_to|default:"" }}</td>
      <td>{% if c.due_date %}<span title="Tahap dimulai {{ c.status_since|date:'d-m-Y H:i' }}; hari ke-1 {{ c.clock_start|date:'d-m-Y' }}">{{ c.due_date|date:"d-m-Y" }}</span>{% elif c.lapse_on %}<span class="text-muted" title="Menunggu pelapor">s.d. {{ c.lapse_on|date:"d-m-Y" }}</span>{% else %}-{% endif %}</td>
      <td>{% if c.answered_at %}<span class="text-muted">dijawab</span>{% elif c.reply_clock_since %}{{ c.reply_due_date|date:"d-m-Y" }}{% elif c.reply_due_date and c.is_open %}<span class="text-muted" title="Hitungan dijeda selama menunggu pelapor">dijeda</span>{% else %}-{% endif %}</td>
      <td>{% flag_badge c.deadline_flag %}</td>
    </tr>
{% endfor %}"""  # noqa: E501 - as it was written
)
TAG = Template("{% load complaint_badges %}{% complaint_rows rows %}")


def _rows():
    today = timezone.localdate()
    return list(
        Complaint.objects.with_deadline_flag(today=today, soon=today)
        .select_related("service", "assigned_to")
        .order_by("-received_at", "id")
    )


def test_rows_as_the_loop_gave_them(db):
    official = staff(roles.PEJABAT_PELAYANAN, "f_pejabat")
    official.first_name, official.last_name = "Pejabat", "<Satu> & Dua"
    official.save()
    for status in (Status.DITERIMA, Status.PERLU_KELENGKAPAN, Status.DIJAWAB, Status.DITOLAK):
        make_complaint(status, official=official)
    make_complaint(identity=IdentityMode.ANONIM)
    make_complaint(name='Sri "<b>"', channel=Channel.EMAIL)
    bulk_complaints(8, status=Status.DITELAAH, official=official)  # LAPOR!, rahasia, overdue
    rows = _rows()
    context = Context({"rows": rows})
    got = TAG.render(context)
    assert parse_html(got) == parse_html(LOOP.render(context))
    assert "LAPOR!" in got and "Terlambat" in got and "dijawab" in got
    assert "&lt;Satu&gt; &amp; Dua" in got and "<Satu>" not in got


def test_no_rows():
    assert TAG.render(Context({"rows": []})) == ""
