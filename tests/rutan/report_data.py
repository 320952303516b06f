"""A hand-built data set with known totals for the report tests (March 2026).

Programs (instructor type):       Karawitan (petugas), Hadroh (mitra), Tari (WBP), Teater (none
                                   this month: no sessions, no participants — not reported).
Sessions in March 2026:
  Karawitan  2 Mar finished on time, 9 Mar finished overran, 16 Mar cancelled (instruktur
             berhalangan), 23 Mar scheduled                                  → 4 planned
  Hadroh     3, 9 (13:00), 17 Mar finished on time                           → 3 planned
  Tari       4 Mar cancelled (situasi keamanan, note), 11 Mar running        → 2 planned
  + Karawitan 23 Feb finished (outside the month)
Participants (allocations running on a day of March):
  Karawitan  Adi, Budi, Candra (ended 10 Mar); Dodi ended 1 Mar (end is exclusive: not counted)
  Hadroh     Adi, Eko
  Tari       Fajar
  → Karawitan 3, Hadroh 2, Tari 1; 5 distinct inmates in all.
Totals: planned 9, held 5, cancelled 2, pending 2, on time 4 of 5 (80.0 %).

Attendance (H hadir, S sakit, I izin, M menolak, L lainnya, X sesi dibatalkan, . none):
             k-feb  k1  k2  k3  k4 | h1  h2  h3 | t1  t2(running)
  Adi          H     H   H   X   . |  H   H   H |
  Budi         .     H   I   X   . |
  Candra       .     S   .   .   . |                                (ended 10 Mar)
  Dodi         H     .               (ended 1 Mar)
  Eko                              |  H   M   L |
  Fajar                                          |  X   H
Held sessions of March: present 7 of 11 recorded (63.6 %) — Karawitan 3/5, Hadroh 4/6, Tari
0/0; 3 inmates present at least once; absences: sakit 1, izin 1, menolak 1, lainnya 1.
9 March (k2 09:00, h2 13:00): participants 3 + 2, recorded 2 + 2, hadir 2, izin 1, menolak 1,
not recorded 1 (Candra at k2).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from absensi.models import Attendance
from absensi.summary import recount_all
from pembinaan.models import (
    CancelReason,
    InstructorType,
    Program,
    Session,
    SessionStatus,
    WorkPlanStatus,
)
from tests.pembinaan import planning_factories as f

MARCH = (2026, 3)


@dataclass
class DataSet:
    programs: dict[str, Program]
    inmates: dict
    sessions: dict[str, Session]


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def finished(plan, day: date, *, overran: bool = False, hour: int = 9, **fields) -> Session:
    start = _at(day, hour)
    minutes = plan.program.session_minutes + (15 if overran else -5)
    return f.session(
        plan_=plan,
        day=day,
        at=time(hour, 0),
        status=SessionStatus.FINISHED,
        actual_start=start,
        actual_end=start + timedelta(minutes=minutes),
        overran=overran,
        **fields,
    )


def cancelled(plan, day: date, reason: str, note: str = "") -> Session:
    return f.session(
        plan_=plan,
        day=day,
        status=SessionStatus.CANCELLED,
        cancel_reason=reason,
        cancel_note=note,
        cancelled_at=_at(day, 7),
    )


def build() -> DataSet:
    staff = f.staff_user()
    names = ["Adi", "Budi", "Candra", "Dodi", "Eko", "Fajar"]
    inmates = {
        "Adi": f.narapidana(klass="awal", name="Adi", block="A"),
        "Budi": f.narapidana(klass="lanjutan_pertama", name="Budi", block="A"),
        "Candra": f.inmate(name="Candra", block="B"),
        "Dodi": f.inmate(name="Dodi", block="B"),
        "Eko": f.narapidana(klass="awal", name="Eko", block="B"),
        "Fajar": f.narapidana(klass="akhir", name="Fajar", block="C"),
    }
    assert list(inmates) == names
    instructor_inmate = f.narapidana(klass="akhir", name="Pelatih Tari", block="C")
    programs = {
        "Karawitan": f.program(name="Karawitan", by=staff),
        "Hadroh": f.program(
            name="Hadroh",
            by=staff,
            instructor_type=InstructorType.PARTNER,
            instructor_user=None,
            instructor_partner=f.partner(person_name="Ustaz Hasan"),
        ),
        "Tari": f.program(
            name="Tari",
            by=staff,
            instructor_type=InstructorType.INMATE,
            instructor_user=None,
            instructor_inmate=instructor_inmate,
        ),
        "Teater": f.program(name="Teater", by=staff),
    }
    plans = {
        name: f.plan(
            program_=program,
            status=WorkPlanStatus.APPROVED,
            decided_by=staff,
            start=date(2026, 2, 1),
            end=date(2026, 4, 30),
        )
        for name, program in programs.items()
    }
    k, h, t = plans["Karawitan"], plans["Hadroh"], plans["Tari"]
    sessions = {
        "k-feb": finished(k, date(2026, 2, 23)),
        "k1": finished(k, date(2026, 3, 2)),
        "k2": finished(k, date(2026, 3, 9), overran=True),
        "k3": cancelled(k, date(2026, 3, 16), CancelReason.INSTRUCTOR_ABSENT),
        "k4": f.session(plan_=k, day=date(2026, 3, 23)),
        "h1": finished(h, date(2026, 3, 3)),
        "h2": finished(h, date(2026, 3, 9), hour=13),
        "h3": finished(h, date(2026, 3, 17)),
        "t1": cancelled(t, date(2026, 3, 4), CancelReason.SECURITY, "Razia blok hunian."),
        "t2": f.session(
            plan_=t,
            day=date(2026, 3, 11),
            status=SessionStatus.RUNNING,
            actual_start=_at(date(2026, 3, 11)),
        ),
    }
    feb = date(2026, 2, 1)
    for name in ("Adi", "Budi"):
        f.allocation(program_=programs["Karawitan"], inmate_=inmates[name], start_date=feb)
    f.allocation(
        program_=programs["Karawitan"],
        inmate_=inmates["Candra"],
        start_date=feb,
        end_date=date(2026, 3, 10),
        end_reason="ditarik",
    )
    f.allocation(
        program_=programs["Karawitan"],
        inmate_=inmates["Dodi"],
        start_date=feb,
        end_date=date(2026, 3, 1),
        end_reason="bebas",
    )
    for name in ("Adi", "Eko"):
        f.allocation(program_=programs["Hadroh"], inmate_=inmates[name], start_date=feb)
    f.allocation(program_=programs["Tari"], inmate_=inmates["Fajar"], start_date=date(2026, 3, 1))
    grid = {
        "k-feb": {"Adi": "hadir", "Dodi": "hadir"},
        "k1": {"Adi": "hadir", "Budi": "hadir", "Candra": "sakit"},
        "k2": {"Adi": "hadir", "Budi": "izin"},
        "k3": {"Adi": "dibatalkan", "Budi": "dibatalkan"},
        "h1": {"Adi": "hadir", "Eko": "hadir"},
        "h2": {"Adi": "hadir", "Eko": "menolak"},
        "h3": {"Adi": "hadir", "Eko": "lainnya"},
        "t1": {"Fajar": "dibatalkan"},
        "t2": {"Fajar": "hadir"},
    }
    Attendance.objects.bulk_create(
        Attendance(
            session=sessions[key],
            inmate=inmates[name],
            status=status,
            note="Dipanggil penyidik." if status == "lainnya" else "",
            recorded_at=sessions[key].planned_start,
            recorded_by=staff,
        )
        for key, row in grid.items()
        for name, status in row.items()
    )
    recount_all()  # bulk_create bypasses the services that keep the per-session counts
    return DataSet(programs=programs, inmates=inmates, sessions=sessions)
