"""`{% load skm %}`: the survey's public address in templates that have no view context for it
(the SKM block that rutan's standard pages include), from `PENGADUAN_SITE_URL`."""

from django import template

from pengaduan.survey_qr import survey_url

register = template.Library()


@register.simple_tag
def skm_survey_url() -> str:
    return survey_url()
