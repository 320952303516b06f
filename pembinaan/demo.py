"""Demo data of the pembinaan app, for `python manage.py seed_demo` (idempotent).

The register: about 150 inmates with plausible names, blocks and cells, tahanan and narapidana of
every register, and every class on the day it runs (detention dates are set relative to today,
so the classes hold whenever the demo is loaded). A few have SDP dates, a TPP stage, incomplete
sentence data or a status other than AKTIF. Re-running updates the same inmates (keyed by
registration number) and writes history only for what changed; an existing inmate's
registration status is left as it is.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from pembinaan.models import Inmate
from pembinaan.services import apply_stage_dates
from pembinaan.stages import add_calendar

MEN = [
    "Agus", "Bambang", "Budi", "Dedi", "Eko", "Fajar", "Gunawan", "Hadi", "Imam", "Joko",
    "Kurniawan", "Lukman", "Muhammad", "Nur", "Purnomo", "Rudi", "Slamet", "Sugeng", "Teguh",
    "Wahyu", "Yusuf", "Zainal", "Ahmad", "Bayu", "Dimas", "Edi", "Hendra", "Irfan", "Rizky",
]  # fmt: skip
WOMEN = ["Sri", "Siti", "Dewi", "Wulan", "Rina", "Yuli", "Endang", "Suparmi", "Lestari"]
LAST_NAMES = [
    "Santoso", "Wibowo", "Saputra", "Prasetyo", "Susilo", "Hidayat", "Nugroho", "Setiawan",
    "Kusuma", "Wijaya", "Pratama", "Hartono", "Suryanto", "Purwanto", "Firmansyah", "Maulana",
    "Ramadhan", "Utomo", "Riyadi", "Sulistyo", "Handoko", "Mulyono", "Haryanto", "Widodo",
]  # fmt: skip
BLOCKS = {"A": 12, "B": 12, "C": 10, "D": 8, "W": 4}  # block -> cells; W is the women's block
TAHANAN_REGISTERS = ["A.I", "A.II", "A.II", "A.III", "A.IV", "A.V"]
# Narapidana: register and its sentence range in days (Kepdirjen PAS-170.PK.01.01.02/2015).
NARAPIDANA_REGISTERS = [
    ("B.I", 400, 3650),  # more than 1 year
    ("B.I", 400, 2200),
    ("B.IIa", 100, 365),  # more than 3 months to 1 year
    ("B.IIb", 30, 90),  # up to 3 months
    ("B.III", 30, 180),  # kurungan / fine substitute
]
# Where "today" falls in the effective sentence for each class.
CLASS_FRACTIONS = {
    "awal": (0.05, 0.30),
    "lanjutan_pertama": (0.36, 0.47),
    "lanjutan_kedua": (0.53, 0.63),
    "akhir": (0.70, 0.95),
}
TAHANAN_COUNT = 45
NARAPIDANA_PER_CLASS = 24
INCOMPLETE_COUNT = 6  # narapidana without sentence data: "data belum lengkap"


def _sentence(days: int) -> tuple[int, int, int]:
    years, rest = divmod(days, 365)
    months, days = divmod(rest, 30)
    return years, months, days


def inmate_rows(today: date) -> list[dict]:
    """The demo register as Inmate field values, the same on every run of the same day."""
    rng = random.Random(2026)
    rows: list[dict] = []
    serial = {"A": 0, "B": 0}

    def person(women: bool = False) -> dict:
        first = rng.choice(WOMEN if women else MEN)
        block = "W" if women else rng.choice([b for b in BLOCKS if b != "W"])
        return {
            "name": f"{first} {rng.choice(LAST_NAMES)}",
            "block": block,
            "cell": str(rng.randint(1, BLOCKS[block])),
        }

    def number(letter: str, register: str, year: int) -> str:
        serial[letter] += 1
        return f"{register} {serial[letter]}/{year}"

    for n in range(TAHANAN_COUNT):
        detention = today - timedelta(days=rng.randint(3, 110))
        rows.append(
            {
                **person(women=n % 9 == 0),
                "registration_number": number("A", rng.choice(TAHANAN_REGISTERS), detention.year),
                "legal_status": "tahanan",
                "detention_date": detention,
            }
        )
    for low, high in CLASS_FRACTIONS.values():
        for n in range(NARAPIDANA_PER_CLASS):
            register, shortest, longest = rng.choice(NARAPIDANA_REGISTERS)
            years, months, days = _sentence(rng.randint(shortest, longest))
            remisi = rng.choice([0, 0, 15, 30, 60]) if years else 0
            # Place today at a fraction of the effective sentence that falls in `klass`.
            probe = date(2000, 1, 1)
            length = (
                add_calendar(probe, years=years, months=months, days=days) - probe
            ).days - remisi
            detention = today - timedelta(days=int(length * rng.uniform(low, high)))
            row = {
                **person(women=n % 8 == 0),
                "registration_number": number("B", register, detention.year),
                "legal_status": "narapidana",
                "detention_date": detention,
                "sentence_years": years,
                "sentence_months": months,
                "sentence_days": days,
                "remisi_days": remisi,
            }
            if n == 0:  # one per class with dates taken from SDP, recomputed here
                row["sdp_expiry"] = add_calendar(
                    detention, years=years, months=months, days=days
                ) - timedelta(days=remisi)
            rows.append(row)
    for n in range(INCOMPLETE_COUNT):
        rows.append(
            {
                **person(),
                "registration_number": number("B", "B.I", today.year),
                "legal_status": "narapidana",
                "detention_date": today - timedelta(days=rng.randint(10, 60)) if n % 2 else None,
            }
        )
    # A TPP decision, and statuses other than AKTIF.
    rows[TAHANAN_COUNT + 3].update(
        stage_override="lanjutan_kedua",
        override_decision_number="W15.PAS.PAS.12-PK.01.04-001",
        override_decision_date=today - timedelta(days=20),
    )
    for index, status in [(2, "BON"), (7, "SAKIT"), (60, "PINDAH"), (90, "BEBAS")]:
        rows[index]["status"] = status
    for index, row in enumerate(rows):
        row.setdefault("status", "AKTIF")
        row["device_pin"] = str(1001 + index) if row["status"] == "AKTIF" else None
    return rows


def load(**_kwargs) -> str:
    """Create or update the demo register; returns a one-line summary."""
    today = timezone.localdate()
    existing = {i.registration_number: i for i in Inmate.objects.all()}
    created = updated = 0
    for row in inmate_rows(today):
        inmate = existing.get(row["registration_number"])
        if inmate is None:
            inmate = Inmate()
        else:
            # Once made, the status is the app's (the demo's court trip below, an SDP import,
            # an edit): setting it back here would skip what a status change does.
            row = {f: v for f, v in row.items() if f != "status"}
        before = {f: getattr(inmate, f) for f in row} if inmate.pk else None
        for field, value in row.items():
            setattr(inmate, field, value)
        apply_stage_dates(inmate)
        if before is None:
            created += 1
        elif before != row:
            updated += 1
        else:
            continue
        inmate.full_clean()
        inmate._change_reason = "Data demo"
        inmate.save()
    return f"register WBP: {created} baru, {updated} diperbarui ({len(existing) + created} WBP)"


# =============================================================================================
# Programs, work plans, sessions, participants and results
#
# `load_all` is the app's demo_loader: the register above first, then `load_planning`:
# programs with approved plans whose sessions run from four weeks ago to two months ahead
# (past ones finished, with results; one cancelled), one Karawitan participant at court (BON)
# from today, a plan awaiting the Kepala UPT and one returned for revision. Everything goes
# through the services, except the past sessions, which are back-dated rows made from the
# approved revision's schedule (approval only ever schedules future sessions).
# =============================================================================================

from datetime import datetime, time  # noqa: E402

from simple_history.utils import bulk_create_with_history  # noqa: E402

from pembinaan import services  # noqa: E402
from pembinaan.models import (  # noqa: E402
    ArtForm,
    CancelReason,
    ParticipantResult,
    Partner,
    Program,
    RegistrationStatus,
    Session,
    SessionResult,
    SessionStatus,
    Venue,
    WorkPlan,
    predicate_for,
)
from pembinaan.services import SlotSpec  # noqa: E402
from rutan import roles  # noqa: E402
from rutan.models import User  # noqa: E402


def load_all(*, users: dict[str, User]) -> str:
    """The app's demo loader: the register, then the programs that use it."""
    return f"{load()}; {load_planning(users=users)}"


VENUES = [
    ("Aula Bimker", "Aula pembinaan kemandirian dan kepribadian"),
    ("Ruang Musik", "Gamelan, alat band dan pengeras suara"),
    ("Masjid At-Taubah", "Masjid di dalam Rutan"),
    ("Lapangan Tengah", "Untuk latihan reog dan tari kelompok"),
]
PARTNERS = [
    ("Ust. Ahmad Salim", "Pondok Pesantren Al-Falah Magetan", "081234500001"),
    ("Sri Wahyuni, S.Sn.", "Sanggar Tari Mustika Magetan", "081234500002"),
    ("Ki Suparno", "Paguyuban Reog Singo Lawu", "081234500003"),
]

SUMMARIES = [
    ("Latihan dasar dan pemanasan; pengenalan materi baru.", "Teknik dasar"),
    ("Pengulangan materi minggu lalu, latihan kelompok.", "Latihan bersama"),
    ("Latihan untuk penampilan peringatan hari besar.", "Persiapan penampilan"),
    ("Evaluasi kemampuan setiap peserta.", "Evaluasi"),
]


def _demo_inmates() -> list[Inmate]:
    """Active inmates of the demo register (loaded first by `load_all`)."""
    return list(Inmate.objects.active().order_by("name", "registration_number")[:60])


def _backfill_past_sessions(plan: WorkPlan, now: datetime) -> list[Session]:
    """Back-dated sessions of the approved revision, from its start until now."""
    revision = plan.approved_revision
    revision.plan = plan
    rows = [
        Session(
            program=plan.program,
            plan=plan,
            revision=revision,
            date=item.date,
            planned_start=item.start,
            planned_end=item.end,
            venue=plan.program.venue,
        )
        for item in services.revision_schedule(revision)
        if item.start <= now
    ]
    return bulk_create_with_history(rows, Session)


def _run_past_sessions(sessions: list[Session], petugas: User, now: datetime) -> None:
    """Finish the back-dated sessions with results; cancel one; leave today's for the user."""
    today = timezone.localdate(now)
    for number, session in enumerate(sessions):
        if session.date >= today:
            continue
        if number == 2:
            session.status = SessionStatus.CANCELLED
            session.cancel_reason = CancelReason.INSTRUCTOR_ABSENT
            session.cancel_note = "Instruktur sakit."
            session.cancelled_by = petugas
            session.cancelled_at = session.planned_start - timedelta(hours=3)
            session.save()
            continue
        minutes = 52 if number % 4 == 3 else 40 + number % 5
        session.status = SessionStatus.FINISHED
        session.actual_start = session.planned_start + timedelta(minutes=number % 3)
        session.actual_end = session.actual_start + timedelta(minutes=minutes)
        session.started_by = session.finished_by = petugas
        for name, value in services.time_flags(session).items():
            setattr(session, name, value)
        session.save()
        summary, material = SUMMARIES[number % len(SUMMARIES)]
        SessionResult.objects.create(
            session=session, summary=summary, material=material, recorded_by=petugas
        )
        rows = [
            {
                "inmate_id": a.inmate_id,
                "score": (score := 70 + (a.inmate_id + number) % 25),
                "predicate": predicate_for(score),  # the one scale: 86–100 A, 71–85 B
                "behaviour_note": "Aktif dan tertib." if (a.inmate_id + number) % 3 else "",
            }
            for a in session.participants()
        ]
        bulk_create_with_history(
            [ParticipantResult(session=session, updated_by=petugas, **row) for row in rows],
            ParticipantResult,
        )


def _send_to_court(program: Program, by: User, today: date) -> Inmate | None:
    """One participant is called to court (BON) from today, recorded as a status edit records
    it: through `apply_status_change`, which suspends all their allocations, so today's
    call-out lists leave them out and the attendance grid pre-marks them "Bon/sidang"."""
    allocation = (
        program.allocations.filter(end_date__isnull=True)
        .select_related("inmate")
        .order_by("inmate__name", "inmate__registration_number")[2:3]
        .first()
    )
    if allocation is None:
        return None
    inmate = allocation.inmate
    inmate.status = RegistrationStatus.BON
    inmate._change_reason = "Bon sidang di PN Magetan (data demo)"
    inmate.full_clean()
    inmate.save()
    services.apply_status_change(inmates=[inmate], status=RegistrationStatus.BON, by=by, on=today)
    return inmate


def load_planning(*, users: dict[str, User]) -> str:
    petugas = users[roles.PETUGAS_PEMBINAAN]
    petugas2 = User.objects.filter(username="petugas2").first() or petugas
    kepala = users[roles.KEPALA_UPT]
    if Program.objects.filter(name="Karawitan Laras Lawu").exists():
        return "program sudah ada (tidak diubah)"
    now = timezone.now()
    today = timezone.localdate(now)
    monday = today - timedelta(days=today.weekday())
    period_start, period_end = monday - timedelta(weeks=4), monday + timedelta(weeks=8, days=6)

    venues = {
        name: Venue.objects.get_or_create(name=name, defaults={"description": description})[0]
        for name, description in VENUES
    }
    partners = [
        Partner.objects.get_or_create(
            person_name=name, defaults={"organisation": org, "phone": phone}
        )[0]
        for name, org, phone in PARTNERS
    ]
    inmates = _demo_inmates()
    art = {a.code: a for a in ArtForm.objects.all()}
    everyone = ["tahanan", "awal", "lanjutan_pertama", "lanjutan_kedua", "akhir"]

    def program(name, code, venue, capacity, classes, instructor, minutes=45):
        kind, who = instructor
        return services.create_program(
            by=petugas,
            name=name,
            art_form=art[code],
            description=f"Program pembinaan kesenian {art[code].name.lower()} bagi WBP.",
            instructor_type=kind,
            instructor_user=who if kind == "petugas" else None,
            instructor_inmate=who if kind == "wbp" else None,
            instructor_partner=who if kind == "mitra" else None,
            venue=venues[venue],
            capacity=capacity,
            target_classes=classes,
            session_minutes=minutes,
        )

    karawitan = program(
        "Karawitan Laras Lawu", "karawitan", "Ruang Musik", 15, everyone, ("petugas", petugas)
    )
    hadroh = program(
        "Hadroh Al-Ikhlas", "hadroh", "Masjid At-Taubah", 20, everyone, ("mitra", partners[0])
    )
    tari = program(
        "Tari Tradisional",
        "tari",
        "Aula Bimker",
        12,
        ["awal", "lanjutan_pertama", "lanjutan_kedua"],
        ("mitra", partners[1]),
    )
    band = program(
        "Band Suara Harapan",
        "musik-band",
        "Ruang Musik",
        8,
        ["lanjutan_pertama", "lanjutan_kedua", "akhir"],
        ("wbp", next((i for i in inmates if i.legal_status == "narapidana"), inmates[0])),
        minutes=60,
    )
    reog = program(
        "Reog Singo Lawu", "reog", "Lapangan Tengah", 25, everyone, ("mitra", partners[2])
    )
    lukis = program("Seni Lukis", "seni-lukis", "Aula Bimker", 10, everyone, ("petugas", petugas2))

    weekday = today.weekday()
    approved = [
        (karawitan, [SlotSpec(weekday, time(9, 0)), SlotSpec((weekday + 3) % 7, time(9, 0))]),
        (hadroh, [SlotSpec((weekday + 1) % 7, time(13, 30)), SlotSpec(weekday, time(13, 30))]),
        (tari, [SlotSpec((weekday + 2) % 7, time(10, 0))]),
        (band, [SlotSpec((weekday + 4) % 7, time(14, 0), "dua_mingguan")]),
    ]
    for prog, slots in approved:
        plan = services.create_work_plan(
            program=prog,
            by=petugas,
            title=f"Rencana kerja {prog.name} triwulan ini",
            period_start=period_start,
            period_end=period_end,
            objectives=(
                "1. Peserta menguasai teknik dasar.\n2. Menumbuhkan disiplin dan kerja sama.\n"
                "3. Tampil pada peringatan hari besar di Rutan."
            ),
            slots=slots,
            skip_dates=[(monday + timedelta(weeks=3, days=4), "Kegiatan kunjungan Kanwil")],
        )
        services.submit_work_plan(plan=plan, by=petugas)
        plan = services.approve_work_plan(plan=plan, by=kepala, note="Disetujui, laksanakan.")
        # A mix of classes; the service refuses (and skips) whoever is not eligible.
        members = inmates[: prog.capacity + 6]
        services.allocate_inmates(
            program=prog, inmates=members, by=petugas, start_date=period_start
        )
        past = _backfill_past_sessions(plan, now)
        _run_past_sessions(sorted(past, key=lambda s: s.planned_start), petugas, now)

    _send_to_court(karawitan, petugas, today)

    pending = services.create_work_plan(
        program=reog,
        by=petugas,
        title="Rencana kerja Reog menyambut HUT Kabupaten Magetan",
        period_start=monday + timedelta(weeks=1),
        period_end=monday + timedelta(weeks=10),
        objectives="Latihan reog untuk penampilan di dalam Rutan pada HUT Kabupaten Magetan.",
        slots=[SlotSpec(5, time(8, 0))],
        notes="Perlu pengamanan tambahan karena di lapangan tengah.",
    )
    services.submit_work_plan(plan=pending, by=petugas)
    services.allocate_inmates(program=reog, inmates=inmates[:10], by=petugas)

    returned = services.create_work_plan(
        program=lukis,
        by=petugas2,
        title="Rencana kerja Seni Lukis",
        period_start=monday + timedelta(weeks=1),
        period_end=monday + timedelta(weeks=6),
        objectives="Melukis.",
        slots=[SlotSpec(2, time(13, 0))],
    )
    services.submit_work_plan(plan=returned, by=petugas2)
    services.return_work_plan(
        plan=returned,
        by=kepala,
        note="Tujuan terlalu umum: sebutkan hasil yang diharapkan dan bahan yang dibutuhkan.",
    )
    return (
        f"{Program.objects.count()} program, {WorkPlan.objects.count()} rencana kerja, "
        f"{Session.objects.count()} sesi"
    )
