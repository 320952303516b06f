"""The complaint tables' badges (pengaduan/templatetags/complaint_badges.py) show what the
included partials showed, without an include or get_FOO_display per row (issue 15)."""

import pytest
from django.template import Context, Template

from pengaduan.models import Channel, Complaint, Status
from pengaduan.templatetags.complaint_badges import channel_name, flag_badge, status_badge

OLD_STATUS = Template(
    "<span class=\"badge {% if status == 'selesai' or status == 'dijawab' %}text-bg-success"
    "{% elif status == 'ditolak' or status == 'dicabut' or status == 'digabung' %}"
    "text-bg-secondary{% elif status == 'dirujuk' %}text-bg-info"
    "{% elif status == 'perlu_kelengkapan' %}text-bg-warning{% else %}text-bg-primary{% endif %}"
    '">{{ label }}</span>'
)


@pytest.mark.parametrize("status", Status.values)
def test_status_badge_has_the_old_colour_and_the_status_name(status):
    label = Complaint(status=status).get_status_display()
    assert status_badge(status) == OLD_STATUS.render(Context({"status": status, "label": label}))


def test_status_badge_takes_a_label_and_escapes_it():
    assert status_badge("selesai", "<i>Tuntas</i>") == (
        '<span class="badge text-bg-success">&lt;i&gt;Tuntas&lt;/i&gt;</span>'
    )


def test_flag_badge():
    assert flag_badge("terlambat") == '<span class="badge text-bg-danger">Terlambat</span>'
    assert flag_badge("hampir") == ('<span class="badge text-bg-warning">Hampir jatuh tempo</span>')
    assert flag_badge("") == "" and flag_badge(None) == ""


@pytest.mark.parametrize("channel", Channel.values)
def test_channel_name_is_the_display_name(channel):
    assert channel_name(channel) == Complaint(channel=channel).get_channel_display()
