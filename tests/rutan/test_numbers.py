"""Figures on screens in Indonesian form (30.147), by the `angka` filter, not by grouping every
number Django prints (which would break keys and years in links)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from pembinaan.models import Inmate
from rutan.models import Job, JobStatus
from rutan.numbers import angka


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (999, "999"),
        (1234, "1.234"),
        (30147, "30.147"),
        (-1234567, "-1.234.567"),
        (1234.5, "1.234,5"),
        (Decimal("81.5"), "81,5"),
        ("30147", "30.147"),
        (None, ""),
        ("", ""),
        ("–", "–"),
    ],
)
def test_angka_groups_thousands_with_a_point_and_uses_a_decimal_comma(value, shown):
    assert angka(value) == shown


def test_angka_filter_with_fixed_decimal_places():
    rendered = Template("{% load angka %}{{ a|angka }} {{ b|angka:1 }} {{ c|angka }}").render(
        Context({"a": 1234, "b": 1234.56, "c": None})
    )
    assert rendered == "1.234 1.234,6 "


def test_numbers_outside_the_filter_stay_ungrouped():
    """USE_THOUSAND_SEPARATOR stays off: keys and years in links are printed as they are."""
    assert Template("{{ n }}").render(Context({"n": 2026})) == "2026"


@pytest.mark.django_db
def test_dashboard_register_panel_shows_1234_active_inmates_grouped(petugas_client):
    Inmate.objects.bulk_create(
        Inmate(registration_number=f"A.II {i}/2026", name=f"WBP {i}", legal_status="tahanan")
        for i in range(1234)
    )
    # The dashboard's register panel, as htmx loads it.
    page = petugas_client.get(reverse("pembinaan:register_panel")).content.decode()

    assert "1.234 aktif" in page
    assert "1234" not in page


@pytest.mark.django_db
def test_job_progress_shows_rows_grouped(petugas_client, petugas):
    job = Job.objects.create(
        owner=petugas,
        kind="pembinaan.register_export",
        title="Ekspor",
        status=JobStatus.RUNNING,
        done=1234,
        total=30147,
    )
    page = petugas_client.get(reverse("job_detail", args=[job.pk])).content.decode()

    assert "1.234 / 30.147" in page
