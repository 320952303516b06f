"""The inmate's activity history (partial for the register's inmate page)."""

from datetime import date

import pytest
from django.template.loader import render_to_string

from pembinaan.models import ParticipantResult
from rutan.reports.inmate_activity import inmate_activity
from tests.rutan import report_data


@pytest.fixture
def data(db):
    data = report_data.build()
    by = data.programs["Karawitan"].created_by
    adi = data.inmates["Adi"]
    ParticipantResult.objects.create(
        session=data.sessions["k1"], inmate=adi, score=80, predicate="B", updated_by=by
    )
    ParticipantResult.objects.create(
        session=data.sessions["h1"], inmate=adi, behaviour_note="Tertib", updated_by=by
    )
    return data


def test_programs_with_sessions_held_while_allocated_and_results(data):
    context = inmate_activity(data.inmates["Adi"])

    rows = {a.program.name: a for a in context["activity_allocations"]}
    assert set(rows) == {"Karawitan", "Hadroh"}
    assert rows["Karawitan"].sessions_held == 3  # 23 Feb, 2 and 9 Mar
    assert rows["Hadroh"].sessions_held == 3
    assert (rows["Karawitan"].results_recorded, rows["Hadroh"].results_recorded) == (1, 1)
    assert [r.session.program.name for r in context["activity_results"]] == ["Hadroh", "Karawitan"]


def test_sessions_attended_per_program_and_per_month(data, time_machine):
    time_machine.move_to("2026-03-20 10:00+07:00")
    context = inmate_activity(data.inmates["Adi"])

    rows = {a.program.name: a for a in context["activity_allocations"]}
    assert (rows["Karawitan"].sessions_attended, rows["Hadroh"].sessions_attended) == (3, 3)
    months = [(m.label, counts["present"]) for m, counts in context["activity_months"][:3]]
    assert months == [("Maret 2026", 5), ("Februari 2026", 1), ("Januari 2026", 0)]
    assert len(context["activity_months"]) == 12


def test_an_ended_allocation_counts_only_sessions_before_its_end(data):
    candra = inmate_activity(data.inmates["Candra"])["activity_allocations"]
    dodi = inmate_activity(data.inmates["Dodi"])["activity_allocations"]

    assert [a.sessions_held for a in candra] == [3]  # ended 10 Mar (exclusive)
    assert [a.sessions_held for a in dodi] == [1]  # ended 1 Mar: only 23 Feb
    assert dodi[0].end_date == date(2026, 3, 1)


def test_partial_renders_the_history(data, rf, kepala):
    request = rf.get("/")
    request.user = kepala
    html = render_to_string(
        "rutan/laporan/_inmate_activity.html", inmate_activity(data.inmates["Adi"]), request
    )

    assert "Riwayat kegiatan pembinaan kesenian" in html
    assert "Karawitan" in html and "Tertib" in html and "Baik" in html


def test_query_count_is_fixed(data, django_assert_num_queries):
    adi = data.inmates["Adi"]
    with django_assert_num_queries(3):
        inmate_activity(adi)
    for _ in range(2):
        more = report_data.build()
        ParticipantResult.objects.create(
            session=more.sessions["k2"],
            inmate=adi,
            score=70,
            predicate="C",
            updated_by=more.programs["Karawitan"].created_by,
        )
    with django_assert_num_queries(3):
        context = inmate_activity(adi)
    assert len(context["activity_results"]) == 4


def test_inmate_page_loads_the_history_from_its_own_url(data, petugas_client):
    from django.urls import reverse

    adi = data.inmates["Adi"]
    page = petugas_client.get(reverse("pembinaan:inmate_detail", args=[adi.pk])).content.decode()
    url = reverse("report_inmate_activity", args=[adi.pk])
    assert f'hx-get="{url}"' in page

    partial = petugas_client.get(url).content.decode()
    assert "Riwayat kegiatan pembinaan kesenian" in partial and "Tertib" in partial


def test_history_of_an_unknown_inmate_is_404(db, kepala_client):
    from django.urls import reverse

    assert kepala_client.get(reverse("report_inmate_activity", args=[999999])).status_code == 404
