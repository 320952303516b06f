"""The complaint desk's figures, its monthly recap and its register (Buku Register Pengaduan).

The figures of a month (`received_figures`, `monthly_flow`) are computed here and only here:
the recap, the desk's dashboard panel (views/panels.py) and the dashboard's complaint charts
(rutan/reports/complaints.py) all read them from this module.

One rule for who sees what: every figure, row and export starts from
`Complaint.objects.visible_to(user)` (the privacy rule of pengaduan/models/complaints.py), so a
pejabat's dashboard counts exactly the complaints of his own list, and an export never shows
more (or another identity) than its reader may see. Internal notes are never exported.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from pengaduan.clocks import reply_target_days
from pengaduan.models import (
    ACTOR_STATES,
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintQuerySet,
    ServiceCategory,
    Status,
)
from rutan.exports import Sheet
from rutan.months import Month

# --- The desk's figures (the recap, the desk's dashboard panel and the dashboard charts) -----


@dataclass
class ReceivedFigures:
    """Complaints received in a month by channel and by state (every channel and every state,
    zeros included, in the order of their choices)."""

    month: Month
    by_channel: list[tuple[str, int]]
    by_status: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_channel)


def visible_complaints(user) -> ComplaintQuerySet:
    """The complaints `user` may see: the start of every figure of this module."""
    return Complaint.objects.visible_to(user)


def received_figures(month: Month, *, user) -> ReceivedFigures:
    """Complaints `user` may see received in `month` (local time) by channel and by state (one
    query)."""
    cells = (
        visible_complaints(user)
        .filter(received_at__gte=month.start, received_at__lt=month.end)
        .values_list("channel", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_channel: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for channel, status, n in cells:
        by_channel[channel] = by_channel.get(channel, 0) + n
        by_status[status] = by_status.get(status, 0) + n
    return ReceivedFigures(
        month=month,
        by_channel=[(label, by_channel.get(value, 0)) for value, label in Channel.choices],
        by_status=[(label, by_status.get(value, 0)) for value, label in Status.choices],
    )


@dataclass
class MonthFlow:
    month: Month
    received: int
    closed: int


def monthly_flow(months: list[Month], *, user) -> list[MonthFlow]:
    """Complaints `user` may see received and closed in each of `months` (consecutive, oldest
    first; one query)."""
    received = {
        f"r{i}": Count("id", filter=Q(received_at__gte=m.start, received_at__lt=m.end))
        for i, m in enumerate(months)
    }
    closed = {
        f"c{i}": Count("id", filter=Q(closed_at__gte=m.start, closed_at__lt=m.end))
        for i, m in enumerate(months)
    }
    start, end = months[0].start, months[-1].end
    counts = (
        visible_complaints(user)
        .filter(
            Q(received_at__gte=start, received_at__lt=end)
            | Q(closed_at__gte=start, closed_at__lt=end)
        )
        .aggregate(**received, **closed)
    )
    return [MonthFlow(m, counts[f"r{i}"], counts[f"c{i}"]) for i, m in enumerate(months)]


# --- The monthly recap -----------------------------------------------------------------------

# The states that close a complaint without a reply; the recap counts each in its own row.
CLOSED_WITHOUT_REPLY = (Status.DITOLAK, Status.DIRUJUK, Status.DIGABUNG, Status.DICABUT)


@dataclass
class StepCompliance:
    status: str
    label: str
    total: int = 0
    on_time: int = 0

    @property
    def late(self) -> int:
        return self.total - self.on_time

    @property
    def percent(self) -> int | None:
        return round(100 * self.on_time / self.total) if self.total else None


@dataclass
class Recap:
    month: Month
    received: int
    by_channel: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    by_service: list[tuple[str, int]]
    steps: list[StepCompliance]
    reply_target_days: int
    answered_on_time: int = 0
    answered_late: int = 0
    # Closed without a reply, each in its own row (the list filtered by that status shows
    # the same complaints); `unanswered` is only what is still open.
    rejected: int = 0
    referred: int = 0
    merged: int = 0
    withdrawn: int = 0
    unanswered: int = 0
    overdue_now: int = 0
    totals: StepCompliance = field(default_factory=lambda: StepCompliance("", "Semua tahap"))

    @property
    def label(self) -> str:
        return self.month.label

    @property
    def reply_rows(self) -> list[tuple[str, int]]:
        """The complaints received in the month, each in exactly one row (they add up to
        `received`)."""
        return [
            ("Dijawab tepat waktu", self.answered_on_time),
            ("Dijawab terlambat", self.answered_late),
            ("Ditolak", self.rejected),
            ("Dirujuk ke instansi lain", self.referred),
            ("Digabung (duplikat)", self.merged),
            ("Dicabut", self.withdrawn),
            ("Belum dijawab (masih diproses)", self.unanswered),
        ]


def monthly_recap(month: Month, *, user) -> Recap:
    """Figures for the complaints `user` may see received in `month` and for the steps taken
    on them in it."""
    start, end = month.start, month.end
    visible = visible_complaints(user)
    received = visible.filter(received_at__gte=start, received_at__lt=end)
    figures = received_figures(month, user=user)
    service_counts = dict(received.values_list("service").annotate(n=Count("id")).order_by())
    services = ServiceCategory.objects.filter(
        Q(active=True) | Q(pk__in=list(service_counts))
    ).order_by("order", "name")

    steps = {s: StepCompliance(s, Status(s).label) for s in Status if s in ACTOR_STATES}
    events = (
        ComplaintEvent.objects.filter(
            created_at__gte=start, created_at__lt=end, complaint__in=visible
        )
        .exclude(on_time=None)
        .values_list("from_status", "on_time")
        .annotate(n=Count("id"))
        .order_by()
    )
    totals = StepCompliance("", "Semua tahap")
    for from_status, on_time, n in events:
        step = steps.get(from_status)
        if step is None:
            continue
        step.total += n
        totals.total += n
        if on_time:
            step.on_time += n
            totals.on_time += n

    target = reply_target_days()
    recap = Recap(
        month=month,
        received=figures.total,
        by_channel=figures.by_channel,
        by_status=figures.by_status,
        by_service=[(s.name, service_counts.get(s.pk, 0)) for s in services],
        steps=list(steps.values()),
        reply_target_days=target,
        totals=totals,
    )
    # Judged on staff time only: the working days the reply clock ran (pengaduan/clocks.py),
    # never the time the complaint waited for the complainant (PERLU_KELENGKAPAN). A complaint
    # closed as rejected, referred, merged or withdrawn counts in that row (as in the list
    # filtered by its status), never as answered or "belum dijawab".
    closed = Q(status__in=CLOSED_WITHOUT_REPLY)
    answered = Q(answered_at__isnull=False) & ~closed
    answers = received.aggregate(
        on_time=Count("id", filter=answered & Q(reply_days_used__lte=target)),
        late=Count("id", filter=answered & Q(reply_days_used__gt=target)),
        rejected=Count("id", filter=Q(status=Status.DITOLAK)),
        referred=Count("id", filter=Q(status=Status.DIRUJUK)),
        merged=Count("id", filter=Q(status=Status.DIGABUNG)),
        withdrawn=Count("id", filter=Q(status=Status.DICABUT)),
        unanswered=Count("id", filter=Q(answered_at__isnull=True) & ~closed),
    )
    recap.answered_on_time = answers["on_time"]
    recap.answered_late = answers["late"]
    recap.rejected = answers["rejected"]
    recap.referred = answers["referred"]
    recap.merged = answers["merged"]
    recap.withdrawn = answers["withdrawn"]
    recap.unanswered = answers["unanswered"]
    recap.overdue_now = visible.overdue(timezone.localdate()).count()
    return recap


def register_rows(user, month: Month):
    """The register of a month: complaints registered in it, in the order of their numbers,
    as `user` may see them."""
    return (
        visible_complaints(user)
        .filter(created_at__gte=month.start, created_at__lt=month.end)
        .select_related("service", "assigned_to", "merged_into")
        .order_by("created_at", "id")
    )


# --- Spreadsheets (through the project's XLSX helper, rutan.exports) ----------------------


def register_header() -> list[str]:
    return [
        "No.",
        "Nomor pengaduan",
        "Tanggal diterima",
        "Kanal",
        "Pelapor",
        "Layanan",
        "Ringkasan pengaduan",
        "Status",
        "Pejabat terkait",
        "Tanggal dijawab",
        "Keterangan",
    ]


def register_row(index: int, complaint: Complaint) -> list:
    return [
        index,
        complaint.number,
        complaint.received_at,
        complaint.channel_label,
        complaint.reporter_display,
        complaint.service.name,
        complaint.description[:300],
        complaint.get_status_display(),
        str(complaint.assigned_to) if complaint.assigned_to else "",
        complaint.answered_at,
        complaint.outcome_summary,
    ]


def register_sheet(user, month: Month, *, title: str = "Register", progress=None) -> Sheet:
    """The register of a month as a sheet; its rows are read as the sheet is written (in
    chunks), reported to a job's ``progress`` when given."""
    complaints = register_rows(user, month).iterator(chunk_size=2000)
    if progress is not None:
        total = register_rows(user, month).count()
        complaints = progress.over(complaints, total=total, stage="Menulis baris register")
    return Sheet(
        title=title,
        heading=["BUKU REGISTER PENGADUAN", f"Bulan {month.label}"],
        columns=register_header(),
        rows=(register_row(i, c) for i, c in enumerate(complaints, start=1)),
        widths=[5, 16, 16, 16, 20, 22, 60, 18, 20, 14, 40],
    )


def recap_sheets(user, month: Month, *, progress=None) -> list[Sheet]:
    recap = monthly_recap(month, user=user)
    heading = [f"REKAP PENGADUAN {recap.label.upper()}", f"Pengaduan diterima: {recap.received}"]
    steps = [
        [step.label, step.total, step.on_time, step.late, step.percent]
        for step in [*recap.steps, recap.totals]
    ]
    return [
        Sheet(title="Kanal", heading=heading, columns=["Kanal", "Jumlah"],
              rows=recap.by_channel, widths=[40, 10]),
        Sheet(title="Status", heading=heading, columns=["Status", "Jumlah"],
              rows=recap.by_status, widths=[40, 10]),
        Sheet(title="Layanan", heading=heading, columns=["Layanan", "Jumlah"],
              rows=recap.by_service, widths=[40, 10]),
        Sheet(
            title="Kepatuhan waktu",
            heading=[*heading, "Langkah yang diselesaikan pada bulan ini"],
            columns=["Tahap", "Jumlah", "Tepat waktu", "Terlambat", "% tepat waktu"],
            rows=steps,
            widths=[40, 10, 12, 12, 14],
        ),
        Sheet(
            title="Waktu jawaban",
            heading=[
                *heading,
                f"Target jawaban {recap.reply_target_days} hari kerja waktu petugas; "
                "waktu menunggu kelengkapan dari pelapor tidak dihitung",
            ],
            columns=["Pengaduan diterima bulan ini", "Jumlah"],
            rows=recap.reply_rows,
            totals=["Jumlah", recap.received],
            widths=[40, 10],
            footer=[f"Terlambat saat ini (semua bulan): {recap.overdue_now}."],
        ),
        register_sheet(user, month, title="Daftar pengaduan", progress=progress),
    ]  # fmt: skip
