"""Plain factory functions for programs, plans, sessions and allocations (tests only).

Each takes keyword overrides and creates rows directly (no services), so a test can set up any
state, including ones the services would refuse.
"""

from datetime import date, datetime, time, timedelta
from itertools import count

from django.utils import timezone

from pembinaan.models import (
    Allocation,
    ArtForm,
    Inmate,
    InstructorType,
    Partner,
    Program,
    Session,
    Venue,
    WorkPlan,
    WorkPlanRevision,
    WorkPlanSlot,
    WorkPlanStatus,
)
from pembinaan.registration import natural_sort_key
from rutan.models import User

_seq = count(1)


def venue(**fields) -> Venue:
    return Venue.objects.create(**{"name": f"Aula {next(_seq)}", **fields})


def partner(**fields) -> Partner:
    return Partner.objects.create(
        **{"person_name": f"Pelatih {next(_seq)}", "organisation": "Sanggar Candra", **fields}
    )


def staff_user(**fields) -> User:
    n = next(_seq)
    return User.objects.create_user(username=f"staf{n}", first_name=f"Staf {n}", **fields)


def inmate(**fields) -> Inmate:
    n = next(_seq)
    defaults = {
        "registration_number": f"A.II {n}/2026",
        "name": f"Warga Binaan {n}",
        "legal_status": "tahanan",
        "block": "A",
        "cell": "1",
    }
    values = {**defaults, **fields}
    values.setdefault("block_sort_key", natural_sort_key(values["block"]))
    values.setdefault("cell_sort_key", natural_sort_key(values["cell"]))
    return Inmate.objects.create(**values)


def narapidana(*, klass: str, **fields) -> Inmate:
    """A narapidana whose stage on any date of 2026 is `klass` (via a TPP override)."""
    n = next(_seq)
    defaults = {
        "registration_number": f"B.I {n}/2025",
        "legal_status": "narapidana",
        "stage_override": klass,
        "override_decision_number": f"W15.PAS.PAS.12-{n}",
    }
    return inmate(**{**defaults, **fields})


def program(*, by: User | None = None, **fields) -> Program:
    by = by or staff_user()
    defaults = {
        "name": f"Karawitan {next(_seq)}",
        # get_or_create: a transactional test before this one may have flushed the seed.
        "art_form": ArtForm.objects.get_or_create(code="karawitan", defaults={"name": "Karawitan"})[
            0
        ],
        "instructor_type": InstructorType.STAFF,
        "instructor_user": by,
        "capacity": 10,
        "target_classes": ["tahanan", "awal", "lanjutan_pertama", "lanjutan_kedua", "akhir"],
        "created_by": by,
    }
    if "venue" not in fields:
        defaults["venue"] = venue()
    return Program.objects.create(**{**defaults, **fields})


def plan(
    *,
    program_: Program | None = None,
    by: User | None = None,
    status: str = WorkPlanStatus.DRAFT,
    start: date = date(2026, 3, 2),
    end: date = date(2026, 3, 31),
    slots: tuple = ((0, time(9, 0)),),
    decided_by: User | None = None,
) -> WorkPlan:
    program_ = program_ or program()
    by = by or program_.created_by
    work_plan = WorkPlan.objects.create(program=program_, title=f"RK {program_}", created_by=by)
    revision = WorkPlanRevision.objects.create(
        plan=work_plan,
        status=status,
        period_start=start,
        period_end=end,
        objectives="Melatih dasar-dasar gamelan.",
        author=by,
        decided_by=decided_by,
        decided_at=timezone.now() if decided_by else None,
        decision_note="Perbaiki tujuan."
        if status in (WorkPlanStatus.RETURNED, WorkPlanStatus.REJECTED)
        else "",
    )
    for weekday, start_time in slots:
        WorkPlanSlot.objects.create(revision=revision, weekday=weekday, start_time=start_time)
    work_plan.latest_revision = revision
    if status == WorkPlanStatus.APPROVED:
        work_plan.approved_revision = revision
    work_plan.save()
    return work_plan


def session(
    *, plan_: WorkPlan | None = None, day: date = date(2026, 3, 2), at: time = time(9, 0), **fields
) -> Session:
    plan_ = plan_ or plan()
    start = timezone.make_aware(datetime.combine(day, at))
    defaults = {
        "program": plan_.program,
        "plan": plan_,
        "revision": plan_.approved_revision or plan_.latest_revision,
        "date": day,
        "planned_start": start,
        "planned_end": start + timedelta(minutes=plan_.program.session_minutes),
        "venue": plan_.program.venue,
    }
    return Session.objects.create(**{**defaults, **fields})


def allocation(*, program_: Program, inmate_: Inmate | None = None, **fields) -> Allocation:
    defaults = {
        "program": program_,
        "inmate": inmate_ or inmate(),
        "start_date": date(2026, 3, 1),
        "allocated_by": program_.created_by,
    }
    return Allocation.objects.create(**{**defaults, **fields})
