"""The database itself holds the programs side's invariants (not only the services)."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from pembinaan.models import ArtForm, InstructorType, Program, SessionStatus, WorkPlanRevision
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db


def test_art_form_catalogue_is_seeded():
    names = set(ArtForm.objects.values_list("name", flat=True))
    assert {"Karawitan", "Hadroh", "Tari", "Musik/Band", "Paduan Suara", "Teater"} <= names
    assert {"Seni Lukis", "Kaligrafi", "Reog"} <= names


def test_program_instructor_must_match_its_type():
    program = f.program()
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.filter(pk=program.pk).update(instructor_type=InstructorType.PARTNER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.filter(pk=program.pk).update(instructor_partner=f.partner())


def test_program_with_partner_instructor_is_valid():
    partner = f.partner()
    program = f.program(
        instructor_type=InstructorType.PARTNER, instructor_user=None, instructor_partner=partner
    )
    assert program.instructor == partner


def test_only_one_open_allocation_per_program_and_inmate():
    program = f.program()
    inmate = f.inmate()
    f.allocation(program_=program, inmate_=inmate)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.allocation(program_=program, inmate_=inmate)


def test_ended_allocation_does_not_block_a_new_one():
    program = f.program()
    inmate = f.inmate()
    f.allocation(program_=program, inmate_=inmate, end_date=date(2026, 3, 5), end_reason="ditarik")
    assert f.allocation(program_=program, inmate_=inmate).pk


def test_ending_an_allocation_needs_a_reason():
    program = f.program()
    with pytest.raises(IntegrityError), transaction.atomic():
        f.allocation(program_=program, end_date=date(2026, 3, 5))


def test_only_one_open_revision_per_plan():
    plan = f.plan()
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkPlanRevision.objects.create(
            plan=plan,
            number=2,
            period_start=date(2026, 4, 1),
            period_end=date(2026, 4, 30),
            objectives="x",
            author=plan.created_by,
        )


def test_cancelled_session_needs_a_reason():
    session = f.session()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(session).objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)


def test_finished_session_needs_actual_times():
    session = f.session()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(session).objects.filter(pk=session.pk).update(status=SessionStatus.FINISHED)
